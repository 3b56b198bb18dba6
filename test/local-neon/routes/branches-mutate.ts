/** Branch mutations: update, delete, restore (reset from parent), set as default, reset a password. */
import { assertNameFree, assertBranchLimit, validateBranchName } from '../branch-create.js';
import { assertUnlocked, getBranch, isPoint, readPoint } from '../core.js';
import { badRequest, conflict, notFound, pointInTimeUnsupported } from '../errors.js';
import { checkExpiresAt } from '../expires-at.js';
import { newPassword } from '../ids.js';
import type { Route, RouteContext } from '../router.js';
import { branchJson, endpointJson, operationJson, roleJson } from '../serialize.js';
import { type BranchRecord, isoSeconds } from '../state.js';
import { findRole } from './branches-read.js';

function branchOps(ctx: RouteContext, branch: BranchRecord, ops: ReturnType<RouteContext['core']['runner']['start']>) {
  const projectId = ctx.core.state.project.id;
  return { branch: branchJson(branch, projectId), operations: ops.map((op) => operationJson(op, projectId)) };
}

function bodyField(body: unknown, key: string): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('request body must be an object');
  const inner = (body as Record<string, unknown>)[key];
  if (inner === undefined) return key === '' ? (body as Record<string, unknown>) : {};
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) throw badRequest(`${key} must be an object`);
  return inner as Record<string, unknown>;
}

function updateBranch(ctx: RouteContext) {
  const { core } = ctx;
  const b = getBranch(core, ctx.params.branch_id);
  const spec = bodyField(ctx.body, 'branch');
  const name = spec.name === undefined ? undefined : validateBranchName(spec.name);
  if (name !== undefined) assertNameFree(core, name, b.id);
  const willProtect = spec.protected === undefined ? b.protected : spec.protected === true;
  let expiry: { expiresAt?: string; ttlSeconds?: number } | undefined;
  if (spec.expires_at === null) expiry = {};
  else if (spec.expires_at !== undefined) {
    const check = checkExpiresAt(spec.expires_at);
    if (!check.ok) throw badRequest(check.message);
    if (willProtect) throw badRequest('expires_at cannot be set on a protected branch');
    if (b.isDefault) throw badRequest('expires_at cannot be set on the default branch');
    if (core.state.childrenOf(b.id).length > 0)
      throw badRequest('expires_at cannot be set on a branch that has children');
    expiry = check;
  }
  const willExpire = expiry ? expiry.expiresAt !== undefined : b.expiresAt !== undefined;
  if (spec.protected === true && willExpire) throw badRequest('cannot protect a branch with an expiration time');
  assertUnlocked(core);
  if (name !== undefined) b.name = name;
  if (spec.protected !== undefined) b.protected = willProtect;
  if (expiry) {
    b.expiresAt = expiry.expiresAt;
    b.ttlIntervalSeconds = expiry.ttlSeconds;
  }
  b.updatedAt = isoSeconds();
  return { status: 200, body: branchOps(ctx, b, []) };
}

function deleteBranch(ctx: RouteContext) {
  const { core } = ctx;
  const { state, dataPlane } = core;
  const b = state.branches.get(ctx.params.branch_id);
  if (!b) return { status: 204 };
  if (b.isDefault) throw badRequest('cannot delete the default branch');
  if (b.protected) throw badRequest('cannot delete a protected branch');
  if (state.childrenOf(b.id).length > 0)
    throw badRequest('cannot delete a branch that has child branches; delete them first');
  assertUnlocked(core);
  const endpoints = state.endpointsOf(b.id);
  state.branches.delete(b.id);
  for (const e of endpoints) state.endpoints.delete(e.id);
  const hard = ctx.query.get('hard_delete');
  if (hard !== null && hard !== 'true' && hard !== 'false') throw badRequest('hard_delete must be true or false');
  if (core.options.branchRecovery && hard !== 'true') {
    // soft delete: the record, its endpoints and its data stay until recovered (or forever, here)
    const now = new Date();
    state.deletedBranches.set(b.id, {
      branch: b,
      endpoints,
      deletedAt: isoSeconds(now),
      recoverableUntil: isoSeconds(new Date(now.getTime() + RECOVERY_WINDOW_MS)),
    });
    const ops = core.runner.start(
      endpoints.map((e) => ({ action: 'suspend_compute', branchId: b.id, endpointId: e.id })),
      async () => {
        for (const e of endpoints) await dataPlane.stopEndpoint(e.id);
      },
    );
    return { status: 200, body: branchOps(ctx, b, ops) };
  }
  if (b.forkCheckpoint) state.removeCheckpoint(b.forkCheckpoint);
  const ops = core.runner.start(
    [
      ...endpoints.map((e) => ({ action: 'suspend_compute', branchId: b.id, endpointId: e.id })),
      { action: 'delete_timeline', branchId: b.id },
    ],
    async () => {
      for (const e of endpoints) await dataPlane.stopEndpoint(e.id);
      if (!b.metadataOnly) await dataPlane.deleteBranch(b.id);
      if (b.forkCheckpoint) await dataPlane.dropCheckpoint(b.forkCheckpoint);
    },
  );
  return { status: 200, body: branchOps(ctx, b, ops) };
}

