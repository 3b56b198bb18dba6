/** Finding branches by what users type: a name or an id, checked exactly (Neon's search is a substring match). */
import type { CommandContext } from '../commands/types.js';
import { InputError } from '../inputs/errors.js';
import { findBranchByNameOrId, listAllBranches, type NeonBranch, type NeonClient } from '../neon/index.js';

/** The preview branch name, or one line naming branch-name and pr-number when there is none. */
export function requireBranchName(ctx: Pick<CommandContext, 'branchName' | 'github'>): string {
  if (ctx.branchName) return ctx.branchName;
  throw new InputError(
    'branch-name',
    `is required on ${ctx.github.eventName || 'this'} events: no pull request number was found (give branch-name, or pr-number)`,
  );
}

export function requireProjectId(ctx: Pick<CommandContext, 'common'>): string {
  const id = ctx.common.projectId;
  if (!id) throw new InputError('project-id', 'is required (or set NEON_PROJECT_ID)');
  return id;
}

/** A branch by exact id or name; a miss is bad input naming `input`. */
export async function resolveBranch(neon: NeonClient, projectId: string, nameOrId: string, input: string): Promise<NeonBranch> {
  const branch = await findBranchByNameOrId(neon, projectId, nameOrId);
  if (!branch) throw new InputError(input, `names no branch of project ${projectId}: "${nameOrId}" was not found by name or id`);
  return branch;
}

/** The project's default branch (one listing). */
export async function defaultBranch(neon: NeonClient, projectId: string): Promise<NeonBranch> {
  const { branches } = await listAllBranches(neon, projectId);
  const found = branches.find((b) => b.default);
  if (!found) throw new Error(`Project ${projectId} has no default branch`);
  return found;
}

/** The console page of a branch, for comments and summaries. */
export function consoleUrl(projectId: string, branchId: string): string {
  return `https://console.neon.tech/app/projects/${encodeURIComponent(projectId)}/branches/${encodeURIComponent(branchId)}`;
}
