/**
 * The bench's one table: a row per figure, each with its condition, the API calls it made, what was
 * measured, the target and whether it was met. Pure: measurements in, Markdown out.
 */
import type { CommandMeasurement } from './commands.js';
import type { RehearsalMeasurement } from './rehearsal.js';
import type { EvidenceMeasurement } from './evidence.js';
import type { IdentityMeasurement } from './identity.js';
import type { ReviewMeasurement } from './review.js';
import type { BundleSize, ColdStart } from './startup.js';
import { bytes, seconds } from './stats.js';
import type { SweepMeasurement } from './sweep.js';

/** Neon's create-branch-action, wasm included (none there): the size target. */
export const SIZE_TARGET_BYTES = 2_696_879;
export const SWEEP_TARGET_RATIO = 1.15;
export const REVIEW_TARGET_MS = 2000;
export const REHEARSAL_TARGET_MS = 3000;
/** What migration mapping and table sizes may add to the review (issue 15). */
export const EVIDENCE_TARGET_MS = 500;

export interface BenchResults {
  size: BundleSize;
  cold: ColdStart;
  firstRequest: { ms: number; runs: number };
  commands: CommandMeasurement[];
  sweep: SweepMeasurement;
  review: ReviewMeasurement;
  rehearsal: RehearsalMeasurement;
  evidence?: EvidenceMeasurement;
  identity?: IdentityMeasurement;
}

type Row = [figure: string, condition: string, calls: string, measured: string, target: string, met: string];

const yesNo = (ok: boolean) => (ok ? 'yes' : '**no**');
const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function commandRow(m: CommandMeasurement): Row {
  const ok = m.exitCode === 0 && m.overheadMs < m.targetMs;
  const waits = `${m.waits} wait${m.waits === 1 ? '' : 's'}`;
  const measured =
    m.exitCode === 0
      ? `wall ${seconds(m.wallMs)}, floor ${seconds(m.floorMs)} (${waits}), overhead ${seconds(m.overheadMs)}${m.commentMs === undefined ? '' : `; PR comment ${seconds(m.commentMs)}`}`
      : `exit ${m.exitCode}: ${m.error ?? ''}`;
  return [
    `${m.command}: ${m.what}`,
    `operation ${seconds(m.operationMs, 1)}${m.repeats && m.repeats > 1 ? `, median of ${m.repeats}` : ''}`,
    `${m.neonCalls} (+${m.githubCalls} GitHub)`,
    measured,
    `overhead < ${seconds(m.targetMs)}`,
    yesNo(ok),
  ];
}

function sweepRow(s: SweepMeasurement): Row {
  const polls = s.byOperation.getProjectOperation ?? 0;
  const lists = s.byOperation.listProjectBranches ?? 0;
  const deletes = s.byOperation.deleteProjectBranch ?? 0;
  const ok = s.exitCode === 0 && s.ratio <= SWEEP_TARGET_RATIO && s.failed === 0 && s.left === 0;
  return [
    `cleanup sweep of ${s.branches.toLocaleString('en-US')} metadata-only previews`,
    `operation 0 s, ${s.limitPerMinute}/min (action and local Neon)`,
    `${s.requests.toLocaleString('en-US')} (${deletes} DELETE, ${polls} operation polls, ${lists} list, ${s.rateLimited} × 429)`,
    `wall ${seconds(s.wallMs, 1)}, bound ${seconds(s.boundMs, 1)} (${s.necessaryRequests.toLocaleString('en-US')} necessary requests), ratio ${s.ratio.toFixed(2)}; ${s.deleted} deleted, ${s.failed} failed, ${s.left} left`,
    `ratio ≤ ${SWEEP_TARGET_RATIO}, no failed deletion`,
    yesNo(ok),
  ];
}

function reviewRow(r: ReviewMeasurement): Row {
  const ok = r.bestMs < REVIEW_TARGET_MS && r.changes === r.expectedChanges;
  return [
    `compare-schema review of a ${r.tables.toLocaleString('en-US')}-table pair`,
    `${(r.dumpBytes / 1e6).toFixed(1)} MB per dump, ${r.expectedChanges} changes; parser loaded first (${Math.round(r.parserLoadMs)} ms)`,
    '–',
    `best of 3 ${seconds(r.bestMs)} (${seconds(r.bestCpuMs)} CPU), cold ${seconds(r.coldMs)}; ${r.changes} changes found`,
    `< ${seconds(REVIEW_TARGET_MS, 0)}`,
    yesNo(ok),
  ];
}

function rehearsalRow(m: RehearsalMeasurement): Row {
  const ok = m.exitCode === 0 && m.beyondNeonMs < REHEARSAL_TARGET_MS;
  return [
    'compare-schema rehearsal overhead',
    `PGlite, 10,000-row table, ${m.statements} statements, operation ${seconds(m.operationMs, 1)}, median of ${m.runs}`,
    '–',
    m.exitCode === 0
      ? `overhead ${seconds(m.overheadMs)} beyond the statements' ${seconds(m.statementsMs)}; ${seconds(m.beyondNeonMs)} beyond Neon's 2 operation waits`
      : `exit ${m.exitCode}: ${m.error ?? ''}`,
    `< ${seconds(REHEARSAL_TARGET_MS, 0)} plus Neon's operations`,
    yesNo(ok),
  ];
}

