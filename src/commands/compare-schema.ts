/**
 * compare-schema: what the PR did to each database's schema, against the parent at the fork point
 * (so later merges into the parent never show up as this PR's drops), reviewed with the real
 * PostgreSQL grammar, posted as the PR's schema review comment, and optionally failing the step.
 */
import { firstLine } from '../basics/errors.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CompareSettings, parseCompareSettings } from '../inputs/commands.js';
import { durationInput } from '../inputs/duration.js';
import { InputError } from '../inputs/errors.js';
import { parseRehearsalSettings } from '../inputs/rehearsal-settings.js';
import {
  BranchSchemaResponseSchema,
  CompareSchemaResponseSchema,
  DatabasesResponseSchema,
  outsideHistory,
  type NeonBranch,
  type NeonClient,
  parse,
} from '../neon/index.js';
import { emitAnnotations } from '../github/annotations.js';
import { getPull, listPullFiles } from '../github/pulls.js';
import { planAnnotations } from '../migrations/annotations.js';
import { type Effect, effectsOf } from '../migrations/effects.js';
import { identityFromStatements } from '../migrations/identity.js';
import { withDataLoss } from '../migrations/data-loss.js';
import { matchChanges } from '../migrations/match.js';
import type { IdentityMap } from '../schema/identity.js';
import { baseAtPoint } from './identity-base.js';
import { identitySides, reviewWithIdentity } from './review-identity.js';
import { type PrMigrations, readPrMigrations } from '../migrations/pr-migrations.js';
import { type SizeReader, startSizeReader } from '../preview/branch-sizes.js';
import {
  findPreviewBranch,
  previewLookup,
  requireBranchName,
  requireProjectId,
  resolveBranch,
} from '../preview/lookup.js';
import { decideGate, type GateDecision, labelApproval } from '../conversation/approval.js';
import { listComments, listLabelEvents, statusOf, tokenLogin } from '../conversation/github.js';
import {
  commentsOn,
  type ConversationStart,
  issueRef,
  openGitHub,
  publish,
  startConversation,
} from '../conversation/publish.js';
import { sectionsAmong } from '../conversation/comment-store.js';
import type { GitHubClient } from '../github/octokit.js';
import { gateFailure, gateNotice, gateText, recordIn, reviewUpdate } from '../conversation/review-comment.js';
import { parseApprovalSettings } from '../inputs/conversation.js';
import { count } from '../conversation/words.js';
import { phase } from '../runtime/logger.js';
import { loadParser } from '../schema/parser.js';
import { measuredReviews, rehearsalFailure, rehearseForReview, withRehearsalSection } from '../rehearsal/review.js';
import { type BasePoint as RenderedBase, renderComment, renderSummary } from '../conversation/render-review.js';
import { REVIEW_COMMENT_MAX_CHARS, REVIEW_SUMMARY_MAX_BYTES } from '../github/limits.js';
import { normalizeDump } from '../schema/normalize-dump.js';
import { settleChanges } from '../schema/settle.js';
import { tablesTouched } from '../schema/table-sizes.js';
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
  const rehearsalSettings = parseRehearsalSettings(ctx.read);
  if (rehearsalSettings.rehearse && settings.migrations.length === 0)
    throw new InputError(
      'rehearse',
      'needs migrations: the glob of the migration files to run, e.g. db/migrations/*.sql',
    );
  if (rehearsalSettings.rehearse && rehearsalSettings.timeoutMs >= ctx.common.timeoutMs)
    ctx.log.warning(
      `Input "rehearsal-timeout" (${durationInput(rehearsalSettings.timeoutMs)}) is not shorter than timeout (${durationInput(ctx.common.timeoutMs)}), ` +
        "the whole step's budget: a rehearsal that runs that long is cut off by the step's timeout; set timeout above rehearsal-timeout",
    );
  if (rehearsalSettings.rehearse && forkHeadUnderTarget(ctx))
    throw new InputError(
      'rehearse',
      "refuses a fork's pull request under pull_request_target: its migration files would run on a copy of the parent's data with this repository's secrets; rehearse on pull_request (a fork gets no secrets there, and the step is skipped)",
    );
  const { approveLabel, allowAuthor } = parseApprovalSettings(ctx.read, ctx.common.comment);
  // the parser's wasm loads while Neon answers; baseline code only, so the step ends when its work does
  const parserLoading = loadParser({ optimize: false });
  parserLoading.catch(() => {});
  const projectId = requireProjectId(ctx);
  const name = requireBranchName(ctx);
  const { neon } = ctx;
  // and the PR comment's GitHub reads too: this command has no waits to hide them in
  const comment = startConversation(ctx);

  // under an earlier default name when the head branch was renamed, as create-branch adopts it
  const branch = (await findPreviewBranch(neon, previewLookup(ctx, projectId, name), ctx.log))?.branch;
  if (!branch)
    throw new InputError('branch-name', `names no branch of project ${projectId}: "${name}" (run create-branch first)`);
  // the base branch and the database list do not depend on each other: one round trip for both
  const [base, existing] = await Promise.all([
    settings.baseBranch
      ? resolveBranch(neon, projectId, settings.baseBranch, 'base-branch')
      : parentOf(neon, projectId, branch),
    databasesOf(neon, projectId, branch.id),
  ]);
  const missing = settings.databases.filter((d) => !existing.includes(d));
  if (missing.length > 0)
    throw new InputError(
      'databases',
      `names no database of branch ${branch.name}: ${missing.map((d) => `"${d}"`).join(', ')} (it has ${existing.join(', ') || 'none'})`,
    );
  const databases = settings.databases.length > 0 ? settings.databases : existing;
  let point = basePoint(settings, branch, base);
  // the PR's migration files are read while Neon answers; sizes are read once a database has changes
  const migrations =
    settings.migrations.length > 0 ? loadMigrations(ctx, settings.migrations, parserLoading, comment) : undefined;
  migrations?.catch(() => {});
  const sizes = startSizeReader(ctx, { projectId, branch, role: settings.role });
  sizes.prefetch(databases);
  const evidence = new Evidence(settings.smallTableRows);
  const identity = identitySides(
    { branch, reader: sizes, point: { lsn: settings.lsn, timestamp: settings.timestamp } },
    {
      branch: base,
      point,
      open: () => startSizeReader(ctx, { projectId, branch: base, role: settings.role }),
      atPoint: () =>
        baseAtPoint(ctx, { projectId, preview: branch, base, point, role: settings.role, database: databases[0]! }),
    },
  );

  const reviews: DatabaseReview[] = [];
  try {
    for (const database of databases) {
      const review = await phase(`Review ${database}: ${branch.name} against ${base.name}`, async () => {
        let fetched: { diff: string; beforeSql: string; afterSql: string };
        try {
          fetched = await fetchSides(neon, projectId, branch, base, database, settings, point);
        } catch (e) {
          // Neon refuses a base point outside its history retention: fall back to the head, and say so
          if (
            !outsideHistory(e) ||
            (point.lsn === undefined && point.timestamp === undefined) ||
            settings.baseLsn ||
            settings.baseTimestamp
          )
            throw e;
          ctx.log.warning(
            `Neon refused the fork point (${e.apiMessage}); comparing with the head of ${base.name} instead`,
          );
          point = {
            shown: { mode: 'head', branch: base.name, fallbackReason: `Neon refused the fork point (${e.apiMessage})` },
          };
          fetched = await fetchSides(neon, projectId, branch, base, database, settings, point);
        }
        // equal schemas need no parsing: the common rerun ends without waiting for the wasm
        if (normalizeDump(fetched.beforeSql) === normalizeDump(fetched.afterSql)) {
          ctx.log.info(`${database}: 0 change(s)${fetched.diff ? '' : ', no differences'}`);
          return { database, changes: [], diff: fetched.diff };
        }
        sizes.warm(database); // a compute may take seconds to start: while the dumps are parsed
        const input = { database, beforeSql: fetched.beforeSql, afterSql: fetched.afterSql, diff: fetched.diff };
        const r = await reviewWithIdentity(
          await parserLoading,
          input,
          identity,
          evidence.statementIdentity(migrations, parserLoading),
          (line) => ctx.log.info(line),
        );
        const settled = { ...r, changes: await evidence.settle(r.changes, database, sizes, migrations, parserLoading) };
        ctx.log.info(`${database}: ${settled.changes.length} change(s)${settled.diff ? '' : ', no differences'}`);
        return settled;
      });
      reviews.push(review);
    }
  } finally {
    await Promise.all([sizes.close(), identity.base?.close(), identity.atPoint?.close()]);
  }
  const loaded = migrations ? await migrations : undefined;

  const rehearsal = await rehearseForReview(ctx, {
    settings: rehearsalSettings,
    projectId,
    preview: branch,
    base,
    point: { lsn: point.lsn, timestamp: point.timestamp, fork: point.shown.mode === 'fork' },
    statements: loaded?.statements ?? [],
    parser: await parserLoading.catch(() => undefined),
  });
  // a statement that removes data without changing the schema is destructive all the same
  const effects = await evidence.effectsOf(migrations, parserLoading).catch(() => [] as Effect[]);
  const lossDb = databases.includes(rehearsalSettings.database) ? rehearsalSettings.database : databases[0];
  const measured = measuredReviews(reviews, rehearsal).map((r) =>
    r.database === lossDb ? { ...r, changes: withDataLoss(r.changes, effects, r.database, rehearsal) } : r,
  );

  const changes = measured.flatMap((r) => r.changes);
  const fullDiff = reviews
    .map((r) => r.diff)
    .filter(Boolean)
    .join('\n');
  const diffFile = writeDiffFile(ctx, branch.id, fullDiff);
  const summaryLine = summarize(changes, measured);
  const notes = [...reviews.flatMap((r) => r.notes ?? []), ...(loaded?.notes ?? []), ...evidence.notes(branch.name)];
  const warned = new Set(loaded?.warnings ?? []);
  for (const note of notes) {
    const line = note.replace(/[\r\n]+/g, ' ');
    if (warned.has(note)) ctx.log.warning(line);
    else ctx.log.info(line);
  }
  const header = {
    title: `Schema changes: ${branch.name}`,
    basePoint: point.shown,
    ...(notes.length > 0 ? { notes } : {}),
    ...(loaded && loaded.files.length > 0 ? { blobUrl: blobUrl(ctx) } : {}),
  };
  const planned = planAnnotations(changes, loaded?.parseErrors);
  emitAnnotations(planned.annotations.map((a) => ({ ...a, message: ctx.secrets.redact(a.message) })));
  if (planned.leftOut > 0)
    ctx.log.info(
      `${planned.leftOut} more risky change(s) on migration lines are in the PR comment and the job summary (GitHub shows 10 annotations per step)`,
    );
  const failure = failOn(settings.failOn, changes, fullDiff);
  let gate = await approvalGate(ctx, comment, {
    projectId,
    branchName: branch.name,
    failure,
    approveLabel,
    allowAuthor,
    settings,
    changes,
  });
  const gateBlock = gateText(gate, approveLabel);
  const commentUrl = await phase('Comment and summary', () =>
    publish(
      ctx,
      'review',
      {
        updates: [
          reviewUpdate(
            projectId,
            branch.name,
            withRehearsalSection(
              (maxChars) => renderComment(measured, { ...header, maxChars }),
              REVIEW_COMMENT_MAX_CHARS,
              rehearsal,
            ),
            gate,
            approveLabel,
          ),
        ],
        summary: [
          gateBlock,
          withRehearsalSection(
            (maxChars) => renderSummary(measured, { ...header, maxChars }),
            REVIEW_SUMMARY_MAX_BYTES,
            rehearsal,
          ),
        ]
          .filter(Boolean)
          .join('\n\n'),
      },
      { ...(comment ? { started: comment } : {}) },
    ),
  );
  // an approval recorded by this run holds only once the comment keeps it: a write that failed (a
  // token that cannot write comments) leaves nothing to hold the next run to, so it approves nothing
  if (gate.verdict === 'approved' && gate.fresh && !commentUrl) {
    const why = 'the review comment that records what the label approved could not be written (see the warning above)';
    ctx.log.warning(`approve-label: ${why}: fail-on decides alone`);
    gate = { verdict: 'fail', flagged: gate.flagged, why: `the label does not count: ${why}` };
  }
  const notice = gateNotice(gate, approveLabel);
  if (notice) ctx.log.notice?.(notice);
  const diffOutput = capDiff(fullDiff);
  if (diffOutput !== fullDiff)
    ctx.log.notice?.(
      `The schema diff is ${Buffer.byteLength(fullDiff)} bytes: the diff output holds the first 512 KB, diff-file all of it`,
    );
  const outputs = {
    changes: JSON.stringify(changes),
    'has-changes': String(changes.length > 0 || fullDiff !== ''),
    destructive: String(changes.some((c) => c.destructive)),
    diff: diffOutput,
    'diff-file': diffFile,
    summary: summaryLine,
    ...(rehearsal ? { rehearsal: JSON.stringify(rehearsal) } : {}),
    ...(commentUrl ? { 'comment-url': commentUrl } : {}),
  };
  // a label approves flagged changes, never a migration that fails on the parent's data
  const failures = [
    failure === undefined ? undefined : gateFailure(gate, failure, approveLabel),
    rehearsalFailure(settings.failOn, rehearsal),
  ].filter(Boolean);
  return { outputs, failure: failures.length > 0 ? failures.join('; ') : undefined };
}

