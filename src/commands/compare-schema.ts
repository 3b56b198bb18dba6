/**
 * compare-schema: what the PR did to each database's schema, against the parent at the fork point
 * (so later merges into the parent never show up as this PR's drops), reviewed with the real
 * PostgreSQL grammar, posted as a sticky comment, and optionally failing the step.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CompareSettings, parseCompareSettings } from '../inputs/commands.js';
import { InputError } from '../inputs/errors.js';
import {
  BranchSchemaResponseSchema,
  CompareSchemaResponseSchema,
  DatabasesResponseSchema,
  findBranchByExactName,
  NeonApiError,
  type NeonBranch,
  type NeonClient,
  parse,
} from '../neon/index.js';
import { requireBranchName, requireProjectId, resolveBranch } from '../preview/lookup.js';
import { decideGate, type GateDecision, labelApproval } from '../conversation/approval.js';
import { listLabelEvents } from '../conversation/github.js';
import { type ConversationStart, currentSections, issueRef, openGitHub, publish, startConversation } from '../conversation/publish.js';
import { gateFailure, gateNotice, gateText, recordIn, reviewUpdate } from '../conversation/review-comment.js';
import { parseApprovalSettings } from '../inputs/conversation.js';
import { count } from '../conversation/words.js';
import { phase } from '../runtime/logger.js';
import { loadParser } from '../schema/parser.js';
import { type BasePoint as RenderedBase, renderComment, renderSummary } from '../conversation/render-review.js';
import { normalizeDump } from '../schema/normalize-dump.js';
import { reviewSchemas } from '../schema/review.js';
import type { Change, DatabaseReview } from '../schema/types.js';
import type { CommandContext, CommandResult } from './types.js';

export const MAX_DIFF_OUTPUT = 512 * 1024;

/** Where the base side is read: a point on the base branch, and what to say about it in the comment. */
interface BasePoint {
  lsn?: string;
  timestamp?: string;
  shown: RenderedBase;
}

export async function run(ctx: CommandContext): Promise<CommandResult> {
  const settings = parseCompareSettings(ctx.read);
  const { approveLabel } = parseApprovalSettings(ctx.read, ctx.common.comment);
  // the parser's wasm loads while Neon answers; baseline code only, so the step ends when its work does
  const parserLoading = loadParser({ optimize: false });
  parserLoading.catch(() => {});
  const projectId = requireProjectId(ctx);
  const name = requireBranchName(ctx);
  const { neon } = ctx;
  // and the PR comment's GitHub reads too: this command has no waits to hide them in
  const comment = startConversation(ctx);

  const branch = await findBranchByExactName(neon, projectId, name);
  if (!branch) throw new InputError('branch-name', `names no branch of project ${projectId}: "${name}" (run create-branch first)`);
  // the base branch and the database list do not depend on each other: one round trip for both
  const [base, databases] = await Promise.all([
    settings.baseBranch ? resolveBranch(neon, projectId, settings.baseBranch, 'base-branch') : parentOf(neon, projectId, branch),
    settings.databases.length > 0 ? settings.databases : databasesOf(neon, projectId, branch.id),
  ]);
  let point = basePoint(settings, branch, base);

  const reviews: DatabaseReview[] = [];
  for (const database of databases) {
    const review = await phase(`Review ${database}: ${branch.name} against ${base.name}`, async () => {
      let fetched: { diff: string; beforeSql: string; afterSql: string };
      try {
        fetched = await fetchSides(neon, projectId, branch, base, database, settings, point);
      } catch (e) {
        // Neon refuses a base point outside its history retention: fall back to the head, and say so
        if (!(e instanceof NeonApiError) || e.status < 400 || e.status >= 500 || (point.lsn === undefined && point.timestamp === undefined) || settings.baseLsn || settings.baseTimestamp)
          throw e;
        ctx.log.warning(`Neon refused the fork point (${e.apiMessage}); comparing with the head of ${base.name} instead`);
        point = { shown: { mode: 'head', branch: base.name, fallbackReason: `Neon refused the fork point (${e.apiMessage})` } };
        fetched = await fetchSides(neon, projectId, branch, base, database, settings, point);
      }
      // equal schemas need no parsing: the common rerun ends without waiting for the wasm
      const r: DatabaseReview =
        normalizeDump(fetched.beforeSql) === normalizeDump(fetched.afterSql)
          ? { database, changes: [], diff: fetched.diff }
          : reviewSchemas(await parserLoading, { database, beforeSql: fetched.beforeSql, afterSql: fetched.afterSql, diff: fetched.diff });
      ctx.log.info(`${database}: ${r.changes.length} change(s)${r.diff ? '' : ', no differences'}`);
      return r;
    });
    reviews.push(review);
  }

  const changes = reviews.flatMap((r) => r.changes);
  const fullDiff = reviews.map((r) => r.diff).filter(Boolean).join('\n');
  const diffFile = writeDiffFile(ctx, branch.id, fullDiff);
  const summaryLine = summarize(changes, reviews);
  const header = { title: `Schema changes: ${branch.name}`, basePoint: point.shown };
  const failure = failOn(settings.failOn, changes, fullDiff);
  const gate = await approvalGate(ctx, comment, { projectId, branchName: branch.name, failure, approveLabel, settings, changes });
  const gateBlock = gateText(gate, approveLabel);
  const commentUrl = await phase('Comment and summary', () =>
    publish(
      ctx,
      'review',
      {
        updates: [reviewUpdate(projectId, branch.name, renderComment(reviews, header), gate, approveLabel)],
        summary: [gateBlock, renderSummary(reviews, header)].filter(Boolean).join('\n\n'),
      },
      { ...(comment ? { started: comment } : {}) },
    ),
  );
  const notice = gateNotice(gate, approveLabel);
  if (notice) ctx.log.notice?.(notice);
  const diffOutput = capDiff(fullDiff);
  if (diffOutput !== fullDiff)
    ctx.log.notice?.(`The schema diff is ${Buffer.byteLength(fullDiff)} bytes: the diff output holds the first 512 KB, diff-file all of it`);
  const outputs = {
    changes: JSON.stringify(changes),
    'has-changes': String(changes.length > 0 || fullDiff !== ''),
    destructive: String(changes.some((c) => c.destructive)),
    diff: diffOutput,
    'diff-file': diffFile,
    summary: summaryLine,
    ...(commentUrl ? { 'comment-url': commentUrl } : {}),
  };
  return { outputs, failure: failure === undefined ? undefined : gateFailure(gate, failure, approveLabel) };
}

