/**
 * The approval gate of compare-schema's `fail-on`, pure. When `fail-on` would fail and the PR
 * carries `approve-label`, the step passes, and the approval is pinned to the flagged changes it
 * was given for: the review comment records them (as fingerprints) with the label event, so a
 * later push that flags another change fails again, naming what is new. Removing the label ends
 * the approval; adding it again is a new approval of what is flagged then.
 */
import { createHash } from 'node:crypto';
import type { Change } from '../schema/types.js';
import type { LabelEvent } from './github.js';

export type FailOnMode = 'none' | 'destructive' | 'any';

/** The label as the PR has it now: who added it, when, by which event; undefined when it is off. */
export interface LabelApproval {
  eventId: number;
  by: string;
  at: string;
}

/** What an approval covers, kept in the review comment between runs. */
export interface ApprovalRecord {
  event: string;
  by: string;
  at: string;
  /** Fingerprints of the flagged changes approved. */
  approved: string[];
}

/** The latest `labeled`/`unlabeled` event of `label` (names compare without case, as GitHub's do). */
export function labelApproval(events: readonly LabelEvent[], label: string): LabelApproval | undefined {
  const mine = events.filter((e) => e.label.toLowerCase() === label.toLowerCase());
  const last = mine.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id).at(-1);
  return last?.event === 'labeled' ? { eventId: last.id, by: last.actor, at: last.createdAt } : undefined;
}

/** The changes `fail-on` fails on. */
export function flaggedChanges(mode: FailOnMode, changes: readonly Change[]): Change[] {
  if (mode === 'none') return [];
  return mode === 'destructive' ? changes.filter((c) => c.destructive) : [...changes];
}

/**
 * Stands for one change across runs: where it is and what it does (its detail: `email -> varchar(1)`
 * is not the `email -> varchar(200)` that was approved), not how risky it is judged.
 */
export function fingerprint(c: Pick<Change, 'database' | 'kind' | 'action' | 'object' | 'from' | 'detail'>): string {
  return createHash('sha1')
    .update([c.database, c.kind, c.action, c.object, c.from ?? '', c.detail ?? ''].join('\n'), 'utf8')
    .digest('hex')
    .slice(0, 12);
}

/** A diff with no structural change that `fail-on: any` still fails on. */
export const UNPARSED = 'unparsed';

export function recordToAttrs(r: ApprovalRecord): Record<string, string> {
  return { 'approval-event': r.event, 'approved-by': r.by, 'approved-at': r.at, approved: r.approved.join('.') };
}

export function recordFromAttrs(attrs: Record<string, string>): ApprovalRecord | undefined {
  const event = attrs['approval-event'];
  const by = attrs['approved-by'];
  if (!event || !by) return undefined;
  return { event, by, at: attrs['approved-at'] ?? '', approved: (attrs.approved ?? '').split('.').filter(Boolean) };
}

export interface GateInput {
  mode: FailOnMode;
  changes: readonly Change[];
  /** Whether `fail-on` fails without the gate. */
  fails: boolean;
  label: string | undefined;
  /** The label's state on the PR; undefined when it is off. */
  approval: LabelApproval | undefined;
  /** The record the review comment holds. */
  record: ApprovalRecord | undefined;
  /**
   * Why what the label approved cannot be known or kept (the comment could not be read, GitHub
   * named no identity, the run writes no comment): then no new record is made, and fail-on fails.
   */
  unrecorded?: string;
  /** The PR's author (undefined when unknown): their own label approves nothing unless `allowAuthor`. */
  author?: string;
  allowAuthor?: boolean;
}

export type GateDecision =
  | { verdict: 'pass'; record?: ApprovalRecord }
  | { verdict: 'fail'; flagged: Change[]; record?: undefined; why?: string }
  | { verdict: 'approved'; flagged: Change[]; record: ApprovalRecord; fresh?: boolean }
  | { verdict: 'new-since-approval'; flagged: Change[]; newOnes: Change[]; record: ApprovalRecord };

export function decideGate(g: GateInput): GateDecision {
  const flagged = flaggedChanges(g.mode, g.changes);
  const prints = flagged.length > 0 ? flagged.map(fingerprint) : g.fails ? [UNPARSED] : [];
  const byAuthor =
    !!g.approval &&
    !g.allowAuthor &&
    (g.author === undefined || g.author.toLowerCase() === g.approval.by.toLowerCase());
  const kept = g.approval && g.record && g.record.event === String(g.approval.eventId) ? g.record : undefined;
  // the record of this label event, or a new one approving what is flagged now: a label added
  // while nothing was flagged approves nothing, so a later flagged change still fails. A new record
  // is made only where it can be kept, and never for the PR author's own label.
  const record: ApprovalRecord | undefined =
    !g.label || !g.approval || byAuthor
      ? undefined
      : (kept ??
        (g.unrecorded
          ? undefined
          : {
              event: String(g.approval.eventId),
              by: g.approval.by,
              at: g.approval.at,
              approved: [...new Set(prints)],
            }));
  if (!g.fails) return record ? { verdict: 'pass', record } : { verdict: 'pass' };
  if (!record) {
    if (g.label && g.approval && byAuthor)
      return {
        verdict: 'fail',
        flagged,
        why:
          g.author === undefined
            ? `the label was added by ${g.approval.by}, and the PR's author could not be read, so it does not count`
            : `the label was added by the PR's author ${g.approval.by}, who cannot approve their own change (approve-label-allow-author: true allows it)`,
      };
    if (g.label && g.approval && g.unrecorded)
      return { verdict: 'fail', flagged, why: `the label does not count: ${g.unrecorded}` };
    return { verdict: 'fail', flagged };
  }
  const approved = new Set(record.approved);
  const newOnes = flagged.filter((c) => !approved.has(fingerprint(c)));
  if (newOnes.length === 0 && (flagged.length > 0 || approved.has(UNPARSED)))
    return record === kept
      ? { verdict: 'approved', flagged, record }
      : { verdict: 'approved', flagged, record, fresh: true };
  // a diff no structural change explains, after a label that approved nothing: nothing to name as new
  if (newOnes.length === 0) return { verdict: 'fail', flagged };
  return { verdict: 'new-since-approval', flagged, newOnes, record };
}
