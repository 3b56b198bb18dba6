/**
 * Compares tables and their columns. A table is renamed when exactly one dropped and one added
 * table have the same columns; a column is renamed when exactly one dropped and one added column of
 * the same table have the same definition at the same place (after the same surviving column).
 * Sub-objects of added or dropped tables are not separate changes.
 */
import { type ChangeList, matchRenames, missingFrom } from './change-list.js';
import type { ColumnModel, SchemaModel, TableModel } from './model.js';
import { type Assessment, columnAddedRisk, persistenceRisk, safe, setNotNullRisk, locking } from './risk.js';
import { assessTypeChange } from './type-change.js';

/** What the table pass learnt, for comparing the objects that hang off tables. */
export interface TableMatches {
  /** Before path -> after path, for every table on both sides (same path or renamed). */
  afterPath: Map<string, string>;
  /** Only the renamed tables: before path -> after path. */
  renamedTables: Map<string, string>;
  droppedTables: Set<string>;
  addedTables: Set<string>;
  /** After table path -> (old column name -> new name). */
  columnRenames: Map<string, Map<string, string>>;
  /** Before table path -> names of its dropped columns. */
  droppedColumns: Map<string, Set<string>>;
  /** After table path -> names of its added columns. */
  addedColumns: Map<string, Set<string>>;
}

export function diffTables(before: SchemaModel, after: SchemaModel, list: ChangeList): TableMatches {
  const matches: TableMatches = {
    afterPath: new Map(),
    renamedTables: new Map(),
    droppedTables: new Set(),
    addedTables: new Set(),
    columnRenames: new Map(),
    droppedColumns: new Map(),
    addedColumns: new Map(),
  };
  const dropped = missingFrom(before.tables, after.tables);
  const added = missingFrom(after.tables, before.tables);
  const renames = matchRenames(
    dropped.filter((t) => t.columns.size > 0),
    added.filter((t) => t.columns.size > 0),
    tableShapeKey,
    tableShapeKey,
  );
  const renamedOld = new Set(renames.map(([old]) => old.path));
  const renamedNew = new Set(renames.map(([, now]) => now.path));

  for (const table of dropped) {
    if (renamedOld.has(table.path)) continue;
    matches.droppedTables.add(table.path);
    list.dropped('table', table.path, `DROP TABLE ${table.path} (${table.columns.size} columns)`);
  }
  for (const table of added) {
    if (renamedNew.has(table.path)) continue;
    matches.addedTables.add(table.path);
    const unlogged = table.persistence === 'unlogged' ? 'UNLOGGED ' : '';
    list.added('table', table.path, `CREATE ${unlogged}TABLE ${table.path} (${table.columns.size} columns)`);
  }
  for (const [old, now] of renames) {
    matches.renamedTables.set(old.path, now.path);
    matches.afterPath.set(old.path, now.path);
    list.renamed('table', now.path, old.path, `${old.path} renamed to ${now.path}`);
    diffTable(old, now, list, matches);
  }
  for (const [path, table] of before.tables) {
    const other = after.tables.get(path);
    if (!other) continue;
    matches.afterPath.set(path, path);
    diffTable(table, other, list, matches);
  }
  return matches;
}

/** A table's definition without its name: columns in order, persistence, properties. */
function tableShapeKey(table: TableModel): string {
  const columns = [...table.columns.values()].map((c) => `${c.name} ${columnKey(c)}`);
  return `${table.persistence}|${[...table.properties].join(',')}|${columns.join(',')}`;
}

function columnKey(c: ColumnModel): string {
  return [c.type.key, c.notNull, c.defaultKey, c.identity, c.generatedKey, c.collation].join('|');
}

function diffTable(old: TableModel, now: TableModel, list: ChangeList, matches: TableMatches): void {
  const parts: Array<{ assessment: Assessment; detail: string }> = [];
  if (old.persistence !== now.persistence) {
    parts.push({ assessment: persistenceRisk(now.persistence), detail: `${old.persistence} -> ${now.persistence}` });
  }
  const propertyNames = new Set([...old.properties.keys(), ...now.properties.keys()]);
  for (const name of propertyNames) {
    if (old.properties.get(name) !== now.properties.get(name)) {
      parts.push({ assessment: safe('table property only'), detail: `${name} changed` });
    }
  }
  list.altered('table', now.path, parts);
  diffColumns(old, now, list, matches);
}

