/**
 * Get-or-create, then ready and connected: the path create-branch always takes and reset-branch
 * takes when the branch does not exist yet.
 */
import type { CommandContext, CommandResult } from '../commands/types.js';
import { annotationsFor } from '../github/context.js';
import type { BranchSettings } from '../inputs/commands.js';
import type { NeonBranch, NeonConnectionUri } from '../neon/index.js';
import { phase } from '../runtime/logger.js';
import { ANNOTATION } from '../names.js';
import { updateExpiry } from './expiry.js';
import { finishBranch } from './finish.js';
import { createOrAdopt } from './get-or-create.js';
import { startConversation } from '../conversation/publish.js';
import { findPreviewBranch, previewLookup, resolveBranch } from './lookup.js';
import { waitUntilReady } from './readiness.js';

/**
 * Said as soon as Neon answers, before any wait, so a cancelled run still leaves its outputs and every
 * password Neon handed over is masked before an error message could carry it.
 */
export function announceBranch(
  ctx: CommandContext,
  branch: NeonBranch,
  created: boolean,
  uris: readonly NeonConnectionUri[] = [],
): void {
  for (const uri of uris) {
    ctx.secrets.add(uri.connection_parameters.password);
    ctx.secrets.addUri(uri.connection_uri);
  }
  ctx.log.info(
    created
      ? `Created branch ${branch.name} (${branch.id})`
      : `Branch ${branch.name} (${branch.id}) already exists: reusing it`,
  );
  ctx.setOutput('branch-id', branch.id);
  ctx.setOutput('branch-name', branch.name);
  ctx.setOutput('created', String(created));
}

export async function provisionBranch(
  ctx: CommandContext,
  command: 'create-branch' | 'reset-branch',
  projectId: string,
  name: string,
  settings: BranchSettings,
): Promise<CommandResult> {
  const { neon } = ctx;
  // the PR comment's GitHub client and listing get ready while Neon works
  const comment = startConversation(ctx);
  const outcome = await phase(`Find or create branch ${name}`, () =>
    createOrAdopt(
      neon,
      projectId,
      name,
      {
        ...settings,
        find: async () => (await findPreviewBranch(neon, previewLookup(ctx, projectId, name), ctx.log))?.branch,
        // this repository's deleted preview of the name (its own expiry, an older cleanup) is freed for a new one
        ownsDeleted: (annotations) =>
          annotations[ANNOTATION.repo]?.toLowerCase() === previewLookup(ctx, projectId, name).repo.toLowerCase(),
        parentId: async () =>
          settings.parentBranch
            ? (await resolveBranch(neon, projectId, settings.parentBranch, 'parent-branch')).id
            : undefined,
      },
      annotationsFor(ctx.github, ctx.prNumber, ctx.version),
      ctx.signal,
      (branch, created, uris) => announceBranch(ctx, branch, created, uris),
    ),
  );

  if (outcome.created && outcome.endpoint)
    return finishBranch(ctx, {
      command,
      projectId,
      branch: outcome.branch,
      created: true,
      endpoint: outcome.endpoint,
      connectionUris: outcome.connectionUris,
      settings,
      comment,
    });
  if (!outcome.created && settings.expiresAt !== undefined)
    await updateExpiry(neon, projectId, outcome.branch, settings.expiresAt);
  const ready = await phase(`Wait until ${name} is ready`, () =>
    waitUntilReady(neon, projectId, outcome.branch.id, settings),
  );
  return finishBranch(ctx, { command, projectId, ...ready, created: outcome.created, settings, comment });
}
