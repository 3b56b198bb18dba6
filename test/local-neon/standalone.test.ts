/**
 * `npm run local-neon` as the self-test workflow starts it: in the background, writing its
 * coordinates to the file named by --write-env, which the workflow appends to GITHUB_ENV.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/local-neon.mjs');
let child: ChildProcess | undefined;
const temp = mkdtempSync(path.join(tmpdir(), 'local-neon-standalone-'));

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    // npm does not pass SIGTERM on to the script: end the whole process group it leads.
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
  child = undefined;
});

async function waitForFile(file: string, ms: number): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const text = readFileSync(file, 'utf8');
      if (text.length > 0) return text;
    } catch {}
    if (Date.now() > until) throw new Error(`${file} was not written within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm run local-neon', () => {
  it('--write-env=PATH writes the API URL, key and project id, and the API answers with them', async () => {
    const envFile = path.join(temp, 'local-neon.env');
    child = spawn('npm', ['run', '--silent', 'local-neon', '--', `--write-env=${envFile}`, '--data-plane=none'], {
      cwd: ROOT,
      stdio: 'ignore',
      detached: true,
    });
    const env = Object.fromEntries(
      (await waitForFile(envFile, 100_000)) // npm and a cold start on a loaded machine
        .trim()
        .split('\n')
        .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    expect(Object.keys(env)).toEqual(['LOCAL_NEON_API_URL', 'LOCAL_NEON_API_KEY', 'LOCAL_NEON_PROJECT_ID']);
    const res = await fetch(`${env.LOCAL_NEON_API_URL}/projects/${env.LOCAL_NEON_PROJECT_ID}/branches`, {
      headers: { authorization: `Bearer ${env.LOCAL_NEON_API_KEY}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { branches: { name: string }[] }).branches.map((b) => b.name)).toContain('main');
  });

  it('refuses an option it does not know, naming the ones it takes', async () => {
    child = spawn(process.execPath, [SCRIPT, '--envfile=x'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child!.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown option --envfile=x: expected --data-plane=…');
    expect(stderr).toContain('--write-env=…');
  });
});

process.on('exit', () => rmSync(temp, { recursive: true, force: true }));
