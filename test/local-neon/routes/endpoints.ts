/** Computes: create, list, get, update, delete, start, suspend, restart; and `GET /connection_uri`. */
import { assertUnlocked, connectionUri, endpointPorts, getBranch, getEndpoint } from '../core.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { markActive, newEndpointRecord, parseEndpointOptions, serveEndpoint } from '../endpoint-lifecycle.js';
import type { Route, RouteContext } from '../router.js';
import { endpointJson, operationJson } from '../serialize.js';
import { type EndpointRecord, isoSeconds, type OperationRecord } from '../state.js';
import { findDatabase, findRole } from './branches-read.js';

function endpointOps(ctx: RouteContext, e: EndpointRecord, ops: OperationRecord[]) {
  const projectId = ctx.core.state.project.id;
  return { endpoint: endpointJson(e, projectId), operations: ops.map((op) => operationJson(op, projectId)) };
}

function endpointBody(body: unknown): unknown {
  if (body === undefined || body === null || typeof body !== 'object')
    throw badRequest('request body must hold endpoint');
  const endpoint = (body as Record<string, unknown>).endpoint;
  if (endpoint === undefined) throw badRequest('endpoint is required');
  return endpoint;
}

function createEndpoint(ctx: RouteContext) {
  const { core } = ctx;
  const raw = endpointBody(ctx.body) as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null) throw badRequest('endpoint must be an object');
  if (typeof raw.branch_id !== 'string' || raw.branch_id === '') throw badRequest('endpoint.branch_id is required');
  const opts = parseEndpointOptions(raw, true);
  const branch = getBranch(core, raw.branch_id);
  if (branch.metadataOnly) throw badRequest('metadata-only (seeded) branches cannot have computes');
  if (opts.type === 'read_write' && core.state.endpointsOf(branch.id).some((e) => e.type === 'read_write')) {
    throw conflict('read-write endpoint already exists');
  }
  assertUnlocked(core);
  const endpoint = newEndpointRecord(core, branch.id, opts);
  core.state.endpoints.set(endpoint.id, endpoint);
  const started = serveEndpoint(core, endpoint, Promise.resolve());
  const ops = core.runner.start(
    [{ action: 'start_compute', branchId: branch.id, endpointId: endpoint.id }],
    () => started,
    (outcome) => {
      if (outcome.ok) markActive([endpoint]);
    },
  );
  return { status: 201, body: endpointOps(ctx, endpoint, ops) };
}

function updateEndpoint(ctx: RouteContext) {
  const { core } = ctx;
  const e = getEndpoint(core, ctx.params.endpoint_id);
  const opts = parseEndpointOptions(endpointBody(ctx.body), false);
  if (opts.type !== undefined && opts.type !== e.type) throw badRequest('the endpoint type cannot be changed');
  const minCu = opts.minCu ?? e.minCu;
  const maxCu = opts.maxCu ?? e.maxCu;
  if (minCu > maxCu) throw badRequest('autoscaling_limit_min_cu must not exceed autoscaling_limit_max_cu');
  assertUnlocked(core);
  Object.assign(e, {
    minCu,
    maxCu,
    suspendTimeoutSeconds: opts.suspendTimeoutSeconds ?? e.suspendTimeoutSeconds,
    name: opts.name ?? e.name,
    disabled: opts.disabled ?? e.disabled,
    settings: opts.settings ?? e.settings,
    updatedAt: isoSeconds(),
  });
  const ops = core.runner.start(
    [{ action: 'apply_config', branchId: e.branchId, endpointId: e.id }],
    async () => undefined,
  );
  return { status: 200, body: endpointOps(ctx, e, ops) };
}

function deleteEndpoint(ctx: RouteContext) {
  const { core } = ctx;
  const e = core.state.endpoints.get(ctx.params.endpoint_id);
  if (!e) return { status: 204 };
  const branch = core.state.branches.get(e.branchId);
  if (branch?.protected) throw badRequest('cannot delete a compute endpoint of a protected branch');
  if (branch?.anonymization && e.type === 'read_write') {
    throw badRequest('cannot delete read-write endpoints for anonymized branches');
  }
  assertUnlocked(core);
  core.state.endpoints.delete(e.id);
  const ops = core.runner.start([{ action: 'suspend_compute', branchId: e.branchId, endpointId: e.id }], () =>
    core.dataPlane.stopEndpoint(e.id),
  );
  return { status: 200, body: endpointOps(ctx, e, ops) };
}

