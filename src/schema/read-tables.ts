/**
 * Reads tables, columns, constraints, indexes and triggers from parse-tree statements into a
 * SchemaModel: CREATE TABLE, the ALTER TABLE forms pg_dump writes (ADD CONSTRAINT, SET DEFAULT,
 * ADD GENERATED … AS IDENTITY, SET (…), ATTACH PARTITION…), CREATE INDEX and CREATE TRIGGER.
 */
import {
  canonical,
  defElemValue,
  type Fields,
  type Node,
  referencedColumns,
  relationPath,
  stringList,
  typeInfo,
} from './ast.js';
import type { ColumnModel, ConstraintModel, ConstraintType, SchemaModel, TableModel } from './model.js';
import { oneLine, type SourceText, withoutConstraintName } from './source-text.js';

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  CONSTR_PRIMARY: 'primary key',
  CONSTR_UNIQUE: 'unique',
  CONSTR_FOREIGN: 'foreign key',
  CONSTR_CHECK: 'check',
  CONSTR_EXCLUSION: 'exclusion',
};
const CONSTRAINT_SUFFIX: Record<ConstraintType, string> = {
  'primary key': 'pkey',
  unique: 'key',
  'foreign key': 'fkey',
  check: 'check',
  exclusion: 'excl',
  other: 'con',
};
/** Not part of what a constraint is: its name, its validation state, where it was written. */
export const CONSTRAINT_KEY_OMIT = new Set(['conname', 'skip_validation', 'initially_valid', 'inh', 'relpersistence']);
export const INDEX_KEY_OMIT = new Set(['idxname', 'relation', 'concurrent', 'if_not_exists', 'idxcomment', 'inh']);
export const TRIGGER_KEY_OMIT = new Set(['trigname', 'relation', 'replace', 'inh', 'relpersistence']);

export function readCreateTable(model: SchemaModel, source: SourceText, stmt: Fields<'CreateStmt'>): void {
  const relation = stmt.relation!;
  if (relation.relpersistence === 't') return;
  const path = relationPath(relation);
  const table: TableModel = {
    path,
    schema: relation.schemaname ?? 'public',
    name: relation.relname!,
    persistence: relation.relpersistence === 'u' ? 'unlogged' : 'permanent',
    columns: new Map(),
    properties: new Map(),
  };
  for (const key of ['inhRelations', 'partbound', 'partspec', 'options', 'accessMethod', 'tablespacename'] as const) {
    if (stmt[key] !== undefined) table.properties.set(key, canonical(stmt[key], new Set(['inh'])));
  }
  model.tables.set(path, table);
  for (const element of stmt.tableElts ?? []) {
    if (element.ColumnDef) readColumn(model, source, table, element.ColumnDef);
    else if (element.Constraint) {
      const c = element.Constraint;
      const end = source.elementEnd(c.location!);
      addConstraint(model, table, c, source.slice(c.location!, end));
    }
  }
}

function readColumn(model: SchemaModel, source: SourceText, table: TableModel, def: Fields<'ColumnDef'>): void {
  const start = def.location!;
  const end = source.elementEnd(start);
  const column: ColumnModel = {
    name: def.colname!,
    position: table.columns.size,
    type: typeInfo(def.typeName),
    notNull: false,
    text: oneLine(source.slice(start, end)),
  };
  if (def.collClause) column.collation = stringList(def.collClause.collname).join('.');
  const constraints = (def.constraints ?? []).map((c) => c.Constraint!);
  constraints.forEach((c, i) => {
    const nextStart = constraints[i + 1]?.location ?? end;
    const text = () => oneLine(source.slice(c.location!, nextStart));
    switch (c.contype) {
      case 'CONSTR_NOTNULL':
        column.notNull = true;
        if (c.conname) column.notNullName = c.conname;
        break;
      case 'CONSTR_DEFAULT':
        column.defaultKey = canonical(c.raw_expr);
        column.defaultText = text().replace(/^DEFAULT\s+/i, '');
        break;
      case 'CONSTR_IDENTITY':
        setIdentity(model, table, column, c);
        break;
      case 'CONSTR_GENERATED':
        column.generatedKey = canonical(c.raw_expr);
        column.generatedText = text();
        break;
      case 'CONSTR_NULL':
        break;
      default: {
        const named = { ...c };
        if (named.contype === 'CONSTR_FOREIGN' && !named.fk_attrs) named.fk_attrs = [{ String: { sval: def.colname } }];
        else if (!named.keys && named.contype !== 'CONSTR_CHECK') named.keys = [{ String: { sval: def.colname } }];
        addConstraint(model, table, named, text(), def.colname);
      }
    }
  });
  table.columns.set(column.name, column);
}

function setIdentity(model: SchemaModel, table: TableModel, column: ColumnModel, c: Fields<'Constraint'>): void {
  column.identity = c.generated_when === 'a' ? 'always' : 'by default';
  const params = new Map<string, string>();
  let sequencePath = `${table.schema}.${table.name}_${column.name}_seq`;
  for (const option of c.options ?? []) {
    const d = option.DefElem!;
    if (d.defname === 'sequence_name') {
      const names = stringList(d.arg?.List?.items ?? (d.arg as Node[] | undefined));
      sequencePath = names.length === 1 ? `${table.schema}.${names[0]}` : names.join('.');
    } else params.set(d.defname!, defElemValue(d.arg));
  }
  model.sequences.set(sequencePath, {
    path: sequencePath,
    params,
    ownedBy: `${table.path}.${column.name}`,
    identity: true,
    text: `identity of ${table.path}.${column.name}`,
  });
}

