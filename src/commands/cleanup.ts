/**
 * cleanup: in a PR, delete its preview branch (already gone is fine) and its anonymized branch;
 * elsewhere, sweep stale preview branches of this repository. Nothing else is ever touched.
 */
import { firstLine } from '../basics/errors.js';
import { isPrEvent } from '../github/context.js';
import { type CleanupSettings, parseCleanupSettings } from '../inputs/commands.js';
import { ANNOTATION, RESTORED_SUFFIX } from '../names.js';
import { InputError } from '../inputs/errors.js';
import {
  listAllBranches,
  NeonApiError,
  type NeonBranch,
  type NeonClient,
  type NeonSnapshot,
  type OperationRef,
  waitForAllOperations,
  waitForOperations,
} from '../neon/index.js';
import { deleteBranch, startDeleteBranch } from '../preview/delete.js';
import type { TornDown } from '../conversation/branch-texts.js';
import { renderTeardown } from '../conversation/branch-texts.js';
import { snapshotTakenHere, teardownUpdates } from '../conversation/preview-comment.js';
import { type Section, sectionKey } from '../conversation/document.js';
import { deleteSnapshot, listSnapshots } from './snapshot.js';
import { endDeployments } from '../conversation/deployment.js';
import { type DeploymentSettings, parseDeploymentSettings } from '../inputs/conversation.js';
import { currentSections, publish, startConversation, summarize } from '../conversation/publish.js';
import { code, escapeInline } from '../github/markdown.js';
import { keyRefused, projectRefused } from '../preview/access.js';
import { findPreviewBranch, foreignRepo, renamedBranch } from '../preview/lookup.js';
import { patternMatcher, planSweep, prNumberOf, type SweepEntry } from '../preview/sweep-plan.js';
import { phase } from '../runtime/logger.js';
import {
  conversationOf,
  deploymentOf,
  openGitHub,
  previewLookup,
  repoOf,
  requireBranchName,
  requireProjectId,
} from './context.js';
import type { CommandContext, CommandResult, SettingsSource } from './types.js';

type Settings = CleanupSettings & DeploymentSettings;

export function parseSettings({ read }: SettingsSource): Settings {
  return { ...parseCleanupSettings(read), ...parseDeploymentSettings(read) };
}

export async function run(ctx: CommandContext, settings: Settings): Promise<CommandResult> {
  const projectId = requireProjectId(ctx);
  const mode =
    settings.mode === 'auto' ? (isPrEvent(ctx.github) && ctx.prNumber !== undefined ? 'pr' : 'sweep') : settings.mode;
  if (mode === 'pr') return cleanupPr(ctx, projectId, settings);
  return sweep(ctx, projectId, settings);
}

/** A listing that fails with a 4xx is bad input: the project or the key is wrong. */
async function listOrExplain(neon: NeonClient, projectId: string, search?: string) {
  try {
    return await listAllBranches(neon, projectId, { search });
  } catch (e) {
    if (e instanceof NeonApiError && e.status >= 400 && e.status < 500)
      throw e.status === 401 || e.status === 403 ? keyRefused(e) : projectRefused(projectId, e);
    throw e;
  }
}

