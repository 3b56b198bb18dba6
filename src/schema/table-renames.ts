/**
 * Which dropped table is an added one renamed. A dump never says, but a rename leaves evidence that
 * a drop and a create do not:
 *
 * - names carried over: `ALTER TABLE label RENAME TO project_label` keeps the names of the table's
 *   indexes, constraints, triggers and owned sequences (`label_pkey`, `label_id_seq OWNED BY
 *   project_label.id`) and, on PostgreSQL 18, of its NOT NULL constraints (`label_name_not_null`);
 * - foreign keys of other tables keep their names and now point at the new table;
 * - columns kept with their names and types (or all of them, in order: the same shape).
 *
 * Each piece of evidence is a weight in 0..1; together they give a confidence of
 * 1 - Π(1 - weight). Columns alone never reach the threshold: a table dropped and another created
 * with similar columns is not a rename. Pairs are taken best first, one to one; two equally good
 * pairs for the same table cancel each other out.
 */
import type { RenameEvidence } from './change-list.js';
import { columnKey, tableShapeKey } from './definition-keys.js';
import type { SchemaModel, TableModel } from './model.js';
import { looseName } from './column-renames.js';
import { TypeRenames } from './type-renames.js';

/** The confidence a pair needs to be reported as a rename. */
export const RENAME_THRESHOLD = 0.85;

/** A carried-over name that contains the old table's name (`label_pkey`) is all but conclusive. */
const KEPT_OWN_NAME = 0.9;
/** One that does not (`pk_labels`) might have been reused by hand. */
const KEPT_OTHER_NAME = 0.6;
/** Another table's foreign key now pointing at the new table: the migration might have re-created it. */
const POINTER = 0.5;
/** The only dropped and the only added table with exactly these columns. */
const SAME_SHAPE = 0.95;
/** At most, for every column kept with its name and type. */
const COLUMNS = 0.6;
/** The only dropped and the only added table whose names differ only in case, underscores or a plural s (`Poll` -> `polls`). */
const LOOSE_NAME = 0.8;

const NO_RENAMES = new TypeRenames();

export interface TableRename {
  old: TableModel;
  now: TableModel;
  evidence: RenameEvidence;
}

interface Candidate {
  old: TableModel;
  now: TableModel;
  /** Kind -> names carried over. */
  kept: Map<string, string[]>;
  keptWeights: number[];
  pointers: string[];
  sameShape: boolean;
  looseName: boolean;
  confidence: number;
}