function addConstraint(
  model: SchemaModel,
  table: TableModel,
  c: Fields<'Constraint'>,
  text: string,
  columnName?: string,
): void {
  if (c.contype === 'CONSTR_NOTNULL') {
    for (const name of stringList(c.keys)) {
      const column = table.columns.get(name);
      if (column) column.notNull = true;
    }
    return;
  }
  const type = CONSTRAINT_TYPES[c.contype ?? ''] ?? 'other';
  const name: string = c.conname ?? defaultConstraintName(table, type, c, columnName);
  const path = `${table.path}.${name}`;
  const constraint: ConstraintModel = {
    path,
    table: table.path,
    name,
    type,
    node: c,
    key: canonical(c, CONSTRAINT_KEY_OMIT),
    notValid: c.skip_validation === true,
    columns: referencedColumns(c),
    text: oneLine(withoutConstraintName(text)),
  };
  if (type === 'foreign key') {
    constraint.referencedTable = relationPath(c.pktable);
    constraint.referencedColumns = stringList(c.pk_attrs);
  }
  model.constraints.set(path, constraint);
}

/** Postgres' own default names: `t_pkey`, `t_a_key`, `t_a_fkey`, `t_a_check`. */
function defaultConstraintName(
  table: TableModel,
  type: ConstraintType,
  c: Fields<'Constraint'>,
  columnName?: string,
): string {
  if (type === 'primary key') return `${table.name}_pkey`;
  const columns = columnName ? [columnName] : stringList(c.keys ?? c.fk_attrs);
  return [table.name, ...columns, CONSTRAINT_SUFFIX[type]].join('_');
}

export function readAlterTable(
  model: SchemaModel,
  source: SourceText,
  stmt: Fields<'AlterTableStmt'>,
  text: string,
): void {
  if (stmt.objtype && stmt.objtype !== 'OBJECT_TABLE' && stmt.objtype !== 'OBJECT_FOREIGN_TABLE') return;
  const table = model.tables.get(relationPath(stmt.relation));
  if (!table) return;
  for (const item of stmt.cmds ?? []) {
    const cmd = item.AlterTableCmd!;
    const column = cmd.name ? table.columns.get(cmd.name) : undefined;
    switch (cmd.subtype) {
      case 'AT_AddConstraint': {
        const c = cmd.def!.Constraint!;
        addConstraint(model, table, c, source.slice(c.location!, source.elementEnd(c.location!)) || text);
        break;
      }
      case 'AT_ColumnDefault':
        if (!column) break;
        column.defaultKey = cmd.def ? canonical(cmd.def) : undefined;
        column.defaultText = cmd.def ? oneLine(text.replace(/^[\s\S]*?\bSET\s+DEFAULT\s+/i, '')) : undefined;
        break;
      case 'AT_AddIdentity':
        if (column) setIdentity(model, table, column, cmd.def!.Constraint!);
        break;
      case 'AT_SetNotNull':
        if (column) column.notNull = true;
        break;
      case 'AT_SetOptions':
      case 'AT_SetStatistics':
      case 'AT_SetStorage':
      case 'AT_SetCompression':
        if (!column) break;
        column.optionsKey = `${column.optionsKey ?? ''}${cmd.subtype}:${canonical(cmd.def)};`;
        column.optionsText = [
          column.optionsText,
          oneLine(text.replace(/^[\s\S]*?\bALTER\s+COLUMN\s+("(?:[^"]|"")+"|\S+)\s+/i, '')),
        ]
          .filter(Boolean)
          .join(', ');
        break;
      case 'AT_AttachPartition': {
        const partition = cmd.def!.PartitionCmd!;
        const child = model.tables.get(relationPath(partition.name));
        if (child) child.properties.set('partition of', `${table.path} ${canonical(partition.bound)}`);
        break;
      }
      case 'AT_ChangeOwner':
        break;
      default:
        table.properties.set(propertyName(cmd), canonical(cmd.def ?? cmd.name ?? true));
    }
  }
}

function propertyName(cmd: Fields<'AlterTableCmd'>): string {
  return String(cmd.subtype)
    .replace(/^AT_/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

export function readIndex(model: SchemaModel, stmt: Fields<'IndexStmt'>, text: string): void {
  const table = relationPath(stmt.relation);
  const name = stmt.idxname ?? '';
  const path = `${table}.${name}`;
  model.indexes.set(path, {
    path,
    table,
    name,
    node: stmt,
    key: canonical(stmt, INDEX_KEY_OMIT),
    columns: referencedColumns([stmt.indexParams, stmt.indexIncludingParams, stmt.whereClause]),
    text: oneLine(text),
  });
}

export function readTrigger(model: SchemaModel, stmt: Fields<'CreateTrigStmt'>, text: string): void {
  const table = relationPath(stmt.relation);
  const name = stmt.trigname ?? '';
  const path = `${table}.${name}`;
  model.triggers.set(path, {
    path,
    table,
    name,
    node: stmt,
    key: canonical(stmt, TRIGGER_KEY_OMIT),
    columns: new Set([...stringList(stmt.columns), ...referencedColumns(stmt.whenClause)]),
    text: oneLine(text),
  });
}
