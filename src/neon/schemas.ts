/**
 * Runtime checks of Neon responses. The schemas themselves are generated from the OpenAPI description
 * (generated/schemas.ts, written by `npm run generate`; which fields are checked is listed in
 * scripts/generate-client.mjs), so the checks and the generated types cannot disagree. What stays here
 * is not in the description: how an answer is checked and how a failure is worded.
 *
 * RESPONSE_SCHEMAS is the one list of what each operation the commands read answers with:
 * `NeonClient.call` checks an answer of these operations against its schema and returns it typed, so a
 * call names its operation once. Operations not listed come back as the generated types say, unchecked
 * (and `callRaw`, the `api` command's path, checks nothing).
 */
import type { z } from 'zod';
import { NeonResponseShapeError } from './errors.js';
import { RESPONSE_SCHEMAS } from './generated/schemas.js';
import type { OperationId } from './generated/operations.js';
import type { Operations } from './generated/types.js';

export * from './generated/schemas.js';

/** What `call(id)` answers: the checked shape for a listed operation, else the generated type. */
export type ResponseOf<Id extends OperationId> = Id extends keyof typeof RESPONSE_SCHEMAS
  ? z.output<(typeof RESPONSE_SCHEMAS)[Id]>
  : Operations[Id]['response'];

/** The answer checked when the operation is listed (an answer without a body is left as it is). */
export function checkResponse(id: OperationId, data: unknown): unknown {
  const schema = (RESPONSE_SCHEMAS as Partial<Record<OperationId, z.ZodType>>)[id];
  return schema && data !== undefined ? parse(schema, data, id) : data;
}

/**
 * Validates `data` and returns it typed, or throws naming the first bad field:
 * `Neon API response for listProjectBranches: branches[3].id is missing`.
 * The message names the field and its type only, never its value (values may be secrets).
 */
export function parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = formatPath(issue.path);
  const value = valueAt(data, issue.path);
  let problem: string;
  if (value === undefined) problem = 'is missing';
  else if (issue.code === 'invalid_type') problem = `is ${describeType(value)}, expected ${issue.expected}`;
  else problem = `is invalid (${issue.message})`;
  throw new NeonResponseShapeError(`Neon API response for ${what}: ${where || 'the body'} ${problem}`);
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text;
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