/** What the migration files and the branch's table sizes add to each database's changes. */
class Evidence {
  private unavailable: string | undefined;
  private sized = false;
  private effects: Promise<Effect[]> | undefined;

  constructor(private readonly smallTableRows: number) {}

  /** What the PR's statements say of identity (renames, drops, adds), for the comparison itself. */
  async statementIdentity(
    migrations: Promise<PrMigrations> | undefined,
    parser: ReturnType<typeof loadParser>,
  ): Promise<IdentityMap | undefined> {
    if (!migrations) return undefined;
    this.effects ??= Promise.all([migrations, parser]).then(([m, p]) => effectsOf(p, m.statements));
    return identityFromStatements(await this.effects.catch(() => []));
  }

  async settle(
    changes: Change[],
    database: string,
    sizes: SizeReader,
    migrations: Promise<PrMigrations> | undefined,
    parser: ReturnType<typeof loadParser>,
  ): Promise<Change[]> {
    const matched = matchChanges(changes, await this.effectsOf(migrations, parser));
    const tables = tablesTouched(matched.changes);
    let read: Awaited<ReturnType<SizeReader['read']>> | undefined;
    if (tables.length > 0) {
      read = await sizes.read(database, tables);
      if ('unavailable' in read) this.unavailable ??= read.unavailable;
      else if (read.sizes.size > 0) this.sized = true;
    }
    return settleChanges(matched.changes, {
      evidence: matched.evidence,
      ...(read && 'sizes' in read ? { sizes: read.sizes } : {}),
      smallTableRows: this.smallTableRows,
    });
  }

