import { afterEach, describe, expect, it } from 'vitest';
import { NeonApiError, NeonCancelledError, NeonRequestError } from '../../src/neon/errors.js';
import { json, makeClient, type Reply, startFakeNeon, TEST_API_KEY, type TestClient } from './helpers/fake-neon.js';

const BRANCH = {
  id: 'br-a',
  name: 'preview/pr-1',
  default: false,
  protected: false,
  created_at: '2026-01-01T00:00:00Z',
};
/** createProjectBranch's answer, as Neon gives it (the client checks the fields the commands read). */
const CREATED = { branch: BRANCH, endpoints: [], operations: [] };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A server answering the scripted replies in order (the last one repeats), and a client on it. */
async function scripted(replies: Reply[], clientOptions: Parameters<typeof makeClient>[1] = {}) {
  let i = 0;
  const server = await startFakeNeon(() => replies[Math.min(i++, replies.length - 1)]!);
  const test = makeClient(server.apiHost, clientOptions);
  cleanups.push(
    () => server.close(),
    () => test.agent.close(),
  );
  return { server, ...test };
}

/** Resolves once `cond()` holds, looking again on every turn of the event loop (no guess of how long it takes). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

const getBranch = (t: TestClient) =>
  t.client.call('getProjectBranch', { path: { project_id: 'p-1', branch_id: 'br-a' } });
const deleteBranch = (t: TestClient) =>
  t.client.call('deleteProjectBranch', { path: { project_id: 'p-1', branch_id: 'br-a' } });
const createBranch = <R = never>(t: TestClient, reconcile?: () => Promise<R | undefined>) =>
  t.client.call(
    'createProjectBranch',
    { path: { project_id: 'p-1' }, body: { branch: { name: 'preview/pr-1' } } },
    { reconcile },
  );

describe('NeonClient requests', () => {
  it('sends auth, accept, user agent and a fresh uuid X-Request-ID on every request', async () => {
    const t = await scripted([json(200, { branch: BRANCH })]);
    await getBranch(t);
    await getBranch(t);
    const [first, second] = t.server.requests;
    expect(first!.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(first!.headers.accept).toBe('application/json');
    expect(first!.headers['user-agent']).toBe('neon-preview-action/0.0.0-test');
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(first!.headers['x-request-id']).toMatch(uuid);
    expect(second!.headers['x-request-id']).toMatch(uuid);
    expect(second!.headers['x-request-id']).not.toBe(first!.headers['x-request-id']);
  });

  it('puts the base path, encoded path params, query and JSON body on the wire', async () => {
    const t = await scripted([json(200, { uri: 'postgresql://neondb_owner@ep-1.test/neondb' }), json(201, CREATED)]);
    await t.client.call('getConnectionURI', {
      path: { project_id: 'p/1' },
      query: { database_name: 'neondb', role_name: 'neondb_owner', pooled: true },
    });
    await createBranch(t);
    const [uri, create] = t.server.requests;
    expect(uri!.path).toBe('/api/v2/projects/p%2F1/connection_uri');
    expect(uri!.query.get('pooled')).toBe('true');
    expect(uri!.query.get('database_name')).toBe('neondb');
    expect(create!.method).toBe('POST');
    expect(create!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(create!.body)).toEqual({ branch: { name: 'preview/pr-1' } });
  });

  it('returns parsed JSON with the status, and undefined data for 204', async () => {
    const t = await scripted([json(200, { branch: BRANCH }), { status: 204 }]);
    const got = await getBranch(t);
    expect(got).toMatchObject({ status: 200, data: { branch: { id: 'br-a' } }, reconciled: false });
    const gone = await deleteBranch(t);
    expect(gone.status).toBe(204);
    expect(gone.data).toBeUndefined();
  });

  it('rejects bad parameters before sending anything', async () => {
    const t = await scripted([json(200, {})]);
    await expect(t.client.callRaw('listProjectBranches', {})).rejects.toThrow(
      'listProjectBranches needs the path parameter "project_id"',
    );
    await expect(t.client.callRaw('noSuchOperation', {})).rejects.toBeInstanceOf(NeonRequestError);
    expect(t.server.requests).toHaveLength(0);
  });

  it('refuses plain http to anything but loopback, so the API key never crosses a network in clear', () => {
    const make = (apiHost: string) => () => {
      const t = makeClient(apiHost);
      cleanups.push(() => t.agent.close());
    };
    expect(make('http://neon.example.com/api/v2')).toThrow('Input "api-host" must use https://');
    expect(make('not a url')).toThrow('Input "api-host" accepts an https:// URL');
    expect(make('http://localhost:4010/api/v2')).not.toThrow();
    expect(make('https://console.neon.tech/api/v2')).not.toThrow();
  });
});

describe('NeonApiError', () => {
  it('reads like "Neon API GET /path failed: 404 message (request id …)" and carries the fields', async () => {
    const t = await scripted([json(404, { code: '', message: 'branch not found', request_id: 'req-42' })]);
    const error = (await getBranch(t).catch((e) => e)) as NeonApiError;
    expect(error).toBeInstanceOf(NeonApiError);
    expect(error.message).toBe(
      'Neon API GET /projects/p-1/branches/br-a failed: 404 branch not found (request id req-42)',
    );
    expect(error).toMatchObject({ status: 404, code: '', apiMessage: 'branch not found', requestId: 'req-42' });
    expect(error).toMatchObject({ method: 'GET', path: '/projects/p-1/branches/br-a' });
    expect(t.server.requests).toHaveLength(1); // 404 is not retried
  });

  it('shows Neon’s code, falls back to our X-Request-ID, and never contains the API key', async () => {
    const t = await scripted([
      json(409, { code: 'BRANCH_ALREADY_EXISTS', message: `key ${TEST_API_KEY} rejected; branch already exists` }),
    ]);
    const error = (await createBranch(t).catch((e) => e)) as NeonApiError;
    expect(error.code).toBe('BRANCH_ALREADY_EXISTS');
    expect(error.requestId).toBe(t.server.requests[0]!.headers['x-request-id']);
    expect(error.message).toContain('409 BRANCH_ALREADY_EXISTS');
    expect(error.message).not.toContain(TEST_API_KEY);
    expect(error.apiMessage).not.toContain(TEST_API_KEY);
    expect(JSON.stringify(error)).not.toContain(TEST_API_KEY);
  });

  it('turns a network failure that outlasts the retries into status 0 with the cause’s code', async () => {
    const t = await scripted([{ reset: true }], { maxRetries: 2 });
    const error = (await getBranch(t).catch((e) => e)) as NeonApiError;
    expect(error).toBeInstanceOf(NeonApiError);
    expect(error.status).toBe(0);
    expect(error.code).toBe('UND_ERR_SOCKET');
    expect(error.message).toMatch(/^Neon API GET \/projects\/p-1\/branches\/br-a failed: network error UND_ERR_SOCKET/);
    expect(t.server.requests).toHaveLength(3);
  });
});

describe('retries', () => {
  for (const status of [423, 429, 503]) {
    it(`retries ${status} on POST`, async () => {
      const t = await scripted([json(status, { code: '', message: 'busy' }), json(201, CREATED)]);
      const result = await createBranch(t);
      expect(result.status).toBe(201);
      expect(t.server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    });
  }

  for (const [name, call] of [
    ['GET', getBranch],
    ['DELETE', deleteBranch],
  ] as const) {
    for (const first of [json(502, 'bad gateway'), json(504, 'gateway timeout'), { reset: true } as Reply]) {
      const label = 'status' in first ? String(first.status) : 'a reset connection';
      it(`retries ${label} on ${name}`, async () => {
        const t = await scripted([first, json(200, { branch: BRANCH, operations: [] })]);
        const result = await call(t);
        expect(result.status).toBe(200);
        expect(t.server.requests.map((r) => r.method)).toEqual([name, name]);
      });
    }
  }

  it('retries a GET that timed out', async () => {
    let calls = 0;
    const server = await startFakeNeon(() => (calls++ === 0 ? { hang: true } : json(200, { branch: BRANCH })));
    // the hung request waits this out once; the answered one is far quicker, even on a loaded machine
    const t = makeClient(server.apiHost, { requestTimeoutMs: 1_000 });
    cleanups.push(
      () => server.close(),
      () => t.agent.close(),
    );
    const result = await getBranch(t);
    expect(result.status).toBe(200);
    // undici's headers timeout and the client's whole-request limit fire together: either names it
    expect(t.log.info()[0]).toMatch(/UND_ERR_HEADERS_TIMEOUT|ETIMEDOUT/);
  });

  it('does not retry other 4xx/5xx statuses', async () => {
    const t = await scripted([json(500, { code: '', message: 'boom' })]);
    await expect(getBranch(t)).rejects.toMatchObject({ status: 500 });
    expect(t.server.requests).toHaveLength(1);
  });

  it('logs one line per retry with the reason, method, path (no query) and the wait', async () => {
    const t = await scripted([json(429, {}), json(503, {}), json(200, { branches: [], annotations: {} })]);
    await t.client.call('listProjectBranches', { path: { project_id: 'p-1' }, query: { search: 'secret-ish' } });
    expect(t.log.info()).toEqual([
      'Neon API GET /projects/p-1/branches answered 429; retry 1 in 125 ms',
      'Neon API GET /projects/p-1/branches answered 503; retry 2 in 250 ms',
    ]);
  });

  it('waits with full jitter: random() * min(cap, 250 * 2^n)', async () => {
    const t = await scripted([json(503, {}), json(503, {}), json(503, {}), json(200, { branch: BRANCH })], {
      random: () => 0.8,
    });
    await getBranch(t);
    expect(t.clock.sleeps).toEqual([200, 400, 800]);
  });
});

describe('POST/PATCH after an ambiguous failure', () => {
  it('does not replay a POST that met a 504 when no reconcile is given', async () => {
    const t = await scripted([json(504, 'gateway timeout'), json(201, CREATED)]);
    const error = (await createBranch(t).catch((e) => e)) as NeonApiError;
    expect(error).toBeInstanceOf(NeonApiError);
    expect(error.mayHaveBeenApplied).toBe(true);
    expect(error.message).toContain('may or may not have been applied');
    expect(t.server.requests).toHaveLength(1);
  });

  it('does not replay a PATCH whose connection was reset', async () => {
    const t = await scripted([{ reset: true }]);
    const call = t.client.call('updateProjectBranch', {
      path: { project_id: 'p-1', branch_id: 'br-a' },
      body: { branch: { name: 'x' } },
    });
    await expect(call).rejects.toMatchObject({ status: 0, mayHaveBeenApplied: true });
    expect(t.server.requests).toHaveLength(1);
  });

  it('returns what reconcile found instead of replaying', async () => {
    const t = await scripted([json(504, ''), json(201, CREATED)]);
    let reconciles = 0;
    const result = await createBranch(t, async () => {
      reconciles++;
      return { branch: BRANCH };
    });
    expect(result).toEqual({ status: 0, data: { branch: BRANCH }, reconciled: true });
    // typed: a reconciled result carries what reconcile returned, a normal one the operation's response
    const name: string = result.reconciled ? result.data.branch.name : result.data.branch.name;
    expect(name).toBe('preview/pr-1');
    expect(reconciles).toBe(1);
    expect(t.server.requests).toHaveLength(1);
  });

  it('replays the POST when reconcile says nothing was made', async () => {
    const t = await scripted([{ reset: true }, json(201, CREATED)]);
    let reconciles = 0;
    const result = await createBranch(t, async () => {
      reconciles++;
      return undefined;
    });
    expect(result).toMatchObject({ status: 201, reconciled: false });
    expect(reconciles).toBe(1);
    expect(t.server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });
});

describe('Retry-After and the budget', () => {
  it('honours Retry-After in seconds as a minimum wait', async () => {
    const t = await scripted([json(429, {}, { 'retry-after': '3' }), json(200, { branch: BRANCH })]);
    await getBranch(t);
    expect(t.clock.sleeps).toEqual([3000]);
  });

  it('honours Retry-After as an HTTP-date', async () => {
    const clockStart = Date.UTC(2026, 10, 27, 8, 0, 0);
    const at = new Date(clockStart + 7000).toUTCString();
    const t = await scripted([json(503, {}, { 'retry-after': at }), json(200, { branch: BRANCH })]);
    await getBranch(t);
    expect(t.clock.sleeps).toEqual([7000]);
  });

  it('keeps the backoff when Retry-After asks for less', async () => {
    const t = await scripted([json(423, {}, { 'retry-after': '0' }), json(200, { branch: BRANCH })], {
      random: () => 1,
    });
    await getBranch(t);
    expect(t.clock.sleeps).toEqual([250]);
  });

  it('stops retrying when the next wait would pass the overall budget', async () => {
    const t = await scripted([json(503, { code: '', message: 'unavailable' })], { budgetMs: 2_000, random: () => 1 });
    const error = (await getBranch(t).catch((e) => e)) as NeonApiError;
    // waits 250 + 500 + 1000 = 1750; the next (2000) would end at 3750 > 2000
    expect(t.clock.sleeps).toEqual([250, 500, 1000]);
    expect(error.status).toBe(503);
    expect(error.message).toContain('gave up after 4 attempts');
    expect(error.message).toContain('timeout budget');
  });

  it('fails at once when Retry-After is beyond the budget', async () => {
    const t = await scripted([json(429, {}, { 'retry-after': '120' })], { budgetMs: 60_000 });
    await expect(getBranch(t)).rejects.toMatchObject({ status: 429 });
    expect(t.clock.sleeps).toEqual([]);
    expect(t.server.requests).toHaveLength(1);
  });

  it('counts the budget from client creation', async () => {
    const t = await scripted([json(503, {}), json(200, { branch: BRANCH })], { budgetMs: 1_000 });
    t.clock.advance(990);
    await expect(getBranch(t)).rejects.toMatchObject({ status: 503 });
  });
});

describe('pacing', () => {
  it('at 60 requests a minute, a burst of 6 goes at once and the next ones wait their turn', async () => {
    const t = await scripted([json(200, { branch: BRANCH })], { maxRequestsPerMinute: 60 });
    for (let i = 0; i < 8; i++) await getBranch(t);
    expect(t.server.requests).toHaveLength(8);
    // the burst spends part of the minute, so the rest refill at (60 - 6) a minute
    expect(t.clock.sleeps).toHaveLength(2);
    for (const ms of t.clock.sleeps) expect(Math.abs(ms - 60_000 / 54)).toBeLessThanOrEqual(1);
  });
});

describe('cancellation', () => {
  it('starts no request once the signal has aborted', async () => {
    const controller = new AbortController();
    const t = await scripted([json(200, { branch: BRANCH })], { signal: controller.signal });
    controller.abort(new Error('job cancelled'));
    await expect(getBranch(t)).rejects.toThrow('Neon API GET /projects/p-1/branches/br-a was cancelled: job cancelled');
    expect(t.server.requests).toHaveLength(0);
  });

  it('aborts a request in flight', async () => {
    const controller = new AbortController();
    const t = await scripted([{ hang: true }], { signal: controller.signal });
    const pending = getBranch(t);
    await until(() => t.server.requests.length === 1);
    controller.abort(new Error('job cancelled'));
    await expect(pending).rejects.toThrow(
      new NeonCancelledError('Neon API GET /projects/p-1/branches/br-a', new Error('job cancelled')),
    );
    expect(t.server.requests).toHaveLength(1);
  });

  it('ends an in-flight retry wait and sends nothing more', async () => {
    const controller = new AbortController();
    let waiting = false;
    const t = await scripted([json(503, {}), json(200, { branch: BRANCH })], {
      signal: controller.signal,
      sleep: () => {
        waiting = true;
        return new Promise(() => {}); // a wait that would never end on its own
      },
    });
    const pending = getBranch(t);
    await until(() => waiting);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(NeonCancelledError);
    expect(t.server.requests).toHaveLength(1);
  });
});

describe('deadlines and sizes that hold', () => {
  it('ends a body dribbled one byte at a time at request-timeout, though every chunk comes in time', async () => {
    // a byte every 40 ms never trips undici's per-chunk body timeout (the request timeout, 1 s); the
    // whole body would take 160 s: ending in far less than that is the request timeout at work
    const t = await scripted([{ dribble: JSON.stringify({ branch: BRANCH }).padEnd(4_000), everyMs: 40 }], {
      requestTimeoutMs: 1_000,
      maxRetries: 0,
    });
    const started = Date.now();
    const error = await getBranch(t).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeonApiError);
    expect((error as NeonApiError).code).toBe('ETIMEDOUT');
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('refuses an answer larger than the cap without holding it', async () => {
    const { MAX_RESPONSE_BYTES } = await import('../../src/neon/http-attempt.js');
    const t = await scripted([{ bytes: MAX_RESPONSE_BYTES + 1024 * 1024 }], { requestTimeoutMs: 20_000 });
    const error = await getBranch(t).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeonApiError);
    expect((error as NeonApiError).code).toBe('RESPONSE_TOO_LARGE');
    // refused, not retried: the next answer would be as large
    expect(t.server.requests).toHaveLength(1);
  });

  it('clears its retry timer on abort, so nothing holds the process for the Retry-After', async () => {
    const abort = new AbortController();
    const server = await startFakeNeon(() => json(429, { message: 'slow down' }, { 'retry-after': '3600' }));
    const t = makeClient(server.apiHost, {
      signal: abort.signal,
      sleep: undefined,
      now: Date.now,
      budgetMs: 7_200_000,
    });
    cleanups.push(
      () => server.close(),
      () => t.agent.close(),
    );
    const pending = getBranch(t).catch((e: unknown) => e);
    await until(() => t.log.info().some((line) => line.includes('answered 429; retry 1 in')));
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    abort.abort(new Error('cancelled by SIGINT'));
    expect(await pending).toBeInstanceOf(NeonCancelledError);
    const after = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(after).toBeLessThan(before);
  });
});

describe('NeonClient: answers checked once, by operation', () => {
  it('returns a listed operation’s answer checked and typed, unknown fields kept', async () => {
    const t = await scripted([json(200, { branch: { ...BRANCH, newer_field: 1 } })]);
    const result = await getBranch(t);
    if (result.reconciled) throw new Error('not reconciled');
    // typed by BranchResponseSchema: no parse at the call site
    const name: string = result.data.branch.name;
    expect(name).toBe('preview/pr-1');
    expect(result.data.branch).toMatchObject({ newer_field: 1 });
  });

  it('fails with one line naming the operation and the field when an answer lacks a field the code reads', async () => {
    const { id: _id, ...withoutId } = BRANCH;
    const t = await scripted([json(200, { branch: withoutId })]);
    await expect(getBranch(t)).rejects.toThrow(/^Neon API response for getProjectBranch: branch\.id is missing$/);
    // the api command's untyped path passes the answer through as Neon sent it
    const raw = await t.client.callRaw('getProjectBranch', { path: { project_id: 'p-1', branch_id: 'br-a' } });
    expect(raw.data).toEqual({ branch: withoutId });
  });

  it('leaves an answer without a body as it is (a 204)', async () => {
    const t = await scripted([{ status: 204 }]);
    const result = await deleteBranch(t);
    expect(result).toMatchObject({ status: 204, data: undefined });
  });
});
