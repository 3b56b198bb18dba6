/**
 * `parseSchema`: one parse of a whole dump with the real Postgres grammar, then one pass over its
 * statements into a SchemaModel. Statements that carry no schema object compare-schema reports
 * (comments, grants, owners, policies, statistics, rules…) are skipped.
 */
import { runSteps, type Steps } from '../basics/steps.js';
import type { Node } from './ast.js';
import { emptySchemaModel, type SchemaModel } from './model.js';
import { normalizeDump } from './normalize-dump.js';
import { lineOfByte, type Parser, parseTolerant, type RawStatement } from './parser.js';
import {
  readAlterSequence,
  readBaseType,
  readCompositeType,
  readCreateSequence,
  readDomain,
  readEnum,
  readExtension,
  readFunction,
  readMaterializedView,
  readRange,
  readSchema,
  readView,
} from './read-objects.js';
import { readAlterTable, readCreateTable, readIndex, readTrigger } from './read-tables.js';
import { SourceText } from './source-text.js';

/** Parses a dump (normalised first: meta-commands and the SET preamble removed). */
export function parseSchema(parser: Parser, sql: string): SchemaModel {
  return parseNormalizedSchema(parser, normalizeDump(sql));
}

/**
 * Parses SQL that `normalizeDump` has already cleaned. A statement too deeply nested to read (by
 * the parser, or by the walk over its tree) is left out; its line goes to `unread` when given.
 */
export function parseNormalizedSchema(parser: Parser, sql: string, unread?: number[]): SchemaModel {
  const tree = parseTolerant(parser, sql);
  unread?.push(...tree.unread);
  const source = new SourceText(sql);
  return readStatements(sourced(tree.stmts, sql, source), unread);
}

/** Statements parsed from `sql` whole, read against it. */
export function sourced(stmts: RawStatement[], sql: string, source: SourceText): SourcedStatement[] {
  return stmts.map((raw) => ({ raw, source, line: () => lineOfByte(sql, raw.stmt_location ?? 0) }));
}

/** A parsed statement, the text its byte offsets point into, and its line in the dump it is read for. */
export interface SourcedStatement {
  raw: RawStatement;
  source: SourceText;
  line: () => number;
}

/** Reads statements, in order, into a new SchemaModel; one too deeply nested to walk goes to `unread`. */
export function readStatements(statements: Iterable<SourcedStatement>, unread?: number[]): SchemaModel {
  return runSteps(readStatementsInSteps(statements, unread));
}

/** Statements read between two points where other work may run. */
const STATEMENTS_PER_STEP = 500;

/** `readStatements` in steps of a few hundred statements (see basics/steps.ts). */
export function* readStatementsInSteps(statements: Iterable<SourcedStatement>, unread?: number[]): Steps<SchemaModel> {
  const model = emptySchemaModel();
  let read = 0;
  for (const { raw, source, line } of statements) {
    try {
      readStatement(model, source, raw);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      unread?.push(line());
    }
    if (++read % STATEMENTS_PER_STEP === 0) yield;
  }
  return model;
}

function readStatement(model: SchemaModel, source: SourceText, raw: RawStatement): void {
  {
    const stmt = raw.stmt;
    const [type] = Object.keys(stmt) as (keyof Node)[];
    const text = () => source.statement(raw.stmt_location, raw.stmt_len);
    switch (type) {
      case 'CreateStmt':
        readCreateTable(model, source, stmt.CreateStmt!);
        break;
      case 'CreateForeignTableStmt':
        readCreateTable(model, source, stmt.CreateForeignTableStmt!.base!);
        break;
      case 'AlterTableStmt':
        readAlterTable(model, source, stmt.AlterTableStmt!, text());
        break;
      case 'IndexStmt':
        readIndex(model, stmt.IndexStmt!, text());
        break;
      case 'CreateTrigStmt':
        readTrigger(model, stmt.CreateTrigStmt!, text());
        break;
      case 'ViewStmt':
        readView(model, stmt.ViewStmt!, text());
        break;
      case 'CreateTableAsStmt':
        readMaterializedView(model, stmt.CreateTableAsStmt!, text());
        break;
      case 'CreateFunctionStmt':
        readFunction(model, stmt.CreateFunctionStmt!, text());
        break;
      case 'CreateSeqStmt':
        readCreateSequence(model, stmt.CreateSeqStmt!, text());
        break;
      case 'AlterSeqStmt':
        readAlterSequence(model, stmt.AlterSeqStmt!);
        break;
      case 'CreateEnumStmt':
        readEnum(model, stmt.CreateEnumStmt!, text());
        break;
      case 'CompositeTypeStmt':
        readCompositeType(model, stmt.CompositeTypeStmt!, text());
        break;
      case 'CreateDomainStmt':
        readDomain(model, stmt.CreateDomainStmt!, text());
        break;
      case 'CreateRangeStmt':
        readRange(model, stmt.CreateRangeStmt!, text());
        break;
      case 'DefineStmt':
        readBaseType(model, stmt.DefineStmt!, text());
        break;
      case 'CreateExtensionStmt':
        readExtension(model, stmt.CreateExtensionStmt!, text());
        break;
      case 'CreateSchemaStmt':
        readSchema(model, stmt.CreateSchemaStmt!, text());
        break;
      default:
        break;
    }
  }
}
