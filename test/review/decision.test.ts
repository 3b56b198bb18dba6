/** Issue 22: the decision is a value; its failure line and notice are rendered from it, never parsed back. */
import { describe, expect, it } from 'vitest';
import { decideGate, type GateDecision } from '../../src/conversation/approval.js';
import type { RehearsalReport, StatementResult } from '../../src/rehearsal/types.js';
import { decide, failOn, failOnResult, failureLine, gateFailure } from '../../src/review/decision.js';
import type { Change } from '../../src/schema/types.js';

const change = (over: Partial<Change>): Change => ({
  kind: 'column',
  action: 'dropped',
  object: 'public.users.email',
  risk: 'destructive',
  reason: 'drops the column and its data',
  destructive: true,
  database: 'neondb',
  detail: '',
  ...over,
});
const drop = change({});
const index = change({
  kind: 'index',
  action: 'added',
  object: 'public.users_idx',
  risk: 'safe',
  destructive: false,
  reason: 'new index',
});
const record = { event: '7', by: 'reviewer', at: '2026-12-01T10:00:00Z', approved: [] as string[] };

const failed = (over: Partial<StatementResult> = {}): StatementResult => ({
  file: 'db/2.sql',
  line: 3,
  endLine: 3,
  sql: 'ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0)',
  status: 'failed',
  ms: 2,
  transaction: true,
  locks: [],
  rewrite: false,
  rewritten: [],
  error: '23514 check_violation',
  ...over,
});
const report = (statements: StatementResult[]): RehearsalReport => ({
  outcome: 'failed',
  database: 'neondb',
  branch: { id: 'br-1', name: 'rehearsal' },
  base: { branch: 'main' },
  timeoutMs: 60_000,
  statementsMs: 2,
  statements,
});

describe('failOnResult', () => {
  it('flags the destructive changes under destructive, every change under any, nothing under none', () => {
    expect(failOnResult('destructive', [drop, index], '')?.offending).toEqual([drop]);
    expect(failOnResult('any', [drop, index], '')?.offending).toEqual([drop, index]);
    expect(failOnResult('none', [drop], 'diff')).toBeUndefined();
    expect(failOnResult('destructive', [index], 'diff')).toBeUndefined();
  });
  it('fails any on a diff no structural change explains', () => {
    expect(failOnResult('any', [], '-a\n+b')).toEqual({ mode: 'any', offending: [] });
    expect(failOn('any', [], '-a\n+b')).toBe('fail-on: any: unparsed schema diff');
  });
});

describe('the failure line', () => {
  const r = failOnResult('destructive', [drop], '')!;
  it('is fail-on’s line, with how to approve when a label is set', () => {
    const gate = decideGate({
      mode: 'destructive',
      changes: [drop],
      fails: true,
      label: 'ok',
      approval: undefined,
      record: undefined,
    });
    const d = decide('destructive', r, gate, undefined, 'ok');
    expect(d.verdict).toBe('fail');
    expect(failureLine(d)).toBe(
      'fail-on: destructive: 1 destructive change: column public.users.email dropped (drops the column and its data); add the label "ok" to approve',
    );
  });
  it('names the changes new since an approval under the mode of the value (no text cut apart)', () => {
    const gate: GateDecision = { verdict: 'new-since-approval', flagged: [drop, index], newOnes: [index], record };
    expect(gateFailure(gate, failOnResult('any', [drop, index], '')!, 'ok')).toBe(
      'fail-on: any: 1 change is new since reviewer approved with the label "ok": index public.users_idx added (new index); remove the label and add it again to approve',
    );
  });
  it('passes on an approval, and says so in no failure line', () => {
    const gate: GateDecision = { verdict: 'approved', flagged: [drop], record };
    const d = decide('destructive', r, gate, undefined, 'ok');
    expect([d.verdict, failureLine(d)]).toEqual(['pass', undefined]);
  });
  it('fails on a statement that fails in rehearsal even when a label approved the changes', () => {
    const gate: GateDecision = { verdict: 'approved', flagged: [drop], record };
    const d = decide('destructive', r, gate, report([failed({ errorLine: 4 })]), 'ok');
    expect(d.verdict).toBe('fail');
    expect(failureLine(d)).toBe(
      'fail-on: destructive: the migration fails in rehearsal at db/2.sql:4: 23514 check_violation',
    );
  });
  it('joins both failures, and ignores the rehearsal under fail-on none', () => {
    const gate = decideGate({
      mode: 'any',
      changes: [index],
      fails: true,
      label: undefined,
      approval: undefined,
      record: undefined,
    });
    const both = decide('any', failOnResult('any', [index], ''), gate, report([failed()]), undefined);
    expect(failureLine(both)).toBe(
      'fail-on: any: 1 schema change: index public.users_idx added (new index); fail-on: any: the migration fails in rehearsal at db/2.sql:3: 23514 check_violation',
    );
    const none = decide('none', undefined, { verdict: 'pass' }, report([failed()]), undefined);
    expect([none.verdict, failureLine(none)]).toEqual(['pass', undefined]);
  });
});
