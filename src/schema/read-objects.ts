/**
 * Reads the objects that are not tables from parse-tree statements: views and materialized views,
 * functions and procedures, sequences, types (enum, composite, domain, range), extensions, schemas.
 */
import {
  canonical,
  defElemValue,
  type Fields,
  type Node,
  qualifiedPath,
  relationPath,
  stringList,
  typeInfo,
} from './ast.js';
import type { SchemaModel, TypeModel } from './model.js';
import { oneLine } from './source-text.js';

export function readView(model: SchemaModel, stmt: Fields<'ViewStmt'>, text: string): void {
  const node = { query: stmt.query, aliases: stmt.aliases, options: stmt.options, check: stmt.withCheckOption };
  setView(model, relationPath(stmt.view), false, node, stringList(stmt.aliases), oneLine(text));
}

export function readMaterializedView(model: SchemaModel, stmt: Fields<'CreateTableAsStmt'>, text: string): void {
  if (stmt.objtype !== 'OBJECT_MATVIEW') return;
  const into = stmt.into!;
  const node = { query: stmt.query, colNames: into.colNames, options: into.options, accessMethod: into.accessMethod };
  const shown = oneLine(text.replace(/\s+WITH NO DATA\s*$/i, ''));
  setView(model, relationPath(into.rel), true, node, stringList(into.colNames), shown);
}

/** A view or materialized view: its definition's key and its output columns, from the query and the alias list. */
function setView(
  model: SchemaModel,
  path: string,
  materialized: boolean,
  node: { query: Node | undefined },
  aliases: string[],
  text: string,
): void {
  model.views.set(path, {
    path,
    materialized,
    node,
    key: canonical(node, new Set(['inh', 'relpersistence'])),
    outputColumns: outputColumns(node.query, aliases),
    outputSources: outputSources(node.query, aliases),
    text,
  });
}

/** A view's output columns (name -> expression key), from its alias list or its SELECT list. */
function outputColumns(query: Node | undefined, aliases: string[]): Map<string, string> {
  let select = query?.SelectStmt;
  while (select?.larg) select = select.larg;
  const out = new Map<string, string>();
  const targets = (select?.targetList ?? []).map((t) => t.ResTarget!);
  targets.forEach((target, i) => {
    const fields = target.val?.ColumnRef ? stringList(target.val.ColumnRef.fields) : [];
    const name = aliases[i] ?? target.name ?? fields[fields.length - 1] ?? `?column${i}?`;
    out.set(name, canonical(target.val));
  });
  for (const alias of aliases.slice(targets.length)) out.set(alias, '');
  return out;
}

/**
 * For output columns that are a bare column reference (`t.amount`, or `amount` when the query reads
 * one table), the table column they come from: if its type changes, the view's output does too.
 */
function outputSources(query: Node | undefined, aliases: string[]): Map<string, string> {
  const select = query?.SelectStmt;
  const out = new Map<string, string>();
  if (!select || select.larg) return out;
  const relations = new Map<string, string>();
  collectRelations(select.fromClause, relations);
  const only = relations.size === 1 ? [...relations.values()][0] : undefined;
  (select.targetList ?? []).forEach((item, i) => {
    const target = item.ResTarget!;
    const fields = target.val?.ColumnRef ? stringList(target.val.ColumnRef.fields) : [];
    const column = fields[fields.length - 1];
    if (!column) return;
    const table = fields.length === 2 ? relations.get(fields[0]) : fields.length === 1 ? only : undefined;
    if (table) out.set(aliases[i] ?? target.name ?? column, `${table}.${column}`);
  });
  return out;
}

/** Alias (or bare name) -> `schema.table` for each table in a FROM list, through joins. */
function collectRelations(items: Node[] | undefined, into: Map<string, string>): void {
  for (const item of items ?? []) {
    if (item.RangeVar)
      into.set(item.RangeVar.alias?.aliasname ?? item.RangeVar.relname ?? '', relationPath(item.RangeVar));
    else if (item.JoinExpr) collectRelations([item.JoinExpr.larg ?? {}, item.JoinExpr.rarg ?? {}], into);
  }
}

const ARGUMENT_MODES = new Set(['FUNC_PARAM_IN', 'FUNC_PARAM_INOUT', 'FUNC_PARAM_VARIADIC', 'FUNC_PARAM_DEFAULT']);

export function readFunction(model: SchemaModel, stmt: Fields<'CreateFunctionStmt'>, text: string): void {
  const name = qualifiedPath(stringList(stmt.funcname));
  const parameters = (stmt.parameters ?? []).map((p) => p.FunctionParameter!);
  const argTypes = parameters
    .filter((p) => ARGUMENT_MODES.has(p.mode ?? 'FUNC_PARAM_DEFAULT'))
    .map((p) => typeInfo(p.argType).display);
  const tableColumns = parameters.filter((p) => p.mode === 'FUNC_PARAM_TABLE');
  const returns =
    tableColumns.length > 0
      ? `TABLE(${tableColumns.map((p) => `${p.name} ${typeInfo(p.argType).display}`).join(', ')})`
      : stmt.returnType
        ? typeInfo(stmt.returnType).display
        : '';
  const path = `${name}(${argTypes.join(', ')})`;
  const node = {
    parameters: stmt.parameters,
    returnType: stmt.returnType,
    options: stmt.options,
    sql_body: stmt.sql_body,
    is_procedure: stmt.is_procedure,
  };
  const header = text.split(/\n/)[0] ?? text;
  model.functions.set(path, {
    path,
    name,
    argTypes,
    returns,
    procedure: stmt.is_procedure === true,
    key: canonical(node),
    text: oneLine(header),
  });
}

