/**
 * Small readers over libpg-query's JSON parse tree: canonical keys (a node's JSON without source
 * positions, so two definitions compare equal exactly when Postgres would parse them the same),
 * names, type names, and the column names an expression refers to.
 */

import type * as pg from '@pgsql/types';

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every node type by its tag: `{ CreateStmt: CreateStmt; RangeVar: RangeVar; … }`. */
type ByTag = UnionToIntersection<pg.Node>;

/**
 * A parse tree node as libpg-query's JSON has it (one key, the node's type), typed by @pgsql/types
 * (the types of the same Postgres major's parser) and read by tag: `node.CreateStmt?.relation`.
 * Children are read the same way.
 */
export type Node = { [Tag in keyof ByTag]?: Readable<ByTag[Tag]> };

/** A node type's fields with their child nodes as `Node`, so a tree reads the same at every depth. */
export type Readable<T> = T extends pg.Node
  ? Node
  : T extends readonly (infer E)[]
    ? Readable<E>[]
    : T extends object
      ? { [K in keyof T]: Readable<T[K]> }
      : T;

/** One node type's fields, read as above: `Fields<'CreateStmt'>`. */
export type Fields<Tag extends keyof ByTag> = Readable<ByTag[Tag]>;

/** Any JSON value of the tree, for the walkers that visit every key. */
type Json = Record<string, unknown>;

const POSITION_KEYS: ReadonlySet<string> = new Set([
  'location',
  'stmt_location',
  'stmt_len',
  'name_location',
  // ARRAY[…] and IN (…) lists: where they start and end in the dump
  'list_start',
  'list_end',
  'rexpr_list_start',
  'rexpr_list_end',
]);
const NOTHING: ReadonlySet<string> = new Set();

/** JSON of a node without source positions and without the named keys (at any depth). */
export function canonical(node: unknown, omit: ReadonlySet<string> = NOTHING): string {
  if (node === null || typeof node !== 'object') return node === undefined ? 'null' : JSON.stringify(node);
  if (Array.isArray(node)) {
    let out = '[';
    for (let i = 0; i < node.length; i++) out += (i > 0 ? ',' : '') + canonical(node[i], omit);
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const key in node) {
    const value = (node as Json)[key];
    if (value === undefined || POSITION_KEYS.has(key) || omit.has(key)) continue;
    out += `${first ? '' : ','}"${key}":${canonical(value, omit)}`;
    first = false;
  }
  return `${out}}`;
}

/** `[{String:{sval:'a'}}, …]` -> `['a', …]`. */
export function stringList(items: readonly Node[] | undefined): string[] {
  if (!items) return [];
  return items.map((item) => item.String?.sval ?? '');
}

/** A RangeVar's `schema.name`; unqualified names are taken to be in `public`. */
export function relationPath(rangeVar: Fields<'RangeVar'> | undefined): string {
  if (!rangeVar) return '';
  return `${rangeVar.schemaname ?? 'public'}.${rangeVar.relname}`;
}

/** `['public','f']` -> `public.f`; an unqualified name is taken to be in `public`. */
export function qualifiedPath(names: readonly string[]): string {
  return names.length === 1 ? `public.${names[0]}` : names.join('.');
}

export interface TypeInfo {
  /** `int8`, `varchar`, `public.citext`: pg_catalog's prefix dropped, others kept. */
  name: string;
  /** Type modifiers: `varchar(150)` -> [150], `numeric(10,2)` -> [10, 2]. */
  mods: Array<number | string>;
  /** Array dimensions (0 for a scalar). */
  arrayDims: number;
  /** As pg_dump writes it: `character varying(150)`, `timestamp with time zone`, `integer[]`. */
  display: string;
  /** Equal for equal types. */
  key: string;
}

const DISPLAY_NAMES: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  varchar: 'character varying',
  bpchar: 'character',
  varbit: 'bit varying',
};

export function typeInfo(typeName: Fields<'TypeName'> | undefined): TypeInfo {
  if (!typeName) return { name: 'unknown', mods: [], arrayDims: 0, display: 'unknown', key: 'unknown' };
  const names = stringList(typeName.names);
  const name = names[0] === 'pg_catalog' && names.length === 2 ? names[1]! : names.join('.');
  const mods: Array<number | string> = (typeName.typmods ?? []).map(typmodValue);
  const arrayDims = typeName.arrayBounds?.length ?? 0;
  const setof = typeName.setof ? 'SETOF ' : '';
  const display = setof + displayType(name, mods) + '[]'.repeat(arrayDims);
  const key = `${setof}${name}(${mods.join(',')})${'[]'.repeat(arrayDims)}`;
  return { name, mods, arrayDims, display, key };
}

function typmodValue(node: Node): number | string {
  const c = node.A_Const;
  if (c?.ival) return c.ival.ival ?? 0;
  if (c?.sval) return c.sval.sval ?? '';
  if (node.ColumnRef) return stringList(node.ColumnRef.fields).join('.');
  return canonical(node);
}

function displayType(name: string, mods: ReadonlyArray<number | string>): string {
  const args = mods.length > 0 ? `(${mods.join(',')})` : '';
  switch (name) {
    case 'timestamp':
      return `timestamp${args} without time zone`;
    case 'timestamptz':
      return `timestamp${args} with time zone`;
    case 'time':
      return `time${args} without time zone`;
    case 'timetz':
      return `time${args} with time zone`;
    case 'interval':
      return mods.length > 0 ? `interval(${mods.join(',')})` : 'interval';
    default:
      return (DISPLAY_NAMES[name] ?? name) + args;
  }
}

