/**
 * `api`: any of the 163 operations through the same client (retries, pacing, waiting). Parameters are
 * checked against the official description before any request; secrets in the answer are masked.
 */
import { type ApiSettings, parseApiSettings } from '../inputs/commands.js';
import { InputError, shown } from '../inputs/errors.js';
import { isOperationId, NeonRequestError, OPERATIONS, waitForOperations } from '../neon/index.js';
import { phase } from '../runtime/logger.js';
import type { Secrets } from '../runtime/secrets.js';
import type { CommandContext, CommandResult, SettingsSource } from './types.js';

export function parseSettings({ read }: SettingsSource): Promise<ApiSettings> {
  return parseApiSettings(read);
}

export async function run(ctx: CommandContext, settings: ApiSettings): Promise<CommandResult> {
  checkParams(settings.operation, settings.params);
  const { operation, params } = settings;
  const spec = OPERATIONS[operation as keyof typeof OPERATIONS];
  const path = { ...(params.path ?? {}) } as Record<string, string | number>;
  // project_id defaults to the project-id input where the operation takes one
  if (
    spec.params.some((p) => p.name === 'project_id' && p.in === 'path') &&
    path.project_id === undefined &&
    ctx.common.projectId
  )
    path.project_id = ctx.common.projectId;
  const response = await phase(`Neon API ${operation}`, async () => {
    let result: Awaited<ReturnType<typeof ctx.neon.callRaw>>;
    try {
      result = await ctx.neon.callRaw(operation, { path, query: params.query, body: params.body });
    } catch (e) {
      if (e instanceof NeonRequestError) throw new InputError('params', e.message);
      throw e;
    }
    ctx.log.info(`${spec.method} ${spec.path} answered ${result.status}`);
    return result.data;
  });
  const ops = (response as { operations?: { id: string; action: string; status: string }[] } | undefined)?.operations;
  if (settings.wait && Array.isArray(ops) && ops.length > 0 && path.project_id !== undefined) {
    await phase(`Waiting for ${ops.length} operation(s)`, () =>
      waitForOperations(ctx.neon, String(path.project_id), ops),
    );
  }
  return { outputs: { response: JSON.stringify(maskSecrets(response ?? null, ctx.secrets)) } };
}

/** Unknown operations, unknown path or query parameters, missing required ones, unknown body keys: refused. */
export function checkParams(operation: string, params: { path?: object; query?: object; body?: unknown }): void {
  if (!isOperationId(operation)) {
    const near = nearestOperations(operation);
    const hint = near.length > 0 ? `: did you mean ${near.join(', ')}?` : ', such as listProjectBranches';
    throw new InputError(
      'operation',
      `accepts an operationId of the Neon API v2 description; got ${shown(operation)}${hint}`,
    );
  }
  const spec = OPERATIONS[operation];
  for (const where of ['path', 'query'] as const) {
    const declared = spec.params.filter((p) => p.in === where).map((p) => p.name as string);
    for (const name of Object.keys(params[where] ?? {}))
      if (!declared.includes(name))
        throw new InputError(
          'params',
          `${where}.${name} is not a ${where} parameter of ${operation}; it takes ${declared.join(', ') || 'none'}`,
        );
  }
  for (const p of spec.params)
    if (p.required && p.in === 'query' && (params.query as Record<string, unknown> | undefined)?.[p.name] === undefined)
      throw new InputError('params', `query.${p.name} is required by ${operation}`);
  const body = params.body;
  if (body !== undefined) {
    if (spec.body === null) throw new InputError('params', `${operation} takes no body`);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const keys: readonly string[] = spec.body.keys;
      for (const key of Object.keys(body))
        if (!keys.includes(key))
          throw new InputError('params', `body.${key} is not accepted by ${operation}; it takes ${keys.join(', ')}`);
    }
  } else if (spec.body?.required)
    throw new InputError('params', `${operation} needs a body with ${spec.body.keys.join(', ')}`);
}

/**
 * The operationIds closest to `given`, at most three, nearest first: the same name in another case,
 * then the smallest edit distance (case ignored) within about a third of the name, and names that
 * hold every word of it (`listBranches` finds listProjectBranches).
 */
export function nearestOperations(given: string, ids: readonly string[] = Object.keys(OPERATIONS)): string[] {
  const wanted = given.trim().toLowerCase();
  if (wanted === '') return [];
  const words = given
    .split(/(?=[A-Z])|[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length > 1);
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored: { id: string; score: number }[] = [];
  for (const id of ids) {
    const lower = id.toLowerCase();
    const distance = editDistance(wanted, lower, limit + 1);
    const holdsAll = words.length > 1 && words.every((w) => lower.includes(w));
    if (distance <= limit) scored.push({ id, score: distance });
    else if (holdsAll) scored.push({ id, score: limit + 1 + (lower.length - wanted.length) / 100 });
  }
  return scored
    .sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : 1))
    .slice(0, 3)
    .map((s) => s.id);
}

/** Levenshtein distance, stopping at `cap` (anything further is `cap`). */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(value);
      best = Math.min(best, value);
    }
    if (best >= cap) return cap;
    previous = current;
  }
  return Math.min(previous[b.length], cap);
}

const SECRET_KEY = /password|secret|token|^key$|api_key|connection_uri|^uri$|^dsn$/i;
const URI_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]+:[^@\s]+@/i;

/** Replaces secret values with *** (and masks them in the log too, should they appear). */
export function maskSecrets(value: unknown, secrets: Secrets, key = ''): unknown {
  if (typeof value === 'string') {
    if (SECRET_KEY.test(key) || URI_WITH_PASSWORD.test(value)) {
      secrets.add(value);
      return '***';
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, secrets, key));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, secrets, k)]));
  return value;
}
