/**
 * Compares tables and their columns. Renamed tables are found from the evidence a rename leaves
 * (table-renames.ts), renamed columns from their place and definition (column-renames.ts); both
 * compare definitions modulo renamed types. A renamed table or column that also changed is
 * reported as the rename plus the change. Sub-objects of added or dropped tables are not separate
 * changes.
 */
import { type ChangeList, missingFrom, type RenameEvidence } from './change-list.js';
import { columnKey } from './definition-keys.js';
import { type IdentitySource, pairRenames, pairRenamesByPath } from './identity.js';
import { ForeignKeyTargets } from './foreign-keys.js';
import { matchColumnRenames } from './column-renames.js';
import type { ColumnModel, SchemaModel, TableModel } from './model.js';
import { type Assessment, columnAddedRisk, locking, persistenceRisk, safe, setNotNullRisk } from './risk.js';
import { matchTableRenames } from './table-renames.js';
import { assessTypeChange } from './type-change.js';
import { TypeRenames } from './type-renames.js';

const NO_RENAMES = new TypeRenames();

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
  /** Which table each column's foreign key points at, on both sides. */
  fks: ForeignKeyTargets;
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
    fks: new ForeignKeyTargets(before, after),
  };
  const replaced = list.identity.of('table').replaced;
  // a path on both sides that the catalogs or a statement say is another table now: a drop plus an add
  const dropped = [
    ...missingFrom(before.tables, after.tables),
    ...[...replaced.keys()].flatMap((p) => (after.tables.has(p) ? [before.tables.get(p)!].filter(Boolean) : [])),
  ];
  const added = [
    ...missingFrom(after.tables, before.tables),
    ...[...replaced.keys()].flatMap((p) => (before.tables.has(p) ? [after.tables.get(p)!].filter(Boolean) : [])),
  ];
  const inferred = new Map<TableModel, RenameEvidence>();
  const paired = pairRenamesByPath('table', list.identity, dropped, added, (olds, news) =>
    matchTableRenames(before, after, olds, news, types).map((r) => {
      inferred.set(r.old, r.evidence);
      return [r.old, r.now];
    }),
  );
  const renames = paired.pairs.map(([old, now, source]) => ({ old, now, source, evidence: inferred.get(old) }));
  const renamedOld = new Set(renames.map((r) => r.old.path));
  const renamedNew = new Set(renames.map((r) => r.now.path));

  for (const table of dropped) {
    if (renamedOld.has(table.path)) continue;
    matches.droppedTables.add(table.path);
    list.dropped(
      'table',
      table.path,
      `DROP TABLE ${table.path} (${table.columns.size} columns)`,
      paired.droppedSource.get(table),
    );
  }
  for (const table of added) {
    if (renamedNew.has(table.path)) continue;
    matches.addedTables.add(table.path);
    const unlogged = table.persistence === 'unlogged' ? 'UNLOGGED ' : '';
    list.added(
      'table',
      table.path,
      `CREATE ${unlogged}TABLE ${table.path} (${table.columns.size} columns)`,
      undefined,
      paired.addedSource.get(table),
    );
  }
  matches.sequenceMoves = sequencesFollowing(before, after, renames);
  matches.types = types.withSequences(matches.sequenceMoves);
  for (const { old, now } of renames) {
    matches.renamedTables.set(old.path, now.path);
    matches.fks.renamedTables.set(old.path, now.path);
    matches.afterPath.set(old.path, now.path);
  }
  for (const { old, now, evidence, source } of renames) {
    list.renamed('table', now.path, old.path, `${old.path} renamed to ${now.path}`, evidence, source);
    diffTable(old, now, list, matches);
  }
  for (const [path, table] of before.tables) {
    const other = after.tables.get(path);
    if (!other || replaced.has(path)) continue;
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
  const facts = list.identity.of('column');
  const oldPath = (c: ColumnModel) => `${old.path}.${c.name}`;
  const newPath = (c: ColumnModel) => `${now.path}.${c.name}`;
  // Same name, another column: dropped and added again, or renamed away while a new column took the name.
  const takenOver = new Map<string, IdentitySource>();
  for (const [name, column] of old.columns) {
    const other = now.columns.get(name);
    if (!other) continue;
    const r = facts.renames.get(oldPath(column));
    const source =
      facts.replaced.get(oldPath(column)) ??
      facts.replaced.get(newPath(other)) ??
      (r && r.to !== newPath(other) ? r.source : undefined);
    if (source) takenOver.set(name, source);
  }
  const inferredTakeovers = facts.complete ? [] : nameTakeovers(old, now, takenOver, matches.types, matches.fks);
  for (const t of inferredTakeovers) takenOver.set(t.old.name, 'inferred');
  const dropped = [...missingFrom(old.columns, now.columns), ...[...takenOver.keys()].map((n) => old.columns.get(n)!)];
  const added = [...missingFrom(now.columns, old.columns), ...[...takenOver.keys()].map((n) => now.columns.get(n)!)];
  const evidence = new Map<ColumnModel, RenameEvidence>();
  const paired = pairRenames('column', list.identity, dropped, added, oldPath, newPath, (olds, news) => {
    const out: Array<[ColumnModel, ColumnModel]> = [];
    const usedOld = new Set<ColumnModel>();
    const usedNew = new Set<ColumnModel>();
    for (const t of inferredTakeovers) {
      const b = news.find((c) => c.name === t.now.name);
      if (!olds.includes(t.old) || !b) continue;
      evidence.set(t.old, t.evidence);
      out.push([t.old, b]);
      usedOld.add(t.old);
      usedNew.add(b);
    }
    const restOld = olds.filter((c) => !usedOld.has(c) && !takenOver.has(c.name));
    const restNew = news.filter((c) => !usedNew.has(c) && !takenOver.has(c.name));
    if (restOld.length === 0 || restNew.length === 0) return out;
    for (const r of matchColumnRenames(old, now, restOld, restNew, matches.types, matches.fks)) {
      evidence.set(r.old, r.evidence);
      out.push([r.old, r.now]);
    }
    return out;
  });
  const renames = paired.pairs.map(([a, b, source]) => ({ old: a, now: b, source, evidence: evidence.get(a) }));
  const renamedOld = new Set(renames.map((r) => r.old));
  const renamedNew = new Set(renames.map((r) => r.now));

  const droppedNames = new Set<string>();
  for (const column of dropped) {
    if (renamedOld.has(column)) continue;
    droppedNames.add(column.name);
    list.dropped(
      'column',
      `${now.path}.${column.name}`,
      `DROP COLUMN ${column.name} (${column.type.display})`,
      paired.droppedSource.get(column) ?? takenOver.get(column.name),
    );
  }
  const addedNames = new Set<string>();
  for (const column of added) {
    if (renamedNew.has(column)) continue;
    addedNames.add(column.name);
    list.added(
      'column',
      `${now.path}.${column.name}`,
      `ADD COLUMN ${column.text}`,
      columnAddedRisk(column),
      paired.addedSource.get(column) ?? takenOver.get(column.name),
    );
  }
  if (renames.length > 0) {
    matches.columnRenames.set(now.path, new Map(renames.map((r) => [r.old.name, r.now.name])));
    for (const { old: a, now: b, evidence: why, source } of renames) {
      const path = `${now.path}.${b.name}`;
      list.renamed('column', path, `${old.path}.${a.name}`, `RENAME COLUMN ${a.name} TO ${b.name}`, why, source);
      list.altered('column', path, columnDifferences(a, b, matches.types), source === 'inferred' ? undefined : source);
    }
  }
  if (droppedNames.size > 0) matches.droppedColumns.set(old.path, droppedNames);
  if (addedNames.size > 0) matches.addedColumns.set(now.path, addedNames);

  for (const [name, column] of old.columns) {
    const other = now.columns.get(name);
    if (other && !takenOver.has(name))
      list.altered('column', `${now.path}.${name}`, columnDifferences(column, other, matches.types));
  }
}

