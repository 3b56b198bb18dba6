/**
 * The whole run: parse the common inputs, mask secrets, resolve the PR and branch, dispatch to one
 * command module, set outputs in one place, and hold the single `core.setFailed`.
 */
import * as core from '@actions/core';
import { loadCommand } from './commands/registry.js';
import type { CommandContext } from './commands/types.js';
import { defaultBranchName, headRefOf, isForkOrDependabot, resolvePrNumber, validateBranchName } from './github/context.js';
import { type CommonSettings, parseCommon } from './inputs/common.js';
import { InputError } from './inputs/errors.js';
import type { Reader } from './inputs/fields.js';
import { OUTPUTS, type OutputName } from './names.js';
import { NeonClient } from './neon/client.js';
import { type GitHubEnv, readGitHubEnv } from './runtime/github-env.js';
import { coreLogger } from './runtime/logger.js';
import { Secrets } from './runtime/secrets.js';
import { VERSION } from './version.js';

export interface RunDeps {
  read?: Reader;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

export async function run(deps: RunDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  const read: Reader = deps.read ?? ((name) => core.getInput(name));
  const secrets = new Secrets(core);
  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!abort.signal.aborted) core.warning(`Received ${signal}: stopping; no new request to Neon will start.`);
    abort.abort(new Error(`cancelled by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const written = new Set<OutputName>();
  const setOutput = (name: OutputName, value: string) => {
    const spec = OUTPUTS[name] as { secret?: boolean };
    if (spec.secret) secrets.add(value);
    else if (name !== 'response' && secrets.has(value)) throw new Error(`refusing to write a secret to the output ${name}`);
    core.setOutput(name, value);
    written.add(name);
  };
  try {
    // The key is masked before anything else can print it.
    secrets.add(read('api-key').trim() || env.NEON_API_KEY?.trim());
    const common = parseCommon(read, env);
    const github = readGitHubEnv(env);
    const prNumber = resolvePrNumber(github, common.prNumber === undefined ? undefined : String(common.prNumber)) ?? undefined;
    if (!common.apiKey) {
      if (isForkOrDependabot(github)) {
        core.notice('No Neon API key on a fork or Dependabot pull request: skipping (secrets are not passed to such runs).');
        setOutput('skipped', 'true');
        return;
      }
      throw new InputError('api-key', 'is required: pass secrets.NEON_API_KEY as api-key or set NEON_API_KEY');
    }
    const branchName = await resolveBranchName(common, github, prNumber);
    const neon = new NeonClient({
      apiKey: common.apiKey,
      apiHost: common.apiHost,
      requestTimeoutMs: common.requestTimeoutMs,
      budgetMs: common.timeoutMs,
      maxRequestsPerMinute: common.maxRequestsPerMinute,
      userAgent: `neon-preview-action/${VERSION}`,
      logger: coreLogger,
      signal: abort.signal,
    });
    const ctx: CommandContext = {
      common,
      read,
      neon,
      github,
      prNumber,
      branchName,
      log: coreLogger,
      secrets,
      signal: abort.signal,
      now: deps.now ?? Date.now,
      version: VERSION,
      setOutput,
    };
    const command = await loadCommand(common.command);
    const result = await command.run(ctx);
    for (const [name, value] of Object.entries(result.outputs ?? {}))
      if (value !== undefined) setOutput(name as OutputName, value);
    if (!written.has('skipped')) setOutput('skipped', 'false');
    if (result.failure) core.setFailed(secrets.redact(result.failure));
  } catch (error) {
    core.setFailed(secrets.redact(describe(error)));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function resolveBranchName(
  common: CommonSettings,
  github: GitHubEnv,
  prNumber: number | undefined,
): Promise<string | undefined> {
  if (common.branchName !== undefined) {
    const problem = validateBranchName(common.branchName);
    if (problem) throw new InputError('branch-name', problem);
    return common.branchName;
  }
  if (prNumber === undefined) return undefined;
  // issue_comment, merge_group and workflow_dispatch payloads carry no head ref: ask GitHub once
  const head = headRefOf(github) ?? (await headRefFromGitHub(common, github, prNumber));
  return defaultBranchName(prNumber, head, common.command === 'anonymize' ? '-anon' : undefined);
}

async function headRefFromGitHub(common: CommonSettings, github: GitHubEnv, prNumber: number): Promise<string> {
  if (!common.githubToken)
    throw new InputError('branch-name', `is required here: no head branch in the event and no github-token to look up PR #${prNumber}`);
  const { createOctokit } = await import('./github/octokit.js');
  const { getPull } = await import('./github/pulls.js');
  const octokit = createOctokit(common.githubToken, { apiUrl: github.apiUrl, logger: coreLogger });
  const pull = await getPull(octokit, github.repo.owner, github.repo.repo, prNumber);
  if (!pull) throw new InputError('pr-number', `names no pull request of ${github.repo.owner}/${github.repo.repo}: #${prNumber}`);
  return pull.headRef;
}

/** One line, never a stack trace. */
export function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] || error.name;
  return String(error);
}
