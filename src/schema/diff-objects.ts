/**
 * Compares the objects that stand on their own: schemas, extensions, views and materialized
 * views, functions, sequences, types and enum values.
 */
import { canonical, type Node, relationsIn, renameColumnsInQuery, renameRelationsInNode, typeInfo } from './ast.js';
import { type ChangeList, matchRenames, missingFrom } from './change-list.js';
import type { TableMatches } from './diff-tables.js';
import type { FunctionModel, SchemaModel, SequenceModel, TypeModel, ViewModel } from './model.js';
import { type Assessment, destructive, locking, safe } from './risk.js';
import { assessTypeChange } from './type-change.js';
import { pairRenames, pairRenamesByPath } from './identity.js';
import { TypeRenames } from './type-renames.js';

export function diffSchemasAndExtensions(before: SchemaModel, after: SchemaModel, list: ChangeList): void {
  for (const s of missingFrom(before.schemas, after.schemas)) list.dropped('schema', s.name, `DROP SCHEMA ${s.name}`);
  for (const s of missingFrom(after.schemas, before.schemas)) list.added('schema', s.name, s.text);
  for (const e of missingFrom(before.extensions, after.extensions))
    list.dropped('extension', e.name, `DROP EXTENSION ${e.name}`);
  for (const e of missingFrom(after.extensions, before.extensions)) list.added('extension', e.name, e.text);
  for (const [name, old] of before.extensions) {
    const now = after.extensions.get(name);
    if (now && now.schema !== old.schema) {
      list.altered('extension', name, [
        {
          assessment: safe('objects move schema; unqualified names resolve through search_path'),
          detail: `SET SCHEMA ${now.schema}`,
        },
      ]);
    }
  }
}

export function diffViews(before: SchemaModel, after: SchemaModel, list: ChangeList, m: TableMatches): void {
  const kindOf = (v: ViewModel) => (v.materialized ? 'materialized_view' : 'view');
  const oldKey = (v: ViewModel) => viewKeyAfterRenames(v, m);
  const dropped: ViewModel[] = [];
  const added: ViewModel[] = [];
  for (const [path, old] of before.views) {
    const now = after.views.get(path);
    if (!now || now.materialized !== old.materialized) {
      dropped.push(old);
      continue;
    }
    const retypedBelow = retypedSources(old, now, before, after, m);
    if (oldKey(old) !== now.key || retypedBelow.length > 0) {
      list.altered(kindOf(now), path, [viewChange(old, now, retypedBelow, m, before, after)]);
    }
  }
  for (const [path, now] of after.views) {
    const old = before.views.get(path);
    if (!old || old.materialized !== now.materialized) added.push(now);
  }
  const paired = pairRenamesByPath('view', list.identity, dropped, added, (olds, news) =>
    matchRenames(
      olds,
      news,
      (v) => `${kindOf(v)}|${oldKey(v)}`,
      (v) => `${kindOf(v)}|${v.key}`,
    ),
  );
  for (const [old, now, source] of paired.pairs) {
    const evidence =
      source === 'inferred'
        ? { confidence: 0.9, evidence: 'it has the same query under a new name, and no other view does' }
        : undefined;
    list.renamed(kindOf(now), now.path, old.path, `${old.path} renamed to ${now.path}`, evidence, source);
  }
  const renamed = new Set<ViewModel>(paired.pairs.flatMap(([a, b]) => [a, b]));
  for (const v of dropped)
    if (!renamed.has(v)) list.dropped(kindOf(v), v.path, `was: ${v.text}`, paired.droppedSource.get(v));
  for (const v of added)
    if (!renamed.has(v)) list.added(kindOf(v), v.path, outputSummary(v), undefined, paired.addedSource.get(v));
}

const VIEW_KEY_OMIT = new Set(['inh', 'relpersistence']);

