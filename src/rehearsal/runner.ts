/**
 * Runs the planned steps on one connection and measures each statement: its wall time, the locks
 * it took (pg_locks for the rehearsal's own backend, read right after it, before its transaction
 * ends), whether it rewrote a table (relfilenode before and after) and the rows of the tables it
 * locked. A lock taken inside a transaction is held until the transaction ends, so its `heldMs`
 * runs from its statement's start to the end of the COMMIT: the figure a production table would
 * feel. Probes are not counted in any statement's time.
 *
 * Bounded by `timeoutMs`, both as Postgres's `statement_timeout` and as the whole budget, which the
 * runner enforces itself too (it drops the connection): a statement that hits it stops the
 * rehearsal, as does the first failing statement (what follows it depends on it) and a cancelled run.
 */
import { formatDuration } from '../basics/format.js';
import { durationInput } from '../inputs/duration.js';
import { isTransactionControl, outsideTransactionReason, planParser, planRehearsal, type Step } from './plan.js';
import {
  isTable,
  lockRank,
  PROBE_SQL,
  type Probe,
  probeOf,
  qualified,
  quotedName,
  relationKind,
  sqlModeName,
  sqlModeRank,
} from './probe.js';
import { type CommandTag, type SqlFailure, type SqlSession, sqlFailure } from './session.js';
import type { MeasuredLock, RehearsalOutcome, RehearsalStatement, StatementResult } from './types.js';
import type { Parser } from '../schema/parser.js';
import { describeSqlError } from './sqlstate.js';

export interface RunnerOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** A clock in milliseconds (default performance.now). */
  now?: () => number;
  /** One line per statement run. */
  log?: (line: string) => void;
  /** The grammar that classifies the statements (loaded here when absent). */
  parser?: Parser;
  /**
   * Postgres's error messages as they are (`rehearsal-error-details`): they can carry the parent's
   * data (a RAISE of a query's result, a failing row's values), so by default an error is its
   * SQLSTATE, its class and the statement's place only.
   */
  errorDetails?: boolean;
}

export interface RunnerResult {
  outcome: RehearsalOutcome;
  statements: StatementResult[];
  /** Sum of the statements' own times. */
  statementsMs: number;
  /** Time spent on probes, BEGIN/COMMIT the rehearsal added and row counts. */
  probeMs: number;
  serverVersionNum: number;
}

const MAX_SQL = 500;

type Outcome =
  | { kind: 'ok'; rows: Record<string, unknown>[][]; tags?: CommandTag[] }
  | { kind: 'error'; failure: SqlFailure }
  | { kind: 'timeout' }
  | { kind: 'cancelled' }
  /** The budget was spent before the query could start. */
  | { kind: 'spent' };

