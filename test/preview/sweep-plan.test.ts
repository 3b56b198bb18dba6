import { describe, expect, it } from 'vitest';
import type { NeonBranch } from '../../src/neon/index.js';
import { planSweep, prNumberOf, type SweepInput } from '../../src/preview/sweep-plan.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const OLD = '2026-11-20T12:00:00Z';
const REPO = 'acme/app';

function branch(id: string, name: string, extra: Partial<NeonBranch> = {}): NeonBranch {
  return { id, name, default: false, protected: false, created_at: OLD, parent_id: 'br-main', ...extra } as NeonBranch;
}
const ours = (pr: string) => ({ value: { 'github-commit-repo': REPO, 'github-pr-number': pr } });

function fixture(): SweepInput {
  return {
    branches: [
      branch('br-main', 'main', { default: true, parent_id: undefined }),
      branch('br-prot', 'preview/pr-1-protected', { protected: true }),
      branch('br-closed', 'preview/pr-2-closed'),
      branch('br-open', 'preview/pr-3-open'),
      branch('br-other', 'preview/pr-4-other-repo'),
      branch('br-feature', 'preview/feature-x'),
      branch('br-parent', 'preview/pr-5-parent'),
      branch('br-child', 'preview/pr-6-child', { parent_id: 'br-parent' }),
      branch('br-parent2', 'preview/pr-7-has-manual-child'),
      branch('br-manual', 'alice-debugging', { parent_id: 'br-parent2' }),
      branch('br-unreadable', 'preview/pr-8-unreadable'),
      branch('br-young', 'preview/pr-9-young', { created_at: '2026-11-27T11:55:00Z' }),
    ],
    annotations: {
      'br-prot': ours('1'),
      'br-closed': ours('2'),
      'br-open': ours('3'),
      'br-other': { value: { 'github-commit-repo': 'acme/other', 'github-pr-number': '4' } },
      'br-parent': ours('5'),
      'br-child': ours('6'),
      'br-parent2': ours('7'),
      'br-unreadable': { value: { 'github-commit-repo': REPO, 'github-pr-number': 'n/a' } },
      'br-young': ours('9'),
    },
    pattern: 'preview/pr-*',
    requireAnnotations: true,
    repo: REPO,
    openPulls: new Set([3]),
    maxAgeMs: undefined,
    now: NOW,
  };
}

const reasonOf = (plan: ReturnType<typeof planSweep>, id: string) => plan.skipped.find((s) => s.id === id)?.reason;

describe('planSweep', () => {
  it('deletes exactly the closed-PR previews of this repository, children first', () => {
    const plan = planSweep(fixture());
    expect(plan.delete.map((d) => d.id)).toEqual(['br-child', 'br-closed', 'br-parent']);
    expect(plan.delete.find((d) => d.id === 'br-closed')!.reason).toBe('PR #2 is closed');
  });
  it('skips each kept branch with a reason', () => {
    const plan = planSweep(fixture());
    expect(reasonOf(plan, 'br-prot')).toBe('protected');
    expect(reasonOf(plan, 'br-open')).toBe('PR #3 is open');
    expect(reasonOf(plan, 'br-other')).toContain('another repository');
    expect(reasonOf(plan, 'br-parent2')).toBe('has child branches outside the deletion set: alice-debugging');
    expect(reasonOf(plan, 'br-unreadable')).toContain('PR state could not be read');
    expect(reasonOf(plan, 'br-young')).toBe('created less than 10 minutes ago');
    // not matched by the pattern: neither deleted nor listed
    expect(reasonOf(plan, 'br-feature')).toBeUndefined();
    expect(reasonOf(plan, 'br-main')).toBeUndefined();
  });
  it('skips every PR-linked branch when the PR states cannot be read', () => {
    const plan = planSweep({ ...fixture(), openPulls: { error: 'GitHub answered 500' } });
    expect(plan.delete).toEqual([]);
    expect(reasonOf(plan, 'br-closed')).toBe('PR state could not be read: GitHub answered 500');
  });
  it('strands a parent whose child must stay, transitively', () => {
    const input = fixture();
    input.branches = [
      ...input.branches,
      branch('br-grandchild', 'preview/pr-10-grandchild', {
        parent_id: 'br-child',
        created_at: '2026-11-27T11:59:00Z',
      }),
    ];
    input.annotations = { ...input.annotations, 'br-grandchild': ours('10') };
    const plan = planSweep(input);
    expect(plan.delete.map((d) => d.id)).toEqual(['br-closed']);
    expect(reasonOf(plan, 'br-child')).toContain('preview/pr-10-grandchild');
    expect(reasonOf(plan, 'br-parent')).toContain('preview/pr-6-child');
  });
  it('with max-age sweeps old branches without a PR, and without annotations when not required', () => {
    const plan = planSweep({ ...fixture(), pattern: 'preview/**', requireAnnotations: false, maxAgeMs: 86_400_000 });
    expect(plan.delete.map((d) => d.id)).toContain('br-feature');
    expect(plan.delete.map((d) => d.id)).not.toContain('br-open');
  });
  it('never takes a branch annotated for another repository, require-annotations or not', () => {
    for (const requireAnnotations of [true, false]) {
      const plan = planSweep({ ...fixture(), pattern: 'preview/**', requireAnnotations, maxAgeMs: 86_400_000 });
      expect(plan.delete.map((d) => d.id)).not.toContain('br-other');
      expect(plan.skipped.find((s) => s.id === 'br-other')?.reason).toMatch(/another repository/);
    }
  });
  it('reads PR numbers from the annotation, else the name', () => {
    expect(prNumberOf('x', '12')).toBe(12);
    expect(prNumberOf('x', 'twelve')).toBe('invalid');
    expect(prNumberOf('preview/pr-42-feature-x', undefined)).toBe(42);
    expect(prNumberOf('preview/feature-x', undefined)).toBeUndefined();
  });
});

describe('leftover rehearsal branches', () => {
  const rehearsal = (until: string, repo = REPO) => ({
    value: { 'github-commit-repo': repo, 'github-pr-number': '3', 'neon-preview-action-rehearsal': until },
  });
  it("go once their run is surely over, even while the PR is open; not before, and never another repository's", () => {
    const input = fixture();
    input.branches = [
      branch('br-main', 'main', { default: true, parent_id: undefined }),
      branch('br-left', 'preview/pr-3-open-rehearsal-aaaaaa'),
      branch('br-running', 'preview/pr-3-open-rehearsal-bbbbbb'),
      branch('br-foreign', 'preview/pr-3-open-rehearsal-cccccc'),
      branch('br-garbled', 'preview/pr-3-open-rehearsal-dddddd'),
    ];
    input.annotations = {
      'br-left': rehearsal('2026-11-27T11:00:00Z'),
      'br-running': rehearsal('2026-11-27T12:20:00Z'),
      'br-foreign': rehearsal('2026-11-27T11:00:00Z', 'acme/other'),
      'br-garbled': rehearsal('soon'),
    };
    const plan = planSweep(input);
    expect(plan.delete.map((d) => d.id)).toEqual(['br-left']);
    expect(plan.delete[0]!.reason).toMatch(/rehearsal's throwaway branch left behind/);
    expect(reasonOf(plan, 'br-running')).toMatch(/may still be running/);
    expect(reasonOf(plan, 'br-foreign')).toMatch(/another repository/);
    // and without require-annotations too
    expect(reasonOf(planSweep({ ...input, requireAnnotations: false }), 'br-foreign')).toMatch(/another repository/);
    expect(reasonOf(plan, 'br-garbled')).toMatch(/is not a time/);
  });
});