/**
 * A column renamed away while a new one takes its name (`role` renamed `deprecated_role`, a new
 * `role` of another type added): the same name on both sides with another type, and an added column
 * with exactly the old definition standing where the old one stood (after the same column).
 */
function nameTakeovers(
  old: TableModel,
  now: TableModel,
  known: ReadonlyMap<string, IdentitySource>,
  types: TypeRenames,
  fks: ForeignKeyTargets,
): Array<{ old: ColumnModel; now: ColumnModel; evidence: RenameEvidence }> {
  const added = missingFrom(now.columns, old.columns);
  if (added.length === 0) return [];
  const out: Array<{ old: ColumnModel; now: ColumnModel; evidence: RenameEvidence }> = [];
  const used = new Set<ColumnModel>();
  for (const [name, was] of old.columns) {
    const is = now.columns.get(name);
    if (!is || known.has(name) || types.typeKey(was.type) === is.type.key || !appended(now, is, old)) continue;
    const key = columnKey(was, types);
    const previous = previousShared(old, was.name, now);
    const fit = added.filter(
      (c) =>
        !used.has(c) &&
        c.position < is.position &&
        columnKey(c, NO_RENAMES) === key &&
        previousShared(now, c.name, old, name) === previous &&
        fks.sameTarget(old.path, was.name, now.path, c.name),
    );
    if (fit.length !== 1) continue;
    used.add(fit[0]);
    out.push({
      old: was,
      now: fit[0],
      evidence: {
        confidence: 0.85,
        evidence: `${fit[0].name} has ${name}'s old definition in its old place, and the new ${name} has another type`,
      },
    });
  }
  return out;
}

/** `column` stands among the columns `other` lacks at the end of `table`: where ADD COLUMN puts a new one. */
function appended(table: TableModel, column: ColumnModel, other: TableModel): boolean {
  for (const c of table.columns.values()) if (c.position > column.position && other.columns.has(c.name)) return false;
  return true;
}

/** The nearest earlier column of `table` (before `name`) that `other` has too, skipping `skip`; '^' when none. */
function previousShared(table: TableModel, name: string, other: TableModel, skip?: string): string {
  let previous = '^';
  for (const column of table.columns.values()) {
    if (column.name === name) return previous;
    if (column.name !== skip && other.columns.has(column.name) && column.name !== name) previous = column.name;
  }
  return previous;
}

/** What differs between two columns; `types` reads the old one with the new type names. */
export function columnDifferences(
  old: ColumnModel,
  now: ColumnModel,
  types: TypeRenames = new TypeRenames(),
): Array<{ assessment: Assessment; detail: string }> {
  const parts: Array<{ assessment: Assessment; detail: string }> = [];
  if (types.typeKey(old.type) !== now.type.key) {
    parts.push({
      assessment: assessTypeChange(old.type, now.type),
      detail: `type ${old.type.display} -> ${now.type.display}`,
    });
  }
  if (!old.notNull && now.notNull) parts.push({ assessment: setNotNullRisk(), detail: 'SET NOT NULL' });
  if (old.notNull && !now.notNull)
    parts.push({ assessment: safe('DROP NOT NULL relaxes a rule'), detail: 'DROP NOT NULL' });
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
