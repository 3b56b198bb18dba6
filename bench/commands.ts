/**
 * Each command once per operation time, through dist/index.js on a fresh local Neon (in-memory fake
 * data plane) and GitHub double: the Neon and GitHub calls it made, its wall time, and its overhead
 * over the least time the Neon operations it waits for could take back to back.
 */
import { startGitHubDouble } from '../test/github-double/server.js';
import { pullRequestEvent, runAction } from '../test/e2e/run-action.js';
import { type FakeDataPlane, type LocalNeon, startLocalNeon } from '../test/local-neon/index.js';
import { makeSyntheticPair } from '../test/schema/synthetic.js';

const TOKEN = 'ghs_bench_token_0123456789';
const REPO = 'acme/app';

interface Step {
  inputs: Record<string, string>;
  event?: { name: string; payload: unknown };
}

interface Scenario {
  command: string;
  /** What the measured run does, for the table. */
  what: string;
  operationMs: number[];
  /** Runs with operation time 0 before the measured run (e.g. the branch to reset). */
  prepare?: (neon: LocalNeon) => Promise<Step[]>;
  /** Run after `prepare`'s steps, before the measured run (e.g. a migration on the fake data plane). */
  afterPrepare?: (neon: LocalNeon) => void;
  measured: Step;
  /**
   * Waits that are not Neon operations but last the operation time too: on the local Neon an
   * anonymized branch starts masking one operation time after its create operations end, and the
   * masking run lasts one more.
   */
  extraWaits?: number;
  /** GitHub's answer time in the double (ms per request): what the PR comment's writes cost on github.com. */
  githubLatencyMs?: number;
}

const opened = pullRequestEvent(42, 'feature/bench');
const synchronize = pullRequestEvent(42, 'feature/bench', { action: 'synchronize' });
const closed = pullRequestEvent(42, 'feature/bench', { action: 'closed' });
const PREVIEW = 'preview/pr-42-feature-bench';
const createPreview: Step = { inputs: { command: 'create-branch' }, event: opened };
const schemaPair = makeSyntheticPair(40);

const fake = (neon: LocalNeon) => neon.dataPlane as FakeDataPlane;
const branchId = (neon: LocalNeon, name: string) => [...neon.state.branches.values()].find((b) => b.name === name)!.id;

export const SCENARIOS: Scenario[] = [
  {
    command: 'create-branch',
    what: 'new branch + compute, PR comment',
    operationMs: [500, 2000, 10_000],
    measured: createPreview,
  },
  {
    command: 'create-branch',
    what: 'rerun: branch exists',
    operationMs: [500, 2000],
    prepare: async () => [createPreview],
    measured: { inputs: { command: 'create-branch' }, event: synchronize },
  },
  // what the PR comment costs when GitHub answers as slowly as github.com does (the first write creates it, a rerun updates it)
  ...[150, 400].flatMap((githubLatencyMs): Scenario[] => [
    {
      command: 'create-branch',
      what: `new branch, PR comment created, GitHub ${githubLatencyMs} ms a request`,
      operationMs: [500],
      measured: createPreview,
      githubLatencyMs,
    },
    {
      command: 'create-branch',
      what: `rerun, PR comment updated, GitHub ${githubLatencyMs} ms a request`,
      operationMs: [500],
      prepare: async () => [createPreview],
      measured: { inputs: { command: 'create-branch' }, event: synchronize },
      githubLatencyMs,
    },
  ]),
  {
    command: 'reset-branch',
    what: 'reset to parent head',
    operationMs: [500, 2000],
    prepare: async () => [createPreview],
    measured: { inputs: { command: 'reset-branch' }, event: synchronize },
  },
  {
    command: 'compare-schema',
    what: '40-table schema, ~2 % changed',
    operationMs: [500, 2000],
    prepare: async (neon) => {
      fake(neon).setSchema(neon.defaultBranchId, 'neondb', schemaPair.before);
      return [createPreview];
    },
    afterPrepare: (neon) => fake(neon).setSchema(branchId(neon, PREVIEW), 'neondb', schemaPair.after),
    measured: { inputs: { command: 'compare-schema' }, event: synchronize },
  },
  {
    command: 'anonymize',
    what: 'new anonymized branch, 2 rules',
    operationMs: [500, 2000],
    measured: {
      inputs: {
        command: 'anonymize',
        'masking-rules':
          '- {table_name: customers, column_name: email, masking_function: anon.fake_email()}\n' +
          '- {table_name: customers, column_name: phone, masking_value: "\'REDACTED\'"}',
      },
      event: opened,
    },
    extraWaits: 2,
  },
  {
    command: 'snapshot',
    what: 'create a snapshot of main',
    operationMs: [500, 2000],
    measured: { inputs: { command: 'snapshot', 'branch-name': 'main', name: 'bench-snapshot' } },
  },
  {
    command: 'cleanup',
    what: "delete the PR's branch, comment",
    operationMs: [500, 2000],
    prepare: async () => [createPreview],
    measured: { inputs: { command: 'cleanup' }, event: closed },
  },
  {
    command: 'api',
    what: 'createProjectBranch, wait: true',
    operationMs: [500, 2000],
    measured: {
      inputs: {
        command: 'api',
        operation: 'createProjectBranch',
        params: '{"body": {"branch": {"name": "bench-api"}}}',
        wait: 'true',
      },
    },
  },
];

