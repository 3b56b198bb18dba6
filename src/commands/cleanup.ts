/**
 * cleanup: in a PR, delete its preview branch (already gone is fine) and its anonymized branch;
 * elsewhere, sweep stale preview branches of this repository. Nothing else is ever touched.
 */
import { isPrEvent } from '../github/context.js';
import { type CleanupSettings, parseCleanupSettings } from '../inputs/commands.js';
import { ANNOTATION } from '../names.js';
import { InputError } from '../inputs/errors.js';
import {
  listAllBranches,
  NeonApiError,
  type NeonBranch,
  type NeonClient,
  type OperationRef,
  waitForAllOperations,
  waitForOperations,
} from '../neon/index.js';
import { deleteBranch, startDeleteBranch } from '../preview/delete.js';
import type { TornDown } from '../conversation/branch-texts.js';
import { renderTeardown } from '../conversation/branch-texts.js';
import { teardownUpdates } from '../conversation/preview-comment.js';
import { endDeployments } from '../conversation/deployment.js';
import { parseDeploymentSettings } from '../inputs/conversation.js';
import { currentSections, publish, startConversation, summarize } from '../conversation/publish.js';
import { escapeCell } from '../github/markdown.js';
import { requireBranchName, requireProjectId } from '../preview/lookup.js';
import { patternMatcher, planSweep, type SweepEntry } from '../preview/sweep-plan.js';
import { phase } from '../runtime/logger.js';
import type { CommandContext, CommandResult } from './types.js';

export async function run(ctx: CommandContext): Promise<CommandResult> {
  const settings = parseCleanupSettings(ctx.read);
  const projectId = requireProjectId(ctx);
  const mode = settings.mode === 'auto' ? (isPrEvent(ctx.github) && ctx.prNumber !== undefined ? 'pr' : 'sweep') : settings.mode;
  if (mode === 'pr') return cleanupPr(ctx, projectId);
  return sweep(ctx, projectId, settings);
}

/** A listing that fails with a 4xx is bad input: the project or the key is wrong. */
async function listOrExplain(neon: NeonClient, projectId: string, search?: string) {
  try {
    return await listAllBranches(neon, projectId, { search });
  } catch (e) {
    if (e instanceof NeonApiError && e.status >= 400 && e.status < 500) {
      const input = e.status === 401 || e.status === 403 ? 'api-key' : 'project-id';
      const what = input === 'api-key' ? 'is not accepted for this project' : `names no project this key can see ("${projectId}")`;
      throw new InputError(input, `${what}: Neon answered ${e.status} ${e.apiMessage}`);
    }
    throw e;
  }
}

async function cleanupPr(ctx: CommandContext, projectId: string): Promise<CommandResult> {
  const name = requireBranchName(ctx);
  const { deployment } = parseDeploymentSettings(ctx.read);
  // the comment's reads (whose sections show which branches) run while Neon deletes
  const conversation = startConversation(ctx);
  // Neon's search is a substring match: one listing finds the branch and its `-anon` sibling
  const listing = await phase(`Find branch ${name}`, () => listOrExplain(ctx.neon, projectId, name));
  const branch = listing.branches.find((b) => b.name === name);
  const anon = ctx.common.branchName === undefined ? anonymizedSibling(ctx, name, listing) : undefined;
  const skipped: SweepEntry[] = anon && 'skip' in anon ? [anon.skip] : [];
  for (const s of skipped) ctx.log.notice?.(`Kept ${s.name} (${s.id}): ${s.reason}`);
  if (!branch) ctx.log.notice?.(`Branch ${name} is already gone: nothing to delete`);
  // the anonymized branch first: a parent-branch input may have made it a child of the preview
  const targets = [...(anon && 'branch' in anon ? [anon.branch] : []), ...(branch ? [branch] : [])];
  const deleted: SweepEntry[] = [];
  const tornDown: TornDown[] = [];
  for (const b of targets) {
    const existed = await phase(`Delete branch ${b.name} (${b.id})`, () => deleteBranch(ctx.neon, projectId, b.id));
    if (existed) ctx.log.info(`Deleted branch ${b.name} (${b.id})`);
    else ctx.log.notice?.(`Branch ${b.name} is already gone: nothing left to delete`);
    // listed a moment ago and gone now: a DELETE whose answer was lost and that a retry found done
    // answers 404 too, so a listed branch counts as deleted by this run either way
    deleted.push({ id: b.id, name: b.name, reason: 'its pull request closed' });
    tornDown.push(usageOf(b));
  }
  const report = { branchName: name, deleted: tornDown, kept: skipped };
  const current = await currentSections('preview', conversation);
  const deletedIds = new Set(deleted.map((d) => d.id));
  const missingIds = await phase('Check the branches the PR comment shows', () =>
    missingBranches(ctx.neon, projectId, current.filter((s) => s.attrs.state === 'live').map((s) => s.attrs.branch ?? ''), deletedIds),
  );
  await endDeployments(ctx, deployment);
  const commentUrl = await publish(
    ctx,
    'preview',
    { updates: teardownUpdates(current, { ...report, projectId, deletedIds, missingIds }), summary: renderTeardown(report) },
    { ...(conversation ? { started: conversation } : {}), existingOnly: deleted.length === 0 },
  );
  return {
    outputs: { deleted: JSON.stringify(deleted), skipped: JSON.stringify(skipped), ...(commentUrl ? { 'comment-url': commentUrl } : {}) },
  };
}