type Power = 'start' | 'suspend' | 'restart';

function power(kind: Power) {
  return (ctx: RouteContext) => {
    const { core } = ctx;
    const e = getEndpoint(core, ctx.params.endpoint_id);
    if (e.disabled && kind !== 'suspend') throw badRequest('the compute endpoint is disabled');
    assertUnlocked(core);
    const actions = kind === 'restart' ? ['suspend_compute', 'start_compute'] : [`${kind}_compute`];
    e.pendingState = kind === 'suspend' ? 'idle' : 'active';
    const ops = core.runner.start(
      actions.map((action) => ({ action, branchId: e.branchId, endpointId: e.id })),
      async () => undefined,
      (outcome) => {
        const now = isoSeconds();
        e.pendingState = undefined;
        if (!outcome.ok) return;
        // A suspended compute keeps serving its ports: Neon wakes an idle compute on connection.
        if (kind === 'suspend') Object.assign(e, { currentState: 'idle', suspendedAt: now, updatedAt: now });
        else markActive([e]);
      },
    );
    return { status: 200, body: endpointOps(ctx, e, ops) };
  };
}

async function getConnectionUri(ctx: RouteContext) {
  const { core, query } = ctx;
  const databaseName = query.get('database_name');
  const roleName = query.get('role_name');
  if (!databaseName) throw badRequest('database_name is required');
  if (!roleName) throw badRequest('role_name is required');
  const endpointId = query.get('endpoint_id');
  const named = endpointId ? getEndpoint(core, endpointId) : undefined;
  // The branch: as given, else the named endpoint's, else the default branch.
  const branch = getBranch(core, query.get('branch_id') || named?.branchId || core.state.defaultBranch().id);
  const endpoint = named ?? core.state.endpointsOf(branch.id).find((e) => e.type === 'read_write');
  if (!endpoint) throw notFound(`branch ${branch.id} has no read_write endpoint`);
  if (endpoint.branchId !== branch.id)
    throw badRequest(`endpoint ${endpoint.id} does not belong to branch ${branch.id}`);
  const role = findRole(branch, roleName);
  findDatabase(branch, databaseName);
  const ports = await endpointPorts(endpoint);
  const pooled = query.get('pooled') === 'true';
  return { status: 200, body: { uri: connectionUri(role, databaseName, pooled ? ports.pooledPort : ports.port) } };
}

export const endpointRoutes: Route[] = [
  {
    method: 'POST',
    path: '/projects/{project_id}/endpoints',
    operationId: 'createProjectEndpoint',
    handler: createEndpoint,
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/endpoints',
    operationId: 'listProjectEndpoints',
    handler: ({ core }) => ({
      status: 200,
      body: { endpoints: [...core.state.endpoints.values()].map((e) => endpointJson(e, core.state.project.id)) },
    }),
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/endpoints/{endpoint_id}',
    operationId: 'getProjectEndpoint',
    handler: ({ core, params }) => ({
      status: 200,
      body: { endpoint: endpointJson(getEndpoint(core, params.endpoint_id), core.state.project.id) },
    }),
  },
  {
    method: 'PATCH',
    path: '/projects/{project_id}/endpoints/{endpoint_id}',
    operationId: 'updateProjectEndpoint',
    handler: updateEndpoint,
  },
  {
    method: 'DELETE',
    path: '/projects/{project_id}/endpoints/{endpoint_id}',
    operationId: 'deleteProjectEndpoint',
    handler: deleteEndpoint,
  },
  {
    method: 'POST',
    path: '/projects/{project_id}/endpoints/{endpoint_id}/start',
    operationId: 'startProjectEndpoint',
    handler: power('start'),
  },
  {
    method: 'POST',
    path: '/projects/{project_id}/endpoints/{endpoint_id}/suspend',
    operationId: 'suspendProjectEndpoint',
    handler: power('suspend'),
  },
  {
    method: 'POST',
    path: '/projects/{project_id}/endpoints/{endpoint_id}/restart',
    operationId: 'restartProjectEndpoint',
    handler: power('restart'),
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/connection_uri',
    operationId: 'getConnectionURI',
    handler: getConnectionUri,
  },
];
