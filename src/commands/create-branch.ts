/**
 * create-branch: get-or-create the preview branch (race-safe), make sure it is ready when the step
 * ends, and hand out Neon's connection URIs, masked.
 */
import { withDeployment } from '../conversation/deployment.js';
import { parseBranchSettings } from '../inputs/commands.js';
import { parseDeploymentSettings } from '../inputs/conversation.js';
import { requireBranchName, requireProjectId } from '../preview/lookup.js';
import { provisionBranch } from '../preview/provision.js';
import type { CommandContext, CommandResult } from './types.js';

export async function run(ctx: CommandContext): Promise<CommandResult> {
  const settings = parseBranchSettings(ctx.read, ctx.now());
  const { deployment } = parseDeploymentSettings(ctx.read);
  const projectId = requireProjectId(ctx);
  const name = requireBranchName(ctx);
  return withDeployment(ctx, deployment, () => provisionBranch(ctx, 'create-branch', projectId, name, settings));
}
