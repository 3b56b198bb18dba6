/**
 * Endpoint records and their data-plane side: a compute is served on two loopback ports by
 * `DataPlane.startEndpoint`, checking credentials of whatever branch the endpoint is on now.
 */
import type { LocalNeonCore } from './core.js';
import { badRequest } from './errors.js';
import { type EndpointRecord, isoSeconds } from './state.js';

export interface EndpointOptions {
  type: 'read_write' | 'read_only';
  name?: string;
  minCu: number;
  maxCu: number;
  suspendTimeoutSeconds: number;
  settings: Record<string, unknown>;
  disabled: boolean;
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${what} must be an object`);
  return value as Record<string, unknown>;
}

/** Validate endpoint options from a request (branch create or endpoint create/update). */
export function parseEndpointOptions(raw: unknown, requireType: boolean): Partial<EndpointOptions> {
  const o = asObject(raw, 'endpoint');
  const out: Partial<EndpointOptions> = {};
  if (o.type !== undefined || requireType) {
    if (o.type !== 'read_write' && o.type !== 'read_only')
      throw badRequest('endpoint type must be read_write or read_only');
    out.type = o.type;
  }
  for (const [key, field] of [
    ['autoscaling_limit_min_cu', 'minCu'],
    ['autoscaling_limit_max_cu', 'maxCu'],
  ] as const) {
    if (o[key] === undefined) continue;
    if (typeof o[key] !== 'number' || o[key] < 0.25) throw badRequest(`${key} must be a number >= 0.25`);
    out[field] = o[key];
  }
  if (out.minCu !== undefined && out.maxCu !== undefined && out.minCu > out.maxCu) {
    throw badRequest('autoscaling_limit_min_cu must not exceed autoscaling_limit_max_cu');
  }
  if (o.suspend_timeout_seconds !== undefined) {
    const s = o.suspend_timeout_seconds;
    if (typeof s !== 'number' || !Number.isInteger(s) || s < -1 || s > 604_800 || (s > 0 && s < 60)) {
      throw badRequest('suspend_timeout_seconds must be -1, 0, or between 60 and 604800');
    }
    out.suspendTimeoutSeconds = s;
  }
  if (o.name !== undefined) {
    if (typeof o.name !== 'string' || o.name.length < 1 || o.name.length > 64) {
      throw badRequest('endpoint name must be 1 to 64 characters');
    }
    out.name = o.name;
  }
  if (o.settings !== undefined) out.settings = asObject(o.settings, 'settings');
  if (o.disabled !== undefined) out.disabled = o.disabled === true;
  return out;
}

export function newEndpointRecord(
  core: LocalNeonCore,
  branchId: string,
  opts: Partial<EndpointOptions>,
): EndpointRecord {
  const now = isoSeconds();
  return {
    id: core.state.newEndpointId(),
    branchId,
    type: opts.type ?? 'read_write',
    name: opts.name,
    currentState: 'init',
    pendingState: 'active',
    minCu: opts.minCu ?? 0.25,
    maxCu: opts.maxCu ?? Math.max(opts.minCu ?? 0.25, 2),
    suspendTimeoutSeconds: opts.suspendTimeoutSeconds ?? 0,
    disabled: opts.disabled ?? false,
    settings: opts.settings ?? {},
    createdAt: now,
    updatedAt: now,
  };
}

/** Ask the data plane to serve `endpoint` once `ready` resolves (the branch exists). */
export function serveEndpoint(core: LocalNeonCore, endpoint: EndpointRecord, ready: Promise<unknown>): Promise<void> {
  const { state, dataPlane } = core;
  const ports = ready.then(() =>
    dataPlane.startEndpoint(endpoint.id, endpoint.branchId, {
      credentials: () => {
        const current = state.endpoints.get(endpoint.id);
        const branch = current && state.branches.get(current.branchId);
        return branch ? branch.roles.map((r) => ({ name: r.name, password: r.password })) : [];
      },
      databases: () => {
        const current = state.endpoints.get(endpoint.id);
        const branch = current && state.branches.get(current.branchId);
        return branch ? branch.databases.map((d) => d.name) : [];
      },
    }),
  );
  endpoint.ports = ports;
  // Handled here; callers awaiting `endpoint.ports` still see a rejection.
  return ports.then(() => undefined);
}

/** Mark endpoints active once their start operation finished. */
export function markActive(endpoints: EndpointRecord[]): void {
  const now = isoSeconds();
  for (const e of endpoints) {
    e.currentState = 'active';
    e.pendingState = undefined;
    e.startedAt = now;
    e.updatedAt = now;
  }
}
