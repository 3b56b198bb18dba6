/**
 * Deadlines and resources that hold, run through dist/index.js: `timeout` bounds the whole step
 * against a Neon listing that pages forever, a body dribbled a byte a second and a GitHub listing
 * whose rel="next" never ends; oversized answers are refused; SIGINT ends the process at once though
 * a Retry-After wait was pending; masking-rules-file stays a regular file inside the workspace; no
 * output passes 1 MB, and none is written twice.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, startWorld, TOKEN, type World } from '../fixtures.js';
import { runAction } from '../run-action.js';
import { outputWrites, probeEnv } from './output-probe.js';
import { expectOneClearLine, expectSuccess } from './verdicts.js';

const schedule = { name: 'schedule', payload: {} };

let world: World;
const servers: Server[] = [];
beforeAll(async () => {
  world = await startWorld({ dataPlane: 'none', operationMs: 20 });
});
afterAll(async () => {
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await world?.close();
});

/** A loopback HTTP server answering every request with `handler`; its base URL. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, url: URL) => void): Promise<string> {
  const server = createServer((req, res) => {
    res.on('error', () => {});
    handler(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const branchJson = (i: number) => ({
  id: `br-page-${i}`,
  name: `other-${i}`,
  default: false,
  protected: false,
  created_at: '2026-01-01T00:00:00Z',
});

/** How long a run may take before it is killed: a step whose `timeout` holds ends long before, even on a loaded machine. */
const KILL_MS = 90_000;

/**
 * A run against a fake Neon at `apiHost`; `ended` says it ended on its own (an endless listing or a
 * dribbled body never ends otherwise: only the kill would stop it).
 */
async function timedRun(inputs: Record<string, string>, opts: { githubApiUrl?: string } = {}) {
  const run = await runAction({
    inputs: { 'api-key': 'napi_deadline_key_0123456789', 'project-id': 'p-deadline', 'github-token': TOKEN, ...inputs },
    event: schedule,
    timeoutMs: KILL_MS,
    ...opts,
  });
  return { run, ended: run.signals.length === 0 && run.code !== null };
}

describe('timeout bounds the whole step', () => {
  it('a Neon listing whose pagination.next never ends', async () => {
    let page = 0;
    const api = await serve((_req, res) => {
      page++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ branches: [branchJson(page)], annotations: {}, pagination: { next: `cursor-${page}` } }),
      );
    });
    const { run, ended } = await timedRun({
      command: 'create-branch',
      'branch-name': 'preview/endless',
      'api-host': `${api}/api/v2`,
      timeout: '3s',
    });
    expect(expectOneClearLine(run)).toMatch(/timeout \(3s\) ran out/);
    expect(page).toBeGreaterThan(1); // it followed the listing (how far in 3 s depends on the machine)
    expect(ended).toBe(true);
  });

  it('a body dribbled one byte a second (each byte in time for the per-chunk timeout)', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const body = JSON.stringify({ branches: [], annotations: {} }).padEnd(10_000);
      let i = 0;
      const timer = setInterval(
        () => (i < body.length && !res.destroyed ? res.write(body[i++]) : clearInterval(timer)),
        1_000,
      );
      res.on('close', () => clearInterval(timer));
    });
    const { run, ended } = await timedRun({
      command: 'create-branch',
      'branch-name': 'preview/dribble',
      'api-host': `${api}/api/v2`,
      timeout: '3s',
    });
    expect(expectOneClearLine(run)).toMatch(/timeout \(3s\) ran out/);
    expect(ended).toBe(true);
  });

  it('a GitHub listing of open PRs whose rel="next" never ends (cleanup sweep)', async () => {
    let page = 0;
    const github = await serve((req, res, url) => {
      page++;
      const next = `http://${req.headers.host}${url.pathname}?state=open&per_page=100&page=${page + 1}`;
      res.writeHead(200, { 'content-type': 'application/json', link: `<${next}>; rel="next"` });
      res.end('[]');
    });
    world.neon.seedBranches(1, {
      name: 'preview/pr-61-endless',
      annotations: { 'github-commit-repo': REPO, 'github-pr-number': '61' },
      createdAt: '2026-01-01T00:00:00Z',
    });
    const { run, ended } = await timedRun(
      {
        command: 'cleanup',
        'api-key': world.neon.apiKey,
        'project-id': world.neon.projectId,
        'api-host': world.neon.apiUrl,
        timeout: '3s',
      },
      { githubApiUrl: github },
    );
    expect(expectOneClearLine(run)).toMatch(/timeout \(3s\) ran out/);
    expect(page).toBeGreaterThan(1); // it followed the listing (how far in 3 s depends on the machine)
    expect(ended).toBe(true);
    expect(branchesIds()).toContain('preview/pr-61-endless');
  });
});

function branchesIds(): string[] {
  return [...world.neon.state.branches.values()].map((b) => b.name);
}