/** A before view's key as Postgres would have rewritten it for renamed tables, columns and types. */
function viewKeyAfterRenames(view: ViewModel, m: TableMatches): string {
  const columns = new Map<string, string>();
  let conflict = false;
  if (m.columnRenames.size > 0) {
    for (const table of relationsIn(view.node)) {
      for (const [from, to] of m.columnRenames.get(m.afterPath.get(table) ?? table) ?? []) {
        if (columns.has(from) && columns.get(from) !== to) conflict = true;
        columns.set(from, to);
      }
    }
  }
  if (m.renamedTables.size === 0 && (columns.size === 0 || conflict)) return m.types.rewrite(view.key);
  let node = renameRelationsInNode(view.node, m.renamedTables);
  if (!conflict) node = renameColumnsInQuery(node, columns);
  return m.types.rewrite(canonical(node, VIEW_KEY_OMIT));
}

function outputSummary(view: ViewModel): string {
  return `output columns: ${[...view.outputColumns.keys()].join(', ')}`;
}

/** Output columns passing a table column through whose type changed underneath the view. */
function retypedSources(
  old: ViewModel,
  now: ViewModel,
  before: SchemaModel,
  after: SchemaModel,
  m: TableMatches,
): string[] {
  const typeOf = (model: SchemaModel, source: string | undefined) => {
    if (!source) return undefined;
    const dot = source.lastIndexOf('.');
    return model.tables.get(source.slice(0, dot))?.columns.get(source.slice(dot + 1))?.type;
  };
  const out: string[] = [];
  for (const [name, source] of now.outputSources) {
    const was = typeOf(before, old.outputSources.get(name));
    const is = typeOf(after, source);
    if (was !== undefined && is !== undefined && m.types.typeKey(was) !== is.key) out.push(name);
  }
  return out;
}

function viewChange(
  old: ViewModel,
  now: ViewModel,
  retypedBelow: readonly string[],
  m: TableMatches,
  beforeModel: SchemaModel,
  afterModel: SchemaModel,
): { assessment: Assessment; detail: string } {
  const lost = [...old.outputColumns.keys()].filter((name) => !now.outputColumns.has(name));
  const gained = [...now.outputColumns.keys()].filter((name) => !old.outputColumns.has(name));
  const retyped = [...now.outputColumns.keys()].filter((name) => {
    const before = old.outputColumns.get(name);
    if (before === undefined) return false;
    return (
      retypedBelow.includes(name) ||
      castChanges(
        m.types.rewrite(before),
        now.outputColumns.get(name) ?? '',
        name,
        old,
        now,
        beforeModel,
        afterModel,
        m,
      )
    );
  });
  const details = [
    lost.length > 0 ? `loses ${lost.join(', ')}` : '',
    retyped.length > 0 ? `retypes ${retyped.join(', ')}` : '',
    gained.length > 0 ? `adds ${gained.join(', ')}` : '',
  ].filter(Boolean);
  const detail = details.length > 0 ? `output columns: ${details.join('; ')}` : 'query changed, same output columns';
  if (lost.length > 0) return { assessment: destructive(`the view loses output column ${lost.join(', ')}`), detail };
  if (retyped.length > 0)
    return { assessment: destructive(`output column ${retyped.join(', ')} changes type`), detail };
  if (now.materialized) {
    return { assessment: locking('a materialized view is re-created and re-filled: empty until refreshed'), detail };
  }
  return { assessment: safe('output columns kept; only the query changed'), detail };
}

/**
 * Whether an output column's type changed with its top-level cast. A cast added to (or taken off)
 * an expression that is otherwise the same changes nothing when it casts to the type the column
 * already had (`x` -> `x::text` over a text column): that is no retype, and no false alarm.
 */
