/**
 * compare-schema's decision as a value: what `fail-on` flags, what the approval gate made of it, and
 * whether the migration failed in rehearsal. The step's failure line and its notice are rendered
 * from the value, never parsed back out of a text.
 */
import { type FailOnMode, flaggedChanges, type GateDecision } from '../conversation/approval.js';
import { count } from '../conversation/words.js';
import { failedStatement } from '../rehearsal/measure.js';
import type { RehearsalReport, StatementResult } from '../rehearsal/types.js';
import type { Change } from '../schema/types.js';

/** What `fail-on` fails on: its flagged changes, or (with `any`) a diff no structural change explains. */
export interface FailOnResult {
  mode: Exclude<FailOnMode, 'none'>;
  offending: Change[];
}

export interface Decision {
  verdict: 'pass' | 'fail';
  mode: FailOnMode;
  /** What fail-on flags; undefined when it passes on its own. */
  failOn: FailOnResult | undefined;
  gate: GateDecision;
  /** The statement the migration failed at in rehearsal (with fail-on set). */
  rehearsalFailed: StatementResult | undefined;
  label: string | undefined;
}

export function failOnResult(mode: FailOnMode, changes: readonly Change[], diff: string): FailOnResult | undefined {
  if (mode === 'none') return undefined;
  const offending = flaggedChanges(mode, changes);
  if (offending.length === 0 && !(mode === 'any' && diff !== '')) return undefined;
  return { mode, offending };
}

function item(c: Change): string {
  return `${c.kind} ${c.object} ${c.action} (${c.reason})`;
}

function listed(changes: readonly Change[]): string {
  const more = changes.length > 10 ? `; and ${changes.length - 10} more` : '';
  return `${changes.slice(0, 10).map(item).join('; ')}${more}`;
}

/** fail-on's own line: `fail-on: <mode>: <what>: <the first ten changes>`. */
export function failOnLine(r: FailOnResult): string {
  const what =
    r.offending.length === 0
      ? 'unparsed schema diff'
      : count(r.offending.length, r.mode === 'destructive' ? 'destructive change' : 'schema change');
  return `fail-on: ${r.mode}: ${what}${r.offending.length > 0 ? `: ${listed(r.offending)}` : ''}`;
}

/** fail-on's line for these changes, or undefined when it passes. */
export function failOn(mode: FailOnMode, changes: readonly Change[], diff: string): string | undefined {
  const r = failOnResult(mode, changes, diff);
  return r && failOnLine(r);
}

/** The step's failure line for what fail-on flags, as the gate decided; undefined when the gate lets it pass. */
export function gateFailure(gate: GateDecision, r: FailOnResult, label: string | undefined): string | undefined {
  if (gate.verdict === 'pass' || gate.verdict === 'approved') return undefined;
  if (gate.verdict === 'fail') {
    if (gate.why) return `${failOnLine(r)}; approve-label: ${gate.why}`;
    return label ? `${failOnLine(r)}; add the label "${label}" to approve` : failOnLine(r);
  }
  const n = gate.newOnes.length;
  return `fail-on: ${r.mode}: ${count(n, 'change is', 'changes are')} new since ${gate.record.by} approved with the label "${label}": ${listed(gate.newOnes)}; remove the label and add it again to approve`;
}

/** fail-on: a statement that fails on the parent's data counts as destructive. */
export function rehearsalFailure(mode: FailOnMode, failed: StatementResult | undefined): string | undefined {
  if (mode === 'none' || !failed) return undefined;
  return `fail-on: ${mode}: the migration fails in rehearsal at ${failed.file}:${failed.errorLine ?? failed.line}: ${failed.error ?? 'error'}`;
}

/** A label approves flagged changes, never a migration that fails on the parent's data. */
export function decide(
  mode: FailOnMode,
  failOn: FailOnResult | undefined,
  gate: GateDecision,
  rehearsal: RehearsalReport | undefined,
  label: string | undefined,
): Decision {
  const rehearsalFailed = mode === 'none' ? undefined : failedStatement(rehearsal);
  const gateFails = failOn !== undefined && gate.verdict !== 'pass' && gate.verdict !== 'approved';
  return { verdict: gateFails || rehearsalFailed ? 'fail' : 'pass', mode, failOn, gate, rehearsalFailed, label };
}

/** The one line the step fails with, or undefined when it passes. */
export function failureLine(d: Decision): string | undefined {
  if (d.verdict === 'pass') return undefined;
  const parts = [
    d.failOn && gateFailure(d.gate, d.failOn, d.label),
    rehearsalFailure(d.mode, d.rehearsalFailed),
  ].filter(Boolean);
  return parts.join('; ');
}