function usageOf(branch: NeonBranch): TornDown {
  const usage = branch as { compute_time_seconds?: number; written_data_bytes?: number };
  return {
    name: branch.name,
    id: branch.id,
    ...(usage.compute_time_seconds !== undefined ? { computeTimeSeconds: usage.compute_time_seconds } : {}),
    ...(usage.written_data_bytes !== undefined ? { writtenDataBytes: usage.written_data_bytes } : {}),
  };
}

/** Of the branch ids the comment shows as live (and this run did not delete), those Neon no longer has. */
async function missingBranches(neon: NeonClient, projectId: string, ids: readonly string[], deleted: ReadonlySet<string>): Promise<Set<string>> {
  const missing = new Set<string>();
  for (const id of new Set(ids.filter((x) => x && !deleted.has(x)))) {
    try {
      await neon.call('getProjectBranch', { path: { project_id: projectId, branch_id: id } });
    } catch (e) {
      if (e instanceof NeonApiError && e.status === 404) missing.add(id);
      else neon.logger.debug(`Could not check branch ${id}: ${(e as Error).message}`);
    }
  }
  return missing;
}

/**
 * The PR's anonymized branch, under anonymize's default name (`{name}-anon`), when it exists: to
 * delete when Neon holds this repository's and this PR's annotations on it (anonymize writes them)
 * and it is neither protected nor the default; else kept, with the reason.
 */
function anonymizedSibling(
  ctx: CommandContext,
  name: string,
  listing: { branches: NeonBranch[]; annotations: Record<string, { value: Record<string, string> }> },
): { branch: NeonBranch } | { skip: SweepEntry } | undefined {
  const b = listing.branches.find((x) => x.name === `${name}-anon`);
  if (!b) return undefined;
  const repo = `${ctx.github.repo.owner}/${ctx.github.repo.repo}`;
  const value = listing.annotations[b.id]?.value ?? {};
  const skip = (reason: string) => ({ skip: { id: b.id, name: b.name, reason } });
  if (b.default) return skip('the default branch');
  if (b.protected) return skip('protected');
  if (value[ANNOTATION.repo] !== repo || value[ANNOTATION.prNumber] !== String(ctx.prNumber))
    return skip(`not annotated as pull request #${ctx.prNumber} of ${repo}; delete it by name (branch-name) if it is this PR's`);
  return { branch: b };
}