async function cleanupPr(ctx: CommandContext, projectId: string, settings: Settings): Promise<CommandResult> {
  const name = requireBranchName(ctx);
  const repo = repoOf(ctx);
  const lookup = previewLookup(ctx, projectId, name);
  // the comment's reads (whose sections show which branches) run while Neon deletes
  const conversation = startConversation(conversationOf(ctx));
  // Neon's search is a substring match: one listing finds the branch and its `-anon` sibling
  let listing = await phase(`Find branch ${name}`, () => listOrExplain(ctx.neon, projectId, name));
  if (!listing.branches.some((b) => b.name === name) && lookup.defaultName && ctx.prNumber !== undefined)
    // a renamed head branch: this PR's branches live under the default name of its earlier head
    listing = await phase(`Find the branches of PR #${ctx.prNumber} by their annotations`, () =>
      listOrExplain(ctx.neon, projectId),
    );
  const found = await findPreviewBranch(ctx.neon, lookup, ctx.log, listing);
  const branch = found?.branch;
  // refused before any DELETE: the default and protected branches are never a preview to clean up
  if (branch?.default)
    throw new InputError('branch-name', `names the default branch "${branch.name}": cleanup never deletes it`);
  if (branch?.protected)
    throw new InputError('branch-name', `names the protected branch "${branch.name}": cleanup never deletes it`);
  const siblings = lookup.defaultName
    ? [anonymizedSibling(ctx, branch?.name ?? name, listing), restoredSibling(branch?.name ?? name, listing, repo)]
    : [];
  const kept: SweepEntry[] = siblings.flatMap((s) => (s && 'skip' in s ? [s.skip] : []));
  for (const s of kept) ctx.log.notice?.(`Kept ${s.name} (${s.id}): ${s.reason}`);
  if (!branch) ctx.log.notice?.(`Branch ${name} is already gone: nothing to delete`);
  // the anonymized and restored branches first: a parent-branch input may have made them children of the preview
  const sideTargets = siblings.flatMap((s) => (s && 'branch' in s ? [s.branch] : []));
  const targets = [...sideTargets, ...(branch ? [branch] : [])];
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
  const current = await currentSections('preview', conversation);
  const snapshots = await phase("Delete the PR's snapshots", () =>
    closeSnapshots(ctx, projectId, current, new Set(targets.map((b) => b.id)), settings.keepSnapshots),
  );
  const report = {
    branchName: branch?.name ?? name,
    deleted: tornDown,
    kept,
    snapshots: { deleted: snapshots.deleted, kept: snapshots.kept },
  };
  const deletedIds = new Set(deleted.map((d) => d.id));
  const missingIds = await phase('Check the branches the PR comment shows', () =>
    missingBranches(
      ctx.neon,
      projectId,
      current.filter((s) => s.attrs.state === 'live').map((s) => s.attrs.branch ?? ''),
      deletedIds,
    ),
  );
  await endDeployments(deploymentOf(ctx), settings.deployment);
  const commentUrl = await publish(
    conversationOf(ctx),
    'preview',
    {
      updates: teardownUpdates(current, {
        ...report,
        projectId,
        deletedIds,
        missingIds,
        missingSnapshotIds: snapshots.missing,
      }),
      summary: renderTeardown(report),
    },
    {
      ...(conversation ? { started: conversation } : {}),
      existingOnly: deleted.length === 0 && snapshots.deleted.length === 0,
    },
  );
  const asSnapshot = (e: SweepEntry) => ({ ...e, kind: 'snapshot' });
  return {
    outputs: {
      deleted: JSON.stringify([...deleted, ...snapshots.deleted.map(asSnapshot)]),
      kept: JSON.stringify([...kept, ...snapshots.kept.map(asSnapshot)]),
      ...(commentUrl ? { 'comment-url': commentUrl } : {}),
    },
  };
}

interface SnapshotsClosed {
  deleted: SweepEntry[];
  kept: SweepEntry[];
  /** Snapshots the comment shows as live that Neon no longer has. */
  missing: Set<string>;
}

/**
 * A closed PR's snapshots: those its comment shows as taken by its runs, and those taken of the
 * branches this cleanup deleted. Deleted unless `keep`; a snapshot the comment shows that another run
 * took (and this PR's run reused by name) is kept, as is everything when the project has no
 * snapshots (the Beta is off) or they cannot be listed.
 */
