/**
 * The contract check: every answer of the local Neon is validated against the response schema of
 * its operation in the official OpenAPI description (ajv + ajv-formats, `$ref`s resolved inside
 * the document, OpenAPI 3.0 `nullable` rewritten to JSON Schema). Violations are recorded, both per
 * server and process-wide, so any suite that starts a local Neon can assert there are none.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { loadSpec } from '../../scripts/openapi-spec.mjs';

const SPEC_ID = 'neon-openapi-v2';

export interface ContractViolation {
  operationId: string;
  method: string;
  path: string;
  status: number;
  errors: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** OpenAPI 3.0 `nullable: true` → `anyOf: [schema, {type: 'null'}]`, everywhere in the tree. */
export function rewriteNullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = rewriteNullable(v);
  if (node.nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

function pointer(segments: string[]): string {
  return `#/${segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
}

interface OperationIndexEntry {
  /** status code (or 'default') → JSON pointer of the response schema, null when there is no body. */
  responses: Map<string, string | null>;
}

class ContractValidator {
  private readonly ajv: Ajv;
  private readonly operations = new Map<string, OperationIndexEntry>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(spec: { [key: string]: Json }) {
    const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    // The description uses `format: int` once (BranchesCountResponse.count).
    this.ajv.addFormat('int', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addSchema({ ...(rewriteNullable(spec) as object), $id: SPEC_ID });
    const paths = spec.paths as { [path: string]: { [method: string]: any } };
    const responsesComponents = (spec.components as any).responses as { [name: string]: any };
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op || typeof op !== 'object' || !op.operationId) continue;
        const responses = new Map<string, string | null>();
        for (const [status, response] of Object.entries(op.responses ?? {}) as [string, any][]) {
          let base = ['paths', path, method, 'responses', status];
          let resolved = response;
          if (response.$ref) {
            const name = String(response.$ref).split('/').pop()!;
            base = ['components', 'responses', name];
            resolved = responsesComponents[name];
          }
          responses.set(
            status,
            resolved?.content?.['application/json']?.schema
              ? pointer([...base, 'content', 'application/json', 'schema'])
              : null,
          );
        }
        this.operations.set(op.operationId, { responses });
      }
    }
  }

  private compile(ref: string): ValidateFunction {
    const cacheKey = `${SPEC_ID}${ref}`;
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile({ $ref: cacheKey });
      this.compiled.set(cacheKey, validate);
    }
    return validate;
  }

  /** Compile every response schema of these operations now (so no answer waits for a compile). */
  warm(operationIds: Iterable<string>): void {
    for (const id of operationIds) {
      for (const ref of this.operations.get(id)?.responses.values() ?? []) if (ref) this.compile(ref);
    }
  }

  /** Error strings; empty when the body matches the schema of (operationId, status). */
  check(operationId: string, status: number, body: unknown): string[] {
    const op = this.operations.get(operationId);
    if (!op) return [`operationId ${operationId} is not in the description`];
    const key = op.responses.has(String(status)) ? String(status) : 'default';
    if (!op.responses.has(key)) return [`status ${status} is not documented for ${operationId}`];
    const ref = op.responses.get(key)!;
    if (ref === null) return body === undefined ? [] : [`status ${status} of ${operationId} must have no body`];
    if (body === undefined) return [`status ${status} of ${operationId} must have a JSON body`];
    const validate = this.compile(ref);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  }
}

/** Thrown by `LocalNeon.close()` when answers broke the official description. */
export class ContractViolationError extends Error {
  constructor(readonly violations: readonly ContractViolation[]) {
    super(
      `the local Neon gave ${violations.length} answer(s) that break the official description:\n` +
        violations
          .slice(0, 5)
          .map((v) => `  ${v.method} ${v.path} → ${v.status} (${v.operationId}): ${v.errors.slice(0, 3).join('; ')}`)
          .join('\n'),
    );
    this.name = 'ContractViolationError';
  }
}

let shared: ContractValidator | undefined;

function validator(): ContractValidator {
  shared ??= new ContractValidator(loadSpec() as { [key: string]: Json });
  return shared;
}

const processViolations: ContractViolation[] = [];

/** Every violation recorded by any local Neon in this process. */
export function allContractViolations(): readonly ContractViolation[] {
  return processViolations;
}

export class ContractRecorder {
  private readonly violations: ContractViolation[] = [];

  constructor(operationIds: Iterable<string> = []) {
    validator().warm(operationIds);
  }

  record(entry: Omit<ContractViolation, 'errors'>, body: unknown): ContractViolation | undefined {
    const errors = validator().check(entry.operationId, entry.status, body);
    if (errors.length === 0) return undefined;
    const violation = { ...entry, errors };
    this.violations.push(violation);
    processViolations.push(violation);
    return violation;
  }

  list(): readonly ContractViolation[] {
    return this.violations;
  }
}
