/**
 * Collects Changes while two schemas are compared, and pairs renamed objects: an object is taken
 * as renamed only when the evidence is clear, i.e. exactly one dropped and exactly one added object
 * share the same name-free definition key.
 */
import { addedRisk, type Assessment, DROPPED_RISK, RENAMED_RISK } from './risk.js';
import type { Change, ChangeAction, ChangeKind, Risk } from './types.js';

const RISK_ORDER: Record<Risk, number> = { safe: 0, locking: 1, destructive: 2 };

export class ChangeList {
  readonly changes: Change[] = [];

  constructor(readonly database: string) {}

  add(kind: ChangeKind, action: ChangeAction, object: string, assessment: Assessment, detail: string, from?: string) {
    const change: Change = {
      kind,
      action,
      object,
      ...(from !== undefined ? { from } : {}),
      risk: assessment.risk,
      reason: assessment.reason,
      destructive: assessment.risk === 'destructive',
      database: this.database,
      detail,
    };
    this.changes.push(change);
  }

  added(kind: ChangeKind, object: string, detail: string, assessment: Assessment = addedRisk(kind)) {
    this.add(kind, 'added', object, assessment, detail);
  }

  dropped(kind: keyof typeof DROPPED_RISK, object: string, detail: string) {
    this.add(kind, 'dropped', object, DROPPED_RISK[kind], detail);
  }

  renamed(kind: ChangeKind, object: string, from: string, detail: string) {
    this.add(kind, 'renamed', object, RENAMED_RISK, detail, from);
  }

  /** One `altered` change summing up several differences: the worst risk wins, details are joined. */
  altered(kind: ChangeKind, object: string, parts: ReadonlyArray<{ assessment: Assessment; detail: string }>) {
    if (parts.length === 0) return;
    const worst = parts.reduce((a, b) => (RISK_ORDER[b.assessment.risk] > RISK_ORDER[a.assessment.risk] ? b : a));
    this.add(kind, 'altered', object, worst.assessment, parts.map((p) => p.detail).join('; '));
  }
}

/** Pairs dropped and added objects that share a definition key, one to one. */
export function matchRenames<A, B>(
  dropped: readonly A[],
  added: readonly B[],
  droppedKey: (item: A) => string,
  addedKey: (item: B) => string,
): Array<[A, B]> {
  const droppedByKey = groupBy(dropped, droppedKey);
  const addedByKey = groupBy(added, addedKey);
  const pairs: Array<[A, B]> = [];
  for (const [key, olds] of droppedByKey) {
    const news = addedByKey.get(key);
    if (olds.length === 1 && news?.length === 1) pairs.push([olds[0], news[0]]);
  }
  return pairs;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Keys in `a` but not `b`. */
export function missingFrom<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, unknown>): V[] {
  const out: V[] = [];
  for (const [key, value] of a) if (!b.has(key)) out.push(value);
  return out;
}
