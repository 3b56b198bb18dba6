/** Shared by the schema tests: one parser per test file, and a short way to diff two SQL texts. */
import { type Parser, loadParser } from '../../src/schema/parser.js';
import { diffSchemas } from '../../src/schema/review.js';
import { parseSchema } from '../../src/schema/parse-schema.js';
import type { Change } from '../../src/schema/types.js';

let shared: Promise<Parser> | undefined;

export function parser(): Promise<Parser> {
  shared ??= loadParser();
  return shared;
}

/** The changes from `before` to `after` (plain SQL or dumps). */
export async function changesBetween(before: string, after: string): Promise<Change[]> {
  const p = await parser();
  return diffSchemas(parseSchema(p, before), parseSchema(p, after), 'neondb');
}

/** `kind action object risk` per change, sorted, for compact assertions. */
export function summarize(changes: readonly Change[]): string[] {
  return changes.map((c) => `${c.kind} ${c.action} ${c.object}${c.from ? ` <- ${c.from}` : ''} ${c.risk}`).sort();
}