async function closeSnapshots(
  ctx: CommandContext,
  projectId: string,
  current: readonly Section[],
  branchIds: ReadonlySet<string>,
  keep: boolean,
): Promise<SnapshotsClosed> {
  const out: SnapshotsClosed = { deleted: [], kept: [], missing: new Set() };
  // live ones of this project, and those an earlier cleanup kept
  const shown = current.filter(
    (s) =>
      s.attrs.snapshot && s.key === sectionKey('snapshot', projectId, s.attrs.snapshot) && s.attrs.state !== 'gone',
  );
  let all: NeonSnapshot[];
  try {
    all = await listSnapshots(ctx.neon, projectId);
  } catch (e) {
    // no snapshots Beta (403/404): nothing was taken; anything else: say so, the branches are what matters
    if (e instanceof NeonApiError && (e.status === 403 || e.status === 404))
      ctx.log.debug(`No snapshots to look at: ${e.message}`);
    else
      ctx.log.warning(
        `Could not list the project's snapshots, so none of this pull request's was deleted: ${firstLine(e)}`,
      );
    return out;
  }
  const byId = new Map(all.map((x) => [x.id, x]));
  const ours = new Map<string, NeonSnapshot>();
  // taken of the PR's own branches: the PR's, whoever took them
  for (const x of all) if (x.source_branch_id && branchIds.has(x.source_branch_id)) ours.set(x.id, x);
  for (const s of shown) {
    const snapshot = byId.get(s.attrs.snapshot!);
    if (!snapshot) out.missing.add(s.attrs.snapshot!);
    else if (ours.has(snapshot.id)) continue;
    else if (snapshotTakenHere(s)) ours.set(snapshot.id, snapshot);
    else {
      const reason = 'another run took it; this pull request reused it by name';
      out.kept.push({ id: snapshot.id, name: snapshot.name, reason });
      ctx.log.notice?.(`Kept snapshot ${snapshot.name} (${snapshot.id}): ${reason}`);
    }
  }
  for (const x of ours.values()) {
    if (keep) {
      out.kept.push({ id: x.id, name: x.name, reason: 'keep-snapshots is true' });
      ctx.log.notice?.(`Kept snapshot ${x.name} (${x.id}): keep-snapshots is true`);
      continue;
    }
    await deleteSnapshot(ctx.neon, projectId, x);
    ctx.log.info(`Deleted snapshot ${x.name} (${x.id})`);
    out.deleted.push({ id: x.id, name: x.name, reason: 'its pull request closed' });
  }
  return out;
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
async function missingBranches(
  neon: NeonClient,
  projectId: string,
  ids: readonly string[],
  deleted: ReadonlySet<string>,
): Promise<Set<string>> {
  const missing = new Set<string>();
  for (const id of new Set(ids.filter((x) => x && !deleted.has(x)))) {
    try {
      await neon.call('getProjectBranch', { path: { project_id: projectId, branch_id: id } });
    } catch (e) {
      if (e instanceof NeonApiError && e.status === 404) missing.add(id);
      else neon.logger.debug(`Could not check branch ${id}: ${firstLine(e)}`);
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
  const b =
    listing.branches.find((x) => x.name === `${name}-anon`) ??
    renamedBranch(listing, { ...previewLookup(ctx, '', `${name}-anon`, '-anon') })?.branch;
  if (!b) return undefined;
  const repo = repoOf(ctx);
  const value = listing.annotations[b.id]?.value ?? {};
  const skip = (reason: string) => ({ skip: { id: b.id, name: b.name, reason } });
  if (b.default) return skip('the default branch');
  if (b.protected) return skip('protected');
  if (value[ANNOTATION.repo] !== repo || value[ANNOTATION.prNumber] !== String(ctx.prNumber))
    return skip(
      `not annotated as pull request #${ctx.prNumber} of ${repo}; delete it by name (branch-name) if it is this PR's`,
    );
  return { branch: b };
}

/**
 * The branch a snapshot restore made for this PR (`{name}-restored`, see snapshot restore): a restored
 * branch (Neon's `restored_from` is set) that is neither protected nor the default. Neon keeps no
 * annotations on a restored branch; it carries an expiry besides, so it goes even when kept here.
 */
function restoredSibling(
  name: string,
  listing: { branches: NeonBranch[]; annotations: Record<string, { value: Record<string, string> }> },
  repo: string,
): { branch: NeonBranch } | { skip: SweepEntry } | undefined {
  const b = listing.branches.find((x) => x.name === `${name}${RESTORED_SUFFIX}`);
  if (!b) return undefined;
  const skip = (reason: string) => ({ skip: { id: b.id, name: b.name, reason } });
  if (b.default) return skip('the default branch');
  if (b.protected) return skip('protected');
  if (!b.restored_from) return skip('not a branch restored from a snapshot');
  const owner = foreignRepo(listing.annotations[b.id]?.value, repo);
  if (owner) return skip(`annotated for another repository (${owner})`);
  return { branch: b };
}

async function sweep(ctx: CommandContext, projectId: string, settings: CleanupSettings): Promise<CommandResult> {
  const repo = repoOf(ctx);
  const listing = await phase('List branches', () => listOrExplain(ctx.neon, projectId));
  const main = listing.branches.find((b) => b.default);
  if (main && patternMatcher(settings.branchPattern)(main.name))
    throw new InputError('branch-pattern', `matches the default branch "${main.name}"; narrow it, e.g. preview/pr-*`);
  const github = ctx.common.githubToken ? await openGitHub(ctx) : undefined;
  const openPulls = await phase('Read open pull requests', () => readOpenPulls(ctx, github));
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
  const kept = [...plan.skipped];
  if (settings.dryRun) {
    for (const d of plan.delete) ctx.log.info(`  would delete ${d.name} (${d.id}): ${d.reason}`);
    done.push(...plan.delete);
  } else {
    // one GET per PR (its preview and anonymized branches share it), right before the first DELETE
    const rechecked = new Map<number | string, Promise<string | undefined>>();
    const stillClosed = (d: SweepEntry) => {
      const value = listing.annotations[d.id]?.value;
      // a rehearsal's leftover goes once its run is over, whatever its PR's state
      if (value?.[ANNOTATION.rehearsal] !== undefined) return Promise.resolve(undefined);
      const pr = prNumberOf(d.name, value?.[ANNOTATION.prNumber]);
      const key = typeof pr === 'number' ? pr : d.id;
      if (!rechecked.has(key)) rechecked.set(key, recheckPull(ctx, github, pr));
      return rechecked.get(key)!;
    };
    await phase(`Delete ${plan.delete.length} branch(es)`, () =>
      deleteAll(ctx, projectId, plan.delete, listing.branches, { done, kept, failures, stillClosed }),
    );
  }
  // a sweep is about the project, not one pull request: its report is the job summary only
  await summarize(conversationOf(ctx), renderSweep(done, kept, settings.dryRun));
  return {
    outputs: { deleted: JSON.stringify(done), kept: JSON.stringify(kept) },
    failure: failures.length ? `Could not delete ${failures.length} branch(es): ${failures.join('; ')}` : undefined,
  };
}

interface Tally {
  done: SweepEntry[];
  kept: SweepEntry[];
  failures: string[];
  /** Right before its DELETE: whether the branch's PR is still closed (a reason to keep it, else). */
  stillClosed(entry: SweepEntry): Promise<string | undefined>;
}

/**
 * DELETEs go out back to back (the client retries a 423 while Neon still runs earlier ones); a parent
 * waits only for its own children's deletions; everything else is awaited once at the end, in bulk.
 * Each PR's state is read again right before its branch's DELETE: a PR reopened since the listing
 * keeps its branch (a create may just have adopted it).
 */
async function deleteAll(
  ctx: CommandContext,
  projectId: string,
  entries: readonly SweepEntry[],
  branches: readonly NeonBranch[],
  tally: Tally,
): Promise<void> {
  const { done, kept, failures } = tally;
  const outstanding = new Map<string, OperationRef[]>();
  const childrenOf = new Map<string, string[]>();
  const keptIds = new Set<string>();
  for (const b of branches)
    if (b.parent_id) childrenOf.set(b.parent_id, [...(childrenOf.get(b.parent_id) ?? []), b.id]);
  for (const d of entries) {
    if (ctx.signal.aborted) {
      failures.push(`${d.name}: not deleted, the run was cancelled`);
      continue;
    }
    try {
      // a parent whose child was kept just now stays too (Neon refuses to delete a parent)
      const keptChild = (childrenOf.get(d.id) ?? []).find((id) => keptIds.has(id));
      const reason = keptChild ? `its child branch ${keptChild} was kept` : await tally.stillClosed(d);
      if (reason) {
        keptIds.add(d.id);
        kept.push({ ...d, reason });
        ctx.log.info(`  keep ${d.name} (${d.id}): ${reason}`);
        continue;
      }
      const kids = (childrenOf.get(d.id) ?? []).filter((id) => outstanding.has(id));
      if (kids.length > 0)
        await waitForOperations(
          ctx.neon,
          projectId,
          kids.flatMap((id) => outstanding.get(id)!),
        );
      for (const id of kids) outstanding.delete(id);
      const { existed, operations } = await startDeleteBranch(ctx.neon, projectId, d.id);
      if (operations.length > 0) outstanding.set(d.id, operations);
      ctx.log.info(`  ${existed ? 'deleted' : 'already gone'}: ${d.name} (${d.id}): ${d.reason}`);
      done.push(d);
    } catch (e) {
      failures.push(`${d.name}: ${firstLine(e)}`);
      ctx.log.warning(`Could not delete ${d.name} (${d.id}): ${firstLine(e)}`);
    }
  }
  await waitForAllOperations(ctx.neon, projectId, [...outstanding.values()].flat());
}

type GitHub = import('../github/octokit.js').GitHubClient;

async function readOpenPulls(
  ctx: CommandContext,
  github: GitHub | undefined,
): Promise<Set<number> | { error: string }> {
  if (!github) return { error: 'no github-token to read pull requests with' };
  try {
    const { listOpenPullNumbers } = await import('../github/pulls.js');
    return await listOpenPullNumbers(github, ctx.github.repo.owner, ctx.github.repo.repo);
  } catch (e) {
    ctx.log.warning(`Could not read the open pull requests: ${firstLine(e)}`);
    return { error: `listing open pull requests failed (${firstLine(e)})` };
  }
}

/** Undefined when the entry's PR is still closed (or it has none); else why its branch stays. */
async function recheckPull(
  ctx: CommandContext,
  github: GitHub | undefined,
  pr: ReturnType<typeof prNumberOf>,
): Promise<string | undefined> {
  if (typeof pr !== 'number') return undefined;
  if (!github) return 'PR state could not be read again before deleting';
  try {
    const { getPull } = await import('../github/pulls.js');
    const pull = await getPull(github, ctx.github.repo.owner, ctx.github.repo.repo, pr);
    return pull?.state === 'open' ? `PR #${pr} was reopened` : undefined;
  } catch (e) {
    return `PR state could not be read again before deleting (${firstLine(e)})`;
  }
}

export function renderSweep(deleted: SweepEntry[], kept: SweepEntry[], dryRun: boolean): string {
  // names, ids and reasons are data: code spans, so no link, mention or emphasis renders from them
  const rows = (list: SweepEntry[], note = '') =>
    list.map((e) => `| ${code(e.name)} | ${code(e.id)} | ${escapeInline(e.reason)}${note} |`);
  const body = [...rows(deleted), ...rows(kept, ' (kept)')];
  return [
    `### Neon preview branches: sweep${dryRun ? ' (dry run: nothing deleted)' : ''}`,
    '',
    `${dryRun ? 'Would delete' : 'Deleted'} ${deleted.length}, kept ${kept.length}.`,
    // an empty sweep is the sentence alone: a table header over no rows reads as something missing
    ...(body.length > 0 ? ['', '| branch | id | why |', '|---|---|---|', ...body] : []),
  ].join('\n');
}
