/**
 * create-branch: get-or-create the preview branch (race-safe), make sure it is ready when the step
 * ends, and hand out Neon's connection URIs, masked.
 */
import { annotationsFor } from '../github/context.js';
import { parseBranchSettings } from '../inputs/commands.js';
import { finishBranch } from '../preview/finish.js';
import { createOrAdopt } from '../preview/get-or-create.js';
import { requireBranchName, requireProjectId, resolveBranch } from '../preview/lookup.js';
import { waitUntilReady } from '../preview/readiness.js';
import { updateExpiry } from '../preview/expiry.js';
import { phase } from '../runtime/logger.js';
import type { CommandContext, CommandResult } from './types.js';

export async function run(ctx: CommandContext): Promise<CommandResult> {
  const settings = parseBranchSettings(ctx.read, ctx.now());
  const projectId = requireProjectId(ctx);
  const name = requireBranchName(ctx);
  const { neon } = ctx;

  const outcome = await phase(`Find or create branch ${name}`, () =>
    createOrAdopt(
      neon,
      projectId,
      name,
      {
        ...settings,
        parentId: async () =>
          settings.parentBranch ? (await resolveBranch(neon, projectId, settings.parentBranch, 'parent-branch')).id : undefined,
      },
      annotationsFor(ctx.github, ctx.prNumber, ctx.version),
      ctx.signal,
    ),
  );
  ctx.log.info(
    outcome.created ? `Created branch ${name} (${outcome.branch.id})` : `Branch ${name} (${outcome.branch.id}) already exists: reusing it`,
  );
  ctx.setOutput('branch-id', outcome.branch.id);
  ctx.setOutput('branch-name', outcome.branch.name);
  ctx.setOutput('created', String(outcome.created));

  if (outcome.created && outcome.endpoint) {
    return finishBranch(ctx, {
      command: 'create-branch',
      projectId,
      branch: outcome.branch,
      created: true,
      endpoint: outcome.endpoint,
      connectionUris: outcome.connectionUris,
      settings,
    });
  }
  if (!outcome.created && settings.expiresAt !== undefined)
    await updateExpiry(neon, projectId, outcome.branch, settings.expiresAt);
  const ready = await phase(`Wait until ${name} is ready`, () => waitUntilReady(neon, projectId, outcome.branch.id, settings));
  return finishBranch(ctx, { command: 'create-branch', projectId, branch: ready.branch, created: outcome.created, endpoint: ready.endpoint, settings });
}
