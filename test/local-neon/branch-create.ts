/**
 * Creating a branch (`POST /branches` and the branch part of `POST /branch_anonymized`): checks in
 * Neon's order (400 bad input, 404 parent, 409 duplicate name, 422 limits, 423 lock), then the
 * record is inserted synchronously, so concurrent creates of one name give exactly one 201. The
 * data plane clones the parent at a checkpoint kept as the branch's fork point.
 */
import { assertUnlocked, connectionUri, isPoint, type LocalNeonCore, readPoint, resolvePoint } from './core.js';
import { ApiError, badRequest, conflict, notFound } from './errors.js';
import { checkExpiresAt } from './expires-at.js';
import { newPassword } from './ids.js';
import {
  type EndpointOptions,
  markActive,
  newEndpointRecord,
  parseEndpointOptions,
  serveEndpoint,
} from './endpoint-lifecycle.js';
import { branchJson, databaseJson, endpointJson, operationJson, roleJson } from './serialize.js';
import { type AnnotationRecord, type BranchRecord, type EndpointRecord, isoSeconds } from './state.js';

export interface CreateRequest {
  branch: Record<string, unknown>;
  endpoints: Partial<EndpointOptions>[];
  annotation?: Record<string, string>;
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${what} must be an object`);
  return value as Record<string, unknown>;
}

export function parseAnnotation(raw: unknown): Record<string, string> | undefined {
  if (raw === undefined || raw === null) return undefined;
  const o = asObject(raw, 'annotation_value');
  const entries = Object.entries(o);
  if (entries.length > 50) throw badRequest('annotation_value may hold at most 50 properties');
  for (const [k, v] of entries) if (typeof v !== 'string') throw badRequest(`annotation_value.${k} must be a string`);
  return o as Record<string, string>;
}

export function parseCreateRequest(body: unknown): CreateRequest {
  const o = asObject(body, 'request body');
  const endpointsRaw = o.endpoints ?? [];
  if (!Array.isArray(endpointsRaw)) throw badRequest('endpoints must be an array');
  const endpoints = endpointsRaw.map((e) => parseEndpointOptions(e, true));
  if (endpoints.filter((e) => e.type === 'read_write').length > 1) {
    throw badRequest('a branch can have only one read_write endpoint');
  }
  return { branch: asObject(o.branch, 'branch'), endpoints, annotation: parseAnnotation(o.annotation_value) };
}

export function validateBranchName(name: unknown): string {
  if (typeof name !== 'string' || name.length < 1 || name.length > 256) {
    throw badRequest('branch name must be 1 to 256 characters');
  }
  return name;
}

export function assertNameFree(core: LocalNeonCore, name: string, exceptId?: string): void {
  const other = core.state.branchByName(name);
  if (other && other.id !== exceptId) {
    throw conflict(`branch already exists; branch_name:${JSON.stringify(name)}`, 'BRANCH_ALREADY_EXISTS');
  }
  if (!core.options.deletedNamesHeld) return;
  for (const d of core.state.deletedBranches.values()) {
    if (d.branch.name === name && d.branch.id !== exceptId) {
      throw conflict(
        `branch already exists (deleted, recoverable until ${d.recoverableUntil}); branch_name:${JSON.stringify(name)}`,
        'BRANCH_ALREADY_EXISTS',
      );
    }
  }
}

export function assertBranchLimit(core: LocalNeonCore, root: boolean): void {
  const { branchLimit, rootBranchLimit } = core.options;
  if (core.state.branches.size >= branchLimit) {
    throw new ApiError(
      422,
      `branches limit of ${branchLimit} exceeded, got ${core.state.branches.size}`,
      'BRANCHES_LIMIT_EXCEEDED',
    );
  }
  if (root && core.state.rootBranchCount() >= rootBranchLimit) {
    throw new ApiError(
      422,
      `root branches limit of ${rootBranchLimit} exceeded, got ${core.state.rootBranchCount()}`,
      'ROOT_BRANCHES_LIMIT_EXCEEDED',
    );
  }
}

export interface CreatedBranch {
  branch: BranchRecord;
  endpoints: EndpointRecord[];
  body: Record<string, unknown>;
  /** Resolves when the operations settled (true when they finished). */
  settled: Promise<boolean>;
}

export async function createBranch(
  core: LocalNeonCore,
  req: CreateRequest,
  extra: { configure?: (b: BranchRecord) => void } = {},
): Promise<CreatedBranch> {
  const { state, dataPlane } = core;
  const spec = req.branch;
  const schemaOnly = spec.init_source === 'schema-only';
  if (spec.init_source !== undefined && spec.init_source !== 'schema-only' && spec.init_source !== 'parent-data') {
    throw badRequest('init_source must be schema-only or parent-data');
  }
  const name = spec.name === undefined ? undefined : validateBranchName(spec.name);
  const parentId = typeof spec.parent_id === 'string' && spec.parent_id !== '' ? spec.parent_id : undefined;
  const parent = parentId ? state.branches.get(parentId) : state.defaultBranch();
  if (!parent) throw notFound(`parent branch ${parentId} not found`);
  const point = readPoint((k) => spec[k], 'parent_lsn', 'parent_timestamp');
  const protectedFlag = spec.protected === true;
  let expiry: { expiresAt: string; ttlSeconds: number } | undefined;
  if (spec.expires_at !== undefined && spec.expires_at !== null) {
    const check = checkExpiresAt(spec.expires_at);
    if (!check.ok) throw badRequest(check.message);
    if (protectedFlag) throw badRequest('expires_at cannot be set on a protected branch');
    expiry = check;
  }
  if (parent.expiresAt && !schemaOnly) throw badRequest('cannot create a branch from a branch with an expiration time');
  if (parent.metadataOnly) throw badRequest(`parent branch ${parent.id} is metadata-only (seeded) and holds no data`);
  const checkpoint = isPoint(point) ? resolvePoint(core, parent.id, point) : undefined;
  if (name !== undefined) assertNameFree(core, name);
  assertBranchLimit(core, schemaOnly);
  assertUnlocked(core);

  const now = isoSeconds();
  const id = state.newBranchId();
  const copied = state.copyRolesAndDatabases(parent, now, parent.protected ? newPassword : undefined);
  const forkKey = checkpoint?.key ?? `fork-${id}`;
  const branch: BranchRecord = {
    id,
    name: name ?? id,
    ...(schemaOnly
      ? {}
      : {
          parentId: parent.id,
          parentLsn: checkpoint?.lsn ?? state.nextLsn(),
          parentTimestamp: checkpoint?.timestamp ?? now,
        }),
    createdAt: now,
    updatedAt: now,
    stateChangedAt: now,
    currentState: 'init',
    pendingState: 'ready',
    isDefault: false,
    protected: protectedFlag,
    ...(expiry ? { expiresAt: expiry.expiresAt, ttlIntervalSeconds: expiry.ttlSeconds } : {}),
    initSource: schemaOnly ? 'schema-only' : 'parent-data',
    creationSource: 'local-neon',
    roles: copied.roles,
    databases: copied.databases,
    metadataOnly: false,
    forkCheckpoint: schemaOnly || checkpoint ? undefined : forkKey,
  };
  if (req.annotation)
    branch.annotation = { value: { ...req.annotation }, createdAt: now, updatedAt: now } satisfies AnnotationRecord;
  extra.configure?.(branch);
  state.branches.set(id, branch);
  if (branch.forkCheckpoint) {
    state.checkpoints.push({
      key: forkKey,
      branchId: parent.id,
      lsn: branch.parentLsn!,
      timestamp: branch.parentTimestamp!,
    });
  }
  const endpoints = req.endpoints.map((opts) => newEndpointRecord(core, id, opts));
  for (const e of endpoints) state.endpoints.set(e.id, e);

  const created = (async () => {
    if (!checkpoint) await dataPlane.checkpoint(parent.id, forkKey);
    await dataPlane.createBranch(id, {
      fromCheckpoint: forkKey,
      schemaOnly,
      databases: branch.databases.map((d) => d.name),
      roles: branch.roles.map((r) => ({ name: r.name, password: r.password })),
    });
    if (schemaOnly && !checkpoint) await dataPlane.dropCheckpoint(forkKey);
  })();
  const started = endpoints.map((e) => serveEndpoint(core, e, created));
  let resolveSettled: (ok: boolean) => void = () => undefined;
  const settled = new Promise<boolean>((resolve) => (resolveSettled = resolve));
  const ops = core.runner.start(
    [
      { action: 'create_branch', branchId: id },
      ...endpoints.map((e) => ({ action: 'start_compute', branchId: id, endpointId: e.id })),
    ],
    async () => {
      await Promise.all([created, ...started]);
    },
    (outcome) => {
      if (outcome.ok) {
        const t = isoSeconds();
        branch.currentState = 'ready';
        branch.pendingState = undefined;
        branch.stateChangedAt = t;
        markActive(endpoints);
      }
      resolveSettled(outcome.ok);
    },
  );

  const projectId = state.project.id;
  const body: Record<string, unknown> = {
    branch: branchJson(branch, projectId),
    endpoints: endpoints.map((e) => endpointJson(e, projectId)),
    operations: ops.map((op) => operationJson(op, projectId)),
    roles: branch.roles.map((r) => roleJson(r, id, true)),
    databases: branch.databases.map((d) => databaseJson(d, id)),
  };
  const rw = endpoints.find((e) => e.type === 'read_write');
  if (rw?.ports && parent.roles.length === 1 && parent.databases.length === 1) {
    const ports = await rw.ports.catch(() => undefined);
    if (ports) {
      const role = branch.roles[0];
      const db = branch.databases[0].name;
      body.connection_uris = [
        {
          connection_uri: connectionUri(role, db, ports.port),
          connection_parameters: {
            database: db,
            password: role.password,
            role: role.name,
            host: `127.0.0.1:${ports.port}`,
            pooler_host: `127.0.0.1:${ports.pooledPort}`,
          },
        },
      ];
    }
  }
  return { branch, endpoints, body, settled };
}
