/**
 * snapshot: create, restore, list, delete or prune snapshots (Neon's Beta feature). A restore hands
 * out connection outputs like create-branch; a finalized restore re-resolves the branch by name,
 * because finalizing gives it a new id.
 */
import picomatch from 'picomatch';
import { parseSnapshotSettings, type SnapshotSettings } from '../inputs/commands.js';
import { InputError } from '../inputs/errors.js';
import {
  findBranchByExactName,
  listAllBranches,
  NeonApiError,
  type NeonBranch,
  NeonOperationError,
  type NeonClient,
  type NeonSnapshot,
  waitForOperations,
} from '../neon/index.js';
import { DAY_MS } from '../inputs/duration.js';
import { RESTORED_SUFFIX } from '../names.js';
import { explainAccess } from '../preview/access.js';
import { updateExpiry } from '../preview/expiry.js';
import { renderSnapshot, renderSnapshotDeleted } from '../conversation/branch-texts.js';
import { snapshotDeletedUpdate, snapshotUpdate } from '../conversation/preview-comment.js';
import { publish, startConversation } from '../conversation/publish.js';
import type { SnapshotReport } from '../conversation/branch-texts.js';
import { deleteOwnBranch } from '../preview/get-or-create.js';
import { defaultBranch, resolveBranch, resolveOwnBranch } from '../preview/lookup.js';
import { waitUntilReady } from '../preview/readiness.js';
import { phase } from '../runtime/logger.js';
import { conversationOf, repoOf, requireProjectId } from './context.js';
import { finishBranch } from './finish-branch.js';
import type { CommandContext, CommandResult, SettingsSource } from './types.js';

export function parseSettings({ read, now }: SettingsSource): SnapshotSettings {
  return parseSnapshotSettings(read, now);
}

export async function run(ctx: CommandContext, settings: SnapshotSettings): Promise<CommandResult> {
  const projectId = requireProjectId(ctx);
  try {
    switch (settings.action) {
      case 'create':
        return await create(ctx, projectId, settings);
      case 'restore':
        return await restore(ctx, projectId, settings);
      case 'list': {
        const snapshots = await listSnapshots(ctx.neon, projectId);
        ctx.log.info(`${snapshots.length} snapshot(s)`);
        return { outputs: { snapshots: JSON.stringify(snapshots) } };
      }
      case 'delete':
        return await remove(ctx, projectId, settings);
      case 'prune':
        return await prune(ctx, projectId, settings);
    }
  } catch (e) {
    // a wrong key or project answers 401/403/404 on the snapshot routes too: that comes first
    const access = await explainAccess(ctx.neon, projectId, e);
    throw access === e ? explainBeta(e) : access;
  }
}

/** 403/404 on the collection routes: the Beta is off for this project. */
function explainBeta(e: unknown): unknown {
  if (
    e instanceof NeonApiError &&
    (e.status === 403 || e.status === 404) &&
    /snapshot/.test(e.path) &&
    !/snapshots\/[^/]+/.test(e.path)
  )
    return new Error(`Snapshots (Beta) are not enabled for this project: Neon answered ${e.status} ${e.apiMessage}`);
  return e;
}

export async function listSnapshots(neon: NeonClient, projectId: string): Promise<NeonSnapshot[]> {
  const { data } = await neon.call('listSnapshots', { path: { project_id: projectId } });
  return data.snapshots;
}

async function sourceBranch(ctx: CommandContext, projectId: string): Promise<NeonBranch> {
  if (ctx.branchName) return resolveBranch(ctx.neon, projectId, ctx.branchName, 'branch-name');
  return defaultBranch(ctx.neon, projectId);
}

async function create(ctx: CommandContext, projectId: string, s: SnapshotSettings): Promise<CommandResult> {
  const { neon } = ctx;
  const branch = await sourceBranch(ctx, projectId);
  if (s.name !== undefined) {
    // a named snapshot is made once: a rerun (or a run stopped after Neon took it) finds and reuses it
    const same = (await listSnapshots(neon, projectId)).find(
      (x) => x.name === s.name && x.source_branch_id === branch.id,
    );
    if (same) {
      ctx.log.notice?.(
        `Snapshot ${same.name} (${same.id}) of ${branch.name} already exists: reusing it (give a new name for a fresh one)`,
      );
      return reportSnapshot(ctx, projectId, {
        snapshotId: same.id,
        snapshotName: same.name,
        sourceBranch: branch.name,
        reused: true,
        ...(same.expires_at ? { expiresAt: same.expires_at } : {}),
      });
    }
  }
  if (ctx.signal.aborted) throw new Error('Cancelled before creating the snapshot');
  const started = neon.now();
  const snapshot = await phase(`Snapshot ${branch.name}`, async () => {
    const result = await neon.call(
      'createSnapshot',
      {
        path: { project_id: projectId, branch_id: branch.id },
        query: { lsn: s.lsn, timestamp: s.timestamp, name: s.name, expires_at: s.expiresAt },
      },
      {
        // a 502/504 may hide a snapshot that was made: look for it before trying again
        reconcile: async () =>
          (await listSnapshots(neon, projectId)).find(
            (x) =>
              x.source_branch_id === branch.id &&
              (s.name === undefined || x.name === s.name) &&
              Date.parse(x.created_at) >= started - 60_000,
          ),
      },
    );
    if (result.reconciled) return result.data as NeonSnapshot;
    const made = result.data;
    await waitForOperations(neon, projectId, made.operations);
    return made.snapshot;
  });
  ctx.log.info(`Snapshot ${snapshot.name} (${snapshot.id}) of ${branch.name}`);
  return reportSnapshot(ctx, projectId, {
    snapshotId: snapshot.id,
    snapshotName: snapshot.name,
    sourceBranch: branch.name,
    reused: false,
    ...(s.lsn ? { at: `LSN ${s.lsn}` } : s.timestamp ? { at: s.timestamp } : {}),
    ...(snapshot.expires_at ? { expiresAt: snapshot.expires_at } : {}),
  });
}

