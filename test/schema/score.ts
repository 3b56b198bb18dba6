/**
 * Scores a review against a hand-checked list of changes. A change matches on kind, action and
 * object (functions with their argument list, views and materialized views alike). A rename may
 * also match as a drop of the old name plus an add of the new one, in either direction.
 */
import type { Change } from '../../src/schema/types.js';
import type { ExpectedChange } from './pairs.js';

export interface Score {
  expected: number;
  found: number;
  /** Expected changes the review found. */
  matchedExpected: number;
  /** Found changes that are in the expected list. */
  matchedFound: number;
  missed: ExpectedChange[];
  extra: Change[];
  /** Expected destructive changes that were missed or not flagged destructive. */
  destructiveMissed: ExpectedChange[];
  /** Own pairs state the risk: matched changes whose risk differs. */
  riskMismatches: Array<{ expected: ExpectedChange; found: Change }>;
}

const kindOf = (kind: string) => (kind === 'materialized_view' ? 'view' : kind);
const pathOf = (object: string, signature = '') => `${object}${signature}`.replace(/\s+/g, '');
const key = (kind: string, action: string, object: string) => `${kindOf(kind)}|${action}|${object}`;

export function score(expected: readonly ExpectedChange[], found: readonly Change[]): Score {
  const unmatchedFound = new Map<string, Change>();
  for (const change of found) unmatchedFound.set(key(change.kind, change.action, pathOf(change.object)), change);
  const take = (k: string) => {
    const change = unmatchedFound.get(k);
    if (change) unmatchedFound.delete(k);
    return change;
  };
  const result: Score = {
    expected: expected.length,
    found: found.length,
    matchedExpected: 0,
    matchedFound: 0,
    missed: [],
    extra: [],
    destructiveMissed: [],
    riskMismatches: [],
  };
  const unmatchedExpected: ExpectedChange[] = [];
  for (const e of expected) {
    const object = pathOf(e.object, e.signature);
    const direct = take(key(e.kind, e.action, object));
    let matches: Change[] = direct ? [direct] : [];
    if (!direct && e.action === 'renamed' && e.from) {
      const dropped = unmatchedFound.get(key(e.kind, 'dropped', pathOf(e.from)));
      const added = unmatchedFound.get(key(e.kind, 'added', object));
      if (dropped && added)
        matches = [take(key(e.kind, 'dropped', pathOf(e.from)))!, take(key(e.kind, 'added', object))!];
    }
    if (matches.length === 0) {
      unmatchedExpected.push(e);
      continue;
    }
    result.matchedExpected++;
    result.matchedFound += matches.length;
    if (e.destructive && !matches.some((m) => m.destructive)) result.destructiveMissed.push(e);
    if (e.risk && direct && direct.risk !== e.risk) result.riskMismatches.push({ expected: e, found: direct });
  }
  // A rename found where the list has a drop plus an add of the same definition.
  for (const e of [...unmatchedExpected]) {
    if (e.action !== 'dropped') continue;
    for (const change of unmatchedFound.values()) {
      if (
        change.action !== 'renamed' ||
        kindOf(change.kind) !== kindOf(e.kind) ||
        pathOf(change.from ?? '') !== pathOf(e.object, e.signature)
      ) {
        continue;
      }
      const partner = unmatchedExpected.find(
        (a) =>
          a.action === 'added' &&
          kindOf(a.kind) === kindOf(e.kind) &&
          pathOf(a.object, a.signature) === pathOf(change.object),
      );
      if (!partner) continue;
      unmatchedFound.delete(key(change.kind, change.action, pathOf(change.object)));
      unmatchedExpected.splice(unmatchedExpected.indexOf(e), 1);
      unmatchedExpected.splice(unmatchedExpected.indexOf(partner), 1);
      result.matchedExpected += 2;
      result.matchedFound += 1;
      break;
    }
  }
  result.missed = unmatchedExpected;
  result.extra = [...unmatchedFound.values()];
  for (const e of unmatchedExpected) if (e.destructive) result.destructiveMissed.push(e);
  return result;
}

/**
 * The stricter yardstick of the real-history corpus (test/schema/real-corpus.test.ts), which also
 * counts what a wrong guess costs. The rules:
 *
 * 1. Paths are compared after two normalisations: kinds `materialized_view` and `view` are one, and
 *    every path under a table or type that the expected list renames is read under the new name
 *    (`public.Comment.Comment_pkey` = `public.comments.Comment_pkey`), so a review may report what
 *    happened inside a renamed table under either name. Functions join their signature, spaces dropped.
 * 2. A found change matches an expected one with the same kind, action and object; a rename must
 *    also come from the same old path. A rename is never matched by a drop plus an add, nor a drop
 *    plus an add by a rename: one is data kept, the other data lost.
 * 3. An expected `altered` object that the migration re-created under its own name (add, copy,
 *    drop, rename) is also matched by a `dropped` plus an `added` of that same object.
 * 4. Found changes on an expected entry's `children` (the columns, keys, indexes and owned
 *    sequences that go with an added or dropped table, the indexes and keys that go with a dropped
 *    column, a dropped type's values) are finer-grained but right: ignored, neither matched nor extra.
 * 5. destructive missed: an expected destructive change (not `debatable`) without a matching found
 *    change flagged destructive. An expected rename reported as a destructive drop of its old path
 *    is not missed (the gate still stops it), though it counts against recall and precision.
 * 6. false destructive: a found change flagged destructive that matches an expected change which is
 *    not destructive (and not `debatable`), or that matches nothing, other than the drop of an
 *    expected rename's old path (rule 5).
 * 7. recall = matched expected / expected; precision = matched found / (found - ignored).
 */
