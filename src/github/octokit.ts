/**
 * The one place an Octokit is built: @actions/github's client with Octokit's own retry and throttling
 * plugins, pointed at `GITHUB_API_URL` (GitHub Enterprise included) and honouring
 * `HTTP(S)_PROXY`/`NO_PROXY` through undici's `EnvHttpProxyAgent`. A run makes one (src/github/client-once.ts)
 * and passes it to the comment and pull request helpers; nothing keeps it as a singleton.
 *
 * Rate limits are @octokit/plugin-throttling's, as GitHub's REST documentation asks: a secondary
 * limit (a 403 or 429 saying "secondary rate limit") is waited out for its `retry-after` (one
 * minute without it), a primary limit (`x-ratelimit-remaining: 0`) until `x-ratelimit-reset`; any
 * other 403 is a permission answer and is thrown at once. The handlers below only decide whether to
 * wait (bounded retries, not past `maxRateLimitWaitSeconds`, never once the run is stopped) and do the
 * wait themselves, so that a cancelled run stops waiting at once.
 *
 * The plugin's default groups also space every write a second apart (three for a new comment), the
 * pacing GitHub asks of clients that make many writes. A run makes a handful, in sequence, and that
 * pacing cost a PR comment 0.7 s to 3 s (bench row "PR comment created", and a second comment waited
 * 3 s): writes here go one at a time, unspaced, through the plugin's own `write` and `notifications` options.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { getOctokit } from '@actions/github';
import type { GitHub } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { Agent, type Dispatcher, EnvHttpProxyAgent, Response, fetch as undiciFetch } from 'undici';
import type { Logger } from '../runtime/logger.js';
import { isLoopbackHost } from '../basics/loopback.js';
import { VERSION } from '../version.js';

export type GitHubClient = InstanceType<typeof GitHub>;

export interface CreateOctokitOptions {
  /** `GITHUB_API_URL`, e.g. `https://api.github.com` or `https://ghe.example.com/api/v3`. */
  apiUrl: string;
  logger: Logger;
  userAgent?: string;
  /** Retries of a rate-limited request (secondary or primary limit) before giving up. Default 2. */
  maxRateLimitRetries?: number;
  /** A rate limit asking for a longer wait than this is not waited for. Default 60 s. */
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

/** What the throttling plugin hands its handlers: the request's method and URL template. */
type ThrottledRequest = { method?: string; url?: string };

export function createOctokit(token: string, options: CreateOctokitOptions): GitHubClient {
  const { logger, signal } = options;
  const maxRetries = options.maxRateLimitRetries ?? 2;
  const maxWait = options.maxRateLimitWaitSeconds ?? 60;
  const baseMs = options.retryAfterBaseMs ?? 1000;
  const apiUrl = options.apiUrl.replace(/\/+$/, '');

  /** Whether to retry after a rate limit; the wait happens here, cut short when the run stops. */
  const waitOut =
    (name: string) => async (waitSeconds: number, request: ThrottledRequest, _octokit: unknown, retryCount: number) => {
      const what = `${request.method ?? 'GET'} ${shownUrl(request.url ?? '')}`;
      if (signal?.aborted) return false;
      if (waitSeconds > maxWait) {
        const when = name === 'GitHub rate limit' ? `resets in ${waitSeconds}s` : `asks to wait ${waitSeconds}s`;
        logger.warning(`${name} on ${what}: ${when}, not waiting`);
        return false;
      }
      if (retryCount >= maxRetries) {
        logger.warning(`${name} on ${what}: giving up after ${retryCount} retries`);
        return false;
      }
      logger.info(`${name} on ${what}: waiting ${waitSeconds}s (retry ${retryCount + 1} of ${maxRetries})`);
      await delay(waitSeconds * baseMs, undefined, signal ? { signal } : {}).catch(() => {});
      return !signal?.aborted;
    };

  return getOctokit(
    token,
    {
      baseUrl: apiUrl,
      userAgent: options.userAgent ?? `neon-preview-action/${VERSION}`,
      request: {
        fetch: readingFetch(
          dispatcherFor(apiUrl, options.maxResponseBytes ?? MAX_GITHUB_RESPONSE_BYTES),
          options.requestTimeoutMs ?? 30_000,
          options.maxResponseBytes ?? MAX_GITHUB_RESPONSE_BYTES,
          signal,
        ),
      },
      throttle: {
        onRateLimit: waitOut('GitHub rate limit'),
        onSecondaryRateLimit: waitOut('GitHub secondary rate limit'),
        // the handlers above have waited already
        retryAfterBaseValue: 0,
        write: new Bottleneck.Group({ maxConcurrent: 1 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1 }),
      },
      // rate limits (403, 429) are the throttling plugin's alone: retried here too, they would multiply
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
    throttling,
  );
}

/**
 * undici's own dispatchers: `EnvHttpProxyAgent` (HTTP(S)_PROXY, NO_PROXY), or straight to a loopback
 * host, as @actions/http-client does; both refuse an answer over `maxBytes`.
 */
function dispatcherFor(apiUrl: string, maxBytes: number): Dispatcher {
  const limits = { maxResponseSize: maxBytes };
  return isLoopback(apiUrl) ? new Agent(limits) : new EnvHttpProxyAgent(limits);
}

/**
 * undici's fetch through `dispatcher`, with the run's signal and a time limit per request that covers
 * the whole body (undici's body timeout restarts on every chunk). The body is read here, in full:
 * @octokit/request reads a body cut short (a timeout, the size cap) as an empty answer, and here it
 * fails instead.
 */
function readingFetch(
  dispatcher: Dispatcher,
  timeoutMs: number,
  maxBytes: number,
  runSignal: AbortSignal | undefined,
): typeof undiciFetch {
  return (async (input: any, init: any = {}) => {
    // an AbortError is not retried by Octokit's retry plugin: a stopped run starts no request at all
    if (runSignal?.aborted) throw stopped(runSignal);
    const signal = AbortSignal.any([
      AbortSignal.timeout(timeoutMs),
      ...(init.signal ? [init.signal] : []),
      ...(runSignal ? [runSignal] : []),
    ]);
    try {
      const response = await undiciFetch(input, { ...init, signal, dispatcher });
      const bodiless = response.body === null || [101, 204, 205, 304].includes(response.status);
      const body = bodiless ? null : await response.arrayBuffer();
      const copy = new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      Object.defineProperty(copy, 'url', { value: response.url });
      return copy;
    } catch (error) {
      if (runSignal?.aborted) throw stopped(runSignal);
      if (causes(error).some((e) => e.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE'))
        throw new Error(
          `GitHub's answer is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB this action reads`,
        );
      throw error;
    }
  }) as typeof undiciFetch;
}

/** An error and its chain of causes (undici's fetch wraps the dispatcher's error in a TypeError). */
function causes(error: unknown): { code?: string }[] {
  const chain: { code?: string }[] = [];
  for (let e = error as { code?: string; cause?: unknown } | undefined; e && chain.length < 5; e = e.cause as never)
    chain.push(e);
  return chain;
}

function stopped(signal: AbortSignal): Error {
  const why = signal.reason instanceof Error ? signal.reason.message : 'the run was stopped';
  return Object.assign(new Error(`GitHub request not sent: ${why}`), { name: 'AbortError' });
}

/** A route template as is (`/repos/{owner}/…`); a full URL (a paginated request) as its path, without the query. */
function shownUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) return url;
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function isLoopback(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