function diffColumns(old: TableModel, now: TableModel, list: ChangeList, matches: TableMatches): void {
  const dropped = missingFrom(old.columns, now.columns);
  const added = missingFrom(now.columns, old.columns);
  const anchorsOld = anchors(old, now);
  const anchorsNew = anchors(now, old);
  const renames = matchRenames(
    dropped,
    added,
    (c) => `${anchorsOld.get(c.name)}|${columnKey(c)}`,
    (c) => `${anchorsNew.get(c.name)}|${columnKey(c)}`,
  );
  const renamedOld = new Set(renames.map(([c]) => c.name));
  const renamedNew = new Set(renames.map(([, c]) => c.name));

  const droppedNames = new Set<string>();
  for (const column of dropped) {
    if (renamedOld.has(column.name)) continue;
    droppedNames.add(column.name);
    list.dropped('column', `${now.path}.${column.name}`, `DROP COLUMN ${column.name} (${column.type.display})`);
  }
  const addedNames = new Set<string>();
  for (const column of added) {
    if (renamedNew.has(column.name)) continue;
    addedNames.add(column.name);
    list.added('column', `${now.path}.${column.name}`, `ADD COLUMN ${column.text}`, columnAddedRisk(column));
  }
  if (renames.length > 0) {
    matches.columnRenames.set(now.path, new Map(renames.map(([a, b]) => [a.name, b.name])));
    for (const [a, b] of renames) {
      list.renamed('column', `${now.path}.${b.name}`, `${now.path}.${a.name}`, `RENAME COLUMN ${a.name} TO ${b.name}`);
    }
  }
  if (droppedNames.size > 0) matches.droppedColumns.set(old.path, droppedNames);
  if (addedNames.size > 0) matches.addedColumns.set(now.path, addedNames);

  for (const [name, column] of old.columns) {
    const other = now.columns.get(name);
    if (other) list.altered('column', `${now.path}.${name}`, columnDifferences(column, other));
  }
}

/**
 * Where each column of `table` sits relative to the columns `other` also has: the nearest earlier
 * shared column ('^' for none) and how many unshared columns come between. A renamed column keeps
 * its place; a dropped-and-added one moves to the end.
 */
function anchors(table: TableModel, other: TableModel): Map<string, string> {
  const out = new Map<string, string>();
  let last = '^';
  let offset = 0;
  for (const column of table.columns.values()) {
    if (other.columns.has(column.name)) {
      last = column.name;
      offset = 0;
    } else {
      out.set(column.name, `${last}+${offset}`);
      offset++;
    }
  }
  return out;
}

export function columnDifferences(old: ColumnModel, now: ColumnModel): Array<{ assessment: Assessment; detail: string }> {
  const parts: Array<{ assessment: Assessment; detail: string }> = [];
  if (old.type.key !== now.type.key) {
    parts.push({ assessment: assessTypeChange(old.type, now.type), detail: `type ${old.type.display} -> ${now.type.display}` });
  }
  if (!old.notNull && now.notNull) parts.push({ assessment: setNotNullRisk(), detail: 'SET NOT NULL' });
  if (old.notNull && !now.notNull) parts.push({ assessment: safe('DROP NOT NULL relaxes a rule'), detail: 'DROP NOT NULL' });
  if (old.defaultKey !== now.defaultKey) {
    const detail = now.defaultText === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${now.defaultText}`;
    parts.push({ assessment: safe('a new default applies to new rows only'), detail });
  }
  if (old.identity !== now.identity) {
    const detail = now.identity ? `ADD GENERATED ${now.identity.toUpperCase()} AS IDENTITY` : 'DROP IDENTITY';
    parts.push({ assessment: safe('identity changes apply to new rows only'), detail });
  }
  if (old.generatedKey !== now.generatedKey) {
    parts.push({
      assessment: locking('generation expression changed: rewrites the table'),
      detail: now.generatedText ?? 'DROP EXPRESSION',
    });
  }
  if (old.collation !== now.collation) {
    parts.push({
      assessment: locking('collation changed: rewrites indexes on the column'),
      detail: `COLLATE ${now.collation ?? 'default'}`,
    });
  }
  if (old.optionsKey !== now.optionsKey) {
    const detail = now.optionsText ?? `options reset (were ${old.optionsText ?? 'set'})`;
    parts.push({ assessment: safe('planner statistics or storage option only'), detail });
  }
  return parts;
}
