/**
 * The one place an Octokit is built: @actions/github's client with the retry plugin and our
 * rate-limit waits (./rate-limit.ts says why not @octokit/plugin-throttling),
 * pointed at `GITHUB_API_URL` (GitHub Enterprise included) and honouring `HTTPS_PROXY`/`NO_PROXY`.
 * Callers pass the result to the comment and pull request helpers; nothing keeps it as a singleton.
 */
import { getOctokit } from '@actions/github';
import type { GitHub } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { type Dispatcher, EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import type { Logger } from '../runtime/logger.js';
import { VERSION } from '../version.js';
import { rateLimitPlugin } from './rate-limit.js';

export type GitHubClient = InstanceType<typeof GitHub>;

export interface CreateOctokitOptions {
  /** `GITHUB_API_URL`, e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  apiUrl: string;
  logger: Logger;
  userAgent?: string;
  /** Retries of a rate-limited request (secondary or primary limit) before giving up. Default 2. */
  maxRateLimitRetries?: number;
  /** A primary rate limit resetting later than this is not waited for. Default 60 s. */
  maxRateLimitWaitSeconds?: number;
  /** Retries of a 5xx or network failure (plugin-retry). Default 3. */
  retries?: number;
  /** Milliseconds per "second" of every wait: 1000 in production, small in tests. */
  retryAfterBaseMs?: number;
  /** Once aborted (SIGINT/SIGTERM), a rate-limited request is not retried. */
  signal?: AbortSignal;
  /** One request's time limit, so a hung connection cannot stall the job. Default 30 s. */
  requestTimeoutMs?: number;
}

export function createOctokit(token: string, options: CreateOctokitOptions): GitHubClient {
  const { logger } = options;
  const maxRetries = options.maxRateLimitRetries ?? 2;
  const maxWait = options.maxRateLimitWaitSeconds ?? 60;
  const baseMs = options.retryAfterBaseMs ?? 1000;
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  return getOctokit(
    token,
    {
      baseUrl: apiUrl,
      userAgent: options.userAgent ?? `neon-preview-action/${VERSION}`,
      request: { fetch: proxyAwareFetch(apiUrl, options.requestTimeoutMs ?? 30_000) },
      // 429 joins plugin-retry's defaults: a rate limit is waited out by rateLimitPlugin, per GitHub's headers
      retry: { retries: options.retries ?? 3, retryAfterBaseValue: baseMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      log: {
        debug: (m: string) => logger.debug(m),
        info: (m: string) => logger.debug(m),
        warn: (m: string) => logger.warning(m),
        error: (m: string) => logger.warning(m),
      },
    },
    retry,
    rateLimitPlugin({ logger, maxRetries, maxWaitSeconds: maxWait, baseMs, ...(options.signal ? { signal: options.signal } : {}) }),
  );
}

/**
 * undici's fetch through `EnvHttpProxyAgent` (HTTP(S)_PROXY, NO_PROXY), with a time limit per
 * request; loopback hosts always go direct, as @actions/http-client does.
 */
function proxyAwareFetch(apiUrl: string, timeoutMs: number): typeof undiciFetch {
  let dispatcher: Dispatcher | undefined;
  const direct = isLoopback(apiUrl);
  return ((input: any, init: any = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    if (!direct) dispatcher ??= new EnvHttpProxyAgent();
    return undiciFetch(input, { ...init, signal, ...(dispatcher ? { dispatcher } : {}) });
  }) as typeof undiciFetch;
}

function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '::1';
}
