/**
 * What each migration statement does to the schema, in the terms of the review's Changes: the
 * object it adds, drops, alters or renames (as the dump's dotted path), and what only the statement
 * can tell: CONCURRENTLY, NOT VALID, VALIDATE, USING INDEX, an explicit RENAME, a USING clause.
 *
 * Statements are read in order with the renames they make applied to what came before, so that
 * `ADD COLUMN` on `accounts` followed by `RENAME accounts TO customers` reads as a column of
 * `customers`, the name the dump of the branch shows.
 */
import type { Fields, Node } from '../schema/ast.js';
import type { Parser } from '../schema/parser.js';
import type { ChangeKind } from '../schema/types.js';
import type { MigrationStatement } from './split.js';

export type EffectAction = 'added' | 'dropped' | 'altered' | 'renamed' | 'validated' | 'data';

export interface Effect {
  kind: ChangeKind;
  action: EffectAction;
  /** Dotted path as the dump names it (`public.orders.orders_user_idx`), after later renames. */
  object: string;
  /** For `renamed`: the old path. */
  from?: string;
  /**
   * For an index or constraint named without its table (`ALTER INDEX i RENAME`, `DROP INDEX i`):
   * only `schema.name` is known, and it is matched against `schema.<any table>.name`.
   */
  tableUnknown?: boolean;
  statement: MigrationStatement;
  /** `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`. */
  concurrently?: boolean;
  /** `ADD CONSTRAINT … NOT VALID`. */
  notValid?: boolean;
  /** `ADD CONSTRAINT … USING INDEX i`: the index it takes over. */
  usingIndex?: string;
  /** `ALTER COLUMN … TYPE … USING expr`: the expression as written. */
  using?: string;
  /** The USING expression is a plain cast of the column (or the column itself): it settles nothing. */
  usingIsPlainCast?: boolean;
  /**
   * For action `data`: how the statement removes data without changing the schema (TRUNCATE,
   * DELETE, UPDATE … SET col = NULL, a type change whose USING never reads the column).
   */
  removesData?: string;
}

const DEFAULT_SCHEMA = 'public';

/** The effects of the statements, in order; a statement the grammar refuses here (it parsed before) has none. */
export function effectsOf(parser: Parser, statements: readonly MigrationStatement[]): Effect[] {
  const effects: Effect[] = [];
  for (const statement of statements) {
    // a statement too deep for the grammar's stack (or for a walk over its tree) has no effects: the
    // review goes on with the others
    let found: Effect[];
    try {
      const node = parser.parse(statement.sql).stmts[0]?.stmt;
      found = node ? statementEffects(node, statement) : [];
    } catch {
      continue;
    }
    for (const effect of found) record(effects, effect);
  }
  return effects;
}

/** Adds an effect; a rename rewrites the paths of the effects before it to the new name. */
function record(effects: Effect[], effect: Effect): void {
  if (effect.action === 'renamed' && effect.from && (effect.kind === 'table' || effect.kind === 'column')) {
    const [from, to] = [effect.from, effect.object];
    for (const e of effects) {
      e.object = renamePrefix(e.object, from, to);
      if (e.from !== undefined && e.action !== 'renamed') e.from = renamePrefix(e.from, from, to);
    }
  }
  effects.push(effect);
}

function renamePrefix(path: string, from: string, to: string): string {
  if (path === from) return to;
  return path.startsWith(`${from}.`) ? `${to}${path.slice(from.length)}` : path;
}

