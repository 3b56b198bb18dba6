import { NeonRequestError } from './errors.js';
import { OPERATIONS, type OperationId } from './generated/operations.js';
import type { Operations } from './generated/types.js';

/** Parameters of one call, untyped (for the `api` command, which takes an operationId from the user). */
export interface RawCallParams {
  path?: Record<string, string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** False when every key of T is optional (an empty object would do). */
type HasRequiredKey<T> = Record<never, never> extends T ? false : true;
type Slot<Name extends string, T> = HasRequiredKey<T> extends true ? { [K in Name]: T } : { [K in Name]?: T };
type BodySlot<B> = [B] extends [undefined] ? { body?: undefined } : undefined extends B ? { body?: B } : { body: B };

/** Typed parameters of a call: required path/query/body slots are required here too. */
export type CallParams<Id extends OperationId> = Slot<'path', Operations[Id]['path']> &
  Slot<'query', Operations[Id]['query']> &
  BodySlot<Operations[Id]['body']>;

/** A request ready to send: the method, the path with its query string, and the JSON body if any. */
export interface PreparedRequest {
  operationId: OperationId;
  method: string;
  /** The path with parameters filled in, no query string: safe to log. */
  path: string;
  /** `path` plus the encoded query string. */
  pathWithQuery: string;
  body: string | undefined;
}

export function isOperationId(value: string): value is OperationId {
  return Object.hasOwn(OPERATIONS, value);
}

/**
 * Checks parameters against the operation and builds the request. Path parameters are URL-encoded;
 * query arrays repeat the key (`a=1&a=2`, OpenAPI's default `form` style), booleans are `true`/`false`.
 */
export function prepareRequest(operationId: string, params: RawCallParams = {}): PreparedRequest {
  if (!isOperationId(operationId)) {
    throw new NeonRequestError(`Unknown Neon API operation "${operationId}"`);
  }
  const spec = OPERATIONS[operationId];
  const pathValues = params.path ?? {};
  const queryValues = params.query ?? {};
  const declaredPath = spec.params.filter((p) => p.in === 'path').map((p) => p.name as string);

  for (const name of Object.keys(pathValues)) {
    if (!declaredPath.includes(name)) {
      throw new NeonRequestError(
        `${operationId} has no path parameter "${name}"; it takes ${declaredPath.join(', ') || 'none'}`,
      );
    }
  }
  let path: string = spec.path;
  for (const name of declaredPath) {
    const value = pathValues[name];
    if (value === undefined || value === null || String(value) === '') {
      throw new NeonRequestError(`${operationId} needs the path parameter "${name}"`);
    }
    path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
  }
  for (const p of spec.params) {
    if (p.in === 'query' && p.required && queryValues[p.name] === undefined) {
      throw new NeonRequestError(`${operationId} needs the query parameter "${p.name}"`);
    }
  }

  const query = serialiseQuery(operationId, queryValues);
  let body: string | undefined;
  const media = spec.body && 'contentType' in spec.body ? spec.body.contentType : undefined;
  if (media !== undefined)
    throw new NeonRequestError(`${operationId} takes a ${media} body, which this client does not send (it sends JSON)`);
  if (params.body !== undefined) {
    if (spec.body === null) throw new NeonRequestError(`${operationId} takes no request body`);
    body = JSON.stringify(params.body);
  } else if (spec.body?.required) {
    throw new NeonRequestError(`${operationId} needs a request body`);
  }
  return { operationId, method: spec.method, path, pathWithQuery: query ? `${path}?${query}` : path, body };
}

function serialiseQuery(operationId: string, values: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const name of Object.keys(values).sort()) {
    const value = values[name];
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(name, scalarToString(operationId, name, item));
    }
  }
  return search.toString();
}

function scalarToString(operationId: string, name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  throw new NeonRequestError(`${operationId}: query parameter "${name}" must be a string, number or boolean`);
}