async function sweep(ctx: CommandContext, projectId: string, settings: CleanupSettings): Promise<CommandResult> {
  const repo = `${ctx.github.repo.owner}/${ctx.github.repo.repo}`;
  const listing = await phase('List branches', () => listOrExplain(ctx.neon, projectId));
  const main = listing.branches.find((b) => b.default);
  if (main && patternMatcher(settings.branchPattern)(main.name))
    throw new InputError('branch-pattern', `matches the default branch "${main.name}"; narrow it, e.g. preview/pr-*`);
  const openPulls = await phase('Read open pull requests', () => readOpenPulls(ctx));
  const plan = planSweep({
    branches: listing.branches,
    annotations: listing.annotations,
    pattern: settings.branchPattern,
    requireAnnotations: settings.requireAnnotations,
    repo,
    openPulls,
    maxAgeMs: settings.maxAgeMs,
    now: ctx.now(),
  });
  ctx.log.info(
    `${settings.dryRun ? 'Would delete' : 'Deleting'} ${plan.delete.length} branch(es); skipping ${plan.skipped.length} matching ${settings.branchPattern}`,
  );
  for (const s of plan.skipped) ctx.log.info(`  skip ${s.name} (${s.id}): ${s.reason}`);
  const failures: string[] = [];
  const done: SweepEntry[] = [];
  if (settings.dryRun) {
    for (const d of plan.delete) ctx.log.info(`  would delete ${d.name} (${d.id}): ${d.reason}`);
    done.push(...plan.delete);
  } else {
    await phase(`Delete ${plan.delete.length} branch(es)`, () =>
      deleteAll(ctx, projectId, plan.delete, listing.branches, done, failures),
    );
  }
  // a sweep is about the project, not one pull request: its report is the job summary only
  await summarize(ctx, renderSweep(done, plan.skipped, settings.dryRun));
  return {
    outputs: { deleted: JSON.stringify(done), skipped: JSON.stringify(plan.skipped) },
    failure: failures.length ? `Could not delete ${failures.length} branch(es): ${failures.join('; ')}` : undefined,
  };
}

/**
 * DELETEs go out back to back (the client retries a 423 while Neon still runs earlier ones); a parent
 * waits only for its own children's deletions; everything else is awaited once at the end, in bulk.
 */
async function deleteAll(
  ctx: CommandContext,
  projectId: string,
  entries: readonly SweepEntry[],
  branches: readonly NeonBranch[],
  done: SweepEntry[],
  failures: string[],
): Promise<void> {
  const outstanding = new Map<string, OperationRef[]>();
  const childrenOf = new Map<string, string[]>();
  for (const b of branches) if (b.parent_id) childrenOf.set(b.parent_id, [...(childrenOf.get(b.parent_id) ?? []), b.id]);
  for (const d of entries) {
    if (ctx.signal.aborted) {
      failures.push(`${d.name}: not deleted, the run was cancelled`);
      continue;
    }
    try {
      const kids = (childrenOf.get(d.id) ?? []).filter((id) => outstanding.has(id));
      if (kids.length > 0) await waitForOperations(ctx.neon, projectId, kids.flatMap((id) => outstanding.get(id)!));
      for (const id of kids) outstanding.delete(id);
      const { existed, operations } = await startDeleteBranch(ctx.neon, projectId, d.id);
      if (operations.length > 0) outstanding.set(d.id, operations);
      ctx.log.info(`  ${existed ? 'deleted' : 'already gone'}: ${d.name} (${d.id}): ${d.reason}`);
      done.push(d);
    } catch (e) {
      failures.push(`${d.name}: ${(e as Error).message}`);
      ctx.log.warning(`Could not delete ${d.name} (${d.id}): ${(e as Error).message}`);
    }
  }
  await waitForAllOperations(ctx.neon, projectId, [...outstanding.values()].flat());
}

async function readOpenPulls(ctx: CommandContext): Promise<Set<number> | { error: string }> {
  if (!ctx.common.githubToken) return { error: 'no github-token to read pull requests with' };
  try {
    const { createOctokit } = await import('../github/octokit.js');
    const { listOpenPullNumbers } = await import('../github/pulls.js');
    const octokit = createOctokit(ctx.common.githubToken, { apiUrl: ctx.github.apiUrl, logger: ctx.log, signal: ctx.signal });
    return await listOpenPullNumbers(octokit, ctx.github.repo.owner, ctx.github.repo.repo);
  } catch (e) {
    ctx.log.warning(`Could not read the open pull requests: ${(e as Error).message}`);
    return { error: `listing open pull requests failed (${(e as Error).message.split('\n')[0]})` };
  }
}

function renderSweep(deleted: SweepEntry[], skipped: SweepEntry[], dryRun: boolean): string {
  const rows = (list: SweepEntry[]) => list.map((e) => `| ${escapeCell(e.name)} | ${escapeCell(e.id)} | ${escapeCell(e.reason)} |`);
  return [
    `### Neon preview branches: sweep${dryRun ? ' (dry run: nothing deleted)' : ''}`,
    '',
    `${dryRun ? 'Would delete' : 'Deleted'} ${deleted.length}, skipped ${skipped.length}.`,
    '',
    '| branch | id | why |',
    '|---|---|---|',
    ...rows(deleted),
    ...rows(skipped).map((r) => r.replace(/ \|$/, ' (skipped) |')),
  ].join('\n');
}

