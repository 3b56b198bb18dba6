/**
 * One scenario per command (and snapshot action, cleanup mode, api method): how to prepare a fresh
 * local Neon for it, which request the faults hit, and what "no duplicate" and "worked" mean after it.
 */
import { expect } from 'vitest';
import { apiClient } from '../../local-neon/test-client.js';
import { REPO, type World } from '../fixtures.js';
import { type ActionRun, pullRequestEvent } from '../run-action.js';

export interface Prepared {
  inputs: Record<string, string>;
  event?: { name: string; payload: unknown };
}

export interface Scenario {
  name: string;
  /** The request every fault of the table hits. */
  target: { method: string; operationId: string };
  /** Whether the command starts Neon operations, so that "an operation that fails" applies to it. */
  startsOperations: boolean;
  prepare(world: World): Promise<Prepared>;
  /** After any run, failed or not: at most one of whatever the command makes. */
  checkNoDuplicate(world: World): void;
  /** After a successful run: the command did its job. */
  checkDone(world: World, run: ActionRun): void;
  /** After an operation failure: what a run that made a branch must have removed again. */
  checkNothingLeft?(world: World): void;
  /** Faults this command meets with a clear failure rather than a success (by design). */
  fails?: readonly string[];
}

const PR = 31;
const HEAD = 'hardening';
const PREVIEW = `preview/pr-${PR}-${HEAD}`;
const ANON = `${PREVIEW}-anon`;
const SNAPSHOT = 'hardening-snap';
const API_BRANCH = 'made-through-api';
const openEvent = () => pullRequestEvent(PR, HEAD, { action: 'synchronize' });
const closedEvent = () => pullRequestEvent(PR, HEAD, { action: 'closed' });
const schedule = { name: 'schedule', payload: {} };

export function branchesNamed(world: World, name: string) {
  return [...world.neon.state.branches.values()].filter((b) => b.name === name);
}

export function snapshotsNamed(world: World, name: string) {
  return [...world.neon.state.snapshots.values()].filter((s) => s.name === name);
}

/** Sticky comments are found by the marker on their first line: no marker may appear twice. */
export function expectOneCommentPerMarker(world: World, pr: number): void {
  const markers = world.github
    .comments(pr)
    .map((c) => c.body.split('\n')[0]!)
    .filter((line) => line.startsWith('<!-- neon-preview-action:'));
  expect(markers.length, markers.join('\n')).toBe(new Set(markers).size);
}

/** Creates a branch with a read_write compute through the local Neon's API and waits for it. */
export async function makeBranch(world: World, name: string, annotations?: Record<string, string>) {
  const api = apiClient(world.neon);
  const answer = await api.createBranch(
    { name },
    { endpoints: [{ type: 'read_write' }], ...(annotations ? { annotation_value: annotations } : {}) },
  );
  if (answer.status !== 201) throw new Error(`setup: creating ${name} answered ${answer.status}`);
  await world.neon.settle();
  return answer.body.branch as { id: string; name: string };
}

export async function makeSnapshot(world: World, name: string) {
  const api = apiClient(world.neon);
  const answer = await api.call('POST', `${api.p}/branches/${world.neon.defaultBranchId}/snapshot`, {
    query: { name },
  });
  if (answer.status >= 300) throw new Error(`setup: snapshot ${name} answered ${answer.status}`);
  await world.neon.settle();
  return answer.body.snapshot as { id: string; name: string };
}

const annotationsOfPr = { 'github-commit-repo': REPO, 'github-pr-number': String(PR) };

