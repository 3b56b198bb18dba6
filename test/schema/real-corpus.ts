/**
 * The review scored on real migration histories, three ways (test/schema/real-corpus.test.ts and
 * `npm run corpus`):
 *
 * - `dumps`: the two dumps alone (reviewSchemas), as compare-schema reviews without `migrations`;
 * - `migrations`: the dumps with the window's migration files, as compare-schema does with
 *   `migrations:` (statements split and matched to the changes, then settled; no table sizes);
 * - `neon`: replayed on the local Neon through dist/index.js (see real-corpus-neon.ts).
 *
 * Windows come from pairs.ts (`loadCorpusWindows`): ../shared/schema-corpus and SCHEMA_CORPUS.
 * The scoring rules are those of `strictScore` in score.ts.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { effectsOf } from '../../src/migrations/effects.js';
import { withDataLoss } from '../../src/migrations/data-loss.js';
import { identityFromStatements } from '../../src/migrations/identity.js';
import { matchChanges } from '../../src/migrations/match.js';
import { type MigrationStatement, splitMigration } from '../../src/migrations/split.js';
import type { Parser } from '../../src/schema/parser.js';
import { reviewSchemas } from '../../src/schema/review.js';
import { settleChanges } from '../../src/schema/settle.js';
import type { Change } from '../../src/schema/types.js';
import { type CorpusWindow, type ExpectedChange, readDumps } from './pairs.js';
import { type StrictScore, strictScore } from './score.js';

export const WAYS = ['dumps', 'migrations', 'neon'] as const;
export type Way = (typeof WAYS)[number];

/**
 * The targets issue 23 holds the review to, on every window and every way: real-corpus.test.ts
 * asserts them whenever a corpus is found (../shared/schema-corpus or SCHEMA_CORPUS).
 */
export const TARGETS = { recall: 0.98, precision: 0.98, destructiveMissed: 0, falseDestructive: 0 } as const;

/** Where the window's files sit in the replayed repository, and the glob compare-schema is given. */
export const MIGRATIONS_DIR = 'db/migrations';
export const MIGRATIONS_GLOB = `${MIGRATIONS_DIR}/*.sql`;
export const workspacePath = (file: string) => `${MIGRATIONS_DIR}/${basename(file)}`;

/** Way `dumps`. */
export function reviewDumps(parser: Parser, window: CorpusWindow): Change[] {
  const { before, after } = readDumps(window);
  return reviewSchemas(parser, { database: 'neondb', beforeSql: before, afterSql: after }).changes;
}

/** The window's migration statements, split as compare-schema splits the PR's files. */
export async function windowStatements(parser: Parser, window: CorpusWindow): Promise<MigrationStatement[]> {
  const statements: MigrationStatement[] = [];
  for (const file of window.migrations) {
    const split = await splitMigration(workspacePath(file), readFileSync(file, 'utf8'), parser);
    statements.push(...split.statements);
  }
  return statements;
}

/**
 * Way `migrations`: what compare-schema's review does with `migrations:` when no table size can be
 * read (src/commands/compare-schema.ts, Evidence.settle). Kept in this one function so that a new
 * way of using the statements needs one edit here.
 */
export async function reviewWithMigrations(parser: Parser, window: CorpusWindow): Promise<Change[]> {
  const effects = effectsOf(parser, await windowStatements(parser, window));
  const { before, after } = readDumps(window);
  const identity = identityFromStatements(effects);
  const reviewed = reviewSchemas(parser, { database: 'neondb', beforeSql: before, afterSql: after, identity }).changes;
  const matched = matchChanges(reviewed, effects);
  const settled = settleChanges(matched.changes, { evidence: matched.evidence, smallTableRows: 10_000 });
  return withDataLoss(settled, effects, 'neondb');
}

export interface WayResult {
  window: string;
  way: Way;
  /** Why the way could not run on this window (no migration files…); no score then. */
  skipped?: string;
  score?: StrictScore;
  /** Expected changes left out of this way's score, and why (a statement the local Neon cannot run). */
  excluded?: { change: ExpectedChange; why: string }[];
  /** What the replay had to leave out that no expected change depends on. */
  notes?: string[];
}

