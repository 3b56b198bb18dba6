/**
 * What a rehearsal costs beyond its statements' own time: compare-schema with `rehearse: true`
 * through dist/index.js on a local Neon with real Postgres (PGlite), a 10,000-row table and a
 * three-statement migration. The action's report gives the rehearsal's overhead (the throwaway
 * branch created and deleted, the connection, a catalog read after each statement); Neon's own
 * operation time (one create batch, one delete batch, each `operationMs`) is taken off it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubDouble } from '../test/github-double/server.js';
import { pullRequestEvent, runAction } from '../test/e2e/run-action.js';
import { startLocalNeon } from '../test/local-neon/index.js';
import type { RehearsalReport } from '../src/rehearsal/types.js';
import { median } from './stats.js';

const TOKEN = 'ghs_bench_token_0123456789';

export interface RehearsalMeasurement {
  operationMs: number;
  runs: number;
  statements: number;
  /** Medians over the runs. */
  statementsMs: number;
  overheadMs: number;
  /** Overhead minus Neon's two operation waits (create, delete). */
  beyondNeonMs: number;
  exitCode: number | null;
  error?: string;
}

export async function measureRehearsal(runs = 3, operationMs = 500): Promise<RehearsalMeasurement> {
  const neon = await startLocalNeon({ dataPlane: 'pglite', operationMs: 0 });
  const github = await startGitHubDouble({ token: TOKEN, owner: 'acme', repo: 'app' });
  try {
    await neon.dataPlane.query(
      neon.defaultBranchId,
      'neondb',
      'CREATE TABLE orders (id int PRIMARY KEY, total int); INSERT INTO orders SELECT g, g % 97 FROM generate_series(1, 10000) g;',
    );
    const ws = mkdtempSync(join(tmpdir(), 'npa-bench-ws-'));
    mkdirSync(join(ws, 'db'));
    writeFileSync(
      join(ws, 'db/001_orders.sql'),
      'ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_total_idx ON orders (total);\nUPDATE orders SET note = $$x$$ WHERE id < 100;\n',
    );
    const event = pullRequestEvent(42, 'feature/bench');
    github.setPullFiles(42, [{ filename: 'db/001_orders.sql', status: 'added' }]);
    const inputs = {
      'api-key': neon.apiKey,
      'project-id': neon.projectId,
      'api-host': neon.apiUrl,
      'github-token': TOKEN,
    };
    const created = await runAction({
      inputs: { ...inputs, command: 'create-branch' },
      event,
      githubApiUrl: github.url,
    });
    if (created.code !== 0) throw new Error(`create-branch failed: ${created.output.slice(-500)}`);
    neon.setOperationMs(operationMs);
    const reports: RehearsalReport[] = [];
    let exitCode: number | null = 0;
    for (let i = 0; i < runs; i++) {
      const run = await runAction({
        inputs: { ...inputs, command: 'compare-schema', migrations: 'db/*.sql', rehearse: 'true' },
        event,
        githubApiUrl: github.url,
        env: { GITHUB_WORKSPACE: ws },
        timeoutMs: 180_000,
      });
      exitCode = run.code;
      if (run.code !== 0 || !run.outputs.rehearsal)
        return {
          operationMs,
          runs,
          statements: 0,
          statementsMs: 0,
          overheadMs: 0,
          beyondNeonMs: 0,
          exitCode,
          error: run.output.slice(-300),
        };
      reports.push(JSON.parse(run.outputs.rehearsal) as RehearsalReport);
    }
    const overheadMs = median(reports.map((r) => r.overheadMs ?? 0));
    return {
      operationMs,
      runs,
      statements: reports[0]!.statements.length,
      statementsMs: median(reports.map((r) => r.statementsMs)),
      overheadMs,
      beyondNeonMs: overheadMs - 2 * operationMs,
      exitCode,
    };
  } finally {
    await github.close();
    await neon.close();
  }
}
