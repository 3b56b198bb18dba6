/**
 * cleanup's sweep of many metadata-only preview branches of closed PRs, through dist/index.js, on a
 * local Neon that answers 429 beyond `limitPerMinute` and finishes operations at once. The bound is
 * the requests the sweep cannot do without (the listing pages and one DELETE per branch) spread
 * evenly at the limit.
 */
import { startGitHubDouble } from '../test/github-double/server.js';
import { runAction } from '../test/e2e/run-action.js';
import { startLocalNeon } from '../test/local-neon/index.js';

const TOKEN = 'ghs_bench_token_0123456789';
const REPO = 'acme/app';

export interface SweepMeasurement {
  branches: number;
  limitPerMinute: number;
  deleted: number;
  failed: number;
  /** Branches of the seed still in the project afterwards. */
  left: number;
  requests: number;
  byOperation: Record<string, number>;
  /** Answers 429 from the local Neon's limit. */
  rateLimited: number;
  necessaryRequests: number;
  wallMs: number;
  boundMs: number;
  ratio: number;
  /** Wall time of the delete phase alone: from the first DELETE to the last answer. */
  deletePhaseMs: number;
  exitCode: number | null;
  error?: string;
}

/** Counts what each operation cost, e.g. `{ deleteProjectBranch: 1000, getProjectOperation: 1000 }`. */
function countBy(entries: readonly { operationId?: string; method: string; path: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    const key = e.operationId ?? `${e.method} ${e.path}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

export async function measureSweep(branches = 1000, limitPerMinute = 700): Promise<SweepMeasurement> {
  const neon = await startLocalNeon({
    dataPlane: 'none',
    operationMs: 0,
    rateLimitPerMinute: limitPerMinute,
    validateResponses: false,
  });
  const github = await startGitHubDouble({ token: TOKEN, owner: 'acme', repo: 'app' });
  try {
    const old = new Date(Date.now() - 24 * 3600_000);
    const seeded = neon.seedBranches(branches, {
      name: (i) => `preview/pr-${i}-bench-${i}`,
      annotations: (i) => ({ 'github-commit-repo': REPO, 'github-pr-number': String(i) }),
      createdAt: old,
    });
    // Answer times as they fall: the log has no clock, so stamp each entry as it is pushed.
    const stamps: number[] = [];
    const push = neon.requests.push.bind(neon.requests);
    neon.requests.push = (...items) => {
      for (const _ of items) stamps.push(performance.now());
      return push(...items);
    };
    const started = performance.now();
    const run = await runAction({
      inputs: {
        'api-key': neon.apiKey,
        'project-id': neon.projectId,
        'api-host': neon.apiUrl,
        'github-token': TOKEN,
        command: 'cleanup',
        'max-requests-per-minute': String(limitPerMinute),
        timeout: '30m',
      },
      event: { name: 'schedule', payload: {} },
      repository: REPO,
      githubApiUrl: github.url,
      timeoutMs: 15 * 60_000,
    });
    const wallMs = performance.now() - started;
    const deletedList = run.outputs.deleted ? (JSON.parse(run.outputs.deleted) as unknown[]) : [];
    const failedMatch = run.stdout.match(/Could not delete (\d+) branch/);
    const left = seeded.filter((b) => neon.state.branches.has(b.id)).length;
    const byOperation = countBy(neon.requests);
    const pages = neon.requests.filter((r) => r.operationId === 'listProjectBranches' && r.status === 200).length;
    const necessaryRequests = pages + branches;
    const boundMs = (necessaryRequests / limitPerMinute) * 60_000;
    const deleteIdx = neon.requests
      .map((r, i) => (r.operationId === 'deleteProjectBranch' ? i : -1))
      .filter((i) => i >= 0);
    const deletePhaseMs = deleteIdx.length > 0 ? stamps[deleteIdx[deleteIdx.length - 1]!]! - stamps[deleteIdx[0]!]! : 0;
    return {
      branches,
      limitPerMinute,
      deleted: deletedList.length,
      failed: failedMatch ? Number(failedMatch[1]) : 0,
      left,
      requests: neon.requests.length,
      byOperation,
      rateLimited: neon.requests.filter((r) => r.status === 429).length,
      necessaryRequests,
      wallMs,
      boundMs,
      ratio: wallMs / boundMs,
      deletePhaseMs,
      exitCode: run.code,
      ...(run.code === 0
        ? {}
        : { error: run.stdout.match(/^::error::.*$/m)?.[0]?.slice(0, 300) ?? run.output.slice(-300) }),
    };
  } finally {
    await github.close();
    await neon.close().catch(() => undefined);
  }
}
