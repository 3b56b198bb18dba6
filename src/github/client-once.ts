/**
 * The run's one GitHub client: made on first use (so a command that never talks to GitHub never loads
 * Octokit), then the same client for every caller, its throttling queues and retries shared. `main.ts`
 * makes the opener once and hands it down; nothing below builds an Octokit of its own.
 */
import type { CreateOctokitOptions, GitHubClient } from './octokit.js';

export type OpenGitHub = () => Promise<GitHubClient>;

/** An opener of the one client; it fails with `missing` (once asked) when there is no token. */
export function gitHubOnce(token: string | undefined, options: CreateOctokitOptions, missing: () => Error): OpenGitHub {
  let client: Promise<GitHubClient> | undefined;
  return () =>
    (client ??= token
      ? import('./octokit.js').then(({ createOctokit }) => createOctokit(token, options))
      : Promise.reject(missing()));
}
