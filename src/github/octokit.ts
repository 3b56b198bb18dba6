/**
 * The one place an Octokit is built: @actions/github's client with the retry plugin and our
 * rate-limit waits (./rate-limit.ts says why not @octokit/plugin-throttling),
 * pointed at `GITHUB_API_URL` (GitHub Enterprise included) and honouring `HTTPS_PROXY`/`NO_PROXY`.
 * Callers pass the result to the comment and pull request helpers; nothing keeps it as a singleton.
 */
import { getOctokit } from '@actions/github';
import type { GitHub } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { type Dispatcher, EnvHttpProxyAgent, Response, fetch as undiciFetch } from 'undici';
import type { Logger } from '../runtime/logger.js';
import { isLoopbackHost } from '../basics/loopback.js';
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
  /**
   * Once aborted (SIGINT/SIGTERM, or the step's timeout) every request in flight ends, none starts,
   * and nothing is retried: a listing that pages forever stops with it.
   */
  signal?: AbortSignal;
  /** One request's time limit, from sending it to the last byte of its answer. Default 30 s. */
  requestTimeoutMs?: number;
  /** Answers larger than this are refused unread. Default 32 MB. */
  maxResponseBytes?: number;
}

/** The largest answer read from GitHub: a page of 100 comments of 65,536 characters is under 27 MB. */
export const MAX_GITHUB_RESPONSE_BYTES = 32 * 1024 * 1024;

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
      request: {
        fetch: proxyAwareFetch(
          apiUrl,
          options.requestTimeoutMs ?? 30_000,
          options.maxResponseBytes ?? MAX_GITHUB_RESPONSE_BYTES,
          options.signal,
        ),
      },
      // 429 joins plugin-retry's defaults: a rate limit is waited out by rateLimitPlugin, per GitHub's headers
      retry: {
        retries: options.retries ?? 3,
        retryAfterBaseValue: baseMs,
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      },
      log: {
        debug: (m: string) => logger.debug(m),
        info: (m: string) => logger.debug(m),
        warn: (m: string) => logger.warning(m),
        error: (m: string) => logger.warning(m),
      },
    },
    retry,
    rateLimitPlugin({
      logger,
      maxRetries,
      maxWaitSeconds: maxWait,
      baseMs,
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
}

/**
 * undici's fetch through `EnvHttpProxyAgent` (HTTP(S)_PROXY, NO_PROXY), with a time limit per
 * request that covers the whole body (undici's body timeout restarts on every chunk), a size cap, and
 * the run's signal; loopback hosts always go direct, as @actions/http-client does. The body is read
 * here, in full, so Octokit never meets a body cut short (it would take a truncated JSON page for "").
 */
function proxyAwareFetch(
  apiUrl: string,
  timeoutMs: number,
  maxBytes: number,
  runSignal: AbortSignal | undefined,
): typeof undiciFetch {
  let dispatcher: Dispatcher | undefined;
  const direct = isLoopback(apiUrl);
  return (async (input: any, init: any = {}) => {
    // an AbortError is not retried by Octokit's retry plugin: a stopped run starts no request at all
    if (runSignal?.aborted) throw stopped(runSignal);
    const signal = AbortSignal.any([
      AbortSignal.timeout(timeoutMs),
      ...(init.signal ? [init.signal] : []),
      ...(runSignal ? [runSignal] : []),
    ]);
    if (!direct) dispatcher ??= new EnvHttpProxyAgent();
    try {
      const response = await undiciFetch(input, { ...init, signal, ...(dispatcher ? { dispatcher } : {}) });
      const body = await readCapped(response, maxBytes);
      const copy = new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      Object.defineProperty(copy, 'url', { value: response.url });
      return copy;
    } catch (error) {
      if (runSignal?.aborted) throw stopped(runSignal);
      throw error;
    }
  }) as typeof undiciFetch;
}

function stopped(signal: AbortSignal): Error {
  const why = signal.reason instanceof Error ? signal.reason.message : 'the run was stopped';
  return Object.assign(new Error(`GitHub request not sent: ${why}`), { name: 'AbortError' });
}

/** The whole body, or an error once it passes `maxBytes` (announced or sent). Null for bodiless answers. */
async function readCapped(
  response: Awaited<ReturnType<typeof undiciFetch>>,
  maxBytes: number,
): Promise<Uint8Array | null> {
  if (response.body === null || [101, 204, 205, 304].includes(response.status)) return null;
  const tooLarge = () =>
    new Error(`GitHub's answer is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB this action reads`);
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body.cancel().catch(() => {});
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function isLoopback(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
