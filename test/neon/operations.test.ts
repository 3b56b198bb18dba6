import { afterEach, describe, expect, it } from 'vitest';
import { NeonOperationError, waitForOperations } from '../../src/neon/operations.js';
import { json, makeClient, type SeenRequest, startFakeNeon } from './helpers/fake-neon.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Op = { id: string; action: string; status: string; error?: string };
const op = (id: string, action: string, status: string, error?: string): Op => ({ id, action, status, error });

/** A fake Neon whose operations follow a per-id script of statuses (the last one repeats). */
async function neonWithOperations(
  scripts: Record<string, { action: string; statuses: string[]; error?: string }>,
  budgetMs = 60_000,
) {
  const polls: Record<string, number> = {};
  const server = await startFakeNeon((req: SeenRequest) => {
    const match = /^\/api\/v2\/projects\/p-1\/operations\/([^/]+)$/.exec(req.path);
    const script = match ? scripts[match[1]!] : undefined;
    if (!match || !script) return json(404, { code: '', message: 'operation not found' });
    const n = (polls[match[1]!] = (polls[match[1]!] ?? 0) + 1);
    const status = script.statuses[Math.min(n - 1, script.statuses.length - 1)]!;
    return json(200, { operation: { ...op(match[1]!, script.action, status, script.error), project_id: 'p-1' } });
  });
  const t = makeClient(server.apiHost, { budgetMs });
  cleanups.push(
    () => server.close(),
    () => t.agent.close(),
  );
  return { ...t, server, polls };
}