export async function runRehearsal(
  session: SqlSession,
  statements: readonly RehearsalStatement[],
  opts: RunnerOptions,
): Promise<RunnerResult> {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const deadline = started + opts.timeoutMs;
  const results = statements.map(notRun);
  const indexOf = new Map(statements.map((s, i) => [s, i]));
  let stopped: RehearsalOutcome | undefined;
  let clock = 0;
  let statementsMs = 0;
  let open: { lock: MeasuredLock; since: number }[] = [];

  /** Every query, the rehearsal's own included, runs under the budget and the cancel signal. */
  const run = async (sql: string, migration = false): Promise<Outcome> => {
    if (opts.signal?.aborted) return { kind: 'cancelled' };
    const remaining = deadline - now();
    if (remaining <= 0) return { kind: 'spent' };
    return timed(session, sql, remaining, opts.signal, migration);
  };
  /** A query of the rehearsal's own that must succeed: anything else ends the run (budget, cancel) or is an error. */
  const must = async (
    sql: string,
    what: string,
  ): Promise<Record<string, unknown>[][] | Exclude<Outcome, { kind: 'ok' | 'error' }>> => {
    const out = await run(sql);
    if (out.kind === 'ok') return out.rows;
    if (out.kind === 'error') throw new Error(`${what} failed: ${shownError(out.failure)}`);
    return out;
  };
  /** What is shown of an error; a message the runner already made from one (`COMMIT failed: …`) is shown as is. */
  const shownError = (f: SqlFailure & { shown?: boolean }): string =>
    f.shown || opts.errorDetails || !f.sqlstate ? f.message : describeSqlError(f.sqlstate);

  const parser = opts.parser ?? (await planParser());
  const setup = await must(
    `SET statement_timeout = ${Math.max(1, Math.round(opts.timeoutMs))}; SHOW server_version_num`,
    'setting up the session',
  );
  const first = Array.isArray(setup) ? await must(PROBE_SQL, 'reading the catalog') : setup;
  if (!Array.isArray(setup) || !Array.isArray(first)) {
    const out = Array.isArray(setup) ? (first as Exclude<Outcome, { kind: 'ok' | 'error' }>) : setup;
    return {
      outcome: out.kind === 'cancelled' ? 'cancelled' : 'timeout',
      statements: results,
      statementsMs: 0,
      probeMs: round(now() - started),
      serverVersionNum: 0,
    };
  }
  const serverVersionNum = Number(setup[1]?.[0]?.server_version_num ?? 0) || 170_000;
  const initial = probeOf(first);
  let before: Probe = initial;

  /** The transaction ended: its locks are let go. */
  const endTransaction = () => {
    for (const o of open) o.lock.heldMs = round(clock - o.since);
    open = [];
    before = { relations: before.relations, locks: new Map() };
  };

  const stop = (out: Exclude<Outcome, { kind: 'ok' }>, s?: RehearsalStatement) => {
    stopped = out.kind === 'error' ? 'failed' : out.kind === 'spent' ? 'timeout' : out.kind;
    endTransaction();
    const result = s && results[indexOf.get(s)!];
    if (!result || out.kind === 'spent') return;
    if (out.kind === 'error') {
      result.status = 'failed';
      result.error = shownError(out.failure);
      if (out.failure.sqlstate) result.sqlstate = out.failure.sqlstate;
      // where Postgres points, else the statement's first line
      result.errorLine = errorLine(s, out.failure.position) ?? s.line;
    } else if (out.kind === 'timeout') {
      result.status = 'timeout';
      result.error = `ran longer than the rehearsal-timeout (${durationInput(opts.timeoutMs)}): stopped`;
    } else if (out.kind === 'cancelled') {
      result.status = 'cancelled';
      result.error = 'the run was cancelled while it ran';
    }
  };

  /** One migration statement: timed, then probed. False when the rehearsal stops. */
  const statement = async (s: RehearsalStatement): Promise<boolean> => {
    const result = results[indexOf.get(s)!]!;
    const t0 = now();
    let out = await run(s.sql, true);
    const ms = now() - t0;
    if (out.kind === 'spent') {
      stop(out);
      return false;
    }
    if (out.kind === 'error' && /statement timeout/i.test(out.failure.message) && out.failure.sqlstate === '57014')
      out = { kind: 'timeout' };
    result.ms = round(ms);
    clock += ms;
    statementsMs += ms;
    const tx = out.kind === 'cancelled' || out.kind === 'timeout' ? 'E' : session.transactionStatus();
    result.transaction = tx !== 'I' || open.length > 0;
    if (out.kind !== 'ok') {
      stop(out, s);
      log(opts, result);
      return false;
    }
    result.status = 'ok';
    const tag = out.tags?.at(-1);
    if (tag?.command) {
      result.command = tag.command;
      if (tag.rowCount !== null && Number.isFinite(tag.rowCount)) result.rowCount = tag.rowCount;
    }
    const read = await must(PROBE_SQL, 'reading the catalog');
    if (!Array.isArray(read)) {
      stop(read);
      return false;
    }
    const after = probeOf(read);
    measure(initial, before, after, result, (lock) => {
      if (tx === 'I') lock.heldMs = round(ms);
      else open.push({ lock, since: clock - ms });
    });
    before = after;
    if (tx === 'I') endTransaction();
    log(opts, result);
    return true;
  };

  /** BEGIN or COMMIT the rehearsal adds; a COMMIT's time counts towards the locks it ends. */
  const control = async (sql: 'BEGIN' | 'COMMIT', last: RehearsalStatement): Promise<boolean> => {
    const t0 = now();
    const out = await run(sql);
    if (sql === 'COMMIT') clock += now() - t0;
    if (out.kind === 'ok') {
      if (sql === 'COMMIT') endTransaction();
      return true;
    }
    if (out.kind === 'error')
      out.failure = {
        message: `${sql} failed: ${shownError(out.failure)}`,
        ...(out.failure.sqlstate ? { sqlstate: out.failure.sqlstate } : {}),
        shown: true,
      } as SqlFailure;
    stop(out, sql === 'COMMIT' ? last : undefined);
    return false;
  };

  const inOwnTransaction = async (s: RehearsalStatement): Promise<boolean> =>
    (await control('BEGIN', s)) && (await statement(s)) && (await control('COMMIT', s));

  const step = async (st: Step): Promise<boolean> => {
    switch (st.kind) {
      case 'transaction': {
        if (!(await control('BEGIN', st.statements[0]!))) return false;
        for (const s of st.statements) if (!(await statement(s))) return false;
        return control('COMMIT', st.statements.at(-1)!);
      }
      case 'alone':
        return statement(st.statement);
      case 'as-written':
        for (const s of st.statements) {
          // a statement outside the file's transactions is its own implicit transaction: made explicit,
          // its locks can be read before they go
          const own =
            session.transactionStatus() === 'I' &&
            !isTransactionControl(parser, s.sql) &&
            !outsideTransactionReason(parser, s.sql, serverVersionNum);
          if (!(await (own ? inOwnTransaction(s) : statement(s)))) return false;
        }
        return true;
    }
  };

  for (const st of planRehearsal(parser, statements, serverVersionNum)) if (!(await step(st))) break;
  if (!stopped && session.transactionStatus() !== 'I') {
    // a file that opened a transaction and never ended it: its session would end it by closing
    await run('ROLLBACK');
    endTransaction();
  }
  if (stopped !== 'timeout' && stopped !== 'cancelled') await countRows(session, results, initial, run);
  const total = now() - started;
  return {
    outcome: stopped ?? 'completed',
    statements: results,
    statementsMs: round(statementsMs),
    probeMs: round(Math.max(0, total - statementsMs)),
    serverVersionNum,
  };
}

