import type { NeonClient } from './client.js';
import type { NeonAnnotation, NeonBranch, NeonOperation, NeonProject } from './schemas.js';

/** Page sizes: the largest each list accepts (branches 1..10000, operations 1..1000, projects 1..400). */
export const DEFAULT_BRANCH_PAGE_SIZE = 1000;
export const DEFAULT_OPERATION_PAGE_SIZE = 1000;
export const DEFAULT_PROJECT_PAGE_SIZE = 400;

export interface BranchList {
  branches: NeonBranch[];
  /** Annotations by branch id (Neon returns them beside the page). */
  annotations: Record<string, NeonAnnotation>;
}

/**
 * Every branch of a project (or every branch whose name or id contains `search`: Neon's search is a
 * substring match). Always sends `limit`; follows `pagination.next` until it is empty, a page is empty,
 * or a cursor repeats.
 */
export async function listAllBranches(
  client: NeonClient,
  projectId: string,
  options: { search?: string; limit?: number } = {},
): Promise<BranchList> {
  const result: BranchList = { branches: [], annotations: {} };
  const seenCursors = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const { data } = await client.call('listProjectBranches', {
      path: { project_id: projectId },
      query: { limit: options.limit ?? DEFAULT_BRANCH_PAGE_SIZE, search: options.search, cursor },
    });
    const page = data;
    result.branches.push(...page.branches);
    Object.assign(result.annotations, page.annotations ?? {});
    const next = page.pagination?.next;
    if (!next || page.branches.length === 0 || seenCursors.has(next)) return result;
    seenCursors.add(next);
    cursor = next;
  }
}

/** Every operation of a project, following `pagination.cursor` until a page is empty or a cursor repeats. */
export async function listAllOperations(
  client: NeonClient,
  projectId: string,
  options: { limit?: number } = {},
): Promise<NeonOperation[]> {
  return followCursor(async (cursor) => {
    const { data } = await client.call('listProjectOperations', {
      path: { project_id: projectId },
      query: { limit: options.limit ?? DEFAULT_OPERATION_PAGE_SIZE, cursor },
    });
    const page = data;
    return { items: page.operations, cursor: page.pagination?.cursor };
  });
}

/** Every project the key can see, following `pagination.cursor` until a page is empty or a cursor repeats. */
export async function listAllProjects(
  client: NeonClient,
  options: { limit?: number; search?: string; orgId?: string } = {},
): Promise<NeonProject[]> {
  return followCursor(async (cursor) => {
    const { data } = await client.call('listProjects', {
      query: {
        limit: options.limit ?? DEFAULT_PROJECT_PAGE_SIZE,
        search: options.search,
        org_id: options.orgId,
        cursor,
      },
    });
    const page = data;
    return { items: page.projects, cursor: page.pagination?.cursor };
  });
}

async function followCursor<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; cursor?: string }>) {
  const all: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    all.push(...page.items);
    if (page.items.length === 0 || !page.cursor || seen.has(page.cursor)) return all;
    seen.add(page.cursor);
    cursor = page.cursor;
  }
}

/** The branch named exactly `name` among `branches` (pure; names are unique in a project). */
export function pickBranchByName(branches: readonly NeonBranch[], name: string): NeonBranch | undefined {
  return branches.find((b) => b.name === name);
}

/** The branch whose id is exactly `nameOrId`, else the one named exactly so (pure). */
export function pickBranchByNameOrId(branches: readonly NeonBranch[], nameOrId: string): NeonBranch | undefined {
  return branches.find((b) => b.id === nameOrId) ?? pickBranchByName(branches, nameOrId);
}

/** Looks a branch up by its exact name (Neon's search matches substrings, so `pr-1` also finds `pr-10`). */
export async function findBranchByExactName(
  client: NeonClient,
  projectId: string,
  name: string,
): Promise<NeonBranch | undefined> {
  const { branches } = await listAllBranches(client, projectId, { search: name });
  return pickBranchByName(branches, name);
}

/** Looks a branch up by exact id or exact name (inputs such as `parent-branch` accept either). */
export async function findBranchByNameOrId(
  client: NeonClient,
  projectId: string,
  nameOrId: string,
): Promise<NeonBranch | undefined> {
  const { branches } = await listAllBranches(client, projectId, { search: nameOrId });
  return pickBranchByNameOrId(branches, nameOrId);
}