export const SCENARIOS: Scenario[] = [
  {
    name: 'create-branch',
    target: { method: 'POST', operationId: 'createProjectBranch' },
    startsOperations: true,
    prepare: async () => ({ inputs: { command: 'create-branch' }, event: openEvent() }),
    checkNoDuplicate: (w) => {
      expect(branchesNamed(w, PREVIEW).length).toBeLessThanOrEqual(1);
      expectOneCommentPerMarker(w, PR);
    },
    checkDone: (w, run) => {
      expect(branchesNamed(w, PREVIEW).map((b) => b.id)).toEqual([run.outputs['branch-id']]);
      expect(run.outputs['db-url']).toMatch(/^postgres/);
    },
    checkNothingLeft: (w) => expect(branchesNamed(w, PREVIEW)).toEqual([]),
  },
  {
    name: 'reset-branch',
    target: { method: 'POST', operationId: 'restoreProjectBranch' },
    startsOperations: true,
    prepare: async (w) => {
      await makeBranch(w, PREVIEW, annotationsOfPr);
      return { inputs: { command: 'reset-branch' }, event: openEvent() };
    },
    checkNoDuplicate: (w) => {
      expect(branchesNamed(w, PREVIEW)).toHaveLength(1);
      expectOneCommentPerMarker(w, PR);
    },
    checkDone: (w, run) => {
      const [branch] = branchesNamed(w, PREVIEW);
      expect(branch?.id).toBe(run.outputs['branch-id']);
      expect(branch?.lastResetAt).toBeDefined();
    },
  },
  {
    name: 'compare-schema',
    target: { method: 'GET', operationId: 'getProjectBranchSchemaComparison' },
    startsOperations: false,
    prepare: async (w) => {
      const plane = w.neon.dataPlane as unknown as { setSchema(branch: string, db: string, sql: string): void };
      plane.setSchema(w.neon.defaultBranchId, 'neondb', 'CREATE TABLE items (id integer, name text);\n');
      const branch = await makeBranch(w, PREVIEW, annotationsOfPr);
      plane.setSchema(branch.id, 'neondb', 'CREATE TABLE items (id integer);\n');
      return { inputs: { command: 'compare-schema' }, event: openEvent() };
    },
    checkNoDuplicate: (w) => expectOneCommentPerMarker(w, PR),
    checkDone: (w, run) => {
      expect(run.outputs.destructive).toBe('true');
      expect(
        w.github.comments(PR).filter((c) => c.body.startsWith('<!-- neon-preview-action:review -->')),
      ).toHaveLength(1);
    },
  },
  {
    name: 'anonymize',
    target: { method: 'POST', operationId: 'createProjectBranchAnonymized' },
    startsOperations: true,
    prepare: async () => ({
      inputs: {
        command: 'anonymize',
        'masking-rules': '- {table_name: users, column_name: email, masking_function: anon.fake_email()}',
      },
      event: openEvent(),
    }),
    checkNoDuplicate: (w) => {
      expect(branchesNamed(w, ANON).length).toBeLessThanOrEqual(1);
      expectOneCommentPerMarker(w, PR);
    },
    checkDone: (w, run) => {
      expect(branchesNamed(w, ANON).map((b) => b.id)).toEqual([run.outputs['branch-id']]);
      expect(run.outputs['anonymization-status']).toBe('anonymized');
    },
    checkNothingLeft: (w) => expect(branchesNamed(w, ANON)).toEqual([]),
  },
  {
    name: 'snapshot create',
    target: { method: 'POST', operationId: 'createSnapshot' },
    startsOperations: true,
    prepare: async () => ({ inputs: { command: 'snapshot', name: SNAPSHOT }, event: schedule }),
    checkNoDuplicate: (w) => expect(snapshotsNamed(w, SNAPSHOT).length).toBeLessThanOrEqual(1),
    checkDone: (w, run) => expect(snapshotsNamed(w, SNAPSHOT).map((s) => s.id)).toEqual([run.outputs['snapshot-id']]),
  },
  {
    name: 'snapshot restore',
    target: { method: 'POST', operationId: 'restoreSnapshot' },
    startsOperations: true,
    prepare: async (w) => {
      await makeSnapshot(w, SNAPSHOT);
      return { inputs: { command: 'snapshot', 'snapshot-action': 'restore', name: SNAPSHOT }, event: schedule };
    },
    checkNoDuplicate: (w) => expect(restoredBranches(w).length).toBeLessThanOrEqual(1),
    checkDone: (w, run) => expect(restoredBranches(w).map((b) => b.id)).toEqual([run.outputs['branch-id']]),
    checkNothingLeft: (w) => expect(restoredBranches(w)).toEqual([]),
  },
  {
    name: 'snapshot list',
    target: { method: 'GET', operationId: 'listSnapshots' },
    startsOperations: false,
    prepare: async (w) => {
      await makeSnapshot(w, SNAPSHOT);
      return { inputs: { command: 'snapshot', 'snapshot-action': 'list' }, event: schedule };
    },
    checkNoDuplicate: (w) => expect(snapshotsNamed(w, SNAPSHOT)).toHaveLength(1),
    checkDone: (_w, run) =>
      expect(JSON.parse(run.outputs.snapshots ?? '[]').map((s: { name: string }) => s.name)).toEqual([SNAPSHOT]),
  },
  {
    name: 'snapshot delete',
    target: { method: 'DELETE', operationId: 'deleteSnapshot' },
    startsOperations: true,
    prepare: async (w) => {
      await makeSnapshot(w, SNAPSHOT);
      return { inputs: { command: 'snapshot', 'snapshot-action': 'delete', name: SNAPSHOT }, event: schedule };
    },
    checkNoDuplicate: (w) => expect(snapshotsNamed(w, SNAPSHOT).length).toBeLessThanOrEqual(1),
    checkDone: (w) => expect(snapshotsNamed(w, SNAPSHOT)).toEqual([]),
  },
  {
    name: 'snapshot prune',
    target: { method: 'DELETE', operationId: 'deleteSnapshot' },
    startsOperations: true,
    prepare: async (w) => {
      await makeSnapshot(w, `${SNAPSHOT}-1`);
      await makeSnapshot(w, `${SNAPSHOT}-2`);
      await makeSnapshot(w, 'keep-me');
      return {
        inputs: { command: 'snapshot', 'snapshot-action': 'prune', 'snapshot-pattern': `${SNAPSHOT}-*` },
        event: schedule,
      };
    },
    checkNoDuplicate: (w) => expect(snapshotsNamed(w, 'keep-me')).toHaveLength(1),
    checkDone: (w) => expect([...w.neon.state.snapshots.values()].map((s) => s.name)).toEqual(['keep-me']),
  },
  {
    name: 'cleanup pr',
    target: { method: 'DELETE', operationId: 'deleteProjectBranch' },
    startsOperations: true,
    prepare: async (w) => {
      await makeBranch(w, PREVIEW, annotationsOfPr);
      return { inputs: { command: 'cleanup' }, event: closedEvent() };
    },
    checkNoDuplicate: (w) => {
      expect(branchesNamed(w, PREVIEW).length).toBeLessThanOrEqual(1);
      expectOneCommentPerMarker(w, PR);
    },
    checkDone: (w, run) => {
      expect(branchesNamed(w, PREVIEW)).toEqual([]);
      expect(JSON.parse(run.outputs.deleted ?? '[]')).toHaveLength(1);
    },
  },
  {
    name: 'cleanup sweep',
    target: { method: 'DELETE', operationId: 'deleteProjectBranch' },
    startsOperations: true,
    prepare: async (w) => {
      w.neon.seedBranches(2, {
        namePrefix: 'preview/pr-90',
        annotations: (i: number) => ({ 'github-commit-repo': REPO, 'github-pr-number': `90${i}` }),
        createdAt: '2026-01-01T00:00:00Z',
      });
      for (const n of [901, 902])
        w.github.addPull({
          number: n,
          state: 'closed',
          head: { ref: `b${n}`, sha: 'e'.repeat(40), repo: { full_name: REPO } },
        });
      return { inputs: { command: 'cleanup' }, event: schedule };
    },
    checkNoDuplicate: (w) => expect(sweepable(w).length).toBeLessThanOrEqual(2),
    checkDone: (w, run) => {
      expect(sweepable(w)).toEqual([]);
      expect(JSON.parse(run.outputs.deleted ?? '[]')).toHaveLength(2);
    },
  },
  {
    name: 'api GET',
    target: { method: 'GET', operationId: 'listProjectBranches' },
    startsOperations: false,
    prepare: async () => ({ inputs: { command: 'api', operation: 'listProjectBranches' }, event: schedule }),
    checkNoDuplicate: (w) => expect(w.neon.state.branches.size).toBe(1),
    checkDone: (_w, run) => expect(JSON.parse(run.outputs.response ?? '{}').branches).toHaveLength(1),
  },
  {
    name: 'api POST',
    target: { method: 'POST', operationId: 'createProjectBranch' },
    startsOperations: true,
    prepare: async () => ({
      inputs: {
        command: 'api',
        operation: 'createProjectBranch',
        params: JSON.stringify({ body: { branch: { name: API_BRANCH } } }),
        wait: 'true',
      },
      event: schedule,
    }),
    checkNoDuplicate: (w) => expect(branchesNamed(w, API_BRANCH).length).toBeLessThanOrEqual(1),
    checkDone: (w) => expect(branchesNamed(w, API_BRANCH)).toHaveLength(1),
    // the api command cannot look a raw call's result up: a POST that may have been applied is reported, never replayed
    fails: ['drop', 'drop after handling', 'slow'],
  },
];

function restoredBranches(w: World) {
  const snapshot = snapshotsNamed(w, SNAPSHOT)[0];
  return [...w.neon.state.branches.values()].filter((b) => snapshot && b.restoredFrom === snapshot.id);
}

function sweepable(w: World) {
  return [...w.neon.state.branches.values()].filter((b) => b.name.startsWith('preview/pr-90'));
}