/** Issue 23: the plain 2,000-table review warm, and what reading identity from both catalogs may add to it. */
export const REVIEW_WARM_TARGET_MS = 1000;
export const IDENTITY_TARGET_MS = 500;

export function identityRows(m: IdentityMeasurement): Row[] {
  const added = m.reviewMs - m.plainReviewMs;
  const pair = `the ${m.tables.toLocaleString('en-US')}-table pair`;
  const sides = `${m.relations.toLocaleString('en-US')} relations, ${m.columns.toLocaleString('en-US')} columns per side`;
  return [
    [
      `compare-schema review of ${pair}, warm, identity not read`,
      'the review as without a connection: parse, diff, unified diff, ER diagram; parser loaded before',
      '–',
      `best of 3 ${seconds(m.plainReviewMs)} (${seconds(m.plainReviewCpuMs)} CPU), median ${seconds(m.plainReviewMedianMs)}`,
      `< ${seconds(REVIEW_WARM_TARGET_MS, 0)}`,
      yesNo(m.plainReviewMs < REVIEW_WARM_TARGET_MS),
    ],
    [
      `compare-schema review of ${pair}, identity from both catalogs`,
      `${sides}; each side's PGlite served on loopback from its own child process (like a remote compute, network latency not in it), reads sent before the parse, the loop turning every 500 statements${m.described ? '' : '; **a catalog did not match its dump**'}`,
      '–',
      `best of 3 ${seconds(m.reviewMs)} (${seconds(m.reviewCpuMs)} CPU, the bench process's own: the servers' not in it), median ${seconds(m.reviewMedianMs)}: added ${seconds(Math.max(0, added))} (medians: ${seconds(Math.max(0, m.reviewMedianMs - m.plainReviewMedianMs))})`,
      `< ${seconds(IDENTITY_TARGET_MS, 1)} added`,
      yesNo(m.described && added < IDENTITY_TARGET_MS),
    ],
    [
      'identity: both catalogs read',
      `${sides}; side by side over node-postgres, connections included, nothing else running`,
      '–',
      `best of 3 ${seconds(m.readMs)}`,
      '–',
      '–',
    ],
    [
      'identity: catalogs checked against the dumps and matched',
      'on the runner, CPU only (oids and attnums paired, each catalog checked against its parsed dump)',
      '–',
      `best of 3 ${seconds(m.matchMs)}`,
      '–',
      '–',
    ],
  ];
}

function evidenceRow(e: EvidenceMeasurement): Row {
  const added = e.mappingMs + e.sizesMs;
  const ok = added < EVIDENCE_TARGET_MS && e.matched === e.changes && e.sized === e.touchedTables;
  return [
    `compare-schema: migration files and table sizes on the ${e.tables.toLocaleString('en-US')}-table pair`,
    `${e.statements} statements in ${e.files} files for ${e.changes} changes; sizes of ${e.touchedTables} tables from PGlite on loopback (${e.tables.toLocaleString('en-US')} tables, most counted), connection included`,
    '–',
    `added ${seconds(added)}: mapping ${seconds(e.mappingMs)} (${e.matched}/${e.changes} matched), sizes ${seconds(e.sizesMs)} (${e.sized} read); best of 3`,
    `< ${seconds(EVIDENCE_TARGET_MS, 1)} added`,
    yesNo(ok),
  ];
}

export function resultRows(r: BenchResults): Row[] {
  return [
    [
      'bundle size',
      `dist/: ${r.size.files} files, parser wasm ${bytes(r.size.wasmBytes)}`,
      '–',
      bytes(r.size.bytes),
      `≤ ${bytes(SIZE_TARGET_BYTES)}`,
      yesNo(r.size.bytes <= SIZE_TARGET_BYTES),
    ],
    [
      'cold start',
      `\`node dist/index.js\` (unknown command) vs \`node -e 0\`, median of ${r.cold.runs}`,
      '–',
      `${r.cold.ratio.toFixed(1)}× (${Math.round(r.cold.actionMs)} ms vs ${Math.round(r.cold.bareMs)} ms)`,
      '–',
      '–',
    ],
    [
      'start to first HTTP request',
      `create-branch, median of ${r.firstRequest.runs}`,
      '–',
      `${Math.round(r.firstRequest.ms)} ms`,
      '–',
      '–',
    ],
    ...r.commands.map(commandRow),
    sweepRow(r.sweep),
    reviewRow(r.review),
    rehearsalRow(r.rehearsal),
    ...(r.evidence ? [evidenceRow(r.evidence)] : []),
    ...(r.identity ? identityRows(r.identity) : []),
  ];
}

export function markdownTable(rows: readonly Row[]): string {
  const header = ['figure', 'condition', 'API calls', 'measured', 'target', 'met'];
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
