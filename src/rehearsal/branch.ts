/**
 * The throwaway branch a rehearsal runs on: a copy of the base at the review's point (the fork
 * point by default), annotated as a rehearsal of this repository and PR with the time its run is
 * surely over (cleanup's sweep removes it after that), expiring on its own in at least an hour,
 * with a compute the size of the preview's. Deleted by the run that made it, also when it fails or
 * is cancelled: then through a client of its own, not bound to the run's cancel signal.
 */
import { randomBytes } from 'node:crypto';
import { ANNOTATION } from '../names.js';
import type { NeonBranch, NeonClient } from '../neon/index.js';
import { fetchUris, urisFromCreate } from '../preview/connection.js';
import { startDeleteBranch } from '../preview/delete.js';
import { createOrAdopt } from '../preview/get-or-create.js';
import { readWriteEndpoint, waitUntilReady } from '../preview/readiness.js';
import { waitForOperations } from '../neon/index.js';
import { MAX_BRANCH_NAME_LENGTH } from '../github/context.js';

export const MIN_EXPIRY_MS = 60 * 60_000;

/** Where a throwaway copy is made: the base branch at the review's point, for a preview, reached as role on database. */
export interface ThrowawayAt {
  projectId: string;
  preview: NeonBranch;
  base: NeonBranch;
  point: { lsn?: string; timestamp?: string };
  role: string;
  database: string;
}

export interface ThrowawaySpec {
  projectId: string;
  name: string;
  base: NeonBranch;
  point: { lsn?: string; timestamp?: string };
  /** The run's annotations (repository, PR, commit) plus the rehearsal's own. */
  annotations: Record<string, string>;
  expiresAt: string;
  compute: { cuMin?: number; cuMax?: number };
  role: string;
  database: string;
  signal?: AbortSignal;
  /** Told as soon as Neon answers with the branch, before any wait: from then on it must be deleted. */
  onBranch: (branch: NeonBranch) => void;
}

/** `<preview>-rehearsal-<6 hex>`: never the name of an earlier run's leftover, cut to fit 256 characters. */
export function throwawayName(previewName: string, suffix = randomBytes(3).toString('hex')): string {
  const tail = `-rehearsal-${suffix}`;
  return `${previewName.slice(0, MAX_BRANCH_NAME_LENGTH - tail.length)}${tail}`;
}

/**
 * When Neon deletes it on its own (at least an hour ahead, and after the run is surely over) and
 * when a sweep may (the run's whole budget: waits on Neon plus the rehearsal).
 */
export function throwawayTimes(
  now: number,
  rehearsalTimeoutMs: number,
  neonTimeoutMs: number,
): { expiresAt: string; until: string } {
  const until = now + rehearsalTimeoutMs + neonTimeoutMs;
  const expires = Math.max(now + MIN_EXPIRY_MS, until + 10 * 60_000);
  const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { expiresAt: iso(expires), until: iso(until) };
}

export function rehearsalAnnotations(base: Record<string, string>, until: string): Record<string, string> {
  return { ...base, [ANNOTATION.rehearsal]: until };
}

/** The preview's compute size, for a copy that runs the migration as fast as the preview would. */
export async function previewCompute(
  neon: NeonClient,
  projectId: string,
  previewId: string,
): Promise<{ cuMin?: number; cuMax?: number }> {
  const ep = await readWriteEndpoint(neon, projectId, previewId);
  const e = ep as { autoscaling_limit_min_cu?: number; autoscaling_limit_max_cu?: number } | undefined;
  return { cuMin: e?.autoscaling_limit_min_cu, cuMax: e?.autoscaling_limit_max_cu };
}

/** Creates the throwaway branch and waits until it serves; resolves with it and its direct URI. */
export async function createThrowaway(
  neon: NeonClient,
  spec: ThrowawaySpec,
): Promise<{ branch: NeonBranch; uri: string }> {
  const outcome = await createOrAdopt(
    neon,
    spec.projectId,
    spec.name,
    {
      parentLsn: spec.point.lsn,
      parentTimestamp: spec.point.timestamp,
      schemaOnly: false,
      expiresAt: spec.expiresAt,
      cuMin: spec.compute.cuMin,
      cuMax: spec.compute.cuMax,
      suspendTimeout: undefined,
      parentId: async () => spec.base.id,
    },
    spec.annotations,
    spec.signal,
    (branch, created) => {
      if (created) spec.onBranch(branch);
    },
  );
  // the name carries a fresh suffix: a branch already there is someone else's, never to be used
  if (!outcome.created) throw new Error(`a branch named ${spec.name} already exists: not rehearsing on it`);
  const { branch } = outcome;
  const endpoint = outcome.endpoint ?? (await waitUntilReady(neon, spec.projectId, branch.id, spec.compute)).endpoint;
  const uris =
    urisFromCreate(outcome.connectionUris, spec.role, spec.database) ??
    (await fetchUris(neon, {
      projectId: spec.projectId,
      branchId: branch.id,
      endpointId: endpoint.id,
      role: spec.role,
      database: spec.database,
    }));
  return { branch, uri: uris.direct };
}

/** What making a short-lived copy needs of the run. */
export interface CopyDeps {
  neon: NeonClient;
  signal: AbortSignal;
  now: () => number;
  stepTimeoutMs: number;
  annotations: Record<string, string>;
  log: { info(line: string): void };
}

/**
 * A short-lived copy of the base at `at.point` (no rehearsal budget: it serves one read), logged
 * with what it is for; `made` is told of the branch as soon as Neon names it (it must be deleted).
 */
export function copyAt(
  deps: CopyDeps,
  at: ThrowawayAt,
  purpose: string,
  made: (branch: NeonBranch) => void,
): Promise<{ branch: NeonBranch; uri: string }> {
  const times = throwawayTimes(deps.now(), 0, deps.stepTimeoutMs);
  return createThrowaway(deps.neon, {
    projectId: at.projectId,
    name: throwawayName(at.preview.name),
    base: at.base,
    point: at.point,
    annotations: rehearsalAnnotations(deps.annotations, times.until),
    expiresAt: times.expiresAt,
    compute: {},
    role: at.role,
    database: at.database,
    signal: deps.signal,
    onBranch: (b) => {
      made(b);
      deps.log.info(
        `Created throwaway branch ${b.name} (${b.id}) from ${at.base.name} ${purpose}; it expires at ${times.expiresAt}`,
      );
    },
  });
}

/**
 * Deletes the throwaway branch. `wait` waits for Neon's operations (a normal end); a cancelled run
 * only sends the DELETE, since the runner kills it seconds later. True when the branch is gone or going.
 */
export async function deleteThrowaway(
  neon: NeonClient,
  projectId: string,
  branchId: string,
  wait: boolean,
): Promise<boolean> {
  const { operations } = await startDeleteBranch(neon, projectId, branchId);
  if (wait) await waitForOperations(neon, projectId, operations);
  return true;
}
