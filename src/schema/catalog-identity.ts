/**
 * Identity read from two catalogs: the base's (at the review's point) and the preview's. A Neon
 * branch is a copy of its parent, so an object the PR did not re-create keeps its oid, and a column
 * its attnum: a table renamed keeps its oid, a column renamed keeps its attnum, a column dropped and
 * added again gets a new one. Matching the two catalogs by identity reads renames, drop + add and
 * re-creation instead of guessing them. Pure: the snapshots are read in src/pg/catalog.ts.
 */
import { IDENTITY_KINDS, IdentityMap } from './identity.js';
import type { SchemaModel } from './model.js';

/** One side's catalog, as plain rows (oids as strings: they are uint32). */
export interface CatalogSnapshot {
  /** Tables (r, p, f), views (v, m), sequences (S) and indexes (i, I) outside the system schemas. */
  relations: Array<{
    oid: string;
    schema: string;
    name: string;
    kind: string /** For an index: its table's oid. */;
    table?: string;
  }>;
  /** Live columns of tables: attnum > 0, not dropped, as pg_dump writes them (not those an INHERITS child only inherits). */
  columns: Array<{ table: string; attnum: number; name: string }>;
  /** Table constraints (not NOT NULL ones). */
  constraints: Array<{ oid: string; table: string; name: string }>;
  triggers: Array<{ oid: string; table: string; name: string }>;
  /** Enums, composites (standalone), domains and ranges. */
  types: Array<{ oid: string; schema: string; name: string }>;
  enumValues: Array<{ oid: string; type: string; label: string }>;
  /** `name` as `schema.name(argtype, …)`, the argument types as pg_dump writes them. */
  functions: Array<{ oid: string; path: string }>;
}

const TABLE_KINDS = new Set(['r', 'p', 'f']);
const VIEW_KINDS = new Set(['v', 'm']);