function castChanges(
  before: string,
  after: string,
  name: string,
  old: ViewModel,
  now: ViewModel,
  beforeModel: SchemaModel,
  afterModel: SchemaModel,
  m: TableMatches,
): boolean {
  const a = castOf(before);
  const b = castOf(after);
  if (a === b) return false;
  if (a !== '' && b !== '') return true;
  // one side cast, the other not: the same expression underneath, cast to the type it has anyway?
  const [cast, plain, source, model] =
    a === ''
      ? [after, before, old.outputSources.get(name), beforeModel]
      : [before, after, now.outputSources.get(name), afterModel];
  const inner = (JSON.parse(cast) as Node).TypeCast!;
  if (canonical(inner.arg) !== plain && m.types.rewrite(canonical(inner.arg)) !== plain) return true;
  if (!source) return true;
  const dot = source.lastIndexOf('.');
  const column = model.tables.get(source.slice(0, dot))?.columns.get(source.slice(dot + 1));
  if (!column) return true;
  return typeInfo(inner.typeName).key !== (a === '' ? m.types.typeKey(column.type) : column.type.key);
}

/** The type an output expression is cast to at its top, if any. */
function castOf(expressionKey: string): string {
  if (!expressionKey.startsWith('{"TypeCast"')) return '';
  const parsed = JSON.parse(expressionKey) as Node;
  return canonical(parsed.TypeCast?.typeName);
}

/**
 * Functions are keyed by their argument types: one whose argument types were renamed (with
 * `ALTER TYPE … RENAME`) reads as a new path, yet it is the same function and no change of its own.
 */
export function diffFunctions(
  before: SchemaModel,
  after: SchemaModel,
  list: ChangeList,
  types: TypeRenames = new TypeRenames(),
): void {
  const followed = new Map<FunctionModel, FunctionModel>();
  if (!types.empty) {
    for (const old of before.functions.values()) {
      const path = `${old.name}(${old.argTypes.map((t) => types.display(t)).join(', ')})`;
      const now = path === old.path || before.functions.has(path) ? undefined : after.functions.get(path);
      if (now) followed.set(old, now);
    }
  }
  const followers = new Set(followed.values());
  const dropped = missingFrom(before.functions, after.functions).filter((f) => !followed.has(f));
  const added = missingFrom(after.functions, before.functions).filter((f) => !followers.has(f));
  const paired = pairRenamesByPath('function', list.identity, dropped, added, (olds, news) =>
    matchRenames(
      olds,
      news,
      (f) => signatureKey(f, types),
      (f) => signatureKey(f, NO_RENAMES),
    ),
  );
  const renamed = new Set<FunctionModel>(paired.pairs.flatMap(([a, b]) => [a, b]));
  for (const [old, now, source] of paired.pairs) {
    const evidence =
      source === 'inferred'
        ? {
            confidence: 0.9,
            evidence: 'it has the same arguments, result and body under a new name, and no other function does',
          }
        : undefined;
    list.renamed('function', now.path, old.path, `${old.path} renamed to ${now.path}`, evidence, source);
  }
  for (const f of dropped)
    if (!renamed.has(f)) list.dropped('function', f.path, `was: ${f.text}`, paired.droppedSource.get(f));
  for (const f of added)
    if (!renamed.has(f)) list.added('function', f.path, f.text, undefined, paired.addedSource.get(f));
  const pairs: Array<[FunctionModel, FunctionModel]> = [...followed];
  for (const [path, old] of before.functions) {
    const now = after.functions.get(path);
    if (now) pairs.push([old, now]);
  }
  for (const [old, now] of pairs) {
    if (types.rewrite(old.key) === now.key) continue;
    const returns = types.display(old.returns);
    const assessment =
      now.returns !== returns
        ? destructive(`returns ${now.returns} instead of ${returns}: callers break`)
        : safe('same signature and result; body or options changed');
    const detail = now.returns !== returns ? `RETURNS ${old.returns} -> ${now.returns}` : 'body or options changed';
    list.altered('function', now.path, [{ assessment, detail }]);
  }
}

const NO_RENAMES = new TypeRenames();

function signatureKey(f: FunctionModel, types: TypeRenames): string {
  return `${f.argTypes.map((t) => types.display(t)).join(',')}|${types.rewrite(f.key)}`;
}

