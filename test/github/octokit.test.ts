import { describe, expect, it } from 'vitest';
import { createOctokit } from '../../src/github/octokit.js';
import { double, OWNER, octokitFor, REPO, recordingLogger, TOKEN } from './helpers.js';

const listPath = '/repos/acme/shop/issues/1/comments';
const route = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
const list = (o: ReturnType<typeof createOctokit>) =>
  o.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: 1 });

describe('createOctokit', () => {
  it('sends the token and talks to the given API URL, GitHub Enterprise prefix included', async () => {
    const d = await double({ pathPrefix: '/api/v3' });
    expect(d.url).toMatch(/\/api\/v3$/);
    d.addComment(1, 'hello');
    const { data } = await list(octokitFor(d, recordingLogger()));
    expect(data.map((c) => c.body)).toEqual(['hello']);
    expect(d.requests[0]).toMatchObject({ path: `/api/v3${listPath}`, authorization: `token ${TOKEN}`, status: 200 });
  });

  it('fails with 401 on a wrong token, without retrying', async () => {
    const d = await double();
    const octokit = createOctokit('wrong-token', { apiUrl: d.url, logger: recordingLogger(), retryAfterBaseMs: 1 });
    await expect(list(octokit)).rejects.toMatchObject({ status: 401 });
    expect(d.requests).toHaveLength(1);
  });

  it('retries a server error a bounded number of times', async () => {
    const d = await double();
    d.fail({ method: 'GET', path: listPath, status: 502, times: 2 });
    const { status } = await list(octokitFor(d, recordingLogger()));
    expect(status).toBe(200);
    expect(d.requests.map((r) => r.status)).toEqual([502, 502, 200]);

    const d2 = await double();
    d2.fail({ method: 'GET', path: listPath, status: 503, times: Number.POSITIVE_INFINITY });
    await expect(list(octokitFor(d2, recordingLogger(), { retries: 2 }))).rejects.toMatchObject({ status: 503 });
    expect(d2.requests).toHaveLength(3);
  });

  it('waits out a secondary rate limit, logging one line per retry', async () => {
    const d = await double();
    d.fail({
      method: 'GET',
      path: listPath,
      status: 403,
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      headers: { 'retry-after': '3' },
    });
    const logger = recordingLogger();
    const { status } = await list(octokitFor(d, logger));
    expect(status).toBe(200);
    expect(d.requests.map((r) => r.status)).toEqual([403, 200]);
    const lines = logger.lines.filter((l) => /rate limit/.test(l.message));
    expect(lines).toEqual([
      { level: 'info', message: `GitHub secondary rate limit on ${route}: waiting 3s (retry 1 of 2)` },
    ]);
  });

  it('gives up on a secondary rate limit after the bounded retries, with a warning', async () => {
    const d = await double();
    d.fail({
      method: 'GET',
      path: listPath,
      status: 403,
      times: Number.POSITIVE_INFINITY,
      message: 'You have exceeded a secondary rate limit.',
      headers: { 'retry-after': '1' },
    });
    const logger = recordingLogger();
    await expect(list(octokitFor(d, logger, { maxRateLimitRetries: 2 }))).rejects.toMatchObject({ status: 403 });
    expect(d.requests).toHaveLength(3);
    expect(logger.warnings()).toEqual([`GitHub secondary rate limit on ${route}: giving up after 2 retries`]);
  });

  it('does not wait for a primary rate limit that resets far in the future', async () => {
    const d = await double();
    const reset = Math.floor(Date.now() / 1000) + 3600;
    d.fail({
      method: 'GET',
      path: listPath,
      status: 403,
      message: 'API rate limit exceeded',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    });
    const logger = recordingLogger();
    await expect(list(octokitFor(d, logger))).rejects.toMatchObject({ status: 403 });
    expect(d.requests).toHaveLength(1);
    expect(logger.warnings()[0]).toMatch(/rate limit on GET .*: resets in \d+s, not waiting/);
  });

  it('waits out a 429 for its Retry-After, and a primary limit until its reset when that is near', async () => {
    const d = await double();
    d.fail({
      method: 'POST',
      path: listPath,
      status: 429,
      // GitHub's secondary limit answers say so (a bare 429 is thrown: see below)
      message: 'You have exceeded a secondary rate limit.',
      headers: { 'retry-after': '2' },
    });
    const logger = recordingLogger();
    const octokit = octokitFor(d, logger);
    await octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 1, body: 'hi' });
    expect(d.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 429', 'POST 201']);
    expect(d.comments(1).map((c) => c.body)).toEqual(['hi']);

    const d2 = await double();
    const reset = Math.floor(Date.now() / 1000) + 5;
    d2.fail({
      method: 'GET',
      path: listPath,
      status: 403,
      message: 'API rate limit exceeded',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    });
    const { status } = await list(octokitFor(d2, logger));
    expect(status).toBe(200);
    expect(d2.requests.map((r) => r.status)).toEqual([403, 200]);
    expect(logger.lines.filter((l) => /rate limit/.test(l.message)).map((l) => l.message)).toEqual([
      'GitHub secondary rate limit on POST /repos/{owner}/{repo}/issues/{issue_number}/comments: waiting 2s (retry 1 of 2)',
      // the reset is 5 s after the header was made: less by however long a loaded machine took to read it
      expect.stringMatching(
        /^GitHub rate limit on GET \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/comments: waiting [0-6]s \(retry 1 of 2\)$/,
      ),
    ]);
  });

  it('throws a 429 without rate-limit signs at once: neither plugin retries it, so they never multiply', async () => {
    const d = await double();
    d.fail({
      method: 'GET',
      path: listPath,
      status: 429,
      message: 'Too many requests',
      headers: { 'retry-after': '1' },
    });
    const logger = recordingLogger();
    await expect(list(octokitFor(d, logger))).rejects.toMatchObject({ status: 429 });
    expect(d.requests).toHaveLength(1);
  });

  it('waits a minute for a secondary limit without Retry-After, and never more than allowed', async () => {
    const d = await double();
    d.fail({ method: 'GET', path: listPath, status: 403, message: 'You have exceeded a secondary rate limit.' });
    const logger = recordingLogger();
    const { status } = await list(octokitFor(d, logger));
    expect(status).toBe(200);
    expect(logger.lines.filter((l) => /rate limit/.test(l.message)).map((l) => l.message)).toEqual([
      `GitHub secondary rate limit on ${route}: waiting 60s (retry 1 of 2)`,
    ]);

    const d2 = await double();
    d2.fail({ method: 'GET', path: listPath, status: 403, message: 'You have exceeded a secondary rate limit.' });
    const logger2 = recordingLogger();
    await expect(list(octokitFor(d2, logger2, { maxRateLimitWaitSeconds: 30 }))).rejects.toMatchObject({ status: 403 });
    expect(d2.requests).toHaveLength(1);
    expect(logger2.warnings()).toEqual([`GitHub secondary rate limit on ${route}: asks to wait 60s, not waiting`]);
  });

  it('throws a 403 without rate-limit signs at once: a permission answer, not a limit', async () => {
    const d = await double();
    d.fail({ method: 'POST', path: listPath, status: 403, message: 'Resource not accessible by integration' });
    const logger = recordingLogger();
    await expect(
      octokitFor(d, logger).rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 1, body: 'hi' }),
    ).rejects.toMatchObject({ status: 403 });
    expect(d.requests).toHaveLength(1);
    expect(logger.lines.filter((l) => /rate limit/.test(l.message))).toEqual([]);
  });

  it('retries nothing once the run is cancelled, and cuts a rate-limit wait short', async () => {
    const d = await double();
    // 30 "seconds" of a minute each, cut short as soon as the wait began: ending within the test's time is the cancellation at work
    d.fail({
      method: 'POST',
      path: listPath,
      status: 403,
      message: 'You have exceeded a secondary rate limit.',
      headers: { 'retry-after': '30' },
    });
    const abort = new AbortController();
    const logger = recordingLogger();
    const octokit = createOctokit(TOKEN, { apiUrl: d.url, logger, retryAfterBaseMs: 60_000, signal: abort.signal });
    const pending = octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 1, body: 'hi' });
    while (!logger.lines.some((l) => /waiting 30s/.test(l.message))) await new Promise((r) => setImmediate(r));
    abort.abort();
    await expect(pending).rejects.toMatchObject({ status: 403 });
    expect(d.requests).toHaveLength(1);
    expect(d.comments(1)).toEqual([]);
  });

  it('gives up on a request that hangs longer than the request timeout', async () => {
    // an answer a minute late against a 1 s timeout: ending well before the answer is the timeout at work
    const d = await double({ latencyMs: 60_000 });
    const started = Date.now();
    await expect(list(octokitFor(d, recordingLogger(), { requestTimeoutMs: 1_000, retries: 0 }))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("sends writes one after another without the throttling plugin's default pacing", async () => {
    // the plugin's default groups hold each new comment 3 s after the one before: three comments take at
    // least 6 s with that pacing, whatever the machine, and a fraction of that without it
    const d = await double();
    const octokit = octokitFor(d, recordingLogger());
    const started = Date.now();
    for (const body of ['a', 'b', 'c'])
      await octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 1, body });
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(d.comments(1).map((c) => c.body)).toEqual(['a', 'b', 'c']);
  });

  it('identifies itself in the user agent', async () => {
    const d = await double();
    await list(octokitFor(d, recordingLogger()));
    expect(d.requests[0]!.userAgent).toMatch(/^neon-preview-action\/\d+\.\d+\.\d+ /);
  });
});

