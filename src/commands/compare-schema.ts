/**
 * compare-schema: what the PR did to each database's schema, against the parent at the fork point
 * (so later merges into the parent never show up as this PR's drops), reviewed with the real
 * PostgreSQL grammar, posted as the PR's schema review comment, and optionally failing the step.
 * A composition of the stages in src/review/: sides, changes (with identity), evidence, rehearsal,
 * risk, decision, render; this file gives each what it uses from the run's context.
 */
import { emitAnnotations } from '../github/annotations.js';
import { annotationsFor } from '../github/context.js';
import { listPullFiles } from '../github/pulls.js';
import { parseCompareSettings } from '../inputs/commands.js';
import { InputError } from '../inputs/errors.js';
import { commentsOn, issueRef, openGitHub, publish, startConversation } from '../conversation/publish.js';
import { gateNotice, reviewUpdate } from '../conversation/review-comment.js';
import { findPreviewBranch, previewLookup, requireBranchName, requireProjectId } from '../preview/lookup.js';
import { approvalGate, keptApproval } from '../review/approval.js';
import { decide, failOnResult, failureLine } from '../review/decision.js';
import { reviewChanges } from '../review/changes.js';
import { type MigrationEvidence, readMigrationEvidence, sizeNotes } from '../review/evidence.js';
import { readSides } from '../review/sides.js';
import { forkHeadUnderTarget, rehearseForReview } from '../review/rehearsal.js';
import {
  blobUrl,
  diffCutNotice,
  emitRendered,
  renderReview,
  reviewOutputs,
  summaryWithGate,
  writeDiffFile,
} from '../review/render.js';
import { lossDatabase, settleReviews } from '../review/risk.js';
import { phase } from '../runtime/logger.js';
import { loadParser, type Parser } from '../schema/parser.js';
import type { CommandContext, CommandResult } from './types.js';
import { baseMovedSince, rehearsalCosts, withChangeCosts } from '../review/costs.js';
import { costLines } from '../costs/apply.js';
import { failedStatement } from '../rehearsal/measure.js';

