/**
 * Compares tables and their columns. Renamed tables are found from the evidence a rename leaves
 * (table-renames.ts), renamed columns from their place and definition (column-renames.ts); both
 * compare definitions modulo renamed types. A renamed table or column that also changed is
 * reported as the rename plus the change. Sub-objects of added or dropped tables are not separate
 * changes.
 */
import { type ChangeList, missingFrom } from './change-list.js';
import { matchColumnRenames } from './column-renames.js';
import type { ColumnModel, SchemaModel, TableModel } from './model.js';
import { type Assessment, columnAddedRisk, locking, persistenceRisk, safe, setNotNullRisk } from './risk.js';
import { matchTableRenames } from './table-renames.js';
import { assessTypeChange } from './type-change.js';
import { TypeRenames } from './type-renames.js';

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
  /** Renamed types and moved sequences, for reading before-side definitions with the new names. */
  types: TypeRenames;
  /** Sequences owned by a renamed table whose path changed with it: old path -> new path. */
  sequenceMoves: Map<string, string>;
}

export function diffTables(
  before: SchemaModel,
  after: SchemaModel,
  list: ChangeList,
  types: TypeRenames = new TypeRenames(),
): TableMatches {
  const matches: TableMatches = {
    afterPath: new Map(),
    renamedTables: new Map(),
    droppedTables: new Set(),
    addedTables: new Set(),
    columnRenames: new Map(),
    droppedColumns: new Map(),
    addedColumns: new Map(),
    types,
    sequenceMoves: new Map(),
  };
  const dropped = missingFrom(before.tables, after.tables);
  const added = missingFrom(after.tables, before.tables);
  const renames = matchTableRenames(before, after, dropped, added, types);
  const renamedOld = new Set(renames.map((r) => r.old.path));
  const renamedNew = new Set(renames.map((r) => r.now.path));

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
  matches.sequenceMoves = sequencesFollowing(before, after, renames);
  matches.types = types.withSequences(matches.sequenceMoves);
  for (const { old, now, evidence } of renames) {
    matches.renamedTables.set(old.path, now.path);
    matches.afterPath.set(old.path, now.path);
    list.renamed('table', now.path, old.path, `${old.path} renamed to ${now.path}`, evidence);
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

/**
 * Owned sequences of renamed tables that are gone under their old path while the new table owns
 * one that is new: moved with the table (`SET SCHEMA`) when the name is the same, renamed with it
 * otherwise when each table owns exactly one such sequence.
 */
function sequencesFollowing(
  before: SchemaModel,
  after: SchemaModel,
  renames: ReadonlyArray<{ old: TableModel; now: TableModel }>,
): Map<string, string> {
  const out = new Map<string, string>();
  if (renames.length === 0) return out;
  const owned = (model: SchemaModel, other: SchemaModel) => {
    const byTable = new Map<string, string[]>();
    for (const s of model.sequences.values()) {
      if (!s.ownedBy || other.sequences.has(s.path)) continue;
      const table = s.ownedBy.slice(0, s.ownedBy.lastIndexOf('.'));
      byTable.set(table, [...(byTable.get(table) ?? []), s.path]);
    }
    return byTable;
  };
  const gone = owned(before, after);
  const fresh = owned(after, before);
  const bare = (path: string) => path.slice(path.lastIndexOf('.') + 1);
  for (const { old, now } of renames) {
    const olds = gone.get(old.path) ?? [];
    const news = fresh.get(now.path) ?? [];
    for (const path of olds) {
      const same = news.find((n) => bare(n) === bare(path));
      if (same) out.set(path, same);
    }
    if (olds.length === 1 && news.length === 1 && !out.has(olds[0])) out.set(olds[0], news[0]);
  }
  return out;
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
  const renames = dropped.length > 0 && added.length > 0 ? matchColumnRenames(old, now, dropped, added, matches.types) : [];
  const renamedOld = new Set(renames.map((r) => r.old.name));
  const renamedNew = new Set(renames.map((r) => r.now.name));

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
    matches.columnRenames.set(now.path, new Map(renames.map((r) => [r.old.name, r.now.name])));
    for (const { old: a, now: b, evidence } of renames) {
      const path = `${now.path}.${b.name}`;
      list.renamed('column', path, `${old.path}.${a.name}`, `RENAME COLUMN ${a.name} TO ${b.name}`, evidence);
      list.altered('column', path, columnDifferences(a, b, matches.types));
    }
  }
  if (droppedNames.size > 0) matches.droppedColumns.set(old.path, droppedNames);
  if (addedNames.size > 0) matches.addedColumns.set(now.path, addedNames);

  for (const [name, column] of old.columns) {
    const other = now.columns.get(name);
    if (other) list.altered('column', `${now.path}.${name}`, columnDifferences(column, other, matches.types));
  }
}

/** What differs between two columns; `types` reads the old one with the new type names. */
export function columnDifferences(
  old: ColumnModel,
  now: ColumnModel,
  types: TypeRenames = new TypeRenames(),
): Array<{ assessment: Assessment; detail: string }> {
  const parts: Array<{ assessment: Assessment; detail: string }> = [];
  if (types.typeKey(old.type) !== now.type.key) {
    parts.push({ assessment: assessTypeChange(old.type, now.type), detail: `type ${old.type.display} -> ${now.type.display}` });
  }
  if (!old.notNull && now.notNull) parts.push({ assessment: setNotNullRisk(), detail: 'SET NOT NULL' });
  if (old.notNull && !now.notNull) parts.push({ assessment: safe('DROP NOT NULL relaxes a rule'), detail: 'DROP NOT NULL' });
  if (types.rewrite(old.defaultKey) !== now.defaultKey) {
    const detail = now.defaultText === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${now.defaultText}`;
    parts.push({ assessment: safe('a new default applies to new rows only'), detail });
  }
  if (old.identity !== now.identity) {
    const detail = now.identity ? `ADD GENERATED ${now.identity.toUpperCase()} AS IDENTITY` : 'DROP IDENTITY';
    parts.push({ assessment: safe('identity changes apply to new rows only'), detail });
  }
  if (types.rewrite(old.generatedKey) !== now.generatedKey) {
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