function notRun(s: RehearsalStatement): StatementResult {
  return {
    file: s.file,
    line: s.line,
    endLine: s.endLine,
    sql: s.sql.length > MAX_SQL ? `${s.sql.slice(0, MAX_SQL - 1)}…` : s.sql,
    status: 'not-run',
    ms: 0,
    transaction: false,
    locks: [],
    rewrite: false,
    rewritten: [],
  };
}

/** The file line Postgres's error position (1-based, in characters of the statement) points at. */
export function errorLine(s: RehearsalStatement, position: number | undefined): number | undefined {
  if (position === undefined) return undefined;
  const before = [...s.sql].slice(0, Math.max(0, position - 1)).join('');
  return s.line + (before.match(/\n/g)?.length ?? 0);
}

/** The locks a statement took and the tables it rewrote, from the probes around it. */
function measure(
  initial: Probe,
  before: Probe,
  after: Probe,
  result: StatementResult,
  hold: (lock: MeasuredLock) => void,
): void {
  for (const [oid, mode] of after.locks) {
    const prior = before.locks.get(oid);
    if (prior !== undefined && lockRank(prior) >= lockRank(mode)) continue;
    const rel = after.relations.get(oid) ?? before.relations.get(oid);
    if (!rel) continue; // a catalog, or the transient heap of a rewrite
    const known = initial.relations.get(oid);
    const lock: MeasuredLock = {
      relation: qualified(rel),
      mode: sqlModeName(mode),
      heldMs: 0,
      kind: relationKind(rel.relkind),
      created: !known,
    };
    const tuples = before.relations.get(oid)?.tuples ?? rel.tuples;
    if (isTable(rel.relkind) && tuples >= 0) Object.assign(lock, { rows: Math.round(tuples), rowsFrom: 'estimate' });
    result.locks.push(lock);
    hold(lock);
  }
  result.locks.sort((a, b) => sqlModeRank(b.mode) - sqlModeRank(a.mode) || a.relation.localeCompare(b.relation));
  for (const [oid, rel] of before.relations) {
    const now = after.relations.get(oid);
    if (!now || !isTable(rel.relkind) || !initial.relations.has(oid) || rel.filenode === 0) continue;
    if (now.filenode !== rel.filenode) result.rewritten.push(qualified(rel));
  }
  result.rewritten.sort();
  result.rewrite = result.rewritten.length > 0;
}