/** Sequences owned by a column come and go with it; so does an identity's sequence. */
/**
 * Sequences owned by a column come and go with it; so does an identity's sequence. One that moved
 * with its renamed table (same name) is no change of its own; one renamed with it is a rename.
 */
export function diffSequences(before: SchemaModel, after: SchemaModel, list: ChangeList, m: TableMatches): void {
  const movedTo = new Set(m.sequenceMoves.values());
  // renames the catalogs or the statements read (the dumps alone only follow a sequence moved with its table)
  const known = pairRenamesByPath(
    'sequence',
    list.identity,
    missingFrom(before.sequences, after.sequences).filter((s) => !m.sequenceMoves.has(s.path)),
    missingFrom(after.sequences, before.sequences).filter((s) => !movedTo.has(s.path)),
    () => [],
  );
  const renamedOld = new Set(known.pairs.map(([a]) => a.path));
  const renamedNew = new Set(known.pairs.map(([, b]) => b.path));
  for (const [old, now, source] of known.pairs) {
    if (!old.identity)
      list.renamed('sequence', now.path, old.path, `${old.path} renamed to ${now.path}`, undefined, source);
    list.altered('sequence', now.path, sequenceDifferences(old, now, m), source);
  }
  for (const s of missingFrom(before.sequences, after.sequences)) {
    if (s.identity || m.sequenceMoves.has(s.path) || renamedOld.has(s.path) || (s.ownedBy && ownerGone(s.ownedBy, m)))
      continue;
    list.dropped('sequence', s.path, `DROP SEQUENCE ${s.path}`, known.droppedSource.get(s));
  }
  for (const s of missingFrom(after.sequences, before.sequences)) {
    if (s.identity || movedTo.has(s.path) || renamedNew.has(s.path) || (s.ownedBy && ownerNew(s.ownedBy, m))) continue;
    list.added('sequence', s.path, s.text, undefined, known.addedSource.get(s));
  }
  for (const [path, old] of before.sequences) {
    const now = after.sequences.get(path);
    if (now) list.altered('sequence', path, sequenceDifferences(old, now, m));
  }
  for (const [from, to] of m.sequenceMoves) {
    const old = before.sequences.get(from)!;
    const now = after.sequences.get(to)!;
    if (!old.identity && splitColumnPath(from)[1] !== splitColumnPath(to)[1]) {
      list.renamed('sequence', to, from, `${from} renamed to ${to}`, {
        confidence: 0.9,
        evidence: `it is owned by ${now.ownedBy}, as it was by ${old.ownedBy} before the table's rename`,
      });
    }
    list.altered('sequence', to, sequenceDifferences(old, now, m));
  }
}

function ownerGone(owner: string, m: TableMatches): boolean {
  const [table, column] = splitColumnPath(owner);
  return m.droppedTables.has(table) || (m.droppedColumns.get(table)?.has(column) ?? false);
}

function ownerNew(owner: string, m: TableMatches): boolean {
  const [table, column] = splitColumnPath(owner);
  return m.addedTables.has(table) || (m.addedColumns.get(table)?.has(column) ?? false);
}

function splitColumnPath(path: string): [string, string] {
  const dot = path.lastIndexOf('.');
  return [path.slice(0, dot), path.slice(dot + 1)];
}

/** The owner path after table and column renames. */
function ownerAfterRenames(owner: string | undefined, m: TableMatches): string | undefined {
  if (!owner) return owner;
  const [table, column] = splitColumnPath(owner);
  const afterTable = m.afterPath.get(table) ?? table;
  return `${afterTable}.${m.columnRenames.get(afterTable)?.get(column) ?? column}`;
}

