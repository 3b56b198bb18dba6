/**
 * What the bundle costs before it does anything: its size on disk (every file in dist/, the wasm
 * included), its cold start against a bare `node -e 0`, and the time from spawning create-branch to
 * its first HTTP request reaching a loopback server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DIST } from '../test/e2e/run-action.js';
import { median } from './stats.js';

export const DIST_DIR = dirname(DIST);

/** The Node that runs dist/: the runner's (NODE24, set by bench/run.ts), else this one. */
export function actionNode(): string {
  return process.env.NODE24 || process.execPath;
}

export interface BundleSize {
  bytes: number;
  files: number;
  /** The parser's wasm (`libpg-query.wasm`, or `.wasm.br` when shipped compressed). */
  wasmBytes: number;
}

export function bundleSize(dir = DIST_DIR): BundleSize {
  let bytes = 0;
  let files = 0;
  let wasmBytes = 0;
  for (const name of readdirSync(dir)) {
    const stat = statSync(join(dir, name));
    if (!stat.isFile()) continue;
    bytes += stat.size;
    files++;
    if (/\.wasm(\.br)?$/.test(name)) wasmBytes += stat.size;
  }
  return { bytes, files, wasmBytes };
}

export interface ColdStart {
  /** Median wall time of `node dist/index.js` with an unknown command (it fails at input parsing). */
  actionMs: number;
  /** Median wall time of `node -e 0`. */
  bareMs: number;
  ratio: number;
  runs: number;
}

function timeSync(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const result = spawnSync(actionNode(), args, { env, stdio: 'ignore' });
  const elapsed = performance.now() - started;
  if (result.error) throw result.error;
  return elapsed;
}

/** Runs the two commands alternately `runs` times (after one warm-up of each, so the disk cache is warm). */
export function coldStart(runs = 15): ColdStart {
  const dir = mkdtempSync(join(tmpdir(), 'npa-bench-cold-'));
  const output = join(dir, 'output');
  writeFileSync(output, '');
  const env = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: output, INPUT_COMMAND: 'no-such-command' };
  timeSync([DIST], env);
  timeSync(['-e', '0'], env);
  const action: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    action.push(timeSync([DIST], env));
    bare.push(timeSync(['-e', '0'], env));
  }
  const actionMs = median(action);
  const bareMs = median(bare);
  return { actionMs, bareMs, ratio: actionMs / bareMs, runs };
}

/** Spawns create-branch against a server that only notes when the first request arrives. */
async function oneFirstRequest(): Promise<number> {
  let arrived: (at: number) => void = () => undefined;
  const firstArrival = new Promise<number>((resolve) => (arrived = resolve));
  const server = createServer((req, res) => {
    arrived(performance.now());
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"","message":"bench"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'npa-bench-first-'));
  for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
  writeFileSync(join(dir, 'event.json'), '{}');
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_API_URL: 'http://127.0.0.1:9/',
    RUNNER_TEMP: dir,
    INPUT_COMMAND: 'create-branch',
    'INPUT_API-KEY': 'bench-key',
    'INPUT_PROJECT-ID': 'bench-project',
    'INPUT_API-HOST': `http://127.0.0.1:${port}/api/v2`,
    'INPUT_BRANCH-NAME': 'bench/first-request',
  };
  const started = performance.now();
  const child = spawn(actionNode(), [DIST], { env, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const timeout = setTimeout(() => arrived(Number.NaN), 30_000);
  const at = await firstArrival;
  clearTimeout(timeout);
  child.kill('SIGKILL');
  await exited;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (Number.isNaN(at)) throw new Error('create-branch sent no request within 30 s');
  return at - started;
}

export async function timeToFirstRequest(runs = 7): Promise<{ ms: number; runs: number }> {
  await oneFirstRequest();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await oneFirstRequest());
  return { ms: median(times), runs };
}
