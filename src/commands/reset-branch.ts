/**
 * reset-branch: reset the preview branch to its parent's head (its id and URIs stay), creating it
 * when missing so one step serves `opened` and `synchronize`.
 */
import { withDeployment } from '../conversation/deployment.js';
import { startConversation } from '../conversation/publish.js';
import type { BranchSettings } from '../inputs/commands.js';
import { listAllBranches, type NeonBranch, type NeonClient, waitForOperations } from '../neon/index.js';
import { updateExpiry } from '../preview/expiry.js';
import { findPreviewBranch } from '../preview/lookup.js';
import { waitUntilReady } from '../preview/readiness.js';
import { phase } from '../runtime/logger.js';
import { conversationOf, deploymentOf, previewLookup, requireBranchName, requireProjectId } from './context.js';
import { type PreviewSettings, provisionBranch } from './create-branch.js';
import { finishBranch } from './finish-branch.js';
import type { CommandContext, CommandResult } from './types.js';

/** The same settings as create-branch's. */
export { parseSettings } from './create-branch.js';

export async function run(ctx: CommandContext, settings: PreviewSettings): Promise<CommandResult> {
  const projectId = requireProjectId(ctx);
  const name = requireBranchName(ctx);
  return withDeployment(deploymentOf(ctx), settings.deployment, () => reset(ctx, projectId, name, settings));
}

async function reset(
  ctx: CommandContext,
  projectId: string,
  name: string,
  settings: BranchSettings,
): Promise<CommandResult> {
  const { neon } = ctx;

  const found = await phase(`Find branch ${name}`, () =>
    findPreviewBranch(neon, previewLookup(ctx, projectId, name), ctx.log),
  );
  const existing = found?.branch;
  if (!existing) {
    ctx.log.info(`Branch ${name} does not exist yet: creating it`);
    return provisionBranch(ctx, 'reset-branch', projectId, name, settings);
  }

  ctx.setOutput('branch-id', existing.id);
  ctx.setOutput('created', 'false');
  // the PR comment's GitHub client and listing get ready while Neon resets
  const comment = startConversation(conversationOf(ctx));
  await phase(`Reset ${name} to its parent's head`, () =>
    resetToParent(neon, projectId, existing, settings, ctx.signal),
  );
  const ready = await phase(`Wait until ${name} is ready`, () =>
    waitUntilReady(neon, projectId, existing.id, settings),
  );
  return finishBranch(ctx, { command: 'reset-branch', projectId, ...ready, created: false, settings, comment });
}

/** Checks what Neon would refuse, then restores the branch from its parent (same id and URIs). */
export async function resetToParent(
  neon: NeonClient,
  projectId: string,
  branch: NeonBranch,
  settings: Pick<BranchSettings, 'expiresAt'>,
  signal?: AbortSignal,
): Promise<void> {
  if (branch.protected) throw new Error(`Branch ${branch.name} is protected: Neon does not reset protected branches`);
  if (!branch.parent_id || branch.init_source === 'schema-only')
    throw new Error(
      `Branch ${branch.name} is a root (schema-only) branch: it has no parent to reset from; delete and create it instead`,
    );
  const { branches } = await listAllBranches(neon, projectId);
  const children = branches.filter((b) => b.parent_id === branch.id);
  if (children.length > 0)
    throw new Error(
      `Branch ${branch.name} has child branches (${children.map((c) => c.name).join(', ')}): delete them before resetting it`,
    );
  if (signal?.aborted) throw new Error('Cancelled before resetting the branch');
  const started = neon.now();
  const result = await neon.call(
    'restoreProjectBranch',
    { path: { project_id: projectId, branch_id: branch.id }, body: { source_branch_id: branch.parent_id } },
    {
      reconcile: async () => {
        const { data } = await neon.call('getProjectBranch', { path: { project_id: projectId, branch_id: branch.id } });
        const now = data.branch as NeonBranch & {
          last_reset_at?: string;
        };
        return now.last_reset_at && Date.parse(now.last_reset_at) >= started - 60_000 ? now : undefined;
      },
    },
  );
  if (!result.reconciled) {
    const restored = result.data;
    await waitForOperations(neon, projectId, restored.operations);
  }
  neon.logger.info(`Branch ${branch.name} (${branch.id}) now holds its parent's head`);
  if (settings.expiresAt !== undefined) await updateExpiry(neon, projectId, branch, settings.expiresAt);
}
