/**
 * The rehearsal's section of the schema review comment, as a pure function of the report: what ran
 * where, the failing statement first (the most valuable finding), then a table of the statements
 * that held a lock stronger than ROW EXCLUSIVE or ran over a second, longest hold first, and the
 * total. SQL, file names, relation names and Postgres's messages are data: escaped, never markup.
 */
import { formatDuration } from '../basics/format.js';
import { code, escapeInline } from '../github/markdown.js';
import { durationInput } from '../inputs/duration.js';
import { formatRows, heldMs, isNotable, strongestLock } from './measure.js';
import { ERROR_DETAILS_HINT } from './sqlstate.js';
import type { RehearsalReport, StatementResult } from './types.js';
import { lockAdvice } from './lock-advice.js';

const MAX_ROWS = 25;
const MAX_SQL = 90;

export function renderRehearsal(report: RehearsalReport): string {
  const parts = [`#### Rehearsal on a copy of ${escapeInline(report.base.branch)}${where(report)}`];
  if (report.outcome === 'error') {
    parts.push(
      `The rehearsal could not run: ${escapeInline(report.error ?? 'unknown error')}. The risks above are the class-based guesses.`,
    );
    return `${parts.join('\n\n')}\n`;
  }
  const ran = report.statements.filter((s) => s.status !== 'not-run');
  const files = new Set(report.statements.map((s) => s.file)).size;
  const gone = report.deleted === false ? ' (not deleted: it expires on its own)' : ' (deleted afterwards)';
  parts.push(
    `Ran ${ran.length} of ${report.statements.length} statement(s) of ${files} file(s) in ${code(report.database)} on a throwaway branch${gone}: ` +
      `${formatDuration(report.statementsMs)} in all.`,
  );
  if (report.sinceFork?.length)
    parts.push(
      `Since the fork point: ${report.sinceFork
        .map(
          (d) => `${formatRows(Math.abs(d.rows))} row(s) ${d.rows >= 0 ? 'written to' : 'fewer in'} ${code(d.table)}`,
        )
        .join(', ')}: the preview's own migration run could not have seen them.`,
    );
  const failed = report.statements.find((s) => s.status === 'failed');
  if (failed && report.baseMoved)
    parts.push(
      `The schema of ${escapeInline(report.base.branch)} moved since the fork point (a migration merged since): the PR's files ran on top of it, as the deploy will, and the statement below fails there, on a schema the preview's run never met.`,
    );
  if (failed)
    parts.push(
      `❌ **The migration fails on the parent's data** at ${place(failed, failed.errorLine)}: ${code(failed.error ?? '')}` +
        `${failed.sqlstate && !failed.error?.startsWith('SQLSTATE ') ? ` (SQLSTATE ${code(failed.sqlstate)})` : ''}` +
        `${failed.error?.startsWith('SQLSTATE ') ? `. ${ERROR_DETAILS_HINT}.` : ''}\n\n${code(clip(failed.sql))}`,
    );
  const stuck = report.statements.find((s) => s.status === 'timeout');
  if (stuck)
    parts.push(
      `⏱️ **Stopped:** ${place(stuck)} ran longer than the rehearsal-timeout (${durationInput(report.timeoutMs)}).\n\n${code(clip(stuck.sql))}`,
    );
  const notRun = report.statements.length - ran.length;
  if (notRun > 0 && (failed || stuck)) parts.push(`${notRun} statement(s) after it did not run.`);

  const advice = lockAdvice(report);
  if (advice.length > 0)
    parts.push(
      [
        '**lock_timeout advice:**',
        ...advice.map(
          (a) =>
            `- ${code(`${a.file}:${a.line}`)} takes ${a.mode} on ${code(a.relation)} (${formatRows(a.rows)} rows; held ${formatDuration(a.heldMs)} here) with no lock_timeout set before it: ` +
            `put ${code(`SET lock_timeout = ${a.lockTimeout};`)} before it, so that behind a long query it fails (to be retried) instead of queueing every read and write of the table.`,
        ),
      ].join('\n'),
    );
  const notable = report.statements.filter(isNotable).sort((a, b) => heldMs(b) - heldMs(a));
  if (notable.length === 0) parts.push('No statement held a lock stronger than ROW EXCLUSIVE or ran over a second.');
  else parts.push(table(notable));
  parts.push(
    '<sub>Measured on a copy with no other traffic: in production a lock also waits for the queries running before it, and everything after it waits for the lock.</sub>',
  );
  return `${parts.join('\n\n')}\n`;
}

function where(report: RehearsalReport): string {
  const taken = report.base.takenAt ? `, copied ${escapeInline(report.base.takenAt)}` : '';
  return `${point(report)}${taken}`;
}

function point(report: RehearsalReport): string {
  if (report.base.lsn)
    return report.base.fork
      ? ` at the fork point (LSN ${escapeInline(report.base.lsn)})`
      : ` at LSN ${escapeInline(report.base.lsn)}`;
  if (report.base.timestamp) return ` as of ${escapeInline(report.base.timestamp)}`;
  return ' at its head (as the deploy will meet it)';
}

function table(rows: StatementResult[]): string {
  const shown = rows.slice(0, MAX_ROWS);
  const lines = [
    '| Statement | Lock | Held | Rows | Rewrite | Time |',
    '|---|---|---|---|---|---|',
    ...shown.map((s) => {
      const lock = strongestLock(s);
      const cells = [
        `${place(s)} ${code(clip(s.sql))}`,
        lock
          ? `${lock.mode} on ${code(lock.relation)}`
          : s.transaction
            ? '—'
            : '— (ran on its own: its locks end with it)',
        formatDuration(heldMs(s)),
        lock?.rows === undefined ? '' : formatRows(lock.rows),
        s.rewrite ? `rewrote ${s.rewritten.map(code).join(', ')}` : '',
        formatDuration(s.ms),
      ];
      return `| ${cells.join(' | ')} |`;
    }),
  ];
  if (rows.length > shown.length) lines.push('', `… ${rows.length - shown.length} more in the \`rehearsal\` output.`);
  return lines.join('\n');
}

function place(s: StatementResult, line = s.line): string {
  return code(`${s.file}:${line}`);
}

function clip(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > MAX_SQL ? `${one.slice(0, MAX_SQL - 1)}…` : one;
}