export function readCreateSequence(model: SchemaModel, stmt: Fields<'CreateSeqStmt'>, text: string): void {
  const path = relationPath(stmt.sequence);
  const params = new Map<string, string>();
  let ownedBy: string | undefined;
  for (const option of stmt.options ?? []) {
    const d = option.DefElem!;
    if (d.defname === 'owned_by') ownedBy = ownerPath(d.arg);
    else params.set(d.defname!, defElemValue(d.arg));
  }
  model.sequences.set(path, { path, params, ownedBy, identity: false, text: oneLine(text) });
}

export function readAlterSequence(model: SchemaModel, stmt: Fields<'AlterSeqStmt'>): void {
  const sequence = model.sequences.get(relationPath(stmt.sequence));
  if (!sequence) return;
  for (const option of stmt.options ?? []) {
    const d = option.DefElem!;
    if (d.defname === 'owned_by') sequence.ownedBy = ownerPath(d.arg);
    else sequence.params.set(d.defname!, defElemValue(d.arg));
  }
}

/** `OWNED BY t.c` as a List node, or as the bare list of names. */
function ownerPath(arg: Node | Node[] | undefined): string | undefined {
  const names = stringList(Array.isArray(arg) ? arg : arg?.List?.items);
  if (names.length === 1 && names[0] === 'none') return undefined;
  return names.length === 2 ? `public.${names.join('.')}` : names.join('.');
}

function addType(model: SchemaModel, type: Omit<TypeModel, 'values' | 'attributes'> & Partial<TypeModel>): void {
  model.types.set(type.path, { values: [], attributes: new Map(), ...type });
}

export function readEnum(model: SchemaModel, stmt: Fields<'CreateEnumStmt'>, text: string): void {
  const values = stringList(stmt.vals);
  addType(model, {
    path: qualifiedPath(stringList(stmt.typeName)),
    kind: 'enum',
    values,
    key: JSON.stringify(values),
    text: oneLine(text),
  });
}

export function readCompositeType(model: SchemaModel, stmt: Fields<'CompositeTypeStmt'>, text: string): void {
  const attributes = new Map<string, ReturnType<typeof typeInfo>>();
  for (const element of stmt.coldeflist ?? []) {
    const def = element.ColumnDef!;
    attributes.set(def.colname!, typeInfo(def.typeName));
  }
  addType(model, {
    path: relationPath(stmt.typevar),
    kind: 'composite',
    attributes,
    key: JSON.stringify([...attributes].map(([name, type]) => [name, type.key])),
    text: oneLine(text),
  });
}

export function readDomain(model: SchemaModel, stmt: Fields<'CreateDomainStmt'>, text: string): void {
  const baseType = typeInfo(stmt.typeName);
  const constraintsKey = canonical({ constraints: stmt.constraints, collation: stmt.collClause });
  addType(model, {
    path: qualifiedPath(stringList(stmt.domainname)),
    kind: 'domain',
    baseType,
    constraintsKey,
    key: `${baseType.key}|${constraintsKey}`,
    text: oneLine(text),
  });
}

export function readRange(model: SchemaModel, stmt: Fields<'CreateRangeStmt'>, text: string): void {
  const constraintsKey = canonical(stmt.params);
  addType(model, {
    path: qualifiedPath(stringList(stmt.typeName)),
    kind: 'range',
    constraintsKey,
    key: constraintsKey,
    text: oneLine(text),
  });
}

export function readBaseType(model: SchemaModel, stmt: Fields<'DefineStmt'>, text: string): void {
  if (stmt.kind !== 'OBJECT_TYPE') return;
  const key = canonical(stmt.definition ?? null);
  addType(model, { path: qualifiedPath(stringList(stmt.defnames)), kind: 'base', key, text: oneLine(text) });
}

export function readExtension(model: SchemaModel, stmt: Fields<'CreateExtensionStmt'>, text: string): void {
  const schemaOption = (stmt.options ?? []).find((o) => o.DefElem?.defname === 'schema');
  model.extensions.set(stmt.extname!, {
    name: stmt.extname!,
    schema: schemaOption ? defElemValue(schemaOption.DefElem!.arg) : undefined,
    text: oneLine(text),
  });
}

export function readSchema(model: SchemaModel, stmt: Fields<'CreateSchemaStmt'>, text: string): void {
  if (stmt.schemaname) model.schemas.set(stmt.schemaname, { name: stmt.schemaname, text: oneLine(text) });
}
