/**
 * A rehearsal stopped mid-statement, as the runner stops a cancelled job (SIGINT, SIGTERM 2.5 s
 * later), or by its own rehearsal-timeout: the throwaway branch is deleted all the same. The local Neon runs in a process of its own
 * here, so that a statement running in its PGlite (which holds that process while it runs) cannot
 * hold back the signals this test sends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubDouble } from '../github-double/server.js';
import { query, TOKEN } from './fixtures.js';
import { pullRequestEvent, runAction } from './run-action.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let neonProcess: ChildProcess;
let api: { url: string; key: string; project: string };
let github: Awaited<ReturnType<typeof startGitHubDouble>>;

async function call<T = any>(method: string, path: string, params: Record<string, string> = {}): Promise<T> {
  const url = new URL(`${api.url}/projects/${api.project}${path}`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${api.key}`, accept: 'application/json' } });
  return (await res.json()) as T;
}

const branches = async () =>
  (await call<{ branches: { id: string; name: string; default: boolean }[] }>('GET', '/branches')).branches;

beforeAll(async () => {
  // its banner names the API URL, key and project (Node 20 would take an --env-file flag for its own)
  neonProcess = spawn(
    process.execPath,
    [join(ROOT, 'scripts/local-neon.mjs'), '--data-plane=pglite', '--operation-ms=100'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let banner = '';
  await new Promise<void>((resolve, reject) => {
    neonProcess.stdout!.on('data', (d) => {
      banner += d;
      if (banner.includes('Press Ctrl-C')) resolve();
    });
    neonProcess.on('exit', (code) => reject(new Error(`the local Neon exited (${code})`)));
  });
  const field = (label: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(banner)![1]!;
  api = { url: field('API URL'), key: field('API key'), project: field('Project id') };
  github = await startGitHubDouble({ token: TOKEN, owner: 'acme', repo: 'app' });
  const main = (await branches()).find((b) => b.default)!;
  const { uri } = await call<{ uri: string }>('GET', '/connection_uri', {
    branch_id: main.id,
    database_name: 'neondb',
    role_name: 'neondb_owner',
  });
  await query(
    uri,
    'CREATE TABLE jobs (id int PRIMARY KEY, state text); INSERT INTO jobs SELECT g, $$new$$ FROM generate_series(1, 1000) g',
  );
});
afterAll(async () => {
  await github?.close();
  neonProcess?.kill('SIGTERM');
});

describe('a rehearsal cancelled mid-statement', () => {
  it('drops the connection, deletes the throwaway branch, and ends with one clear line', async () => {
    const event = pullRequestEvent(70, 'slow');
    const inputs = { 'api-key': api.key, 'project-id': api.project, 'api-host': api.url, 'github-token': TOKEN };
    const created = await runAction({
      inputs: { ...inputs, command: 'create-branch' },
      event,
      githubApiUrl: github.url,
    });
    expect(created.code, created.output).toBe(0);
    await query(created.outputs['db-url']!, 'ALTER TABLE jobs ADD COLUMN done_at timestamptz');
    const ws = mkdtempSync(join(tmpdir(), 'npa-ws-'));
    mkdirSync(join(ws, 'migrations'));
    // a statement that takes a while on the real data (it holds the local Neon's process meanwhile: long
    // enough that the signal surely lands during it on a loaded machine, short enough to wait out), then the change
    writeFileSync(
      join(ws, 'migrations/1_backfill.sql'),
      'SELECT pg_sleep(20);\nALTER TABLE jobs ADD COLUMN done_at timestamptz;\n',
    );
    github.setPullFiles(70, [{ filename: 'migrations/1_backfill.sql', status: 'added' }]);

    const run = await runAction({
      inputs: { ...inputs, command: 'compare-schema', migrations: 'migrations/*.sql', rehearse: 'true' },
      event,
      githubApiUrl: github.url,
      env: { GITHUB_WORKSPACE: ws },
      cancelOn: /Running 2 statement\(s\)/,
      cancelDelayMs: 1_000,
      // what is checked is the run's answer to SIGINT, however long a loaded machine takes over it
      sigtermAfterMs: 120_000,
      timeoutMs: 240_000,
    });
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toMatch(/Received SIGINT/);
    expect(run.stdout).toMatch(/Deleted throwaway branch preview\/pr-70-slow-rehearsal-[0-9a-f]{6}/);
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors, run.output).toEqual([
      expect.stringMatching(/^::error::The rehearsal was cancelled: cancelled by SIG(INT|TERM)$/),
    ]);
    expect(run.output).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    // Neon deletes branches in the background: the listing no longer has it, or soon
    let left: string[] = [];
    for (let i = 0; i < 50; i++) {
      left = (await branches()).map((b) => b.name).filter((n) => n.includes('-rehearsal-'));
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(left).toEqual([]);
  }, 300_000);

  it('stops a statement that runs past rehearsal-timeout, reports it and what did not run, and deletes the copy', async () => {
    const event = pullRequestEvent(71, 'long');
    const inputs = { 'api-key': api.key, 'project-id': api.project, 'api-host': api.url, 'github-token': TOKEN };
    const created = await runAction({
      inputs: { ...inputs, command: 'create-branch' },
      event,
      githubApiUrl: github.url,
    });
    expect(created.code, created.output).toBe(0);
    await query(created.outputs['db-url']!, 'ALTER TABLE jobs ADD COLUMN owner text');
    const ws = mkdtempSync(join(tmpdir(), 'npa-ws-'));
    mkdirSync(join(ws, 'migrations'));
    writeFileSync(
      join(ws, 'migrations/2_owner.sql'),
      'SELECT pg_sleep(10);\nALTER TABLE jobs ADD COLUMN owner text;\n',
    );
    github.setPullFiles(71, [{ filename: 'migrations/2_owner.sql', status: 'added' }]);

    const run = await runAction({
      inputs: {
        ...inputs,
        command: 'compare-schema',
        migrations: 'migrations/*.sql',
        rehearse: 'true',
        'rehearsal-timeout': '1s',
      },
      event,
      githubApiUrl: github.url,
      env: { GITHUB_WORKSPACE: ws },
      timeoutMs: 90_000,
    });
    // not a failure of the migration: the step passes, and says what it could not measure
    expect(run.code, run.output).toBe(0);
    const report = JSON.parse(run.outputs.rehearsal!);
    expect(report.outcome).toBe('timeout');
    expect(report.statements.map((s: { status: string }) => s.status)).toEqual(['timeout', 'not-run']);
    // the 1 s is the whole rehearsal's budget: what the statement had of it depends on how long the setup took
    expect(report.statements[0].ms).toBeGreaterThan(0);
    expect(report.statements[0].error).toMatch(/longer than the rehearsal-timeout \(1s\)/);
    const comment = github.comments(71).find((c) => c.body.startsWith('<!-- neon-preview-action:review -->'))!.body;
    expect(comment).toMatch(
      /Stopped:\*\* <code>migrations\/2&#95;owner\.sql:1<\/code> ran longer than the rehearsal-timeout \(1s\)/,
    );
    expect(comment).toContain('1 statement(s) after it did not run.');
    expect(run.stdout).toMatch(/Deleted throwaway branch preview\/pr-71-long-rehearsal-/);
    expect((await branches()).filter((b) => b.name.includes('-rehearsal-'))).toEqual([]);
  }, 180_000);
});