  /** What the PR's migration statements do, read once. */
  effectsOf(migrations: Promise<PrMigrations> | undefined, parser: ReturnType<typeof loadParser>): Promise<Effect[]> {
    this.effects ??= migrations
      ? Promise.all([migrations, parser]).then(([m, p]) => effectsOf(p, m.statements))
      : Promise.resolve([]);
    return this.effects;
  }

  /** One line on where the sizes came from, or why there are none. */
  notes(branchName: string): string[] {
    if (this.unavailable) return [`Table sizes unavailable (${this.unavailable}): risks are by statement class only.`];
    if (this.sized) {
      return [
        `Table sizes from branch ${branchName}: a locking change is safe on a table under ${this.smallTableRows.toLocaleString('en-US')} rows (small-table-rows).`,
      ];
    }
    return [];
  }
}

async function loadMigrations(
  ctx: CommandContext,
  globs: string[],
  parser: ReturnType<typeof loadParser>,
  comment: ConversationStart | undefined,
): Promise<PrMigrations> {
  const { owner, repo } = ctx.github.repo;
  const pr = ctx.prNumber;
  const listFiles = async () => {
    if (pr === undefined) throw new Error('not a pull request run');
    if (!ctx.common.githubToken) throw new Error('no github-token');
    const octokit = await (comment?.octokit ?? openGitHub(ctx));
    return listPullFiles(octokit, owner, repo, pr);
  };
  return readPrMigrations(globs, { listFiles, workspace: ctx.github.workspace }, await parser);
}

