/**
 * Collects Changes while two schemas are compared, and pairs renamed objects. `matchRenames` takes
 * an object as renamed only when the evidence is clear: exactly one dropped and exactly one added
 * object share the same name-free definition key (tables weigh more evidence: table-renames.ts).
 * Every rename says in its reason why it was taken as one, and carries a confidence.
 */
import { IdentityMap, type IdentitySource } from './identity.js';
import { addedRisk, type Assessment, DROPPED_RISK, renamedRisk } from './risk.js';
import type { Change, ChangeAction, ChangeKind, Risk } from './types.js';

/** Why a dropped and an added object are taken as one renamed object. */
export interface RenameEvidence {
  /** 0..1 */
  confidence: number;
  /** What the dumps showed, as a clause: "indexes label_pkey and label_name_idx kept their names". */
  evidence: string;
}

const RISK_ORDER: Record<Risk, number> = { safe: 0, locking: 1, destructive: 2 };

export class ChangeList {
  readonly changes: Change[] = [];

  /** What is known of identity before the comparison (catalogs, statements); empty: the dumps alone. */
  constructor(
    readonly database: string,
    readonly identity: IdentityMap = new IdentityMap(),
  ) {}

  add(
    kind: ChangeKind,
    action: ChangeAction,
    object: string,
    assessment: Assessment,
    detail: string,
    from?: string,
    inferred?: RenameEvidence,
    source: IdentitySource = this.identity.defaultSource(kind),
  ) {
    const change: Change = {
      kind,
      action,
      object,
      ...(from !== undefined ? { from } : {}),
      risk: assessment.risk,
      reason: inferred ? `${assessment.reason}; taken as a rename because ${inferred.evidence}` : assessment.reason,
      destructive: assessment.risk === 'destructive',
      database: this.database,
      detail,
      ...(inferred ? { confidence: Math.round(inferred.confidence * 100) / 100 } : {}),
      identity: source,
    };
    this.changes.push(change);
  }

  added(
    kind: ChangeKind,
    object: string,
    detail: string,
    assessment: Assessment = addedRisk(kind),
    source?: IdentitySource,
  ) {
    this.add(kind, 'added', object, assessment, detail, undefined, undefined, source);
  }

  dropped(kind: keyof typeof DROPPED_RISK, object: string, detail: string, source?: IdentitySource) {
    this.add(kind, 'dropped', object, DROPPED_RISK[kind], detail, undefined, undefined, source);
  }

  /**
   * A renamed object. Inferred from the dumps, `evidence` says why it is taken as one (it goes into
   * the reason); read from the catalogs or a statement, `source` says which and there is no doubt.
   */
  renamed(
    kind: ChangeKind,
    object: string,
    from: string,
    detail: string,
    evidence?: RenameEvidence,
    source?: IdentitySource,
  ) {
    if (source && source !== 'inferred') {
      const why =
        source === 'catalog'
          ? 'the catalogs of both branches show one object under a new name'
          : 'a migration statement renames it';
      this.add(
        kind,
        'renamed',
        object,
        { ...renamedRisk(kind), reason: `${renamedRisk(kind).reason}; ${why}` },
        detail,
        from,
        undefined,
        source,
      );
      return;
    }
    this.add(kind, 'renamed', object, renamedRisk(kind), detail, from, evidence, 'inferred');
  }

  /** One `altered` change summing up several differences: the worst risk wins, details are joined. */
  altered(
    kind: ChangeKind,
    object: string,
    parts: ReadonlyArray<{ assessment: Assessment; detail: string }>,
    source?: IdentitySource,
  ) {
    if (parts.length === 0) return;
    const worst = parts.reduce((a, b) => (RISK_ORDER[b.assessment.risk] > RISK_ORDER[a.assessment.risk] ? b : a));
    this.add(
      kind,
      'altered',
      object,
      worst.assessment,
      parts.map((p) => p.detail).join('; '),
      undefined,
      undefined,
      source,
    );
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