describe('answers too large to hold', () => {
  it('a 100 MB answer from Neon is refused in one line, not read into memory', async () => {
    const api = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"branches": [], "annotations": {}, "padding": "');
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 100 && !res.destroyed) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('"}');
      };
      pump();
    });
    const { run } = await timedRun({
      command: 'create-branch',
      'branch-name': 'preview/huge',
      'api-host': `${api}/api/v2`,
    });
    expect(expectOneClearLine(run)).toMatch(/larger than the 64 MB this action reads/);
  });
});

describe('SIGINT', () => {
  it('ends the process at once, though a Retry-After of five minutes was pending', async () => {
    world.neon.faults.add({
      method: 'POST',
      operationId: 'createProjectBranch',
      kind: '429',
      retryAfter: 300,
      times: 1,
    });
    // SIGINT once the five-minute wait began; SIGTERM would follow a minute later
    const run = await world.run(
      { command: 'create-branch', 'branch-name': 'preview/sigint' },
      { event: schedule, cancelOn: /answered 429; retry 1 in/, sigtermAfterMs: 60_000, timeoutMs: 240_000 },
    );
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toMatch(/Received SIGINT/);
    // the run was over on SIGINT alone: it never waited out the Retry-After, nor needed SIGTERM
    expect(run.signals).toEqual(['SIGINT']);
  });
});

describe('masking-rules-file', () => {
  const rules = '- {table_name: users, column_name: email, masking_value: x}\n';
  function workspace(): string {
    const dir = mkdtempSync(join(tmpdir(), 'npa-ws-'));
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'ok.yml'), rules);
    const outside = mkdtempSync(join(tmpdir(), 'npa-outside-'));
    writeFileSync(join(outside, 'secret.yml'), rules);
    symlinkSync(join(outside, 'secret.yml'), join(dir, 'rules', 'link-out.yml'));
    symlinkSync('/dev/zero', join(dir, 'rules', 'zero.yml'));
    writeFileSync(join(dir, 'rules', 'big.yml'), `${'#'.repeat(2 * 1024 * 1024)}\n${rules}`);
    return dir;
  }
  const anonymize = (file: string, ws: string) =>
    world.run(
      { command: 'anonymize', 'branch-name': 'preview/rules-file', 'masking-rules-file': file },
      { event: schedule, env: { GITHUB_WORKSPACE: ws }, timeoutMs: 30_000 },
    );

  it('a symbolic link out of the workspace is refused', async () => {
    const ws = workspace();
    const before = world.neon.requests.length;
    const r = await anonymize('rules/link-out.yml', ws);
    expect(expectOneClearLine(r)).toMatch(/^::error::Input "masking-rules-file" must be a path inside the workspace/);
    expect(world.neon.requests.length).toBe(before);
  });

  it('a link to /dev/zero is refused at once, not read', async () => {
    const r = await anonymize('rules/zero.yml', workspace());
    expect(expectOneClearLine(r)).toMatch(
      /^::error::Input "masking-rules-file" must (name a regular file|be a path inside the workspace)/,
    );
  });

  it('a file over 1 MB is refused', async () => {
    const r = await anonymize('rules/big.yml', workspace());
    expect(expectOneClearLine(r)).toMatch(/^::error::Input "masking-rules-file" must be at most 1048576 bytes/);
  });
});

describe('outputs', () => {
  it('stay under 1 MB with a notice when cut: the changes of compare-schema stay a JSON list', async () => {
    const plane = world.neon.dataPlane as unknown as { setSchema(branch: string, db: string, sql: string): void };
    const tables = Array.from(
      { length: 6_000 },
      (_, i) => `CREATE TABLE public.table_with_a_long_name_${i} (id integer, payload text);\n`,
    ).join('');
    plane.setSchema(world.neon.defaultBranchId, 'neondb', tables);
    const res = await world.run({ command: 'create-branch', 'branch-name': 'preview/big-change' }, { event: schedule });
    expectSuccess(res);
    const branch = [...world.neon.state.branches.values()].find((b) => b.name === 'preview/big-change')!;
    plane.setSchema(branch.id, 'neondb', '');
    const r = await world.run(
      { command: 'compare-schema', 'branch-name': 'preview/big-change' },
      { event: schedule, timeoutMs: 120_000 },
    );
    expectSuccess(r);
    expect(Buffer.byteLength(r.outputs.changes!)).toBeLessThan(1_000_000);
    const changes = JSON.parse(r.outputs.changes!) as unknown[];
    expect(changes.length).toBeGreaterThan(100);
    expect(changes.length).toBeLessThan(6_000);
    expect(r.stdout).toMatch(/^::notice::The output changes holds the first \d+ of 6000 entries/m);
  }, 120_000);

  it('each output is written to GITHUB_OUTPUT once', async () => {
    const r = await world.run(
      { command: 'create-branch', 'branch-name': 'preview/once' },
      { event: schedule, env: probeEnv() },
    );
    expectSuccess(r);
    const names = outputWrites(r).map((w) => w.text.split('<<')[0]!);
    const twice = names.filter((n, i) => names.indexOf(n) !== i);
    expect(names).toContain('branch-id');
    expect(twice).toEqual([]);
  });
});
