/**
 * create-branch: get-or-create the preview branch (race-safe), make sure it is ready when the step
 * ends, and hand out Neon's connection URIs, masked.
 */
import { withDeployment } from '../conversation/deployment.js';
import { startConversation } from '../conversation/publish.js';
import { annotationsFor } from '../github/context.js';
import { type BranchSettings, parseBranchSettings } from '../inputs/commands.js';
import { type DeploymentSettings, parseDeploymentSettings } from '../inputs/conversation.js';
import { ANNOTATION } from '../names.js';
import { updateExpiry } from '../preview/expiry.js';
import { createOrAdopt } from '../preview/get-or-create.js';
import { findPreviewBranch, resolveBranch } from '../preview/lookup.js';
import { waitUntilReady } from '../preview/readiness.js';
import { phase } from '../runtime/logger.js';
import { conversationOf, deploymentOf, previewLookup, requireBranchName, requireProjectId } from './context.js';
import { announceBranch, finishBranch } from './finish-branch.js';
import type { CommandContext, CommandResult, SettingsSource } from './types.js';

/** create-branch's and reset-branch's settings: the branch's, and whether to record a GitHub deployment. */
export type PreviewSettings = BranchSettings & DeploymentSettings;

export function parseSettings({ read, now }: SettingsSource): PreviewSettings {
  return { ...parseBranchSettings(read, now), ...parseDeploymentSettings(read) };
}

export async function run(ctx: CommandContext, settings: PreviewSettings): Promise<CommandResult> {
  const projectId = requireProjectId(ctx);
  const name = requireBranchName(ctx);
  return withDeployment(deploymentOf(ctx), settings.deployment, () =>
    provisionBranch(ctx, 'create-branch', projectId, name, settings),
  );
}

/**
 * Get-or-create, then ready and connected: the path create-branch always takes and reset-branch
 * takes when the branch does not exist yet.
 */
export async function provisionBranch(
  ctx: CommandContext,
  command: 'create-branch' | 'reset-branch',
  projectId: string,
  name: string,
  settings: BranchSettings,
): Promise<CommandResult> {
  const { neon } = ctx;
  const lookup = previewLookup(ctx, projectId, name);
  // the PR comment's GitHub client and listing get ready while Neon works
  const comment = startConversation(conversationOf(ctx));
  const outcome = await phase(`Find or create branch ${name}`, () =>
    createOrAdopt(
      neon,
      projectId,
      name,
      {
        ...settings,
        find: async () => (await findPreviewBranch(neon, lookup, ctx.log))?.branch,
        // this repository's deleted preview of the name (its own expiry, an older cleanup) is freed for a new one
        ownsDeleted: (annotations) => annotations[ANNOTATION.repo]?.toLowerCase() === lookup.repo.toLowerCase(),
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
