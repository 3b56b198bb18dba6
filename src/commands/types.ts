/** What every command module receives and returns. Commands decide; `run()` sets outputs and fails. */
import type { OpenGitHub } from '../github/client-once.js';
import type { Deadline } from '../basics/deadline.js';
import type { CommonSettings } from '../inputs/common.js';
import type { Reader } from '../inputs/fields.js';
import type { OutputName } from '../names.js';
import type { NeonClient } from '../neon/client.js';
import type { GitHubEnv } from '../github/env.js';
import type { Logger } from '../runtime/logger.js';
import type { Secrets } from '../runtime/secrets.js';

export interface CommandContext {
  common: CommonSettings;
  neon: NeonClient;
  github: GitHubEnv;
  /** The run's one GitHub client, made on first use; rejects without a github-token. */
  openGitHub: OpenGitHub;
  /** The pull request this run is about, when there is one. */
  prNumber: number | undefined;
  /** The preview branch name: the input, or the default from the PR; undefined outside PRs without the input. */
  branchName: string | undefined;
  log: Logger;
  secrets: Secrets;
  /** Aborted on SIGINT/SIGTERM: start no new mutation. */
  signal: AbortSignal;
  /** The step's deadline (the `timeout` input): how long every wait, retry and connection may still take. */
  deadline: Deadline;
  now: () => number;
  version: string;
  /** Sets an output at once (so a cancelled run still writes what it has); secrets are masked first. */
  setOutput(name: OutputName, value: string): void;
}

export interface CommandResult {
  /** Set at the end; outputs already given to setOutput need not be repeated. */
  outputs?: Partial<Record<OutputName, string>>;
  /** When set, the step fails with this one line after everything else was written. */
  failure?: string;
}

/** What a command's settings are parsed from: the inputs, the common settings, the clock, the checked-out workspace. */
export interface SettingsSource {
  read: Reader;
  /** For rules across inputs: `comment` (approve-label needs it) and the step's `timeout`. */
  common: Pick<CommonSettings, 'comment' | 'timeoutMs'>;
  now: number;
  /** The checked-out repository (GITHUB_WORKSPACE), where input files are read from. */
  workspace: string;
}

/**
 * A command: `parseSettings` reads and checks its inputs into one typed settings object, once, in main.ts
 * before any request (a bad input is one line naming it); `run` does the work with them.
 */
export interface CommandModule<S> {
  parseSettings(from: SettingsSource): S | Promise<S>;
  run(ctx: CommandContext, settings: S): Promise<CommandResult>;
}