export function matchTableRenames(
  before: SchemaModel,
  after: SchemaModel,
  dropped: readonly TableModel[],
  added: readonly TableModel[],
  types: TypeRenames,
): TableRename[] {
  if (dropped.length === 0 || added.length === 0) return [];
  const droppedByPath = new Map(dropped.map((t) => [t.path, t]));
  const addedByPath = new Map(added.map((t) => [t.path, t]));
  const candidates = new Map<string, Candidate>();
  const candidate = (old: TableModel, now: TableModel): Candidate => {
    const id = `${old.path}\u0000${now.path}`;
    let c = candidates.get(id);
    if (!c) {
      c = {
        old,
        now,
        kept: new Map(),
        keptWeights: [],
        pointers: [],
        sameShape: false,
        looseName: false,
        confidence: 0,
      };
      candidates.set(id, c);
    }
    return c;
  };

  // Names carried over from a dropped table to an added one.
  const addedNames = namesOnTables(after, addedByPath, false);
  for (const [key, tables] of namesOnTables(before, droppedByPath, true)) {
    const there = addedNames.get(key);
    // A name several tables hold on either side (a CHECK constraint called `positive_amount`)
    // says nothing about which is which.
    if (there?.length !== 1 || tables.length !== 1) continue;
    const [kind, name] = splitKey(key);
    const c = candidate(droppedByPath.get(tables[0])!, addedByPath.get(there[0])!);
    const names = c.kept.get(kind) ?? [];
    names.push(name);
    c.kept.set(kind, names);
    c.keptWeights.push(namesTable(name, c.old.name) ? KEPT_OWN_NAME : KEPT_OTHER_NAME);
  }

  // Foreign keys of tables on both sides that now point from a dropped table to an added one.
  for (const fk of before.constraints.values()) {
    if (!fk.referencedTable || !droppedByPath.has(fk.referencedTable) || !after.tables.has(fk.table)) continue;
    const now = after.constraints.get(fk.path);
    const target = now?.referencedTable ? addedByPath.get(now.referencedTable) : undefined;
    if (target) candidate(droppedByPath.get(fk.referencedTable)!, target).pointers.push(fk.name);
  }

  // The same shape, one to one.
  const shapes = new Map<string, { olds: TableModel[]; news: TableModel[] }>();
  const shape = (key: string) => {
    let entry = shapes.get(key);
    if (!entry) shapes.set(key, (entry = { olds: [], news: [] }));
    return entry;
  };
  for (const t of dropped) if (t.columns.size > 0) shape(tableShapeKey(t, types)).olds.push(t);
  for (const t of added) if (t.columns.size > 0) shape(tableShapeKey(t, NO_RENAMES)).news.push(t);
  for (const { olds, news } of shapes.values()) {
    if (olds.length === 1 && news.length === 1) candidate(olds[0], news[0]).sameShape = true;
  }

  // names alike but for case, underscores and a plural s, one to one
  const loose = new Map<string, { olds: TableModel[]; news: TableModel[] }>();
  const looseEntry = (t: TableModel) => {
    const key = `${t.schema}.${looseTableName(t.name)}`;
    let entry = loose.get(key);
    if (!entry) loose.set(key, (entry = { olds: [], news: [] }));
    return entry;
  };
  for (const t of dropped) looseEntry(t).olds.push(t);
  for (const t of added) looseEntry(t).news.push(t);
  for (const { olds, news } of loose.values()) {
    if (olds.length === 1 && news.length === 1) candidate(olds[0], news[0]).looseName = true;
  }

  for (const c of candidates.values()) c.confidence = confidenceOf(c, types);
  return pickBestFirst([...candidates.values()]);
}

/**
 * `kind:name` -> paths of the tables (among `tables`) that hold an index, constraint, trigger,
 * owned sequence or NOT NULL constraint of that name. On the before side a NOT NULL constraint has
 * its default name unless the dump says otherwise; on the after side only names the dump writes
 * count (a new table's own NOT NULL constraints are unnamed in the dump).
 */
function namesOnTables(
  model: SchemaModel,
  tables: ReadonlyMap<string, TableModel>,
  before: boolean,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (kind: string, name: string, table: string) => {
    const key = `${kind}:${name}`;
    const list = out.get(key);
    if (!list) out.set(key, [table]);
    // Two tables are as many as it takes to make the name useless: keep no more.
    else if (list.length === 1 && list[0] !== table) list.push(table);
  };
  for (const index of model.indexes.values()) if (tables.has(index.table)) add('index', index.name, index.table);
  for (const constraint of model.constraints.values()) {
    if (tables.has(constraint.table)) add('constraint', constraint.name, constraint.table);
  }
  for (const trigger of model.triggers.values())
    if (tables.has(trigger.table)) add('trigger', trigger.name, trigger.table);
  for (const sequence of model.sequences.values()) {
    if (!sequence.ownedBy) continue;
    const table = sequence.ownedBy.slice(0, sequence.ownedBy.lastIndexOf('.'));
    if (tables.has(table)) add('sequence', sequence.path.slice(sequence.path.lastIndexOf('.') + 1), table);
  }
  for (const table of tables.values()) {
    for (const column of table.columns.values()) {
      const name =
        column.notNullName ?? (before && column.notNull ? `${table.name}_${column.name}_not_null` : undefined);
      if (name) add('NOT NULL constraint', name, table.path);
    }
  }
  return out;
}

/** `label_pkey`, `ix_label_name`, `label`: the table's name as a whole word of the object's name. */
function namesTable(name: string, table: string): boolean {
  return `_${name}_`.includes(`_${table}_`);
}

function splitKey(key: string): [string, string] {
  const colon = key.indexOf(':');
  return [key.slice(0, colon), key.slice(colon + 1)];
}