async function reportSnapshot(ctx: CommandContext, projectId: string, r: SnapshotReport): Promise<CommandResult> {
  const url = await phase('Comment and summary', () =>
    publish(conversationOf(ctx), 'preview', { updates: [snapshotUpdate(projectId, r)], summary: renderSnapshot(r) }),
  );
  return {
    outputs: { 'snapshot-id': r.snapshotId, 'snapshot-name': r.snapshotName, ...(url ? { 'comment-url': url } : {}) },
  };
}

/** How long a restored preview branch lives when expires-in is not given. */
export const RESTORED_BRANCH_TTL_MS = 7 * DAY_MS;

/** A snapshot by id, or by a name only one snapshot has; `missing` says what to do when there is none. */
async function pickSnapshot(
  neon: NeonClient,
  projectId: string,
  s: SnapshotSettings,
  missing: 'fail' | 'undefined' = 'fail',
): Promise<NeonSnapshot | undefined> {
  const all = await listSnapshots(neon, projectId);
  if (s.snapshotId !== undefined) {
    const found = all.find((x) => x.id === s.snapshotId);
    if (!found && missing === 'undefined') return undefined;
    if (!found) throw new InputError('snapshot-id', `names no snapshot of project ${projectId}: "${s.snapshotId}"`);
    return found;
  }
  const named = all.filter((x) => x.name === s.name);
  if (named.length === 0 && missing === 'undefined') return undefined;
  if (named.length === 0) throw new InputError('name', `names no snapshot of project ${projectId}: "${s.name}"`);
  if (named.length > 1)
    throw new InputError(
      'name',
      `is shared by ${named.length} snapshots (${named.map((x) => x.id).join(', ')}): give snapshot-id`,
    );
  return named[0]!;
}

async function restore(ctx: CommandContext, projectId: string, s: SnapshotSettings): Promise<CommandResult> {
  const { neon } = ctx;
  const snapshot = (await pickSnapshot(neon, projectId, s))!;
  // another repository's branch is never restored into
  const target = s.targetBranch
    ? await resolveOwnBranch(neon, projectId, s.targetBranch, 'target-branch', repoOf(ctx))
    : undefined;
  // in a PR, the restored branch is named after the PR's preview branch, so cleanup removes it with the PR
  const name =
    !target && ctx.prNumber !== undefined && ctx.branchName ? `${ctx.branchName}${RESTORED_SUFFIX}` : undefined;
  // a rerun of a preview restore reuses the branch an earlier run restored from this snapshot
  const earlier = s.finalize
    ? undefined
    : (await listAllBranches(neon, projectId)).branches.find(
        (b) =>
          b.restored_from === snapshot.id && b.restore_status === 'restored' && (name === undefined || b.name === name),
      );
  if (ctx.signal.aborted) throw new Error('Cancelled before restoring the snapshot');
  const started = neon.now();
  const restored =
    earlier ??
    (await phase(`Restore snapshot ${snapshot.name}${target ? ` into ${target.name}` : ''}`, async () => {
      const result = await neon.call(
        'restoreSnapshot',
        {
          path: { project_id: projectId, snapshot_id: snapshot.id },
          body: { target_branch_id: target?.id, finalize_restore: s.finalize, ...(name ? { name } : {}) },
        },
        {
          reconcile: async () =>
            (await listAllBranches(neon, projectId)).branches.find(
              (b) => b.restored_from === snapshot.id && Date.parse(b.created_at) >= started - 60_000,
            ),
        },
      );
      if (result.reconciled) return result.data as NeonBranch;
      const made = result.data;
      try {
        await waitForOperations(neon, projectId, made.operations);
      } catch (e) {
        // a preview branch whose restore failed is this run's to remove; a finalized one replaced the target
        if (!s.finalize && e instanceof NeonOperationError && e.reason === 'failed')
          await deleteOwnBranch(neon, projectId, made.branch);
        throw e;
      }
      return made.branch;
    }));
  if (earlier)
    ctx.log.notice?.(`Branch ${earlier.name} (${earlier.id}) was already restored from ${snapshot.name}: reusing it`);
  let branch = restored;
  let replaced = '';
  if (s.finalize && target) {
    // finalizing moves the name to the restored branch under a new id: look it up again
    const now = await findBranchByExactName(neon, projectId, target.name);
    if (!now) throw new Error(`After finalizing, no branch is named ${target.name}`);
    branch = now;
    replaced = now.restored_as ?? restored.restored_as ?? target.id;
    ctx.log.info(`Branch ${target.name} now has id ${branch.id}; the replaced branch is ${replaced}`);
  }
  ctx.setOutput('snapshot-id', snapshot.id);
  ctx.setOutput('snapshot-name', snapshot.name);
  ctx.setOutput('branch-id', branch.id);
  ctx.setOutput('branch-name', branch.name);
  // a preview restore is a new branch: it expires (expires-in, else in 7 days), so no restore leaks
  if (!target && !s.finalize && !earlier)
    branch = await updateExpiry(neon, projectId, branch, s.expiresAt ?? isoSeconds(ctx.now() + RESTORED_BRANCH_TTL_MS));
  // the PR comment's GitHub client and listing get ready while the compute does
  const comment = startConversation(conversationOf(ctx));
  const ready = await phase(`Wait until ${branch.name} is ready`, () => waitUntilReady(neon, projectId, branch.id, {}));
  return finishBranch(
    ctx,
    {
      command: 'snapshot',
      projectId,
      branch: ready.branch,
      created: !s.finalize,
      endpoint: ready.endpoint,
      settings: s,
      snapshotName: snapshot.name,
      ...(comment ? { comment } : {}),
    },
    { 'replaced-branch-id': replaced },
  );
}

