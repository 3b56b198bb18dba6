/**
 * The whole run: parse the common inputs, mask secrets, resolve the PR, parse the command's own
 * settings (once, before any request), resolve the branch, dispatch to one command module, set
 * outputs in one place, and hold the single `core.setFailed`.
 */
import * as core from '@actions/core';
import { Deadline } from './basics/deadline.js';
import { firstLine } from './basics/errors.js';
import { durationInput } from './inputs/duration.js';
import { loadCommand } from './commands/registry.js';
import type { CommandContext } from './commands/types.js';
import { gitHubOnce, type OpenGitHub } from './github/client-once.js';
import { defaultBranchName, headRefOf, isForkOrDependabot, resolvePrNumber } from './github/context.js';
import { apiKeyOf, type CommonSettings, parseCommon } from './inputs/common.js';
import { InputError } from './inputs/errors.js';
import type { Reader } from './inputs/fields.js';
import { checkName, MAX_BRANCH_NAME } from './inputs/identifiers.js';
import { type Command, INPUTS, OUTPUTS, type OutputName } from './names.js';
import { NeonClient } from './neon/client.js';
import { explainAccess } from './preview/access.js';
import { type GitHubEnv, readGitHubEnv } from './github/env.js';
import { createLogger, type Logger, neutralize } from './runtime/logger.js';
import { fitOutput } from './runtime/outputs.js';
import { Secrets } from './runtime/secrets.js';
import { VERSION } from './version.js';

export interface RunDeps {
  read?: Reader;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  /**
   * The process entry point: once stopped (a signal, or the step's timeout), end the process as soon
   * as the run has written its outputs and failure, whatever timer a library still holds; and end it
   * a few seconds after the timeout even if something does not heed the abort.
   */
  exitWhenStopped?: boolean;
}

/** After the step's timeout aborts everything, how long the run may take to write what it has. */
const GRACE_AFTER_TIMEOUT_MS = 5_000;

export async function run(deps: RunDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now;
  const read: Reader = deps.read ?? ((name) => core.getInput(name));
  const secrets = new Secrets(core);
  const coreLogger = createLogger((text) => secrets.redact(text));
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!abort.signal.aborted) coreLogger.warning(`Received ${signal}: stopping; no new request to Neon will start.`);
    abort.abort(new Error(`cancelled by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const timers: NodeJS.Timeout[] = [];
  const written = new Map<OutputName, string>();
  const setOutput = (name: OutputName, value: string) => {
    const spec = OUTPUTS[name] as { secret?: boolean };
    if (spec.secret) secrets.add(value);
    else if (name !== 'response' && secrets.has(value))
      throw new Error(`refusing to write a secret to the output ${name}`);
    // each output once: a value set early (so a cancelled run has it) is not written again
    if (written.get(name) === value) return;
    const fitted = fitOutput(name, value);
    if (fitted.notice) coreLogger.notice?.(fitted.notice);
    core.setOutput(name, fitted.value);
    written.set(name, value);
  };
  let neon: NeonClient | undefined;
  let projectId: string | undefined;
  let stepTimeout: Error | undefined;
  try {
    // The key is masked before anything else can print it.
    const apiKey = apiKeyOf(read, env);
    secrets.add(apiKey);
    const common = parseCommon(read, env, apiKey);
    projectId = common.projectId;
    warnUnusedInputs(common.command, read, coreLogger);
    // the timeout bounds the whole step: every request, wait and listing ends when it runs out
    stepTimeout = new Error(
      `the step's timeout (${durationInput(common.timeoutMs)}) ran out; raise the \`timeout\` input`,
    );
    const reason = stepTimeout;
    const deadline = Deadline.after(common.timeoutMs, { signal: abort.signal, message: stepTimeout.message });
    timers.push(setTimeout(() => abort.abort(reason), common.timeoutMs).unref());
    if (deps.exitWhenStopped)
      timers.push(
        setTimeout(() => {
          core.setFailed(neutralize(secrets.redact(`Stopped: ${stepTimeout?.message}`)));
          process.exit(1);
        }, common.timeoutMs + GRACE_AFTER_TIMEOUT_MS).unref(),
      );
    const github = readGitHubEnv(env);
    const prNumber = resolvePrNumber(github, common.prNumber);
    if (!common.apiKey) {
      if (isForkOrDependabot(github)) {
        coreLogger.notice?.(
          'No Neon API key on a fork or Dependabot pull request: skipping (secrets are not passed to such runs).',
        );
        setOutput('skipped', 'true');
        return;
      }
      throw new InputError('api-key', 'is required: pass secrets.NEON_API_KEY as api-key or set NEON_API_KEY');
    }
    const command = await loadCommand(common.command);
    const settings = await command.parseSettings({ read, common, now: now(), workspace: github.workspace });
    const openGitHub = gitHubOnce(
      common.githubToken,
      { apiUrl: github.apiUrl, logger: coreLogger, signal: abort.signal },
      () => new Error('no github-token'),
    );
    const branchName = await resolveBranchName(common, github, prNumber, openGitHub);
    neon = new NeonClient({
      apiKey: common.apiKey,
      apiHost: common.apiHost,
      requestTimeoutMs: common.requestTimeoutMs,
      deadline,
      maxRequestsPerMinute: common.maxRequestsPerMinute,
      userAgent: `neon-preview-action/${VERSION}`,
      logger: coreLogger,
      signal: abort.signal,
    });
    const ctx: CommandContext = {
      common,
      neon,
      github,
      openGitHub,
      prNumber,
      branchName,
      log: coreLogger,
      secrets,
      signal: abort.signal,
      deadline,
      now,
      version: VERSION,
      setOutput,
    };
    const result = await command.run(ctx, settings);
    for (const [name, value] of Object.entries(result.outputs ?? {}))
      if (value !== undefined) setOutput(name as OutputName, value);
    if (!written.has('skipped')) setOutput('skipped', 'false');
    // a command that carried on past the timeout (reporting what it could) still failed its job
    const failure =
      result.failure ?? (abort.signal.reason === stepTimeout ? `Stopped: ${stepTimeout.message}` : undefined);
    if (failure) core.setFailed(neutralize(secrets.redact(failure)));
  } catch (error) {
    const explained = neon && projectId && !abort.signal.aborted ? await explainAccess(neon, projectId, error) : error;
    core.setFailed(neutralize(secrets.redact(describe(explained))));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    for (const t of timers) clearTimeout(t);
    // a stopped run ends now: a library's pending retry timer must not hold the job for its wait
    if (abort.signal.aborted && deps.exitWhenStopped) setImmediate(() => process.exit());
  }
}

