/**
 * What a sweep deletes, decided purely from the branch listing and the open pull requests: preview
 * branches of this repository whose PR is closed (or, with max-age, old ones without an open PR),
 * never the default or a protected branch, never one younger than ten minutes, never a parent whose
 * children stay; children before parents. A rehearsal's throwaway branch left behind (a killed run)
 * goes once the time its run was surely over has passed, whatever the state of its PR.
 */
import picomatch from 'picomatch';
import { ANNOTATION } from '../names.js';
import type { NeonBranch } from '../neon/index.js';
import { durationInput } from '../inputs/duration.js';

export const MIN_AGE_MS = 10 * 60_000;

export interface SweepInput {
  branches: readonly NeonBranch[];
  annotations: Readonly<Record<string, { value: Record<string, string> }>>;
  pattern: string;
  requireAnnotations: boolean;
  /** `owner/repo` of this repository. */
  repo: string;
  /** Open PR numbers, or why they could not be read. */
  openPulls: ReadonlySet<number> | { error: string };
  maxAgeMs: number | undefined;
  now: number;
}

export interface SweepEntry {
  id: string;
  name: string;
  reason: string;
}

export interface SweepPlan {
  /** In deletion order: every child before its parent. */
  delete: SweepEntry[];
  skipped: SweepEntry[];
}

export function patternMatcher(pattern: string): (name: string) => boolean {
  return picomatch(pattern, { dot: true });
}

export function planSweep(input: SweepInput): SweepPlan {
  const matches = patternMatcher(input.pattern);
  const skipped: SweepEntry[] = [];
  const candidates = new Map<string, SweepEntry>();
  for (const b of input.branches) {
    if (!matches(b.name)) continue;
    const verdict = judge(b, input);
    if (verdict.delete) candidates.set(b.id, { id: b.id, name: b.name, reason: verdict.reason });
    else skipped.push({ id: b.id, name: b.name, reason: verdict.reason });
  }

  const children = new Map<string, NeonBranch[]>();
  for (const b of input.branches) {
    if (!b.parent_id) continue;
    if (!children.has(b.parent_id)) children.set(b.parent_id, []);
    children.get(b.parent_id)!.push(b);
  }
  // A parent may go only with all of its children; dropping one candidate can strand its parent, so repeat.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, entry] of candidates) {
      const staying = (children.get(id) ?? []).filter((c) => !candidates.has(c.id));
      if (staying.length === 0) continue;
      candidates.delete(id);
      skipped.push({
        ...entry,
        reason: `has child branches outside the deletion set: ${staying.map((c) => c.name).join(', ')}`,
      });
      changed = true;
    }
  }

  const byId = new Map(input.branches.map((b) => [b.id, b]));
  const depth = (b: NeonBranch | undefined, seen = 0): number =>
    b?.parent_id && seen < 100 ? 1 + depth(byId.get(b.parent_id), seen + 1) : 0;
  const ordered = [...candidates.values()].sort(
    (a, b) => depth(byId.get(b.id)) - depth(byId.get(a.id)) || a.name.localeCompare(b.name),
  );
  return { delete: ordered, skipped };
}

type Verdict = { delete: boolean; reason: string };

function judge(b: NeonBranch, input: SweepInput): Verdict {
  if (b.default) return { delete: false, reason: 'the default branch' };
  if (b.protected) return { delete: false, reason: 'protected' };
  const value = input.annotations[b.id]?.value ?? {};
  const repo = value[ANNOTATION.repo];
  // another repository's branch is never this sweep's, require-annotations or not
  if (repo && repo.toLowerCase() !== input.repo.toLowerCase())
    return { delete: false, reason: `annotated for another repository (${repo})` };
  if (input.requireAnnotations && !repo)
    return { delete: false, reason: `no ${ANNOTATION.repo} annotation for ${input.repo}` };
  const age = input.now - Date.parse(b.created_at);
  const rehearsal = value[ANNOTATION.rehearsal];
  if (rehearsal !== undefined) return judgeRehearsal(rehearsal, repo === input.repo, age, input.now);
  const pr = prNumberOf(b.name, value[ANNOTATION.prNumber]);
  let verdict: Verdict;
  if (pr === 'invalid')
    verdict = {
      delete: false,
      reason: `PR state could not be read: PR number "${value[ANNOTATION.prNumber]}" is not a number`,
    };
  else if (pr !== undefined && 'error' in input.openPulls)
    verdict = { delete: false, reason: `PR state could not be read: ${input.openPulls.error}` };
  else if (pr !== undefined && (input.openPulls as ReadonlySet<number>).has(pr))
    verdict = { delete: false, reason: `PR #${pr} is open` };
  else if (pr !== undefined) verdict = { delete: true, reason: `PR #${pr} is closed` };
  else if (input.maxAgeMs !== undefined && age > input.maxAgeMs)
    verdict = { delete: true, reason: `older than ${durationInput(input.maxAgeMs)} with no open PR` };
  else
    verdict = {
      delete: false,
      reason:
        input.maxAgeMs === undefined
          ? 'no PR number (set max-age to sweep such branches)'
          : `younger than ${durationInput(input.maxAgeMs)}`,
    };
  if (verdict.delete && age < MIN_AGE_MS) return { delete: false, reason: 'created less than 10 minutes ago' };
  return verdict;
}

/** A throwaway rehearsal branch: ours only with this repository's annotation, and only once its run is over. */
function judgeRehearsal(until: string, ours: boolean, age: number, now: number): Verdict {
  if (!ours) return { delete: false, reason: 'a rehearsal branch not annotated for this repository' };
  const end = Date.parse(until);
  if (Number.isNaN(end)) return { delete: false, reason: `a rehearsal branch whose end time "${until}" is not a time` };
  if (now <= end) return { delete: false, reason: `a rehearsal that may still be running (until ${until})` };
  if (age < MIN_AGE_MS) return { delete: false, reason: 'created less than 10 minutes ago' };
  return { delete: true, reason: `a rehearsal's throwaway branch left behind (its run ended by ${until})` };
}

/** The PR number from the annotation, else from a `pr-<n>` in the name. */
export function prNumberOf(name: string, annotation: string | undefined): number | 'invalid' | undefined {
  if (annotation !== undefined) return /^\d+$/.test(annotation) ? Number(annotation) : 'invalid';
  const m = /(?:^|[/_-])pr-(\d+)(?:$|[/_.-])/.exec(name);
  return m ? Number(m[1]) : undefined;
}