function confidenceOf(c: Candidate, types: TypeRenames): number {
  let doubt = 1;
  for (const weight of c.keptWeights) doubt *= 1 - weight;
  for (const _ of c.pointers) doubt *= 1 - POINTER;
  if (c.sameShape) doubt *= 1 - SAME_SHAPE;
  if (c.looseName) doubt *= 1 - LOOSE_NAME;
  doubt *= 1 - COLUMNS * keptColumnShare(c, types);
  return 1 - doubt;
}

/** The share of columns kept with their names and definitions, of the wider of the two tables. */
function keptColumnShare(c: Candidate, types: TypeRenames): number {
  let kept = 0;
  const byLoose = new Map([...c.now.columns.values()].map((col) => [looseName(col.name), col]));
  for (const column of c.old.columns.values()) {
    const other = c.now.columns.get(column.name);
    if (other && columnKey(column, types) === columnKey(other, NO_RENAMES)) kept++;
    else if (!other && c.looseName) {
      // under a table renamed to the new naming convention, a column renamed the same way (`pollId` -> `poll_id`)
      const alike = byLoose.get(looseName(column.name));
      if (alike && !c.old.columns.has(alike.name) && types.typeKey(column.type) === alike.type.key) kept++;
    }
  }
  const wider = Math.max(c.old.columns.size, c.now.columns.size);
  return wider === 0 ? 0 : kept / wider;
}

function pickBestFirst(candidates: Candidate[]): TableRename[] {
  const ranked = candidates
    .filter((c) => c.confidence >= RENAME_THRESHOLD)
    .sort((a, b) => b.confidence - a.confidence || compare(a.old.path, b.old.path) || compare(a.now.path, b.now.path));
  const usedOld = new Set<string>();
  const usedNew = new Set<string>();
  const out: TableRename[] = [];
  for (let i = 0; i < ranked.length; i++) {
    const c = ranked[i];
    if (usedOld.has(c.old.path) || usedNew.has(c.now.path)) continue;
    // Ties sit next to each other in the ranking; look at those not yet taken (i.e. earlier ones too).
    let rival = false;
    for (const step of [-1, 1]) {
      for (
        let j = i + step;
        j >= 0 && j < ranked.length && Math.abs(ranked[j].confidence - c.confidence) < 1e-9;
        j += step
      ) {
        const d = ranked[j];
        const shares = d.old.path === c.old.path || d.now.path === c.now.path;
        if (shares && !usedOld.has(d.old.path) && !usedNew.has(d.now.path)) rival = true;
      }
    }
    usedOld.add(c.old.path);
    usedNew.add(c.now.path);
    if (rival) continue;
    out.push({ old: c.old, now: c.now, evidence: { confidence: c.confidence, evidence: describe(c) } });
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "its constraint, index and sequence kept their names (label_pkey, …); another table's foreign key now points at it; …". */
function describe(c: Candidate): string {
  const clauses: string[] = [];
  if (c.kept.size > 0) {
    const kinds = [...c.kept].map(([kind, names]) => (names.length === 1 ? kind : `${names.length} ${kind}s`));
    const names = [...c.kept.values()].flat();
    const one = names.length === 1;
    clauses.push(`its ${joinAnd(kinds)} kept ${one ? 'its name' : 'their names'} (${listNames(names)})`);
  }
  if (c.pointers.length > 0) {
    const one = c.pointers.length === 1;
    clauses.push(
      `${one ? 'a foreign key' : `${c.pointers.length} foreign keys`} of other tables now point${one ? 's' : ''} at it (${listNames(c.pointers)})`,
    );
  }
  if (c.looseName)
    clauses.push(`its name differs only in case, underscores or a plural s (${c.old.name} -> ${c.now.name})`);
  if (c.sameShape) clauses.push('it has the same columns, types and order');
  else {
    const kept = [...c.old.columns.keys()].filter((name) => c.now.columns.has(name)).length;
    clauses.push(`${kept} of its ${c.old.columns.size} columns kept their names`);
  }
  return clauses.join('; ');
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 3);
  return names.length > 3 ? `${shown.join(', ')} and ${names.length - 3} more` : joinAnd(shown);
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `Poll`, `polls`, `poll_s`: a table name without case, underscores and a plural s. */
function looseTableName(name: string): string {
  const loose = looseName(name);
  return loose.endsWith('ies') ? `${loose.slice(0, -3)}y` : loose.endsWith('s') ? loose.slice(0, -1) : loose;
}