function statementEffects(node: Node, statement: MigrationStatement): Effect[] {
  const at = { statement };
  const [type] = Object.keys(node) as (keyof Node)[];
  switch (type) {
    case 'CreateStmt':
      return [{ kind: 'table', action: 'added', object: relationPath(node.CreateStmt!.relation), ...at }];
    case 'IndexStmt': {
      const body = node.IndexStmt!;
      const table = relationPath(body.relation);
      if (!body.idxname) return [];
      return [
        { kind: 'index', action: 'added', object: `${table}.${body.idxname}`, concurrently: !!body.concurrent, ...at },
      ];
    }
    case 'AlterTableStmt': {
      const body = node.AlterTableStmt!;
      return body.objtype === 'OBJECT_TABLE' || body.objtype === undefined ? alterTableEffects(body, statement) : [];
    }
    case 'RenameStmt':
      return renameEffects(node.RenameStmt!, statement);
    case 'DropStmt':
      return dropEffects(node.DropStmt!, statement);
    case 'CreateEnumStmt':
    case 'CompositeTypeStmt':
    case 'CreateDomainStmt':
    case 'CreateRangeStmt': {
      const name =
        node.CreateEnumStmt?.typeName ??
        node.CompositeTypeStmt?.typevar?.relname ??
        node.CreateDomainStmt?.domainname ??
        node.CreateRangeStmt?.typeName;
      return [{ kind: 'type', action: 'added', object: namePath(name), ...at }];
    }
    case 'AlterEnumStmt': {
      const body = node.AlterEnumStmt!;
      if (body.newVal === undefined) return [];
      return [
        {
          kind: 'enum_value',
          action: body.oldVal ? 'renamed' : 'added',
          object: `${namePath(body.typeName)}.${body.newVal}`,
          ...(body.oldVal ? { from: `${namePath(body.typeName)}.${body.oldVal}` } : {}),
          ...at,
        },
      ];
    }
    case 'ViewStmt': {
      const body = node.ViewStmt!;
      return [{ kind: 'view', action: body.replace ? 'altered' : 'added', object: relationPath(body.view), ...at }];
    }
    case 'CreateTableAsStmt': {
      const body = node.CreateTableAsStmt!;
      return body.objtype === 'OBJECT_MATVIEW'
        ? [{ kind: 'materialized_view', action: 'added', object: relationPath(body.into?.rel), ...at }]
        : [];
    }
    case 'CreateSeqStmt':
      return [{ kind: 'sequence', action: 'added', object: relationPath(node.CreateSeqStmt!.sequence), ...at }];
    case 'CreateSchemaStmt': {
      const name = node.CreateSchemaStmt!.schemaname;
      return name ? [{ kind: 'schema', action: 'added', object: name, ...at }] : [];
    }
    case 'CreateExtensionStmt':
      return [{ kind: 'extension', action: 'added', object: node.CreateExtensionStmt!.extname ?? '', ...at }];
    case 'TruncateStmt':
      return (node.TruncateStmt!.relations ?? []).map((r) => ({
        kind: 'table' as const,
        action: 'data' as const,
        object: relationPath(r.RangeVar),
        removesData: 'TRUNCATE deletes every row',
        ...at,
      }));
    case 'DeleteStmt': {
      const body = node.DeleteStmt!;
      return [
        {
          kind: 'table',
          action: 'data',
          object: relationPath(body.relation),
          removesData: body.whereClause
            ? 'DELETE removes the rows its WHERE matches'
            : 'DELETE without WHERE removes every row',
          ...at,
        },
      ];
    }
    case 'UpdateStmt': {
      const body = node.UpdateStmt!;
      const table = relationPath(body.relation);
      return (body.targetList ?? [])
        .map((t) => t?.ResTarget)
        .filter((t) => t?.name && t.val?.A_Const?.isnull)
        .map((t) => ({
          kind: 'column' as const,
          action: 'data' as const,
          object: `${table}.${t!.name}`,
          removesData: `UPDATE … SET ${t!.name} = NULL erases its values`,
          ...at,
        }));
    }
    case 'CreateTrigStmt': {
      const body = node.CreateTrigStmt!;
      return [
        {
          kind: 'trigger',
          action: body.replace ? 'altered' : 'added',
          object: `${relationPath(body.relation)}.${body.trigname}`,
          ...at,
        },
      ];
    }
    default:
      return [];
  }
}

