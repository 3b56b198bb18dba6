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
      if (dropped && added) matches = [take(key(e.kind, 'dropped', pathOf(e.from)))!, take(key(e.kind, 'added', object))!];
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
      if (change.action !== 'renamed' || kindOf(change.kind) !== kindOf(e.kind) || pathOf(change.from ?? '') !== pathOf(e.object, e.signature)) {
        continue;
      }
      const partner = unmatchedExpected.find(
        (a) => a.action === 'added' && kindOf(a.kind) === kindOf(e.kind) && pathOf(a.object, a.signature) === pathOf(change.object),
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