/** One warning per input the command does not read that was set to something other than its default. */
function warnUnusedInputs(command: Command, read: Reader, log: Logger): void {
  for (const [name, spec] of Object.entries(INPUTS)) {
    if (spec.commands === 'all' || (spec.commands as readonly Command[]).includes(command)) continue;
    const value = read(name).trim();
    const fallback = 'default' in spec ? spec.default : '';
    if (value !== '' && value !== fallback) log.warning(`\`${name}\` is not used by ${command}: it is ignored`);
  }
}

async function resolveBranchName(
  common: CommonSettings,
  github: GitHubEnv,
  prNumber: number | undefined,
  openGitHub: OpenGitHub,
): Promise<string | undefined> {
  if (common.branchName !== undefined) {
    return checkName('branch-name', common.branchName, MAX_BRANCH_NAME);
  }
  if (prNumber === undefined) return undefined;
  // issue_comment, merge_group and workflow_dispatch payloads carry no head ref: ask GitHub once
  const head = headRefOf(github) ?? (await headRefFromGitHub(common, github, prNumber, openGitHub));
  return defaultBranchName(prNumber, head, common.command === 'anonymize' ? '-anon' : undefined);
}

async function headRefFromGitHub(
  common: CommonSettings,
  github: GitHubEnv,
  prNumber: number,
  openGitHub: OpenGitHub,
): Promise<string> {
  if (!common.githubToken)
    throw new InputError(
      'branch-name',
      `is required here: no head branch in the event and no github-token to look up PR #${prNumber}`,
    );
  const { getPull } = await import('./github/pulls.js');
  const pull = await getPull(await openGitHub(), github.repo.owner, github.repo.repo, prNumber);
  if (!pull)
    throw new InputError(
      'pr-number',
      `names no pull request of ${github.repo.owner}/${github.repo.repo}: #${prNumber}`,
    );
  return pull.headRef;
}

/** One line, never a stack trace. */
export function describe(error: unknown): string {
  return firstLine(error);
}