/** Branch Recovery's window, as the description gives it. */
const RECOVERY_WINDOW_MS = 7 * 24 * 60 * 60_000;

/** POST …/recover: a soft-deleted branch back, endpoints idle, no longer expiring (TTL branches become non-TTL). */
function recoverBranch(ctx: RouteContext) {
  const { core } = ctx;
  const { state } = core;
  if (!core.options.branchRecovery) throw notFound('branch recovery is not available for this project');
  const id = ctx.params.branch_id;
  if (state.branches.has(id)) throw badRequest('the branch is not deleted');
  const d = state.deletedBranches.get(id);
  if (!d) throw notFound('branch not found or no longer recoverable');
  const live = state.branchByName(d.branch.name);
  if (live)
    throw conflict(`branch already exists; branch_name:${JSON.stringify(d.branch.name)}`, 'BRANCH_ALREADY_EXISTS');
  assertUnlocked(core);
  state.deletedBranches.delete(id);
  d.branch.expiresAt = undefined;
  d.branch.updatedAt = isoSeconds();
  state.branches.set(id, d.branch);
  for (const e of d.endpoints) {
    e.currentState = 'idle';
    state.endpoints.set(e.id, e);
  }
  const projectId = state.project.id;
  return {
    status: 200,
    body: { branch: branchJson(d.branch, projectId), endpoints: d.endpoints.map((e) => endpointJson(e, projectId)) },
  };
}