export interface CommandMeasurement {
  command: string;
  what: string;
  operationMs: number;
  neonCalls: number;
  githubCalls: number;
  /** Sequential operation batches (and masking runs) the run waited for. */
  waits: number;
  wallMs: number;
  /** `waits × operationMs`: the least time the run could take. */
  floorMs: number;
  overheadMs: number;
  /** 10 % of the floor plus 0.3 s (plus three GitHub round trips when GitHub is slow). */
  targetMs: number;
  exitCode: number | null;
  error?: string;
  /** How many times it ran; the figures are those of the run with the median wall time (or a failed run). */
  repeats?: number;
  /** With a slow GitHub: from sending the first comment write (POST or PATCH) to the end of the run. */
  commentMs?: number;
}

async function runStep(neon: LocalNeon, githubUrl: string, step: Step) {
  return runAction({
    inputs: {
      'api-key': neon.apiKey,
      'project-id': neon.projectId,
      'api-host': neon.apiUrl,
      'github-token': TOKEN,
      ...step.inputs,
    },
    event: step.event,
    repository: REPO,
    githubApiUrl: githubUrl,
    timeoutMs: 120_000,
  });
}

/** Operations started together share `startedMs`; batches that start apart were waited for one after another. */
function operationBatches(neon: LocalNeon, from: number): number {
  return new Set(neon.state.operations.slice(from).map((op) => op.startedMs)).size;
}

export async function measureScenario(scenario: Scenario, operationMs: number): Promise<CommandMeasurement> {
  const neon = await startLocalNeon({ dataPlane: 'none', operationMs: 0, validateResponses: false });
  // what `prepare` makes happened ten minutes ago, as on a real PR (a rerun comes minutes after the comment was made;
  // in the comment's first minute an update looks once more, see README "Concurrent jobs")
  let clockOffsetMs = 10 * 60_000;
  const github = await startGitHubDouble({
    token: TOKEN,
    owner: 'acme',
    repo: 'app',
    now: () => new Date(Date.now() - clockOffsetMs),
  });
  const latency = scenario.githubLatencyMs ?? 0;
  try {
    for (const step of (await scenario.prepare?.(neon)) ?? []) {
      const run = await runStep(neon, github.url, step);
      if (run.code !== 0) throw new Error(`preparing ${scenario.command} failed: ${run.output.slice(-600)}`);
    }
    await neon.settle();
    clockOffsetMs = 0;
    scenario.afterPrepare?.(neon);
    neon.setOperationMs(operationMs);
    github.setLatencyMs(latency);
    const requestsBefore = neon.requests.length;
    const githubBefore = github.requests.length;
    const operationsBefore = neon.state.operations.length;
    const started = performance.now();
    const run = await runStep(neon, github.url, scenario.measured);
    const wallMs = performance.now() - started;
    const ended = Date.now();
    const firstWrite = github.requests
      .slice(githubBefore)
      .find((r) => (r.method === 'POST' || r.method === 'PATCH') && /\/issues\/(\d+\/)?comments/.test(r.path));
    const waits = operationBatches(neon, operationsBefore) + (scenario.extraWaits ?? 0);
    const floorMs = waits * operationMs;
    const error = run.code === 0 ? undefined : (run.stdout.match(/^::error::.*$/m)?.[0] ?? run.output.slice(-300));
    return {
      command: scenario.command,
      what: scenario.what,
      operationMs,
      neonCalls: neon.requests.length - requestsBefore,
      githubCalls: github.requests.length - githubBefore,
      waits,
      wallMs,
      floorMs,
      overheadMs: wallMs - floorMs,
      // with a slow GitHub, three of its round trips on top: the comment's write and read-back, and the
      // identity and listing that a 0.5 s command does not hide
      targetMs: 0.1 * floorMs + 300 + 3 * latency,
      exitCode: run.code,
      ...(error ? { error } : {}),
      ...(latency && firstWrite ? { commentMs: ended - (firstWrite.at - latency) } : {}),
    };
  } finally {
    await github.close();
    neon.setOperationMs(0);
    await neon.close().catch(() => undefined);
  }
}

/** Every scenario at each of its operation times, `repeats` times each; keeps the run of median wall time. */
export async function measureCommands(
  repeats = 3,
  onEach?: (m: CommandMeasurement) => void,
): Promise<CommandMeasurement[]> {
  const out: CommandMeasurement[] = [];
  for (const scenario of SCENARIOS) {
    for (const operationMs of scenario.operationMs) {
      const runs: CommandMeasurement[] = [];
      for (let i = 0; i < repeats; i++) runs.push(await measureScenario(scenario, operationMs));
      const failed = runs.find((r) => r.exitCode !== 0);
      const chosen = failed ?? [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;
      const m = { ...chosen, repeats };
      onEach?.(m);
      out.push(m);
    }
  }
  return out;
}