export function scoreWay(
  window: CorpusWindow,
  way: Way,
  found: readonly Change[],
  excluded: WayResult['excluded'] = [],
): WayResult {
  const notes: string[] = [];
  if (way === 'dumps') {
    const unseen = window.expected.filter((e) => e.invisible_in_dumps);
    const ambiguous = window.expected.filter((e) => e.ambiguous_in_dumps);
    excluded = [
      ...excluded,
      ...unseen.map((change) => ({ change, why: 'the dumps are the same before and after it' })),
      ...ambiguous.map((change) => ({ change, why: `the dumps cannot tell: ${change.ambiguous_in_dumps}` })),
    ];
    const other = otherReading(ambiguous, found);
    found = found.filter((c) => !other.includes(c));
    for (const c of other)
      notes.push(`set aside: ${c.kind} ${c.action} ${c.object} <- ${c.from}: the other reading of an ambiguous pair`);
  }
  const left = new Set(excluded.map((x) => x.change));
  const expected = window.expected.filter((e) => !left.has(e));
  return {
    window: window.name,
    way,
    score: strictScore(expected, found),
    ...(excluded.length > 0 ? { excluded } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * The found renames that read an `ambiguous_in_dumps` pair (one object dropped, another added) as one
 * object renamed: same kind, from the dropped entry's name to the added entry's name. Nothing else.
 */
function otherReading(ambiguous: readonly ExpectedChange[], found: readonly Change[]): Change[] {
  const name = (path: string | undefined) => path?.slice(path.lastIndexOf('.') + 1) ?? '';
  const pairs = new Set<string>();
  for (const d of ambiguous.filter((e) => e.action === 'dropped'))
    for (const a of ambiguous.filter((e) => e.action === 'added' && e.kind === d.kind))
      pairs.add(`${d.kind}|${name(d.object)}|${name(a.object)}`);
  return found.filter((c) => c.action === 'renamed' && pairs.has(`${c.kind}|${name(c.from)}|${name(c.object)}`));
}

/** Target misses of one result, one line each (empty when it meets them or was skipped). */
export function targetMisses(r: WayResult): string[] {
  const s = r.score;
  if (!s) return [];
  const where = `${r.window} [${r.way}]`;
  const out: string[] = [];
  if (s.recall < TARGETS.recall) out.push(`${where}: recall ${s.recall.toFixed(3)} < ${TARGETS.recall}`);
  if (s.precision < TARGETS.precision) out.push(`${where}: precision ${s.precision.toFixed(3)} < ${TARGETS.precision}`);
  for (const e of s.destructiveMissed) out.push(`${where}: destructive missed: ${e.kind} ${e.action} ${e.object}`);
  for (const c of s.falseDestructive) out.push(`${where}: false destructive: ${c.kind} ${c.action} ${c.object}`);
  return out;
}

/** The table of results: one row per window and way, then totals per way. */
export function formatTable(results: readonly WayResult[]): string {
  const rows = [
    '| window | way | expected | found | recall | precision | destructive missed | false destructive |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const s = r.score;
    if (!s) {
      rows.push(`| ${r.window} | ${r.way} | skipped: ${r.skipped ?? ''} | | | | | |`);
      continue;
    }
    const found = s.ignored > 0 ? `${s.found} (${s.ignored} children)` : `${s.found}`;
    const note = r.excluded?.length ? ` (${r.excluded.length} left out)` : '';
    rows.push(
      `| ${r.window} | ${r.way} | ${s.expected}${note} | ${found} | ${s.recall.toFixed(3)} | ${s.precision.toFixed(3)} | ${s.destructiveMissed.length} | ${s.falseDestructive.length} |`,
    );
  }
  for (const way of WAYS) {
    const scored = results.filter((r) => r.way === way && r.score).map((r) => r.score!);
    if (scored.length === 0) continue;
    const sum = (f: (s: StrictScore) => number) => scored.reduce((n, s) => n + f(s), 0);
    const recall =
      sum((s) => s.matchedExpected) /
      Math.max(
        1,
        sum((s) => s.expected),
      );
    const precision =
      sum((s) => s.matchedFound) /
      Math.max(
        1,
        sum((s) => s.found - s.ignored),
      );
    rows.push(
      `| **all ${scored.length}** | ${way} | ${sum((s) => s.expected)} | ${sum((s) => s.found)} | ${recall.toFixed(3)} | ${precision.toFixed(3)} | ${sum((s) => s.destructiveMissed.length)} | ${sum((s) => s.falseDestructive.length)} |`,
    );
  }
  return rows.join('\n');
}

/** Each miss and extra of a result, one line each, for reading why a score is what it is. */
export function formatDetails(r: WayResult): string[] {
  const s = r.score;
  if (!s) return [];
  const where = `${r.window} [${r.way}]`;
  const path = (c: { action: string; object: string; from?: string }) =>
    `${c.action} ${c.object}${c.from ? ` <- ${c.from}` : ''}`;
  return [
    ...s.missed.map(
      (e) => `${where} missed ${e.kind} ${path(e)}${e.destructive && !e.debatable ? ' (destructive)' : ''}`,
    ),
    ...s.extra.map((c) => `${where} extra ${c.kind} ${path(c)}${c.destructive ? ' (destructive)' : ''}`),
    ...s.destructiveMissed
      .filter((e) => !s.missed.includes(e))
      .map((e) => `${where} found but not flagged destructive: ${e.kind} ${path(e)}`),
    ...s.falseDestructive.map((c) => `${where} false destructive ${c.kind} ${path(c)}`),
    ...(r.excluded ?? []).map(
      (x) => `${where} left out: ${x.change.kind} ${x.change.action} ${x.change.object}: ${x.why}`,
    ),
    ...(r.notes ?? []).map((n) => `${where} ${n}`),
  ];
}