describe('waitForOperations', () => {
  it('polls until every operation is finished or skipped, and returns the poll count', async () => {
    const t = await neonWithOperations({
      'op-1': { action: 'create_branch', statuses: ['running', 'finished'] },
      'op-2': { action: 'start_compute', statuses: ['skipped'] },
    });
    const polls = await waitForOperations(t.client, 'p-1', [
      op('op-1', 'create_branch', 'running'),
      op('op-2', 'start_compute', 'scheduling'),
    ]);
    expect(polls).toBe(3); // op-1 twice, op-2 once (only after op-1 ended)
    expect(t.polls).toEqual({ 'op-1': 2, 'op-2': 1 });
    expect(t.clock.sleeps).toEqual([25, 25]);
  });

  it('does not poll operations that are already terminal', async () => {
    const t = await neonWithOperations({});
    const polls = await waitForOperations(t.client, 'p-1', [
      op('a', 'create_branch', 'finished'),
      op('b', 'x', 'skipped'),
    ]);
    expect(polls).toBe(0);
    expect(t.server.requests).toHaveLength(0);
    // and no wait at all: Neon's answer already said they were done
    expect(t.clock.sleeps).toEqual([]);
  });

  it('fails fast on failed, error or cancelled with the action and the error', async () => {
    for (const status of ['failed', 'error', 'cancelled']) {
      const t = await neonWithOperations({
        'op-1': { action: 'create_branch', statuses: ['running', status], error: 'disk full' },
        'op-2': { action: 'start_compute', statuses: ['running'] },
      });
      const error = await waitForOperations(t.client, 'p-1', [
        op('op-1', 'create_branch', 'running'),
        op('op-2', 'start_compute', 'running'),
      ]).catch((e) => e);
      expect(error).toBeInstanceOf(NeonOperationError);
      expect(error.message).toBe(`Operation op-1 (create_branch) ended with status "${status}": disk full`);
      expect(error.reason).toBe('failed');
      expect(t.polls['op-1']).toBe(2);
    }
  });

  it('fails without polling when the mutation already reported a failure', async () => {
    const t = await neonWithOperations({});
    await expect(
      waitForOperations(t.client, 'p-1', [op('op-9', 'delete_timeline', 'error', 'boom'), op('op-1', 'x', 'running')]),
    ).rejects.toThrow('Operation op-9 (delete_timeline) ended with status "error": boom');
    expect(t.server.requests).toHaveLength(0);
  });

  it('treats an unknown status as pending', async () => {
    const t = await neonWithOperations({
      'op-1': { action: 'create_branch', statuses: ['resharding', 'resharding', 'finished'] },
    });
    const polls = await waitForOperations(t.client, 'p-1', [op('op-1', 'create_branch', 'future_status')]);
    expect(polls).toBe(3);
  });

  it('at the budget’s end fails naming the pending operations', async () => {
    const t = await neonWithOperations({
      'op-1': { action: 'create_branch', statuses: ['finished'] },
      'op-2': { action: 'start_compute', statuses: ['running'] },
    });
    const error = await waitForOperations(
      t.client,
      'p-1',
      [op('op-1', 'create_branch', 'running'), op('op-2', 'start_compute', 'scheduling')],
      { budgetMs: 5_000 },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(NeonOperationError);
    expect(error.reason).toBe('timeout');
    expect(error.message).toContain('still pending: op-2 (start_compute, running)');
    expect(error.message).not.toContain('op-1');
    expect(error.operations.map((o: Op) => o.id)).toEqual(['op-2']);
    // adaptive: each wait is half the time waited so far, at least 25 ms and at most 500 ms,
    // and the last one ends exactly at the 5 s budget
    const expected: number[] = [];
    for (let waited = 0, next = 25; waited < 5_000; ) {
      const sleep = Math.min(next, 5_000 - waited);
      expected.push(sleep);
      waited += sleep;
      next = Math.min(500, Math.max(25, Math.round(waited * 0.5)));
    }
    expect(t.clock.sleeps).toEqual(expected);
    expect(expected.slice(0, 4)).toEqual([25, 25, 25, 38]);
    expect(Math.max(...expected)).toBeLessThanOrEqual(500);
    expect(t.clock.sleeps.reduce((a, b) => a + b, 0)).toBe(5_000);
  });

  it('never waits beyond the client’s overall budget', async () => {
    const t = await neonWithOperations({ 'op-1': { action: 'create_branch', statuses: ['running'] } }, 1_000);
    await expect(
      waitForOperations(t.client, 'p-1', [op('op-1', 'create_branch', 'running')], { budgetMs: 600_000 }),
    ).rejects.toThrow(/Timed out after 1 s/);
    expect(t.clock.sleeps.reduce((a, b) => a + b, 0)).toBe(1_000);
  });

  it('follows the operation: looks 25 ms after the mutation, then sees its end at most half its time (and 500 ms) late', async () => {
    for (const runsMs of [0, 10, 150, 700, 3_000, 12_000]) {
      let startedAt = 0;
      const server = await startFakeNeon(() => {
        const done = t.clock.now() - startedAt >= runsMs;
        return json(200, {
          operation: { ...op('op-1', 'create_branch', done ? 'finished' : 'running'), project_id: 'p-1' },
        });
      });
      const t = makeClient(server.apiHost);
      cleanups.push(
        () => server.close(),
        () => t.agent.close(),
      );
      startedAt = t.clock.now();
      const polls = await waitForOperations(t.client, 'p-1', [op('op-1', 'create_branch', 'running')]);
      const waited = t.clock.now() - startedAt;
      expect(t.clock.sleeps[0], `operation of ${runsMs} ms`).toBe(25);
      expect(waited - runsMs, `operation of ${runsMs} ms`).toBeLessThanOrEqual(Math.max(25, Math.min(500, runsMs / 2)));
      // and not a call too many: about two a second at most once it runs long
      expect(polls, `operation of ${runsMs} ms`).toBeLessThanOrEqual(8 + Math.ceil(runsMs / 500));
    }
  });

  it('starts from how long Neon says the operation has run already', async () => {
    const t = await neonWithOperations({ 'op-1': { action: 'create_branch', statuses: ['finished'] } });
    const running = { ...op('op-1', 'create_branch', 'running'), total_duration_ms: 4_000 };
    expect(await waitForOperations(t.client, 'p-1', [running])).toBe(1);
    expect(t.clock.sleeps).toEqual([25]);
    // it has run 4 s: the next look comes at the longest wait, not after a ramp from 25 ms
    const u = await neonWithOperations({ 'op-1': { action: 'create_branch', statuses: ['running', 'finished'] } });
    expect(await waitForOperations(u.client, 'p-1', [running])).toBe(2);
    expect(u.clock.sleeps).toEqual([25, 500]);
  });

  it('needs only a couple of polls for a short operation', async () => {
    const t = await neonWithOperations({ 'op-1': { action: 'create_branch', statuses: ['finished'] } });
    expect(await waitForOperations(t.client, 'p-1', [op('op-1', 'create_branch', 'running')])).toBe(1);
  });
});