function sequenceDifferences(old: SequenceModel, now: SequenceModel, m: TableMatches) {
  const parts: Array<{ assessment: Assessment; detail: string }> = [];
  const names = new Set([...old.params.keys(), ...now.params.keys()]);
  for (const name of names) {
    const a = old.params.get(name);
    const b = now.params.get(name);
    if (a === b) continue;
    const narrows =
      (name === 'as' && a !== undefined && b !== undefined && rank(b) < rank(a)) ||
      (name === 'maxvalue' && b !== undefined && (a === undefined || a === '' || Number(b) < Number(a)));
    parts.push({
      assessment: narrows ? destructive('a lower maximum can make nextval fail') : safe('sequence option only'),
      detail: `${name} ${a ?? 'default'} -> ${b ?? 'default'}`,
    });
  }
  if (ownerAfterRenames(old.ownedBy, m) !== now.ownedBy) {
    parts.push({ assessment: safe('ownership only'), detail: `OWNED BY ${now.ownedBy ?? 'NONE'}` });
  }
  return parts;
}

function rank(type: string): number {
  return { smallint: 1, integer: 2, bigint: 3 }[type] ?? 0;
}

/** Compares types; returns the renamed ones (old path -> new path), for comparing what uses them. */
export function diffTypes(before: SchemaModel, after: SchemaModel, list: ChangeList): TypeRenames {
  const dropped = missingFrom(before.types, after.types);
  const added = missingFrom(after.types, before.types);
  const typeKey = (t: TypeModel) => `${t.kind}|${t.key}`;
  const paired = pairRenamesByPath('type', list.identity, dropped, added, (olds, news) =>
    matchRenames(olds, news, typeKey, typeKey).filter(
      ([old, now]) => !usersReplaced(before, after, old.path, now.path),
    ),
  );
  const renames = paired.pairs;
  const renamed = new Set<TypeModel>(renames.flatMap(([a, b]) => [a, b]));
  const types = new TypeRenames(new Map(renames.map(([old, now]) => [old.path, now.path])));
  for (const [old, now, source] of renames) {
    const evidence =
      source === 'inferred'
        ? { confidence: 0.9, evidence: `it has ${summarizeType(old)} under a new name, and no other type does` }
        : undefined;
    list.renamed('type', now.path, old.path, `${old.path} renamed to ${now.path}`, evidence, source);
    if (source !== 'inferred' && old.key !== now.key) {
      if (old.kind === 'enum' && now.kind === 'enum') diffEnumValues(old, now, list);
      else list.altered('type', now.path, typeDifferences(old, now, types), source);
    }
  }
  for (const t of dropped)
    if (!renamed.has(t)) list.dropped('type', t.path, `was: ${t.text}`, paired.droppedSource.get(t));
  for (const t of added) if (!renamed.has(t)) list.added('type', t.path, t.text, undefined, paired.addedSource.get(t));
  for (const [path, old] of before.types) {
    const now = after.types.get(path);
    if (!now || now.key === old.key) continue;
    if (old.kind === 'enum' && now.kind === 'enum') diffEnumValues(old, now, list);
    else list.altered('type', path, typeDifferences(old, now, types));
  }
  return types;
}

/**
 * A type with the same definition under a new name is no rename when every column using the old one
 * is gone and every column using the new one is new, on tables that are not the same under another
 * name either (an invite table and its enum replaced by another's): a drop and an add.
 */
function usersReplaced(before: SchemaModel, after: SchemaModel, oldType: string, newType: string): boolean {
  const users = (model: SchemaModel, type: string) => {
    const out: Array<{ table: string; column: string; loose: string }> = [];
    for (const table of model.tables.values()) {
      for (const column of table.columns.values()) {
        if (column.type.name === type)
          out.push({ table: table.path, column: column.name, loose: looseTable(table.name) });
      }
    }
    return out;
  };
  const olds = users(before, oldType);
  const news = users(after, newType);
  if (olds.length === 0 || news.length === 0) return false;
  if (olds.some((u) => after.tables.get(u.table)?.columns.has(u.column))) return false;
  if (news.some((u) => before.tables.get(u.table)?.columns.has(u.column))) return false;
  const oldTables = new Set(olds.map((u) => u.loose));
  return !news.some((u) => oldTables.has(u.loose));
}