/** The identity of every table, column, constraint, index, trigger, type, enum value, function, sequence and view. */
export function matchCatalogs(before: CatalogSnapshot, after: CatalogSnapshot): IdentityMap {
  const map = new IdentityMap();
  // a materialized view is read as a view here (relkind v and m alike), so its own kind is not completed
  for (const kind of IDENTITY_KINDS) if (kind !== 'materialized_view') map.complete(kind, 'catalog');
  const relPath = (snap: CatalogSnapshot) => new Map(snap.relations.map((r) => [r.oid, `${r.schema}.${r.name}`]));
  const pathsBefore = relPath(before);
  const pathsAfter = relPath(after);

  // relations: renamed when the oid is on both sides under another path; a table whose path holds another oid now was re-created
  const afterRel = new Map(after.relations.map((r) => [r.oid, r]));
  const afterTableByPath = new Map(
    after.relations.filter((r) => TABLE_KINDS.has(r.kind)).map((r) => [`${r.schema}.${r.name}`, r.oid]),
  );
  for (const r of before.relations) {
    const now = afterRel.get(r.oid);
    const path = `${r.schema}.${r.name}`;
    if (TABLE_KINDS.has(r.kind)) {
      const there = afterTableByPath.get(path);
      if (there !== undefined && there !== r.oid) map.replace('table', path, 'catalog');
    }
    if (!now) continue;
    if (r.kind === 'i' || r.kind === 'I') {
      const from = `${pathsBefore.get(r.table ?? '')}.${r.name}`;
      const to = `${pathsAfter.get(now.table ?? '')}.${now.name}`;
      if (from !== to) map.rename('index', from, to, 'catalog');
      continue;
    }
    const to = `${now.schema}.${now.name}`;
    if (to === path) continue;
    if (TABLE_KINDS.has(r.kind)) map.rename('table', path, to, 'catalog');
    else if (VIEW_KINDS.has(r.kind)) map.rename('view', path, to, 'catalog');
    else if (r.kind === 'S') map.rename('sequence', path, to, 'catalog');
  }

  // columns, by table oid and attnum
  const columnsOf = (snap: CatalogSnapshot) => {
    const out = new Map<string, Map<number, string>>();
    for (const c of snap.columns) {
      let table = out.get(c.table);
      if (!table) out.set(c.table, (table = new Map()));
      table.set(c.attnum, c.name);
    }
    return out;
  };
  const colsAfter = columnsOf(after);
  for (const [table, columns] of columnsOf(before)) {
    const now = colsAfter.get(table);
    const from = pathsBefore.get(table);
    const to = pathsAfter.get(table);
    if (!now || !from || !to) continue;
    const namesNow = new Map([...now].map(([attnum, name]) => [name, attnum]));
    for (const [attnum, name] of columns) {
      const renamed = now.get(attnum);
      if (renamed !== undefined && renamed !== name)
        map.rename('column', `${from}.${name}`, `${to}.${renamed}`, 'catalog');
      const sameName = namesNow.get(name);
      // the name is on both sides, on another column: this one was dropped (or renamed away) and another took the name
      if (sameName !== undefined && sameName !== attnum && renamed === undefined)
        map.replace('column', `${from}.${name}`, 'catalog');
    }
  }

  // table children, by oid
  const children = (
    kind: 'constraint' | 'trigger',
    a: CatalogSnapshot['constraints'],
    b: CatalogSnapshot['constraints'],
  ) => {
    const now = new Map(b.map((c) => [c.oid, c]));
    for (const c of a) {
      const other = now.get(c.oid);
      if (!other) continue;
      const from = `${pathsBefore.get(c.table)}.${c.name}`;
      const to = `${pathsAfter.get(other.table)}.${other.name}`;
      if (from !== to) map.rename(kind, from, to, 'catalog');
    }
  };
  children('constraint', before.constraints, after.constraints);
  children('trigger', before.triggers, after.triggers);

  // types and their enum values
  const typesAfter = new Map(after.types.map((t) => [t.oid, `${t.schema}.${t.name}`]));
  const typesBefore = new Map(before.types.map((t) => [t.oid, `${t.schema}.${t.name}`]));
  for (const [oid, path] of typesBefore) {
    const to = typesAfter.get(oid);
    if (to !== undefined && to !== path) map.rename('type', path, to, 'catalog');
  }
  const valuesAfter = new Map(after.enumValues.map((v) => [v.oid, v]));
  for (const v of before.enumValues) {
    const now = valuesAfter.get(v.oid);
    if (!now) continue;
    const from = `${typesBefore.get(v.type)}.${v.label}`;
    const to = `${typesAfter.get(now.type)}.${now.label}`;
    if (from !== to) map.rename('enum_value', from, to, 'catalog');
  }

  const functionsAfter = new Map(after.functions.map((f) => [f.oid, f.path]));
  for (const f of before.functions) {
    const to = functionsAfter.get(f.oid);
    if (to !== undefined && to !== f.path) map.rename('function', f.path, to, 'catalog');
  }
  return map;
}

/**
 * Whether a catalog describes the schema of a dump: the same tables with the same columns in the
 * same order. The base branch's own catalog stands for the base at the review's point only when
 * nothing changed on it since; otherwise its identity says nothing of that point.
 */
export function catalogDescribes(snapshot: CatalogSnapshot, model: SchemaModel): boolean {
  const tables = snapshot.relations.filter((r) => TABLE_KINDS.has(r.kind));
  if (tables.length !== model.tables.size) return false;
  const columns = new Map<string, Array<{ attnum: number; name: string }>>();
  for (const c of snapshot.columns) {
    let list = columns.get(c.table);
    if (!list) columns.set(c.table, (list = []));
    list.push(c);
  }
  for (const r of tables) {
    const table = model.tables.get(`${r.schema}.${r.name}`);
    if (!table) return false;
    const names = (columns.get(r.oid) ?? []).sort((a, b) => a.attnum - b.attnum).map((c) => c.name);
    if (names.join('\u0000') !== [...table.columns.keys()].join('\u0000')) return false;
  }
  const views = snapshot.relations.filter((r) => VIEW_KINDS.has(r.kind)).length;
  return views === model.views.size;
}