/**
 * A pull_request_target run checks out (and would rehearse) whatever the workflow fetched, and with
 * this repository's secrets: a head in another repository (or a deleted one) is a stranger's code.
 */
function forkHeadUnderTarget(ctx: CommandContext): boolean {
  if (ctx.github.eventName !== 'pull_request_target') return false;
  const head = ctx.github.payload?.pull_request?.head?.repo?.full_name;
  const base = `${ctx.github.repo.owner}/${ctx.github.repo.repo}`;
  return typeof head !== 'string' || head.toLowerCase() !== base.toLowerCase();
}

/** Where the comment links the migration files: the PR's head commit (the merge commit may go away). */
function blobUrl(ctx: CommandContext): string {
  const head = ctx.github.payload?.pull_request?.head?.sha;
  const sha = typeof head === 'string' && /^[0-9a-f]{7,64}$/i.test(head) ? head : ctx.github.sha;
  const { owner, repo } = ctx.github.repo;
  return `${ctx.github.serverUrl}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/blob/${encodeURIComponent(sha)}`;
}

/** The one rule for falling back from the fork point to the head: see `outsideHistory` in neon/errors. */
export { outsideHistory };

/**
 * The approval gate: when fail-on fails and approve-label is set, the PR's label events decide. It
 * fails closed: when what the label approved cannot be read or kept (the comments could not be
 * listed, GitHub named no identity for the token, the run writes no review comment), or the label
 * is the PR author's own, it approves nothing new and fail-on fails, naming why.
 */