function looseTable(name: string): string {
  const loose = name.toLowerCase().replace(/_/g, '');
  return loose.endsWith('s') ? loose.slice(0, -1) : loose;
}

function summarizeType(type: TypeModel): string {
  if (type.kind === 'enum') return `the same ${type.values.length} values`;
  if (type.kind === 'composite') return `the same ${type.attributes.size} attributes`;
  return 'the same definition';
}

function diffEnumValues(old: TypeModel, now: TypeModel, list: ChangeList): void {
  const kept = new Set(now.values);
  const had = new Set(old.values);
  const dropped = old.values.filter((v) => !kept.has(v));
  const added = now.values.filter((v) => !had.has(v));
  const paired = pairRenames(
    'enum_value',
    list.identity,
    dropped,
    added,
    (v) => `${old.path}.${v}`,
    (v) => `${now.path}.${v}`,
    (olds, news) =>
      olds.length === 1 && news.length === 1 && old.values.indexOf(olds[0]) === now.values.indexOf(news[0])
        ? [[olds[0], news[0]]]
        : [],
  );
  const renamed = new Set(paired.pairs.flatMap(([a, b]) => [a, b]));
  for (const [from, to, source] of paired.pairs) {
    const evidence =
      source === 'inferred'
        ? { confidence: 0.85, evidence: 'it is the only value gone and the only one new, at the same position' }
        : undefined;
    list.renamed(
      'enum_value',
      `${now.path}.${to}`,
      `${old.path}.${from}`,
      `RENAME VALUE '${from}' TO '${to}'`,
      evidence,
      source,
    );
  }
  for (const value of dropped) {
    if (!renamed.has(value))
      list.dropped('enum_value', `${old.path}.${value}`, `value '${value}' removed`, paired.droppedSource.get(value));
  }
  for (const value of added) {
    if (!renamed.has(value))
      list.added(
        'enum_value',
        `${now.path}.${value}`,
        `ADD VALUE '${value}'`,
        undefined,
        paired.addedSource.get(value),
      );
  }
}

function typeDifferences(
  old: TypeModel,
  now: TypeModel,
  types: TypeRenames,
): Array<{ assessment: Assessment; detail: string }> {
  if (old.kind !== now.kind) {
    return [
      { assessment: destructive('the type is re-created as another kind'), detail: `${old.kind} -> ${now.kind}` },
    ];
  }
  const parts: Array<{ assessment: Assessment; detail: string }> = [];
  if (old.kind === 'composite') {
    for (const [name, type] of old.attributes) {
      const other = now.attributes.get(name);
      if (!other)
        parts.push({ assessment: destructive(`attribute ${name} is dropped`), detail: `DROP ATTRIBUTE ${name}` });
      else if (other.key !== types.typeKey(type)) {
        parts.push({ assessment: assessTypeChange(type, other), detail: `ATTRIBUTE ${name} TYPE ${other.display}` });
      }
    }
    for (const [name, type] of now.attributes) {
      if (!old.attributes.has(name))
        parts.push({ assessment: safe('new attribute'), detail: `ADD ATTRIBUTE ${name} ${type.display}` });
    }
    return parts;
  }
  if (old.kind === 'domain' && old.baseType && now.baseType) {
    if (types.typeKey(old.baseType) !== now.baseType.key) {
      parts.push({
        assessment: assessTypeChange(old.baseType, now.baseType),
        detail: `base type ${now.baseType.display}`,
      });
    }
    if (types.rewrite(old.constraintsKey) !== now.constraintsKey) {
      parts.push({
        assessment: locking('domain constraints are checked against every column using the domain unless NOT VALID'),
        detail: `now ${now.text}`,
      });
    }
    return parts;
  }
  return [
    {
      assessment: destructive('the type is re-created: columns using it must be converted'),
      detail: `now ${now.text}`,
    },
  ];
}