export interface StrictScore {
  expected: number;
  found: number;
  ignored: number;
  matchedExpected: number;
  matchedFound: number;
  recall: number;
  precision: number;
  missed: ExpectedChange[];
  extra: Change[];
  destructiveMissed: ExpectedChange[];
  falseDestructive: Change[];
}

type Found = Pick<Change, 'kind' | 'action' | 'object' | 'destructive'> & { from?: string };

export function strictScore(expected: readonly ExpectedChange[], found: readonly Found[]): StrictScore {
  const renames = new Map<string, string>();
  for (const e of expected)
    if (e.action === 'renamed' && e.from && (e.kind === 'table' || e.kind === 'type')) renames.set(e.from, e.object);
  const canon = (path: string | undefined): string => {
    if (!path) return '';
    let out = path.replace(/\s+/g, '');
    for (const [from, to] of renames) if (out.startsWith(`${from}.`)) out = `${to}${out.slice(from.length)}`;
    return out;
  };
  const exp = expected.map((e) => ({ e, object: canon(`${e.object}${e.signature ?? ''}`), from: canon(e.from) }));
  const pool = found.map((f) => ({
    f,
    kind: kindOf(f.kind),
    action: f.action as string,
    object: canon(f.object),
    from: canon(f.from),
    used: false,
  }));

  // rule 4: children of expected entries
  const childPaths = new Set<string>();
  const wholeTables: string[] = [];
  for (const { e, object } of exp) {
    if (e.kind === 'table' && (e.action === 'added' || e.action === 'dropped')) wholeTables.push(object);
    if (!e.children) continue;
    const parent = e.kind === 'column' ? object.slice(0, object.lastIndexOf('.')) : object;
    const schema = object.slice(0, object.indexOf('.'));
    for (const child of e.children) {
      childPaths.add(`${parent}.${child}`);
      childPaths.add(`${schema}.${child}`);
    }
  }
  const underWholeTable = (path: string) =>
    wholeTables.some((t) => path.startsWith(`${t}.`) || (path.startsWith(`${t}_`) && path.endsWith('_seq')));
  const isChild = (p: (typeof pool)[number]) =>
    (childPaths.has(p.object) || underWholeTable(p.object)) &&
    !exp.some(({ e, object }) => object === p.object && kindOf(e.kind) === p.kind);
  let ignored = 0;
  for (const p of pool) {
    if (!isChild(p)) continue;
    p.used = true;
    ignored++;
  }

  const take = (pred: (p: (typeof pool)[number]) => boolean) => {
    const hit = pool.find((p) => !p.used && pred(p));
    if (hit) hit.used = true;
    return hit;
  };
  const result: StrictScore = {
    expected: expected.length,
    found: found.length,
    ignored,
    matchedExpected: 0,
    matchedFound: 0,
    recall: 1,
    precision: 1,
    missed: [],
    extra: [],
    destructiveMissed: [],
    falseDestructive: [],
  };
  const renameDrops = new Set<(typeof pool)[number]>();
  for (const { e, object, from } of exp) {
    const kind = kindOf(e.kind);
    const same = (p: (typeof pool)[number], action: string) =>
      p.kind === kind && p.action === action && p.object === object;
    let matches = [take((p) => same(p, e.action) && (e.action !== 'renamed' || p.from === from))].filter(
      (m) => m !== undefined,
    );
    if (matches.length === 0 && e.action === 'altered') {
      const dropped = pool.find((p) => !p.used && same(p, 'dropped'));
      const added = pool.find((p) => !p.used && same(p, 'added'));
      if (dropped && added) {
        dropped.used = added.used = true;
        matches = [dropped, added];
      }
    }
    const gated = e.destructive && !e.debatable;
    if (matches.length === 0) {
      result.missed.push(e);
      if (!gated) continue;
      const drop =
        e.action === 'renamed'
          ? pool.find((p) => p.kind === kind && p.action === 'dropped' && p.object === from && p.f.destructive)
          : undefined;
      if (drop) renameDrops.add(drop);
      else result.destructiveMissed.push(e);
      continue;
    }
    result.matchedExpected++;
    result.matchedFound += matches.length;
    if (gated && !matches.some((m) => m.f.destructive)) result.destructiveMissed.push(e);
    if (!e.destructive && !e.debatable)
      for (const m of matches) if (m.f.destructive) result.falseDestructive.push(m.f as Change);
  }
  for (const p of pool) {
    if (p.used) continue;
    result.extra.push(p.f as Change);
    if (p.f.destructive && !renameDrops.has(p)) result.falseDestructive.push(p.f as Change);
  }
  result.recall = result.expected === 0 ? 1 : result.matchedExpected / result.expected;
  const counted = result.found - result.ignored;
  result.precision = counted === 0 ? 1 : result.matchedFound / counted;
  return result;
}