/**
 * Column names a node refers to: the last field of each ColumnRef, index element names, and the
 * key lists of constraints (`keys`, `fk_attrs`, `including`). `pk_attrs` (the referenced table's
 * columns) are not included.
 */
export function referencedColumns(node: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) referencedColumns(item, into);
    return into;
  }
  if (!node || typeof node !== 'object') return into;
  const record = node as Node & Json;
  if (record.ColumnRef) {
    const fields = stringList(record.ColumnRef.fields);
    const last = fields[fields.length - 1];
    if (last) into.add(last);
    return into;
  }
  if (record.IndexElem?.name) into.add(record.IndexElem.name);
  for (const [key, value] of Object.entries(record)) {
    if (key === 'pk_attrs' || key === 'pktable') continue;
    if ((key === 'keys' || key === 'fk_attrs' || key === 'including') && Array.isArray(value)) {
      for (const name of stringList(value as Node[])) into.add(name);
      continue;
    }
    referencedColumns(value, into);
  }
  return into;
}

/**
 * A copy of `node` where column names are renamed: ColumnRef fields, index element names and
 * constraint key lists use `ownColumns`; `pk_attrs` use the map of the referenced table.
 */
export function renameColumnsInNode(
  node: unknown,
  ownColumns: ReadonlyMap<string, string>,
  referencedTableColumns: (pktable: Fields<'RangeVar'>) => ReadonlyMap<string, string> | undefined = () => undefined,
): unknown {
  const rename = (map: ReadonlyMap<string, string> | undefined, list: Node[]) =>
    list.map((item) => {
      const name = item.String?.sval;
      return name !== undefined && map?.has(name) ? { String: { sval: map.get(name) } } : item;
    });
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const record = value as Json;
    const out: Json = {};
    for (const [key, child] of Object.entries(record)) {
      if (key === 'ColumnRef') {
        const ref = child as Fields<'ColumnRef'>;
        const fields = ref.fields ?? [];
        const renamed = rename(ownColumns, fields.slice(-1));
        out[key] = { ...ref, fields: [...fields.slice(0, -1), ...renamed] };
      } else if (key === 'IndexElem' && (child as Fields<'IndexElem'>).name !== undefined) {
        const name = (child as Fields<'IndexElem'>).name!;
        out[key] = ownColumns.has(name) ? { ...(walk(child) as Json), name: ownColumns.get(name) } : walk(child);
      } else if ((key === 'keys' || key === 'fk_attrs' || key === 'including') && Array.isArray(child)) {
        out[key] = rename(ownColumns, child);
      } else if (key === 'pk_attrs' && Array.isArray(child)) {
        const pktable = record.pktable as Fields<'RangeVar'> | undefined;
        out[key] = rename(pktable ? referencedTableColumns(pktable) : undefined, child);
      } else {
        out[key] = walk(child);
      }
    }
    return out;
  };
  return walk(node);
}

/** `schema.table` of every RangeVar in a node. */
export function relationsIn(node: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) relationsIn(item, into);
  } else if (node && typeof node === 'object') {
    const record = node as Node & Json;
    if (record.RangeVar) into.add(relationPath(record.RangeVar));
    for (const value of Object.values(record)) relationsIn(value, into);
  }
  return into;
}

/**
 * A copy of a view's query with renamed columns, as Postgres rewrites it: references use the new
 * name and an output column that was a bare reference keeps its old name (`order_status AS status`).
 */
export function renameColumnsInQuery(node: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (renames.size === 0) return node;
  const keepNames = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(keepNames);
    if (!value || typeof value !== 'object') return value;
    const record = value as Json;
    const out: Json & Node = {};
    for (const [key, child] of Object.entries(record)) out[key] = keepNames(child);
    const target = out.ResTarget;
    if (target && !target.name && target.val?.ColumnRef) {
      const fields = stringList(target.val.ColumnRef.fields);
      const last = fields[fields.length - 1];
      // canonical() keeps key order: the parser puts `name` first.
      if (last && renames.has(last)) out.ResTarget = { name: last, ...target };
    }
    return out;
  };
  return renameColumnsInNode(keepNames(node), renames);
}

/** Renames RangeVars (`schema.name` -> `schema.name`) anywhere in a node; returns a copy. */
export function renameRelationsInNode(node: unknown, relations: ReadonlyMap<string, string>): unknown {
  if (relations.size === 0) return node;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== 'object') return value;
    const record = value as Json;
    if (typeof record.relname === 'string') {
      const target = relations.get(relationPath(record as Fields<'RangeVar'>));
      if (target) {
        const dot = target.indexOf('.');
        return { ...record, schemaname: target.slice(0, dot), relname: target.slice(dot + 1) };
      }
    }
    const out: Json = {};
    for (const [key, child] of Object.entries(record)) out[key] = walk(child);
    return out;
  };
  return walk(node);
}

/** The value of a DefElem's argument as text (`start 1` -> '1', `as_type bigint` -> 'bigint'). */
export function defElemValue(arg: Node | Node[] | undefined): string {
  if (!arg) return '';
  if (Array.isArray(arg)) return stringList(arg).join('.');
  if (arg.Integer) return String(arg.Integer.ival ?? 0);
  if (arg.Float) return String(arg.Float.fval);
  if (arg.String) return arg.String.sval ?? '';
  if (arg.Boolean) return String(arg.Boolean.boolval ?? false);
  if (arg.TypeName) return typeInfo(arg.TypeName).display;
  if (arg.List) return stringList(arg.List.items).join('.');
  return canonical(arg);
}
