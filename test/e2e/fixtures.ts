/** A local Neon (real Postgres through PGlite) and a GitHub double, started once per test file. */
import pg from 'pg';
import { startGitHubDouble } from '../github-double/server.js';
import { type LocalNeon, type LocalNeonOptions, startLocalNeon } from '../local-neon/index.js';
import { type ActionRun, type RunOptions, runAction } from './run-action.js';

export const TOKEN = 'ghs_e2e_token_0123456789';
export const REPO = 'acme/app';
/** `request-timeout` of every run through a World unless the test gives one (the action's default is 30s). */
export const E2E_REQUEST_TIMEOUT = '180s';

export interface World {
  neon: LocalNeon;
  github: Awaited<ReturnType<typeof startGitHubDouble>>;
  run(inputs: Record<string, string>, opts?: Omit<RunOptions, 'inputs'>): Promise<ActionRun>;
  close(): Promise<void>;
}

export async function startWorld(opts: LocalNeonOptions = {}): Promise<World> {
  const neon = await startLocalNeon({ dataPlane: 'pglite', operationMs: 100, ...opts });
  const github = await startGitHubDouble({ token: TOKEN, owner: 'acme', repo: 'app' });
  return {
    neon,
    github,
    run: (inputs, runOpts = {}) =>
      runAction({
        ...runOpts,
        githubApiUrl: github.url,
        inputs: {
          // far above any answer's latency on a loaded machine: a test that means a timeout sets its own
          'request-timeout': E2E_REQUEST_TIMEOUT,
          'api-key': neon.apiKey,
          'project-id': neon.projectId,
          'api-host': neon.apiUrl,
          'github-token': TOKEN,
          ...inputs,
        },
      }),
    async close() {
      await github.close();
      await neon.close();
    },
  };
}

/** Connects with the URL, runs one query, disconnects. */
export async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 100_000 }); // a cold PGlite start: 30 s and more on a loaded 2-core machine
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Every line of a run's log that the runner would show (masking is the runner's job; we check order). */
export function firstIndexOf(text: string, value: string): number {
  return text.indexOf(value);
}

/** Fails a test when any secret appears in the run's log before its `::add-mask::` line, or in a non-secret output. */
export function assertMaskedBeforeUse(run: ActionRun, secrets: string[], nonSecretOutputs: string[]): void {
  const maskLine = '::add-mask::';
  for (const secret of secrets) {
    const maskAt = run.stdout.indexOf(`${maskLine}${secret}`);
    if (maskAt < 0) throw new Error(`a secret was never masked (${secret.length} chars)`);
    for (let at = run.stdout.indexOf(secret); at >= 0; at = run.stdout.indexOf(secret, at + 1)) {
      const inMaskLine = run.stdout.lastIndexOf(maskLine, at) === at - maskLine.length;
      if (!inMaskLine && at < maskAt) throw new Error('a secret appeared on stdout before it was masked');
    }
    if (run.stderr.includes(secret)) throw new Error('a secret appeared on stderr');
    for (const name of nonSecretOutputs)
      if ((run.outputs[name] ?? '').includes(secret)) throw new Error(`secret in output ${name}`);
    if (run.summary.includes(secret)) throw new Error('a secret appeared in the job summary');
  }
}
