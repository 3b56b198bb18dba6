/** Issue 22: compare-schema's smaller stages, each alone: sides, evidence, rehearsal guard, render, approval. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Deadline } from '../../src/basics/deadline.js';
import { NeonApiError, type NeonBranch, NeonClient } from '../../src/neon/index.js';
import { approvalGate, keptApproval } from '../../src/review/approval.js';
import { databaseEvidence, readMigrationEvidence, sizeNotes } from '../../src/review/evidence.js';
import { forkHeadUnderTarget } from '../../src/review/rehearsal.js';
import { blobUrl, diffCutNotice, emitRendered, type Rendered, writeDiffFile } from '../../src/review/render.js';
import { basePoint, fallBackToHead } from '../../src/review/sides.js';
import type { Change } from '../../src/schema/types.js';

const branch = (over: Partial<NeonBranch>): NeonBranch => ({ id: 'br-x', name: 'x', ...over }) as NeonBranch;
const preview = branch({ id: 'br-pr', name: 'preview/pr-1', parent_id: 'br-main', parent_lsn: '0/1A2B' });
const main = branch({ id: 'br-main', name: 'main' });
const other = branch({ id: 'br-other', name: 'staging' });
const none = { baseLsn: undefined, baseTimestamp: undefined, basePoint: 'fork' as const };

describe('sides: the base point', () => {
  it('is the fork point on the parent, the head elsewhere or with base-point head, a named point as given', () => {
    expect(basePoint(none, preview, main)).toEqual({
      lsn: '0/1A2B',
      shown: { mode: 'fork', branch: 'main', lsn: '0/1A2B' },
    });
    expect(basePoint(none, preview, other).shown.mode).toBe('head');
    expect(basePoint({ ...none, basePoint: 'head' }, preview, main)).toEqual({
      shown: { mode: 'head', branch: 'main' },
    });
    expect(basePoint({ ...none, baseLsn: '0/9' }, preview, main).lsn).toBe('0/9');
  });
  it('falls back to the head only for a default point Neon refused for its history retention', () => {
    const refused = new NeonApiError({
      status: 422,
      code: '',
      apiMessage: 'requested LSN is before the history retention',
      requestId: 'r',
      method: 'GET',
      path: '/x',
      mayHaveBeenApplied: false,
    });
    const fork = basePoint(none, preview, main);
    expect(fallBackToHead(refused, fork, none, 'main')).toEqual({
      shown: {
        mode: 'head',
        branch: 'main',
        fallbackReason: 'Neon refused the fork point (requested LSN is before the history retention)',
      },
    });
    expect(fallBackToHead(refused, fork, { ...none, baseLsn: '0/1A2B' }, 'main')).toBeUndefined();
    expect(fallBackToHead(new Error('boom'), fork, none, 'main')).toBeUndefined();
    expect(fallBackToHead(refused, { shown: { mode: 'head', branch: 'main' } }, none, 'main')).toBeUndefined();
  });
});

const column: Change = {
  kind: 'column',
  action: 'added',
  object: 'public.users.age',
  risk: 'safe',
  reason: 'nullable column',
  destructive: false,
  database: 'neondb',
  detail: '',
};

describe('evidence', () => {
  it('reads the sizes of the tables the changes touch, and none when they touch no table', async () => {
    const asked: string[][] = [];
    const read = async (tables: string[]) => {
      asked.push(tables);
      return { sizes: new Map([['public.users', { rows: 5, bytes: 100 }]]) };
    };
    const e = await databaseEvidence([column], [], read);
    expect(asked).toEqual([['public.users']]);
    expect(e.sizes?.get('public.users')).toEqual({ rows: 5, bytes: 100 });
    const fn = { ...column, kind: 'function' as const, object: 'public.f()' };
    expect(await databaseEvidence([fn], [], read)).toEqual({ matched: { changes: [fn], evidence: new Map() } });
    expect(asked).toHaveLength(1);
  });
  it('says where the sizes came from, or the first reason they are missing', () => {
    const matched = { changes: [], evidence: new Map() };
    expect(sizeNotes([{ matched, sizes: new Map([['a.b', { rows: 1, bytes: 1 }]]) }], 'pr', 10_000)).toEqual([
      'Table sizes from branch pr: a locking change is safe on a table under 10,000 rows (small-table-rows).',
    ]);
    expect(
      sizeNotes([{ matched }, { matched, unavailable: 'no endpoint' }, { matched, unavailable: 'later' }], 'pr', 10),
    ).toEqual(['Table sizes unavailable (no endpoint): risks are by statement class only.']);
    expect(sizeNotes([{ matched }], 'pr', 10)).toEqual([]);
  });
});

describe('rehearsal guard', () => {
  const event = (eventName: string, full_name?: unknown) => ({
    eventName,
    repo: { owner: 'Acme', repo: 'App' },
    payload: { pull_request: { head: { repo: { full_name } } } },
  });
  it('refuses a head from another repository (or none) under pull_request_target only', () => {
    expect(forkHeadUnderTarget(event('pull_request_target', 'stranger/app'))).toBe(true);
    expect(forkHeadUnderTarget(event('pull_request_target', undefined))).toBe(true);
    expect(forkHeadUnderTarget(event('pull_request_target', 'acme/app'))).toBe(false);
    expect(forkHeadUnderTarget(event('pull_request', 'stranger/app'))).toBe(false);
  });
});

describe('render', () => {
  it('links the PR head commit, else the run’s sha, with every part encoded', () => {
    const base = { serverUrl: 'https://github.com', sha: 'abc1234', repo: { owner: 'a b', repo: 'r' } };
    expect(blobUrl(base)).toBe('https://github.com/a%20b/r/blob/abc1234');
    expect(blobUrl({ ...base, payload: { pull_request: { head: { sha: 'def5678' } } } })).toMatch(/blob\/def5678$/);
    expect(blobUrl({ ...base, payload: { pull_request: { head: { sha: 'not a sha' } } } })).toMatch(/blob\/abc1234$/);
  });
  it('writes the whole diff to the diff file and cuts only the output, with a notice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'diff-'));
    const big = `${'+x\n'.repeat(200_000)}`;
    expect(readFileSync(writeDiffFile(dir, 'br-1', big), 'utf8')).toBe(big);
    expect(diffCutNotice(big)).toBe(
      'The schema diff is 600000 bytes: the diff output holds the first 512 KB, diff-file all of it',
    );
    expect(diffCutNotice('+x\n')).toBeUndefined();
  });
  it('logs warned notes as warnings, redacts annotations and says how many did not fit', () => {
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(`info ${m}`), warning: (m: string) => lines.push(`warning ${m}`) };
    const emitted: string[] = [];
    const rendered = {
      notes: [
        { text: 'globs match no file', warned: true },
        { text: 'sizes read', warned: false },
      ],
      annotations: [{ level: 'warning', file: 'db/1.sql', line: 1, title: 't', message: 'uses s3cret' }],
      annotationsLeftOut: 2,
    } as unknown as Rendered;
    emitRendered(
      rendered,
      log,
      (t) => t.replace('s3cret', '***'),
      (a) => emitted.push(...a.map((x) => x.message)),
    );
    expect(lines).toEqual([
      'warning globs match no file',
      'info sizes read',
      'info 2 more risky change(s) on migration lines are in the PR comment and the job summary (GitHub shows 10 annotations per step)',
    ]);
    expect(emitted).toEqual(['uses ***']);
  });
});

describe('approval', () => {
  const question = {
    mode: 'destructive' as const,
    changes: [{ ...column, risk: 'destructive' as const, destructive: true }],
    fails: true,
    label: 'db-ok',
    allowAuthor: false,
    projectId: 'p',
    branchName: 'preview/pr-1',
  };
  it('fails closed with a warning when there is no pull request or token to read the labels with', async () => {
    const warnings: string[] = [];
    const gate = await approvalGate(
      { log: { warning: (m) => warnings.push(m) }, pr: undefined, eventAuthor: undefined, unwritable: undefined },
      question,
    );
    expect(gate.verdict).toBe('fail');
    expect(warnings).toEqual([
      'approve-label: no pull request or no github-token to read its labels with; fail-on decides alone',
    ]);
  });
  it('reads no labels when no label is set', async () => {
    const gate = await approvalGate(
      {
        log: { warning: () => expect.unreachable() },
        pr: { issue: { owner: 'a', repo: 'r', issueNumber: 1 }, github: () => expect.unreachable() },
        eventAuthor: undefined,
        unwritable: undefined,
      },
      { ...question, label: undefined },
    );
    expect(gate.verdict).toBe('fail');
  });
  it('keeps a fresh approval only when the comment that records it was written', () => {
    const record = { event: '1', by: 'rev', at: '2026-12-01T00:00:00Z', approved: [] };
    const fresh = { verdict: 'approved' as const, flagged: [], record, fresh: true };
    const warnings: string[] = [];
    const log = { warning: (m: string) => warnings.push(m) };
    expect(keptApproval(fresh, 'https://github.com/a/r/pull/1#c', log)).toBe(fresh);
    expect(keptApproval(fresh, undefined, log)).toMatchObject({
      verdict: 'fail',
      why: expect.stringMatching(/^the label does not count/),
    });
    expect(warnings).toHaveLength(1);
  });
});

describe('the throwaway branch’s deletion client', () => {
  it('is the run’s client without its cancel signal and with a budget of its own', async () => {
    let t = 1_000;
    const abort = new AbortController();
    const slept: number[] = [];
    const run = new NeonClient({
      apiKey: 'k',
      apiHost: 'https://console.neon.tech/api/v2',
      requestTimeoutMs: 1_000,
      deadline: Deadline.after(100, { now: () => t }),
      maxRequestsPerMinute: 700,
      userAgent: 'test',
      logger: { info() {}, debug() {}, warning() {} },
      signal: abort.signal,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    t += 500; // the run's budget is spent
    abort.abort();
    const cleanup = run.detached(60_000);
    expect([run.deadline.remaining(), cleanup.deadline.remaining()]).toEqual([0, 60_000]);
    await expect(run.sleep(5)).rejects.toThrow(/Waiting on the Neon API/);
    await cleanup.sleep(5);
    expect(slept).toEqual([5]);
  });
});

describe('migration evidence', () => {
  it('asks for the grammar only when a migrations glob is set', async () => {
    const parser = () => expect.unreachable('the parser was loaded without migrations');
    const sources = {
      listFiles: () => expect.unreachable('the PR files were listed'),
      readFile: () => expect.unreachable('a file was read'),
    };
    expect(await readMigrationEvidence([], sources, parser)).toEqual({
      migrations: undefined,
      effects: [],
      identity: undefined,
    });
  });
});