function restoreBranch(ctx: RouteContext) {
  const { core } = ctx;
  const { state, dataPlane } = core;
  const b = getBranch(core, ctx.params.branch_id);
  const body = bodyField(ctx.body, '');
  const sourceId = body.source_branch_id;
  if (typeof sourceId !== 'string' || sourceId === '') throw badRequest('source_branch_id is required');
  const source = state.branches.get(sourceId);
  if (!source) throw notFound(`source branch ${sourceId} not found`);
  const point = readPoint((k) => body[k], 'source_lsn', 'source_timestamp');
  const preserve = body.preserve_under_name === undefined ? undefined : validateBranchName(body.preserve_under_name);
  if (b.protected) throw badRequest('cannot reset a protected branch');
  if (b.anonymization) throw badRequest('cannot restore anonymized branches');
  if (b.metadataOnly || source.metadataOnly)
    throw badRequest('metadata-only (seeded) branches hold no data to restore');
  if (source.id === b.id && (!isPoint(point) || !preserve)) {
    throw badRequest(
      'restoring a branch to its own history needs source_lsn or source_timestamp and preserve_under_name',
    );
  }
  // Resetting to an older point would need history the local Neon does not keep.
  if (isPoint(point)) throw pointInTimeUnsupported();
  const children = state.childrenOf(b.id);
  if (children.length > 0 && !preserve) throw badRequest('the branch has children; preserve_under_name is required');
  if (preserve !== undefined) {
    assertNameFree(core, preserve);
    assertBranchLimit(core, false);
  }
  assertUnlocked(core);

  const now = isoSeconds();
  let preserved: BranchRecord | undefined;
  if (preserve !== undefined) {
    const copied = state.copyRolesAndDatabases(b, now);
    preserved = {
      ...b,
      id: state.newBranchId(),
      name: preserve,
      isDefault: false,
      protected: false,
      expiresAt: undefined,
      ttlIntervalSeconds: undefined,
      annotation: undefined,
      createdAt: now,
      updatedAt: now,
      roles: copied.roles,
      databases: copied.databases,
    };
    state.branches.set(preserved.id, preserved);
    for (const child of children) child.parentId = preserved.id;
    b.forkCheckpoint = undefined;
  } else if (b.forkCheckpoint) {
    state.removeCheckpoint(b.forkCheckpoint);
  }
  const oldFork = preserve === undefined ? b.forkCheckpoint : undefined;
  const forkKey = `fork-${b.id}-${Date.now()}`;
  b.parentId = source.id === b.id ? b.parentId : source.id;
  b.parentLsn = state.nextLsn();
  b.parentTimestamp = now;
  b.lastResetAt = now;
  b.updatedAt = now;
  b.currentState = 'resetting';
  b.pendingState = 'ready';
  b.stateChangedAt = now;
  b.forkCheckpoint = forkKey;
  state.checkpoints.push({ key: forkKey, branchId: source.id, lsn: b.parentLsn, timestamp: now });
  if (b.ttlIntervalSeconds !== undefined) b.expiresAt = isoSeconds(new Date(Date.now() + b.ttlIntervalSeconds * 1000));

  const target = b;
  const preservedId = preserved?.id;
  const ops = core.runner.start(
    [{ action: 'create_timeline', branchId: b.id }],
    async () => {
      if (preservedId) await dataPlane.createBranch(preservedId, { parentId: target.id });
      await dataPlane.checkpoint(source.id, forkKey);
      await dataPlane.resetBranch(target.id, source.id);
      if (oldFork) await dataPlane.dropCheckpoint(oldFork);
    },
    () => {
      target.currentState = 'ready';
      target.pendingState = undefined;
      target.stateChangedAt = isoSeconds();
    },
  );
  return { status: 200, body: branchOps(ctx, b, ops) };
}

export const branchMutateRoutes: Route[] = [
  {
    method: 'PATCH',
    path: '/projects/{project_id}/branches/{branch_id}',
    operationId: 'updateProjectBranch',
    handler: updateBranch,
  },
  {
    method: 'DELETE',
    path: '/projects/{project_id}/branches/{branch_id}',
    operationId: 'deleteProjectBranch',
    handler: deleteBranch,
  },
  {
    method: 'POST',
    path: '/projects/{project_id}/branches/{branch_id}/recover',
    operationId: 'recoverProjectBranch',
    handler: recoverBranch,
  },
  {
    method: 'POST',
    path: '/projects/{project_id}/branches/{branch_id}/restore',
    operationId: 'restoreProjectBranch',
    handler: restoreBranch,
  },
  {
    method: 'POST',
    path: '/projects/{project_id}/branches/{branch_id}/set_as_default',
    operationId: 'setDefaultProjectBranch',
    handler: (ctx) => {
      const b = getBranch(ctx.core, ctx.params.branch_id);
      if (b.expiresAt) throw badRequest('a branch with an expiration time cannot be the default branch');
      if (!b.isDefault) {
        assertUnlocked(ctx.core);
        ctx.core.state.defaultBranch().isDefault = false;
        b.isDefault = true;
        b.updatedAt = isoSeconds();
      }
      return { status: 200, body: branchOps(ctx, b, []) };
    },
  },
  {
    method: 'POST',
    path: '/projects/{project_id}/branches/{branch_id}/roles/{role_name}/reset_password',
    operationId: 'resetProjectBranchRolePassword',
    handler: (ctx) => {
      const b = getBranch(ctx.core, ctx.params.branch_id);
      const role = findRole(b, ctx.params.role_name);
      assertUnlocked(ctx.core);
      const password = newPassword();
      const ops = ctx.core.runner.start(
        [{ action: 'apply_config', branchId: b.id }],
        async () => undefined,
        (outcome) => {
          if (!outcome.ok) return;
          role.password = password;
          role.updatedAt = isoSeconds();
        },
      );
      const projectId = ctx.core.state.project.id;
      return {
        status: 200,
        body: {
          role: { ...roleJson(role, b.id), password },
          operations: ops.map((op) => operationJson(op, projectId)),
        },
      };
    },
  },
];