export async function run(ctx: CommandContext): Promise<CommandResult> {
  const settings = parseCompareSettings(ctx.read, ctx.common);
  for (const warning of settings.warnings) ctx.log.warning(warning);
  if (settings.rehearsal.rehearse && forkHeadUnderTarget(ctx.github))
    throw new InputError(
      'rehearse',
      "refuses a fork's pull request under pull_request_target: its migration files would run on a copy of the parent's data with this repository's secrets; rehearse on pull_request (a fork gets no secrets there, and the step is skipped)",
    );
  const { approveLabel, allowAuthor } = settings.approval;
  const projectId = requireProjectId(ctx);
  const name = requireBranchName(ctx);
  const { neon, log } = ctx;
  const comment = startConversation(ctx); // the PR comment's first reads, while Neon answers
  let octokit: ReturnType<typeof openGitHub> | undefined;
  const github = () => (octokit ??= comment?.octokit ?? openGitHub(ctx));
  const pr = ctx.prNumber !== undefined && ctx.common.githubToken ? { issue: issueRef(ctx), github } : undefined;
  const listFiles = async () => {
    if (!pr) throw new Error(ctx.prNumber === undefined ? 'not a pull request run' : 'no github-token');
    return listPullFiles(await github(), pr.issue.owner, pr.issue.repo, pr.issue.issueNumber);
  };

  // under an earlier default name when the head branch was renamed, as create-branch adopts it
  const branch = (await findPreviewBranch(neon, previewLookup(ctx, projectId, name), log))?.branch;
  if (!branch)
    throw new InputError('branch-name', `names no branch of project ${projectId}: "${name}" (run create-branch first)`);
  const sides = await readSides(neon, settings, projectId, branch);
  let parsing: Promise<Parser> | undefined;
  let reading: Promise<MigrationEvidence> | undefined;
  const parser = () => (parsing ??= loadParser({ optimize: false }));
  const sources = { listFiles, workspace: ctx.github.workspace };
  const migrations = () => (reading ??= readMigrationEvidence(settings.migrations, sources, parser));
  const deps = {
    neon,
    log,
    secrets: ctx.secrets,
    signal: ctx.signal,
    now: ctx.now,
    stepTimeoutMs: ctx.common.timeoutMs,
    requestTimeoutMs: ctx.common.requestTimeoutMs,
    annotations: annotationsFor(ctx.github, ctx.prNumber, ctx.version),
  };
  const { base, databases } = sides;
  const { reviews, evidence: found, point } = await reviewChanges(deps, settings, sides, { parser, migrations });
  const evidence = await migrations();
  const rehearsal = await rehearseForReview(deps, {
    settings: settings.rehearsal,
    projectId,
    preview: branch,
    base,
    // rehearse-at: head (the default) copies the base as the deploy will meet it
    point:
      settings.rehearsal.at === 'head'
        ? {}
        : { lsn: point.lsn, timestamp: point.timestamp, fork: point.shown.mode === 'fork' },
    statements: evidence.migrations?.statements ?? [],
    parser: evidence.migrations ? await parser() : undefined,
    costs: rehearsalCosts(reviews, settings.rehearsal.database),
    forkPoint:
      settings.rehearsal.at === 'head' && point.shown.mode === 'fork'
        ? { lsn: point.lsn, timestamp: point.timestamp }
        : undefined,
  });
  // a statement that fails on the head: did the base's schema move since the fork (another migration merged)?
  if (rehearsal && failedStatement(rehearsal) && settings.rehearsal.at === 'head' && point.shown.mode === 'fork')
    rehearsal.baseMoved = await baseMovedSince(neon, { projectId, base, database: settings.rehearsal.database, point });
  const risked = settleReviews(reviews, {
    databases: found,
    smallTableRows: settings.smallTableRows,
    rehearsal,
    effects: evidence.effects,
    lossDatabase: lossDatabase(databases, settings.rehearsal.database),
  });
  // what the changes cost (loses, violations): counted on the rehearsal's copy, else estimated; a count leads the reason
  const settled = await withChangeCosts(deps, { projectId, base, role: settings.role, reviews: risked }, rehearsal);
  const rendered = renderReview({
    reviews: settled,
    branchName: branch.name,
    basePoint: point.shown,
    migrations: evidence.migrations,
    leadNotes: costLines(settled.flatMap((r) => r.changes)),
    extraNotes: sizeNotes([...found.values()], branch.name, settings.smallTableRows),
    blobUrl: blobUrl(ctx.github),
    rehearsal,
  });
  const diffFile = writeDiffFile(ctx.github.runnerTemp, branch.id, rendered.fullDiff);
  emitRendered(rendered, log, (t) => ctx.secrets.redact(t), emitAnnotations);
  const failOn = failOnResult(settings.failOn, rendered.changes, rendered.fullDiff);
  const unwritable = commentsOn(ctx)
    ? undefined
    : `this ${ctx.github.eventName} run writes no review comment, and none records an approval of this label event yet (a pull_request run records it)`;
  const author = ctx.github.payload?.pull_request?.user?.login;
  const question = { mode: settings.failOn, changes: rendered.changes, fails: failOn !== undefined, projectId };
  const gate = await approvalGate(
    { log, pr, started: comment, eventAuthor: typeof author === 'string' ? author : undefined, unwritable },
    { ...question, label: approveLabel, allowAuthor, branchName: branch.name },
  );
  const update = reviewUpdate(projectId, branch.name, rendered.comment, gate, approveLabel);
  const summary = summaryWithGate(rendered, gate, approveLabel);
  const commentUrl = await phase('Comment and summary', () =>
    publish(ctx, 'review', { updates: [update], summary }, { ...(comment ? { started: comment } : {}) }),
  );
  const decision = decide(settings.failOn, failOn, keptApproval(gate, commentUrl, log), rehearsal, approveLabel);
  const notice = gateNotice(decision.gate, approveLabel);
  if (notice) log.notice?.(notice);
  const cut = diffCutNotice(rendered.fullDiff);
  if (cut) log.notice?.(cut);
  return { outputs: reviewOutputs(rendered, { diffFile, rehearsal, commentUrl }), failure: failureLine(decision) };
}
