/**
 * Runs the committed dist/index.js the way the runner does: INPUT_* variables, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH and GITHUB_API_URL, as a child process. Under Node 24 when
 * NODE24 points at it (CI), else the current Node.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DIST = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Every `::add-mask::` value, in order of appearance. */
  masks: string[];
  /** The stdout line index at which each value was first masked. */
  output: string;
  /** The signals sent to the process before it ended, in order (cancellation tests). */
  signals: string[];
}

export interface RunOptions {
  inputs: Record<string, string>;
  env?: Record<string, string | undefined>;
  event?: { name: string; payload: unknown };
  repository?: string;
  githubApiUrl?: string;
  /** Send SIGINT then SIGTERM after this many ms (cancellation tests). */
  cancelAfterMs?: number;
  /** Or once this resolves (an event of the test's own, such as a request the local Neon saw). */
  cancelWhen?: Promise<unknown>;
  /** Or once stdout matches this, `cancelDelayMs` (default 0) later. */
  cancelOn?: RegExp;
  cancelDelayMs?: number;
  /** SIGTERM follows SIGINT after this many ms (default 2,500). */
  sigtermAfterMs?: number;
  timeoutMs?: number;
}

export function parseGitHubOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const [, name, delimiter] = m;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
    out[name!] = value.join('\n');
  }
  return out;
}

export async function runAction(opts: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'npa-run-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  const eventFile = join(dir, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const event = opts.event ?? { name: 'push', payload: {} };
  writeFileSync(eventFile, JSON.stringify(event.payload));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_REPOSITORY: opts.repository ?? 'acme/app',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: opts.githubApiUrl ?? 'http://127.0.0.1:9/',
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
  };
  for (const [name, value] of Object.entries(opts.inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(opts.env ?? {}))
    if (value === undefined) delete env[name];
    else env[name] = value;
  const node = process.env.NODE24 || process.execPath;
  const child = spawn(node, [DIST], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const timers: NodeJS.Timeout[] = [];
  const signals: string[] = [];
  const send = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signals.push(signal);
    child.kill(signal);
  };
  const cancelIn = (ms: number) => {
    timers.push(setTimeout(() => send('SIGINT'), ms));
    timers.push(setTimeout(() => send('SIGTERM'), ms + (opts.sigtermAfterMs ?? 2_500)));
  };
  let cancelling = false;
  child.stdout.on('data', (d) => {
    stdout += d;
    if (opts.cancelOn && !cancelling && opts.cancelOn.test(stdout)) {
      cancelling = true;
      cancelIn(opts.cancelDelayMs ?? 0);
    }
  });
  child.stderr.on('data', (d) => (stderr += d));
  if (opts.cancelAfterMs !== undefined) cancelIn(opts.cancelAfterMs);
  void opts.cancelWhen?.then(() => {
    if (cancelling) return;
    cancelling = true;
    cancelIn(0);
  });
  timers.push(setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000));
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  for (const t of timers) clearTimeout(t);
  const masks = [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map((m) => m[1]!);
  return {
    code,
    stdout,
    stderr,
    outputs: parseGitHubOutput(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    masks,
    output: stdout + stderr,
    signals,
  };
}

/** The pull_request event payload a runner gives for PR `number` of `repo` from branch `head`. */
export function pullRequestEvent(
  number: number,
  head: string,
  opts: { action?: string; repo?: string; forkRepo?: string } = {},
) {
  const repo = opts.repo ?? 'acme/app';
  return {
    name: 'pull_request',
    payload: {
      action: opts.action ?? 'opened',
      number,
      pull_request: {
        number,
        state: opts.action === 'closed' ? 'closed' : 'open',
        head: { ref: head, sha: 'b'.repeat(40), repo: { full_name: opts.forkRepo ?? repo } },
        base: { ref: 'main', repo: { full_name: repo } },
        user: { login: 'octocat' },
      },
      repository: { full_name: repo },
      sender: { login: 'octocat' },
    },
  };
}
