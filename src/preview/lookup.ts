/**
 * Finding branches by what users type: a name or an id, checked exactly (Neon's search is a substring
 * match); and finding this PR's preview branch with its identity checked: a branch annotated for
 * another repository is never this run's, and a PR whose head branch was renamed still finds the
 * branch its default name once gave (by its annotations: this repository, this PR).
 */
import { defaultBranchName } from '../github/context.js';
import { InputError } from '../inputs/errors.js';
import { ANNOTATION } from '../names.js';
import {
  type BranchList,
  findBranchByNameOrId,
  listAllBranches,
  type NeonBranch,
  type NeonClient,
} from '../neon/index.js';
import type { Logger } from '../runtime/logger.js';

/** A branch by exact id or name; a miss is bad input naming `input`. */
export async function resolveBranch(
  neon: NeonClient,
  projectId: string,
  nameOrId: string,
  input: string,
): Promise<NeonBranch> {
  const branch = await findBranchByNameOrId(neon, projectId, nameOrId);
  if (!branch)
    throw new InputError(input, `names no branch of project ${projectId}: "${nameOrId}" was not found by name or id`);
  return branch;
}

/** The project's default branch (one listing). */
export async function defaultBranch(neon: NeonClient, projectId: string): Promise<NeonBranch> {
  const { branches } = await listAllBranches(neon, projectId);
  const found = branches.find((b) => b.default);
  if (!found) throw new Error(`Project ${projectId} has no default branch`);
  return found;
}

/** The repository a branch is annotated for, when that is another one than `repo` (GitHub names ignore case). */
export function foreignRepo(annotations: Record<string, string> | undefined, repo: string): string | undefined {
  const annotated = annotations?.[ANNOTATION.repo];
  return annotated && annotated.toLowerCase() !== repo.toLowerCase() ? annotated : undefined;
}

/** One line naming `input`: the branch belongs to another repository and this run leaves it alone. */
export function foreignBranchError(
  input: string,
  branch: Pick<NeonBranch, 'name' | 'id'>,
  owner: string,
  repo: string,
): InputError {
  return new InputError(
    input,
    `names branch "${branch.name}" (${branch.id}), which is annotated for another repository (${owner}): ` +
      `this run never adopts, resets, restores into or deletes it; give ${repo} a branch name of its own ` +
      '(e.g. branch-name: preview/${{ github.event.repository.name }}/pr-${{ github.event.number }})',
  );
}

export interface PreviewLookup {
  projectId: string;
  name: string;
  /** `owner/repo` of this run. */
  repo: string;
  prNumber: number | undefined;
  /** The name is the default one (no `branch-name` input): a branch under an older default name counts too. */
  defaultName: boolean;
  /** `-anon` for anonymize's branches. */
  suffix?: string;
  /** Which input to name when the branch belongs to another repository. */
  input?: string;
}

export interface FoundBranch {
  branch: NeonBranch;
  annotations: Record<string, string>;
  /** Found by its annotations under an older default name (the head branch was renamed). */
  renamed: boolean;
}

/**
 * This PR's branch: the one named exactly so, refused (InputError naming `branch-name`) when its
 * annotations name another repository; else, for a default name, the newest branch annotated for this
 * repository and PR whose name is the default its annotated head ref gave (a renamed head branch).
 */
export async function findPreviewBranch(
  neon: NeonClient,
  lookup: PreviewLookup,
  log?: Logger,
  listing?: BranchList,
): Promise<FoundBranch | undefined> {
  const searched = listing ?? (await listAllBranches(neon, lookup.projectId, { search: lookup.name }));
  const named = searched.branches.find((b) => b.name === lookup.name);
  if (named) {
    const annotations = searched.annotations[named.id]?.value ?? {};
    const owner = foreignRepo(annotations, lookup.repo);
    if (owner) throw foreignBranchError(lookup.input ?? 'branch-name', named, owner, lookup.repo);
    return { branch: named, annotations, renamed: false };
  }
  if (!lookup.defaultName || lookup.prNumber === undefined) return undefined;
  const all = listing ?? (await listAllBranches(neon, lookup.projectId));
  const found = renamedBranch(all, lookup);
  if (found)
    log?.info(
      `Branch ${lookup.name} does not exist, but ${found.branch.name} (${found.branch.id}) is annotated for PR #${lookup.prNumber} of ${lookup.repo} under its earlier head branch "${found.annotations[ANNOTATION.ref]}": using it`,
    );
  return found;
}

/** Pure: the newest branch of `listing` made under this PR's default name for an earlier head ref. */
export function renamedBranch(listing: BranchList, lookup: PreviewLookup): FoundBranch | undefined {
  const candidates = listing.branches
    .map((branch) => ({ branch, annotations: listing.annotations[branch.id]?.value ?? {}, renamed: true }))
    .filter(({ branch, annotations }) => {
      if (annotations[ANNOTATION.repo]?.toLowerCase() !== lookup.repo.toLowerCase()) return false;
      if (annotations[ANNOTATION.prNumber] !== String(lookup.prNumber)) return false;
      const ref = annotations[ANNOTATION.ref];
      return ref !== undefined && branch.name === defaultBranchName(lookup.prNumber!, ref, lookup.suffix ?? '');
    });
  return candidates.sort((a, b) => Date.parse(b.branch.created_at) - Date.parse(a.branch.created_at))[0];
}

/** `resolveBranch`, refusing (naming `input`) a branch annotated for another repository. */
export async function resolveOwnBranch(
  neon: NeonClient,
  projectId: string,
  nameOrId: string,
  input: string,
  repo: string,
): Promise<NeonBranch> {
  const { branches, annotations } = await listAllBranches(neon, projectId, { search: nameOrId });
  const branch = branches.find((b) => b.id === nameOrId) ?? branches.find((b) => b.name === nameOrId);
  if (!branch)
    throw new InputError(input, `names no branch of project ${projectId}: "${nameOrId}" was not found by name or id`);
  const owner = foreignRepo(annotations[branch.id]?.value, repo);
  if (owner) throw foreignBranchError(input, branch, owner, repo);
  return branch;
}