async function approvalGate(
  ctx: CommandContext,
  conversation: ConversationStart | undefined,
  g: {
    projectId: string;
    branchName: string;
    failure: string | undefined;
    approveLabel: string | undefined;
    allowAuthor: boolean;
    settings: CompareSettings;
    changes: Change[];
  },
): Promise<GateDecision> {
  const input = {
    mode: g.settings.failOn,
    changes: g.changes,
    fails: g.failure !== undefined,
    label: g.approveLabel,
    approval: undefined,
    record: undefined,
  };
  // with the label set, its events are read on every run: the record of what it approved is kept even while nothing fails
  if (g.approveLabel === undefined || g.settings.failOn === 'none') return decideGate(input);
  if (ctx.prNumber === undefined || !ctx.common.githubToken) {
    ctx.log.warning('approve-label: no pull request or no github-token to read its labels with; fail-on decides alone');
    return decideGate(input);
  }
  let octokit: GitHubClient;
  let approval: ReturnType<typeof labelApproval>;
  try {
    octokit = await (conversation?.octokit ?? openGitHub(ctx));
    approval = labelApproval(await listLabelEvents(octokit, issueRef(ctx)), g.approveLabel);
  } catch (e) {
    ctx.log.warning(`approve-label: could not read the pull request's labels (${firstLine(e)}); fail-on decides alone`);
    return decideGate(input);
  }
  if (!approval) return decideGate(input);
  const author = await prAuthor(ctx, octokit);
  const base = { ...input, approval, author, allowAuthor: g.allowAuthor };
  // what the label approved is kept in the review comment: read it (also on runs that do not write it)
  let record: ReturnType<typeof recordIn>;
  try {
    const login = await (conversation?.login ?? tokenLogin(octokit));
    if (!login)
      return decideGate({
        ...base,
        unrecorded:
          "GitHub named no identity for github-token, so this action's review comment, which records what the label approved, cannot be told apart",
      });
    const listed = await (conversation?.listed ?? listComments(octokit, issueRef(ctx)));
    record = recordIn(sectionsAmong(listed, login, 'review'), g.projectId, g.branchName);
  } catch (e) {
    const status = statusOf(e);
    return decideGate({
      ...base,
      unrecorded: `the PR's comments could not be listed (${status ? `HTTP ${status}` : firstLine(e)}), so what it approved is unknown`,
    });
  }
  const unwritable = commentsOn(ctx)
    ? undefined
    : `this ${ctx.github.eventName} run writes no review comment, and none records an approval of this label event yet (a pull_request run records it)`;
  return decideGate({ ...base, record, ...(unwritable ? { unrecorded: unwritable } : {}) });
}