describe('createOctokit: deadlines and sizes', () => {
  async function rawServer(handler: (res: import('node:http').ServerResponse) => void) {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => handler(res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const close = () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    };
    return { url: `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`, close };
  }

  it('ends a body dribbled a byte at a time at the request timeout, as a failure (never an empty answer)', async () => {
    const s = await rawServer((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 20);
      res.on('close', () => clearInterval(timer));
    });
    try {
      // the body never ends: ending at all is the request timeout at work
      const octokit = createOctokit(TOKEN, {
        apiUrl: s.url,
        logger: recordingLogger(),
        requestTimeoutMs: 1_000,
        retries: 0,
      });
      await expect(list(octokit)).rejects.toBeDefined();
    } finally {
      await s.close();
    }
  });

  it('refuses an answer over the size cap rather than reading it into memory', async () => {
    let requests = 0;
    const s = await rawServer((res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`[${' '.repeat(2 * 1024 * 1024)}]`);
    });
    try {
      const octokit = createOctokit(TOKEN, {
        apiUrl: s.url,
        logger: recordingLogger(),
        maxResponseBytes: 1024 * 1024,
        retries: 0,
      });
      await expect(list(octokit)).rejects.toThrow(/larger than the 1 MB this action reads/);
      expect(requests).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('once the run is stopped, sends nothing and retries nothing (no retry timer left behind)', async () => {
    const d = await double();
    d.fail({ method: 'GET', path: listPath, status: 502, times: Number.POSITIVE_INFINITY });
    const abort = new AbortController();
    // a retry would wait a minute first: ending within the test's time shows none was waited for
    const octokit = createOctokit(TOKEN, {
      apiUrl: d.url,
      logger: recordingLogger(),
      retryAfterBaseMs: 60_000,
      signal: abort.signal,
    });
    abort.abort(new Error('cancelled by SIGINT'));
    await expect(list(octokit)).rejects.toThrow(/not sent: cancelled by SIGINT/);
    expect(d.requests).toHaveLength(0);
  });
});
