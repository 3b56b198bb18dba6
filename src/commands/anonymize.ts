/**
 * anonymize: an anonymized preview branch with the given masking rules. A new branch is created
 * masked; an existing anonymized branch gets the rules replaced and is masked again (no fresh data:
 * `recreate: true` for that). No connection output is set before the data is masked.
 */
import { annotationsFor } from '../github/context.js';
import { type AnonymizeSettings, parseAnonymizeSettings } from '../inputs/anonymize-settings.js';
import {
  findBranchByExactName,
  NeonApiError,
  type NeonBranch,
  type NeonClient,
  waitForOperations,
} from '../neon/index.js';
import { anonymizedStatus, waitForAnonymized } from '../preview/anonymization.js';
import { deleteBranch } from '../preview/delete.js';
import { deleteOwnBranch } from '../preview/get-or-create.js';
import { findPreviewBranch, resolveBranch } from '../preview/lookup.js';
import { startConversation } from '../conversation/publish.js';
import { endpointBody, waitUntilReady } from '../preview/readiness.js';
import { phase } from '../runtime/logger.js';
import { conversationOf, previewLookup, requireBranchName, requireProjectId } from './context.js';
import { finishBranch } from './finish-branch.js';
import type { CommandContext, CommandResult, SettingsSource } from './types.js';

export function parseSettings({ read, now, workspace }: SettingsSource): AnonymizeSettings {
  return parseAnonymizeSettings(read, now, workspace);
}

export async function run(ctx: CommandContext, settings: AnonymizeSettings): Promise<CommandResult> {
  const projectId = requireProjectId(ctx);
  const name = requireBranchName(ctx);
  const { neon } = ctx;

  const find = async () =>
    (await findPreviewBranch(neon, previewLookup(ctx, projectId, name, '-anon'), ctx.log))?.branch;
  let existing = await phase(`Find branch ${name}`, find);
  if (existing && settings.recreate) {
    await requireAnonymized(neon, projectId, existing);
    await phase(`Delete ${name} to create it anew (recreate: true)`, () => deleteBranch(neon, projectId, existing!.id));
    existing = undefined;
  }
  let created = false;
  let branch: NeonBranch;
  if (existing) {
    branch = existing;
    await requireAnonymized(neon, projectId, branch);
    await phase(`Mask ${name} again with ${settings.maskingRules.length} rule(s)`, async () => {
      await neon.call('updateMaskingRules', {
        path: { project_id: projectId, branch_id: branch.id },
        body: { masking_rules: settings.maskingRules },
      });
      await neon.call('startAnonymization', { path: { project_id: projectId, branch_id: branch.id } });
      await waitForAnonymized(neon, projectId, branch.id);
    });
  } else {
    const made = await phase(`Create anonymized branch ${name}`, () =>
      createAnonymized(ctx, projectId, name, settings, find),
    );
    branch = made.branch;
    created = made.created;
  }
  ctx.setOutput('branch-id', branch.id);
  ctx.setOutput('branch-name', branch.name);
  ctx.setOutput('created', String(created));
  // the PR comment's GitHub client and listing get ready while the compute does (after the masking: fresh)
  const comment = startConversation(conversationOf(ctx));
  const ready = await phase(`Wait until ${name} is ready`, () => waitUntilReady(neon, projectId, branch.id, settings));
  return finishBranch(
    ctx,
    { command: 'anonymize', projectId, branch: ready.branch, created, endpoint: ready.endpoint, settings, comment },
    { 'anonymization-status': 'anonymized' },
  );
}

async function requireAnonymized(neon: NeonClient, projectId: string, branch: NeonBranch): Promise<void> {
  try {
    await anonymizedStatus(neon, projectId, branch.id);
  } catch (e) {
    if (e instanceof NeonApiError && e.status >= 400 && e.status < 500)
      throw new Error(
        `Branch ${branch.name} exists but is not an anonymized branch: choose another branch-name, or delete that branch first`,
      );
    throw e;
  }
}

async function createAnonymized(
  ctx: CommandContext,
  projectId: string,
  name: string,
  settings: AnonymizeSettings,
  find: () => Promise<NeonBranch | undefined>,
): Promise<{ branch: NeonBranch; created: boolean }> {
  const { neon } = ctx;
  const parentId = settings.parentBranch
    ? (await resolveBranch(neon, projectId, settings.parentBranch, 'parent-branch')).id
    : undefined;
  if (ctx.signal.aborted) throw new Error('Cancelled before creating the branch');
  let result: Awaited<ReturnType<typeof neon.call<'createProjectBranchAnonymized', NeonBranch>>>;
  try {
    result = await neon.call(
      'createProjectBranchAnonymized',
      {
        path: { project_id: projectId },
        body: {
          branch_create: {
            branch: { name, parent_id: parentId, expires_at: settings.expiresAt },
            endpoints: [endpointBody(settings)],
          },
          masking_rules: settings.maskingRules,
          start_anonymization: true,
          annotation_value: annotationsFor(ctx.github, ctx.prNumber, ctx.version),
        } as never,
      },
      { reconcile: () => findBranchByExactName(neon, projectId, name) },
    );
  } catch (e) {
    if (e instanceof NeonApiError && e.status === 409) {
      const raced = await find();
      if (raced) {
        await waitForAnonymized(neon, projectId, raced.id);
        return { branch: raced, created: false };
      }
    }
    throw e;
  }
  if (result.reconciled) {
    await waitForAnonymized(neon, projectId, result.data.id);
    return { branch: result.data, created: false };
  }
  const made = result.data;
  // masked at once, though handed out only once the data is masked
  for (const uri of made.connection_uris ?? []) {
    ctx.secrets.add(uri.connection_parameters.password);
    ctx.secrets.addUri(uri.connection_uri);
  }
  try {
    await waitForOperations(neon, projectId, made.operations);
    await waitForAnonymized(neon, projectId, made.branch.id);
  } catch (e) {
    // A branch whose masking did not finish may hold unmasked data: remove what this run made.
    await deleteOwnBranch(neon, projectId, made.branch);
    throw e;
  }
  return { branch: made.branch, created: true };
}