/** The PR's author: from the event, else asked of GitHub; undefined when neither says. */
async function prAuthor(ctx: CommandContext, octokit: GitHubClient): Promise<string | undefined> {
  const login = ctx.github.payload?.pull_request?.user?.login;
  if (typeof login === 'string' && login) return login;
  try {
    const { owner, repo } = ctx.github.repo;
    return (await getPull(octokit, owner, repo, ctx.prNumber!))?.author;
  } catch {
    return undefined;
  }
}

async function parentOf(neon: NeonClient, projectId: string, branch: NeonBranch): Promise<NeonBranch> {
  if (!branch.parent_id)
    throw new InputError(
      'base-branch',
      `is required: branch ${branch.name} has no parent to compare with (a root or schema-only branch)`,
    );
  return resolveBranch(neon, projectId, branch.parent_id, 'base-branch');
}

function basePoint(settings: CompareSettings, branch: NeonBranch, base: NeonBranch): BasePoint {
  if (settings.baseLsn)
    return { lsn: settings.baseLsn, shown: { mode: 'lsn', branch: base.name, lsn: settings.baseLsn } };
  if (settings.baseTimestamp)
    return {
      timestamp: settings.baseTimestamp,
      shown: { mode: 'timestamp', branch: base.name, timestamp: settings.baseTimestamp },
    };
  if (settings.basePoint === 'fork' && base.id === branch.parent_id && branch.parent_lsn)
    return { lsn: branch.parent_lsn, shown: { mode: 'fork', branch: base.name, lsn: branch.parent_lsn } };
  return { shown: { mode: 'head', branch: base.name } };
}

async function databasesOf(neon: NeonClient, projectId: string, branchId: string): Promise<string[]> {
  const { data } = await neon.call('listProjectBranchDatabases', {
    path: { project_id: projectId, branch_id: branchId },
  });
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
  const head = Buffer.from(diff)
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  return `${head.slice(0, head.lastIndexOf('\n') + 1)}${notice}`;
}

export function summarize(changes: readonly Change[], reviews: readonly DatabaseReview[]): string {
  if (changes.length === 0)
    return reviews.some((r) => r.diff)
      ? 'Schema dumps differ, but no structural change was found'
      : 'No schema changes';
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
  const what =
    offending.length === 0
      ? 'unparsed schema diff'
      : count(offending.length, mode === 'destructive' ? 'destructive change' : 'schema change');
  return `fail-on: ${mode}: ${what}${list.length > 0 ? `: ${list.join('; ')}` : ''}${more}`;
}