function alterTableEffects(body: Fields<'AlterTableStmt'>, statement: MigrationStatement): Effect[] {
  const table = relationPath(body.relation);
  const out: Effect[] = [];
  for (const item of body.cmds ?? []) {
    const cmd = item.AlterTableCmd;
    if (!cmd) continue;
    const at = { statement };
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const name = cmd.def?.ColumnDef?.colname;
        if (name) out.push({ kind: 'column', action: 'added', object: `${table}.${name}`, ...at });
        break;
      }
      case 'AT_DropColumn':
        out.push({ kind: 'column', action: 'dropped', object: `${table}.${cmd.name}`, ...at });
        break;
      case 'AT_AlterColumnType': {
        const expr = cmd.def?.ColumnDef?.raw_default;
        const using = expr ? expressionText(statement.sql, expr) : undefined;
        out.push({
          kind: 'column',
          action: 'altered',
          object: `${table}.${cmd.name}`,
          ...at,
          ...(using ? { using, usingIsPlainCast: isPlainCast(expr!, cmd.name ?? '') } : {}),
        });
        // USING NULL, USING 0, USING now(): every value replaced by one that never read the column,
        // a loss even where the type itself does not change
        if (expr && !readsAnyColumn(expr))
          out.push({
            kind: 'column',
            action: 'data',
            object: `${table}.${cmd.name}`,
            removesData: `USING ${using ?? 'an expression'} replaces every value without reading it`,
            ...at,
          });
        break;
      }
      case 'AT_AddConstraint': {
        const c = cmd.def?.Constraint;
        if (!c?.conname) break;
        out.push({
          kind: 'constraint',
          action: 'added',
          object: `${table}.${c.conname}`,
          ...at,
          ...(c.skip_validation ? { notValid: true } : {}),
          ...(c.indexname ? { usingIndex: c.indexname } : {}),
        });
        break;
      }
      case 'AT_ValidateConstraint':
        out.push({ kind: 'constraint', action: 'validated', object: `${table}.${cmd.name}`, ...at });
        break;
      case 'AT_DropConstraint':
        out.push({ kind: 'constraint', action: 'dropped', object: `${table}.${cmd.name}`, ...at });
        break;
      default:
        // SET/DROP NOT NULL, DEFAULT, identity, storage, statistics…: the column, altered
        if (typeof cmd.name === 'string' && cmd.subtype?.startsWith('AT_')) {
          out.push({ kind: 'column', action: 'altered', object: `${table}.${cmd.name}`, ...at });
        } else {
          out.push({ kind: 'table', action: 'altered', object: table, ...at });
        }
    }
  }
  return out;
}

/** The kind of change a statement's ObjectType (`renameType`, `removeType`) names. */
const OBJECT_KIND: Record<string, ChangeKind> = {
  OBJECT_TABLE: 'table',
  OBJECT_COLUMN: 'column',
  OBJECT_INDEX: 'index',
  OBJECT_TABCONSTRAINT: 'constraint',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized_view',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_TYPE: 'type',
  OBJECT_TRIGGER: 'trigger',
  OBJECT_SCHEMA: 'schema',
  OBJECT_EXTENSION: 'extension',
};

/** The object types a rename statement is read for, and their kinds. */
const RENAMED_KIND = kindsOf([
  'OBJECT_TABLE',
  'OBJECT_COLUMN',
  'OBJECT_INDEX',
  'OBJECT_TABCONSTRAINT',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_SEQUENCE',
  'OBJECT_TYPE',
  'OBJECT_TRIGGER',
  'OBJECT_SCHEMA',
]);

function kindsOf(objectTypes: readonly string[]): Record<string, ChangeKind> {
  return Object.fromEntries(objectTypes.map((t) => [t, OBJECT_KIND[t]!]));
}

function renameEffects(body: Fields<'RenameStmt'>, statement: MigrationStatement): Effect[] {
  const kind = RENAMED_KIND[body.renameType ?? ''];
  if (!kind || !body.newname) return [];
  const at = { statement, action: 'renamed' as const, kind };
  if (kind === 'column' || kind === 'constraint' || kind === 'trigger') {
    const table = relationPath(body.relation);
    if (!body.subname) return [];
    return [{ ...at, object: `${table}.${body.newname}`, from: `${table}.${body.subname}` }];
  }
  if (kind === 'schema') return body.subname ? [{ ...at, object: body.newname, from: body.subname }] : [];
  if (kind === 'type') {
    const old = namePath(body.object?.List?.items ?? body.object);
    const schema = old.slice(0, old.lastIndexOf('.'));
    return [{ ...at, object: `${schema}.${body.newname}`, from: old }];
  }
  const old = relationPath(body.relation);
  const schema = old.slice(0, old.lastIndexOf('.'));
  if (kind === 'index') return [{ ...at, object: `${schema}.${body.newname}`, from: old, tableUnknown: true }];
  return [{ ...at, object: `${schema}.${body.newname}`, from: old }];
}

