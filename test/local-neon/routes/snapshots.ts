/**
 * Snapshots: create (query params `lsn|timestamp`, `name`, `expires_at`), list, rename, delete
 * (202), restore into a new branch (`restore_status: restored`, optionally finalized at once),
 * and `finalize_restore` (the restored branch takes over its target under a NEW id).
 */
import { assertBranchLimit, assertNameFree, validateBranchName } from '../branch-create.js';
import { assertUnlocked, getBranch, isPoint, readPoint, resolvePoint } from '../core.js';
import { markActive, newEndpointRecord, serveEndpoint } from '../endpoint-lifecycle.js';
import { badRequest, notFound } from '../errors.js';
import { checkExpiresAt } from '../expires-at.js';
import { applyFinalize, planFinalize } from '../finalize-restore.js';
import type { OperationSpec } from '../operations.js';
import type { Route, RouteContext } from '../router.js';
import { branchJson, endpointJson, operationJson, snapshotJson } from '../serialize.js';
import { type BranchRecord, isoSeconds, type SnapshotRecord } from '../state.js';

function getSnapshot(ctx: RouteContext): SnapshotRecord {
  const s = ctx.core.state.snapshots.get(ctx.params.snapshot_id);
  if (!s) throw notFound('snapshot not found');
  return s;
}

function parseSnapshotExpiry(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const check = checkExpiresAt(value, new Date(), Number.POSITIVE_INFINITY);
  if (!check.ok) throw badRequest(check.message);
  return check.expiresAt;
}

function createSnapshot(ctx: RouteContext) {
  const { core, query } = ctx;
  const { state } = core;
  const branch = getBranch(core, ctx.params.branch_id);
  if (branch.metadataOnly) throw badRequest(`branch ${branch.id} is metadata-only (seeded) and holds no data`);
  const point = readPoint((k) => query.get(k) ?? undefined, 'lsn', 'timestamp');
  const kept = isPoint(point) ? resolvePoint(core, branch.id, point) : undefined;
  const expiresAt = parseSnapshotExpiry(query.get('expires_at'));
  assertUnlocked(core);
  const now = isoSeconds();
  const id = state.newSnapshotId();
  const snapshot: SnapshotRecord = {
    id,
    name: query.get('name') || `${branch.name} snapshot ${now}`,
    sourceBranchId: branch.id,
    lsn: kept?.lsn ?? state.nextLsn(),
    timestamp: kept?.timestamp ?? now,
    createdAt: now,
    expiresAt,
    manual: true,
    checkpoint: kept?.key ?? `snapshot-${id}`,
    ownsCheckpoint: !kept,
    ...state.copyRolesAndDatabases(branch, now),
  };
  state.snapshots.set(id, snapshot);
  if (!kept) {
    state.checkpoints.push({
      key: snapshot.checkpoint,
      branchId: branch.id,
      lsn: snapshot.lsn,
      timestamp: snapshot.timestamp,
    });
  }
  const ops = core.runner.start([{ action: 'create_timeline', branchId: branch.id }], async () => {
    if (!kept) await core.dataPlane.checkpoint(branch.id, snapshot.checkpoint);
  });
  return {
    status: 200,
    body: { snapshot: snapshotJson(snapshot), operations: ops.map((op) => operationJson(op, state.project.id)) },
  };
}