/** The approval gate: when fail-on fails and approve-label is set, the PR's label events decide. */
async function approvalGate(
  ctx: CommandContext,
  conversation: ConversationStart | undefined,
  g: { projectId: string; branchName: string; failure: string | undefined; approveLabel: string | undefined; settings: CompareSettings; changes: Change[] },
): Promise<GateDecision> {
  const input = { mode: g.settings.failOn, changes: g.changes, fails: g.failure !== undefined, label: g.approveLabel, approval: undefined, record: undefined };
  // with the label set, its events are read on every run: the record of what it approved is kept even while nothing fails
  if (g.approveLabel === undefined || g.settings.failOn === 'none') return decideGate(input);
  if (ctx.prNumber === undefined || !ctx.common.githubToken) {
    ctx.log.warning('approve-label: no pull request or no github-token to read its labels with; fail-on decides alone');
    return decideGate(input);
  }
  try {
    const octokit = await (conversation?.octokit ?? openGitHub(ctx));
    const approval = labelApproval(await listLabelEvents(octokit, issueRef(ctx)), g.approveLabel);
    const record = recordIn(await currentSections('review', conversation), g.projectId, g.branchName);
    return decideGate({ ...input, approval, record });
  } catch (e) {
    ctx.log.warning(`approve-label: could not read the pull request's labels (${(e as Error).message.split('\n')[0]}); fail-on decides alone`);
    return decideGate(input);
  }
}

async function parentOf(neon: NeonClient, projectId: string, branch: NeonBranch): Promise<NeonBranch> {
  if (!branch.parent_id)
    throw new InputError('base-branch', `is required: branch ${branch.name} has no parent to compare with (a root or schema-only branch)`);
  return resolveBranch(neon, projectId, branch.parent_id, 'base-branch');
}

function basePoint(settings: CompareSettings, branch: NeonBranch, base: NeonBranch): BasePoint {
  if (settings.baseLsn) return { lsn: settings.baseLsn, shown: { mode: 'lsn', branch: base.name, lsn: settings.baseLsn } };
  if (settings.baseTimestamp)
    return { timestamp: settings.baseTimestamp, shown: { mode: 'timestamp', branch: base.name, timestamp: settings.baseTimestamp } };
  if (settings.basePoint === 'fork' && base.id === branch.parent_id && branch.parent_lsn)
    return { lsn: branch.parent_lsn, shown: { mode: 'fork', branch: base.name, lsn: branch.parent_lsn } };
  return { shown: { mode: 'head', branch: base.name } };
}