/** The object types a DROP statement is read for (DROP of a column or constraint is an ALTER TABLE). */
const DROPPED_KIND = kindsOf([
  'OBJECT_TABLE',
  'OBJECT_INDEX',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_SEQUENCE',
  'OBJECT_TYPE',
  'OBJECT_SCHEMA',
  'OBJECT_EXTENSION',
]);

function dropEffects(body: Fields<'DropStmt'>, statement: MigrationStatement): Effect[] {
  const kind = DROPPED_KIND[body.removeType ?? ''];
  if (!kind) return [];
  const out: Effect[] = [];
  for (const object of body.objects ?? []) {
    const items = object.List?.items ?? (object.String ? [object] : object.TypeName?.names);
    if (!items) continue;
    const names = items.map((i) => i.String?.sval).filter((s): s is string => typeof s === 'string');
    if (names.length === 0) continue;
    const path =
      kind === 'schema' || kind === 'extension'
        ? names.join('.')
        : namePath(names.map((sval: string) => ({ String: { sval } })));
    out.push({
      kind,
      action: 'dropped',
      object: path,
      statement,
      ...(kind === 'index' ? { tableUnknown: true } : {}),
      ...(body.concurrent ? { concurrently: true } : {}),
    });
  }
  return out;
}

function relationPath(relation: Fields<'RangeVar'> | undefined): string {
  if (!relation) return '';
  return `${relation.schemaname ?? DEFAULT_SCHEMA}.${relation.relname}`;
}

/** `[schema.]name` from a list of String nodes. */
function namePath(names: unknown): string {
  if (typeof names === 'string') return `${DEFAULT_SCHEMA}.${names}`;
  const parts = (Array.isArray(names) ? names : [])
    .map((n: Node | undefined) => n?.String?.sval)
    .filter((s): s is string => typeof s === 'string');
  return parts.length === 1 ? `${DEFAULT_SCHEMA}.${parts[0]}` : parts.join('.');
}

/** Whether the expression reads a column anywhere (iteratively: a deep expression cannot overflow the stack). */
function readsAnyColumn(expr: unknown): boolean {
  const stack: unknown[] = [expr];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) for (const x of n) stack.push(x);
    else if (n && typeof n === 'object') {
      if ('ColumnRef' in n) return true;
      for (const x of Object.values(n)) stack.push(x);
    }
  }
  return false;
}

/** `col`, `col::type` or `CAST(col AS type)`: converts no differently than without USING. */
function isPlainCast(expr: Node, column: string): boolean {
  const inner = expr.TypeCast?.arg ?? expr;
  const fields = inner.ColumnRef?.fields;
  return Array.isArray(fields) && fields.at(-1)?.String?.sval === column;
}

/** The expression's text in the statement: from its first token to the next top-level comma or the end. */
function expressionText(sql: string, expr: Node): string | undefined {
  const start = firstLocation(expr);
  if (start === undefined) return undefined;
  const bytes = Buffer.from(sql, 'utf8');
  let depth = 0;
  let quote: number | undefined;
  let end = bytes.length;
  for (let i = start; i < bytes.length; i++) {
    const c = bytes[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === 0x27 || c === 0x22) quote = c;
    else if (c === 0x28) depth++;
    else if (c === 0x29) depth--;
    else if (c === 0x2c && depth === 0) {
      end = i;
      break;
    }
    if (depth < 0) {
      end = i;
      break;
    }
  }
  return bytes.subarray(start, end).toString('utf8').replace(/\s+/g, ' ').trim() || undefined;
}

function firstLocation(node: unknown): number | undefined {
  let min: number | undefined;
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) for (const x of n) stack.push(x);
    else if (n && typeof n === 'object') {
      for (const [key, value] of Object.entries(n)) {
        if (key === 'location' && typeof value === 'number' && value >= 0)
          min = min === undefined ? value : Math.min(min, value);
        else stack.push(value);
      }
    }
  }
  return min;
}