function restoreSnapshot(ctx: RouteContext) {
  const { core } = ctx;
  const { state, dataPlane } = core;
  const snapshot = getSnapshot(ctx);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('request body must be an object');
  const finalize = body.finalize_restore === true;
  const targetId =
    typeof body.target_branch_id === 'string' && body.target_branch_id
      ? body.target_branch_id
      : snapshot.sourceBranchId;
  const target = state.branches.get(targetId);
  if (!target && (finalize || body.target_branch_id)) throw notFound(`target branch ${targetId} not found`);
  const requested = body.name ?? ctx.query.get('name') ?? undefined;
  const stamp = isoSeconds().replace(/[-:]/g, '').replace('T', '_').replace('Z', '');
  const name = requested ? validateBranchName(requested) : `${target?.name ?? snapshot.name}_restored_${stamp}`;
  assertNameFree(core, name);
  assertBranchLimit(core, false);
  assertUnlocked(core);

  const now = isoSeconds();
  const copied = state.copyRolesAndDatabases(snapshot, now);
  const restored: BranchRecord = {
    id: state.newBranchId(),
    name,
    createdAt: now,
    updatedAt: now,
    stateChangedAt: now,
    currentState: 'init',
    pendingState: 'ready',
    isDefault: false,
    protected: false,
    initSource: 'parent-data',
    creationSource: 'local-neon',
    restoreStatus: 'restored',
    restoredFrom: snapshot.id,
    restoreTargetId: targetId,
    roles: copied.roles,
    databases: copied.databases,
    metadataOnly: false,
  };
  state.branches.set(restored.id, restored);
  const preview = newEndpointRecord(core, restored.id, { type: 'read_write' });
  state.endpoints.set(preview.id, preview);
  const plan = finalize ? planFinalize(core, restored, undefined) : undefined;
  const restoredId = restored.id;
  const created = dataPlane.createBranch(restoredId, {
    fromCheckpoint: snapshot.checkpoint,
    databases: restored.databases.map((d) => d.name),
    roles: restored.roles.map((r) => ({ name: r.name, password: r.password })),
  });
  const started = serveEndpoint(core, preview, created);
  const specs: OperationSpec[] = [
    { action: 'create_branch', branchId: restoredId },
    { action: 'start_compute', branchId: restoredId, endpointId: preview.id },
  ];
  let work: Promise<unknown> = Promise.all([created, started]);
  if (plan) {
    const applied = applyFinalize(core, plan, work);
    specs.push(...applied.specs);
    work = applied.work;
  }
  const settledEndpoints = state.endpointsOf(restored.id);
  const ops = core.runner.start(
    specs,
    async () => {
      await work;
    },
    (outcome) => {
      if (!outcome.ok) return;
      restored.currentState = 'ready';
      restored.pendingState = undefined;
      restored.stateChangedAt = isoSeconds();
      markActive(settledEndpoints);
    },
  );
  const projectId = state.project.id;
  return {
    status: 200,
    body: {
      branch: branchJson(restored, projectId),
      endpoints: state.endpointsOf(restored.id).map((e) => endpointJson(e, projectId)),
      operations: ops.map((op) => operationJson(op, projectId)),
    },
  };
}

function finalizeRestore(ctx: RouteContext) {
  const { core } = ctx;
  const restored = getBranch(core, ctx.params.branch_id);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const plan = planFinalize(core, restored, body.name);
  assertUnlocked(core);
  const applied = applyFinalize(core, plan, Promise.resolve());
  const moved = core.state.endpointsOf(applied.branch.id);
  const ops = core.runner.start(
    applied.specs,
    () => applied.work,
    (outcome) => {
      if (outcome.ok) markActive(moved);
    },
  );
  return { status: 200, body: { operations: ops.map((op) => operationJson(op, core.state.project.id)) } };
}

export const snapshotRoutes: Route[] = [
  {
    method: 'POST',
    path: '/projects/{project_id}/branches/{branch_id}/snapshot',
    operationId: 'createSnapshot',
    handler: createSnapshot,
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/snapshots',
    operationId: 'listSnapshots',
    handler: ({ core }) => ({
      status: 200,
      body: {
        snapshots: [...core.state.snapshots.values()]
          .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
          .map(snapshotJson),
      },
    }),
  },
  {
    method: 'PATCH',
    path: '/projects/{project_id}/snapshots/{snapshot_id}',
    operationId: 'updateSnapshot',
    handler: (ctx) => {
      const snapshot = getSnapshot(ctx);
      const spec = ((ctx.body ?? {}) as Record<string, unknown>).snapshot as Record<string, unknown> | undefined;
      if (!spec || typeof spec !== 'object') throw badRequest('snapshot is required');
      if (spec.name !== undefined) {
        if (typeof spec.name !== 'string' || spec.name === '')
          throw badRequest('snapshot name must be a non-empty string');
        snapshot.name = spec.name;
      }
      if (spec.expires_at !== undefined) snapshot.expiresAt = parseSnapshotExpiry(spec.expires_at);
      return { status: 200, body: { snapshot: snapshotJson(snapshot) } };
    },
  },
  {
    method: 'DELETE',
    path: '/projects/{project_id}/snapshots/{snapshot_id}',
    operationId: 'deleteSnapshot',
    handler: (ctx) => {
      const { core } = ctx;
      const snapshot = getSnapshot(ctx);
      assertUnlocked(core);
      core.state.snapshots.delete(snapshot.id);
      if (snapshot.ownsCheckpoint) core.state.removeCheckpoint(snapshot.checkpoint);
      const ops = core.runner.start([{ action: 'delete_timeline', branchId: snapshot.sourceBranchId }], async () => {
        if (snapshot.ownsCheckpoint) await core.dataPlane.dropCheckpoint(snapshot.checkpoint);
      });
      return { status: 202, body: { operations: ops.map((op) => operationJson(op, core.state.project.id)) } };
    },
  },
  {
    method: 'POST',
    path: '/projects/{project_id}/snapshots/{snapshot_id}/restore',
    operationId: 'restoreSnapshot',
    handler: restoreSnapshot,
  },
  {
    method: 'POST',
    path: '/projects/{project_id}/branches/{branch_id}/finalize_restore',
    operationId: 'finalizeRestoreBranch',
    handler: finalizeRestore,
  },
];