async function databasesOf(neon: NeonClient, projectId: string, branchId: string): Promise<string[]> {
  const { data } = await neon.call('listProjectBranchDatabases', { path: { project_id: projectId, branch_id: branchId } });
  return parse(DatabasesResponseSchema, data, 'listProjectBranchDatabases').databases.map((d) => d.name);
}

async function fetchSides(
  neon: NeonClient,
  projectId: string,
  branch: NeonBranch,
  base: NeonBranch,
  database: string,
  settings: CompareSettings,
  point: BasePoint,
): Promise<{ diff: string; beforeSql: string; afterSql: string }> {
  const compare = async () => {
    const { data } = await neon.call('getProjectBranchSchemaComparison', {
      path: { project_id: projectId, branch_id: branch.id },
      query: {
        db_name: database,
        base_branch_id: base.id,
        lsn: settings.lsn,
        timestamp: settings.timestamp,
        base_lsn: point.lsn,
        base_timestamp: point.timestamp,
      },
    });
    return parse(CompareSchemaResponseSchema, data, 'getProjectBranchSchemaComparison').diff ?? '';
  };
  const schema = async (branchId: string, lsn?: string, timestamp?: string) => {
    const { data } = await neon.call('getProjectBranchSchema', {
      path: { project_id: projectId, branch_id: branchId },
      query: { db_name: database, lsn, timestamp },
    });
    return parse(BranchSchemaResponseSchema, data, 'getProjectBranchSchema').sql ?? '';
  };
  // three reads, side by side
  const [diff, beforeSql, afterSql] = await Promise.all([
    compare(),
    schema(base.id, point.lsn, point.timestamp),
    schema(branch.id, settings.lsn, settings.timestamp),
  ]);
  return { diff, beforeSql, afterSql };
}

function writeDiffFile(ctx: CommandContext, branchId: string, diff: string): string {
  const dir = ctx.github.runnerTemp || join(process.cwd(), '.neon-preview-action');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `neon-schema-diff-${branchId}.diff`);
  writeFileSync(file, diff);
  return file;
}

/** The diff output: at most 512 KB (UTF-8), cut at a line end with a notice. */
export function capDiff(diff: string, maxBytes = MAX_DIFF_OUTPUT): string {
  if (Buffer.byteLength(diff) <= maxBytes) return diff;
  const notice = '… (diff cut at 512 KB; the whole diff is in the diff-file output)\n';
  const room = maxBytes - Buffer.byteLength(notice);
  const head = Buffer.from(diff).subarray(0, room).toString('utf8').replace(/\uFFFD+$/, '');
  return `${head.slice(0, head.lastIndexOf('\n') + 1)}${notice}`;
}

export function summarize(changes: readonly Change[], reviews: readonly DatabaseReview[]): string {
  if (changes.length === 0) return reviews.some((r) => r.diff) ? 'Schema dumps differ, but no structural change was found' : 'No schema changes';
  const count = (risk: string) => changes.filter((c) => c.risk === risk).length;
  const dbs = [...new Set(changes.map((c) => c.database))].join(', ');
  return `${changes.length} schema change(s) in ${dbs}: ${count('destructive')} destructive, ${count('locking')} locking, ${count('safe')} safe`;
}

export function failOn(mode: CompareSettings['failOn'], changes: readonly Change[], diff: string): string | undefined {
  if (mode === 'none') return undefined;
  const offending = mode === 'destructive' ? changes.filter((c) => c.destructive) : changes;
  if (offending.length === 0 && !(mode === 'any' && diff !== '')) return undefined;
  const list = offending.slice(0, 10).map((c) => `${c.kind} ${c.object} ${c.action} (${c.reason})`);
  const more = offending.length > 10 ? `; and ${offending.length - 10} more` : '';
  const what = offending.length === 0 ? 'unparsed schema diff' : count(offending.length, mode === 'destructive' ? 'destructive change' : 'schema change');
  return `fail-on: ${mode}: ${what}${list.length > 0 ? `: ${list.join('; ')}` : ''}${more}`;
}
