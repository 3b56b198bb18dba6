import { afterEach } from 'vitest';
import { createOctokit, type CreateOctokitOptions } from '../../src/github/octokit.js';
import type { Logger } from '../../src/runtime/logger.js';
import { type GitHubDouble, type GitHubDoubleOptions, startGitHubDouble } from '../github-double/server.js';

export const TOKEN = 'ghs_testtoken0123456789';
export const OWNER = 'acme';
export const REPO = 'shop';

export interface RecordingLogger extends Logger {
  lines: { level: 'info' | 'debug' | 'warning' | 'notice'; message: string }[];
  warnings(): string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    debug: (message) => lines.push({ level: 'debug', message }),
    warning: (message) => lines.push({ level: 'warning', message }),
    notice: (message) => lines.push({ level: 'notice', message }),
    warnings: () => lines.filter((l) => l.level === 'warning').map((l) => l.message),
  };
}

const open: GitHubDouble[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((d) => d.close()));
});

/** A double closed after the test. */
export async function double(options: Partial<GitHubDoubleOptions> = {}): Promise<GitHubDouble> {
  const d = await startGitHubDouble({ token: TOKEN, owner: OWNER, repo: REPO, ...options });
  open.push(d);
  return d;
}

/** A real Octokit against the double; its waits (rate limits, retries) last a millisecond a second. */
export function octokitFor(d: GitHubDouble, logger: Logger, options: Partial<CreateOctokitOptions> = {}) {
  return createOctokit(TOKEN, { apiUrl: d.url, logger, retryAfterBaseMs: 1, ...options });
}