export async function deleteSnapshot(neon: NeonClient, projectId: string, snapshot: NeonSnapshot): Promise<void> {
  try {
    const { data } = await neon.call('deleteSnapshot', { path: { project_id: projectId, snapshot_id: snapshot.id } });
    await waitForOperations(neon, projectId, (data ?? { operations: [] }).operations);
  } catch (e) {
    // it was listed a moment ago: a 404 now means our (retried) DELETE already took it
    if (e instanceof NeonApiError && e.status === 404) return;
    throw e;
  }
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function remove(ctx: CommandContext, projectId: string, s: SnapshotSettings): Promise<CommandResult> {
  const snapshot = await pickSnapshot(ctx.neon, projectId, s, 'undefined');
  if (!snapshot) {
    // as cleanup does for a branch: a rerun of a delete (or a delete racing another) finds nothing to do
    const which = s.snapshotId !== undefined ? `with id ${s.snapshotId}` : `named ${s.name}`;
    ctx.log.notice?.(`No snapshot ${which} in project ${projectId}: it is already gone, nothing to delete`);
    return { outputs: { 'snapshot-id': s.snapshotId ?? '', 'snapshot-name': s.name ?? '' } };
  }
  await phase(`Delete snapshot ${snapshot.name} (${snapshot.id})`, () => deleteSnapshot(ctx.neon, projectId, snapshot));
  // the comment says so only where it shows this snapshot
  await publish(
    conversationOf(ctx),
    'preview',
    {
      updates: [snapshotDeletedUpdate(projectId, snapshot.name, snapshot.id)],
      summary: renderSnapshotDeleted(snapshot.name, snapshot.id),
    },
    { existingOnly: true },
  );
  return { outputs: { 'snapshot-id': snapshot.id, 'snapshot-name': snapshot.name } };
}

export function selectForPrune(
  snapshots: readonly NeonSnapshot[],
  s: Pick<SnapshotSettings, 'maxAgeMs' | 'snapshotPattern' | 'includeScheduled'>,
  now: number,
) {
  const matches = s.snapshotPattern ? picomatch(s.snapshotPattern, { dot: true }) : () => true;
  return snapshots.filter(
    (x) =>
      (s.includeScheduled || x.manual !== false) &&
      matches(x.name) &&
      (s.maxAgeMs === undefined || now - Date.parse(x.created_at) > s.maxAgeMs),
  );
}

async function prune(ctx: CommandContext, projectId: string, s: SnapshotSettings): Promise<CommandResult> {
  const all = await listSnapshots(ctx.neon, projectId);
  const doomed = selectForPrune(all, s, ctx.now());
  ctx.log.info(`${s.dryRun ? 'Would delete' : 'Deleting'} ${doomed.length} of ${all.length} snapshot(s)`);
  for (const x of doomed) {
    ctx.log.info(`  ${s.dryRun ? 'would delete' : 'delete'} ${x.name} (${x.id}), created ${x.created_at}`);
    if (!s.dryRun) await deleteSnapshot(ctx.neon, projectId, x);
  }
  return { outputs: { snapshots: JSON.stringify(doomed) } };
}