/** Exact counts for the locked tables Postgres had no estimate for, after the migration ran. */
async function countRows(
  session: SqlSession,
  results: StatementResult[],
  initial: Probe,
  run: (sql: string) => Promise<Outcome>,
): Promise<void> {
  const missing = results.flatMap((r) => r.locks).filter((l) => l.rows === undefined && isTableKind(l.kind));
  if (missing.length === 0) return;
  // out of the failed transaction first, or every count would fail with it
  if (session.transactionStatus() !== 'I' && (await run('ROLLBACK')).kind !== 'ok') return;
  const byName = new Map([...initial.relations.values()].map((r) => [qualified(r), r]));
  const counted = new Map<string, number | undefined>();
  for (const lock of missing) {
    if (!counted.has(lock.relation)) {
      const rel = byName.get(lock.relation);
      let n: number | undefined;
      if (rel) {
        // a table the migration dropped, or one it cannot read: its rows stay unknown
        const out = await run(`SELECT pg_catalog.count(*)::pg_catalog.int8 AS n FROM ${quotedName(rel)}`);
        if (out.kind === 'ok') n = Number(out.rows[0]?.[0]?.n);
        else if (out.kind !== 'error') return;
      }
      counted.set(lock.relation, n);
    }
    const n = counted.get(lock.relation);
    if (n !== undefined && Number.isFinite(n)) Object.assign(lock, { rows: n, rowsFrom: 'count' });
  }
}

function isTableKind(kind: string): boolean {
  return kind === 'table' || kind === 'partitioned table' || kind === 'materialized view';
}

/** Runs one query against the budget and the cancel signal; either one drops the connection. */
async function timed(
  session: SqlSession,
  sql: string,
  remainingMs: number,
  signal: AbortSignal | undefined,
  migration: boolean,
): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  const interrupted = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), remainingMs);
    onAbort = () => resolve({ kind: 'cancelled' });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  // the migration's own rows are never held: only its command tags come back
  const ran = (
    migration && session.execute
      ? session.execute(sql).then((tags) => ({ rows: [], tags }))
      : session.query(sql).then((rows) => ({ rows }))
  ).then(
    (r): Outcome => ({ kind: 'ok', ...r }),
    (e): Outcome => ({ kind: 'error', failure: sqlFailure(e) }),
  );
  try {
    const winner = await Promise.race([ran, interrupted]);
    if (winner.kind === 'timeout' || winner.kind === 'cancelled') session.destroy();
    return winner;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function log(opts: RunnerOptions, r: StatementResult): void {
  if (!opts.log) return;
  if (r.status !== 'ok') {
    opts.log(
      `${r.file}:${r.errorLine ?? r.line}: ${r.status} after ${formatDuration(r.ms)}: ${r.error ?? ''}`.replace(
        /[\r\n]+/g,
        ' ',
      ),
    );
    return;
  }
  const locks = r.locks
    .filter((l) => !l.created)
    .map((l) => `${l.mode} on ${l.relation}${l.rows === undefined ? '' : ` (${l.rows} rows)`}`)
    .join(', ');
  const rewrite = r.rewrite ? `; rewrote ${r.rewritten.join(', ')}` : '';
  opts.log(
    `${r.file}:${r.line}: ${formatDuration(r.ms)}${locks ? `; ${locks}` : ''}${rewrite}`.replace(/[\r\n]+/g, ' '),
  );
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
