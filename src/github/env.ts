/** The GitHub event as the runner describes it, read from the environment without loading Octokit. */
import { readFileSync } from 'node:fs';
import type { EventContext } from './context.js';

export interface GitHubEnv extends EventContext {
  serverUrl: string;
  apiUrl: string;
  workspace: string;
  runnerTemp: string;
  /** `GITHUB_RUN_ID`; empty outside a runner. */
  runId: string;
}

export function readGitHubEnv(env: NodeJS.ProcessEnv): GitHubEnv {
  let payload: Record<string, any> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
    } catch {
      payload = {};
    }
  }
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload,
    repo: { owner, repo },
    actor: env.GITHUB_ACTOR ?? '',
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, ''),
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    runnerTemp: env.RUNNER_TEMP ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
  };
}
