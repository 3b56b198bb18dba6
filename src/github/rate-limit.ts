/**
 * GitHub's rate-limit answers, waited out as GitHub's REST documentation asks ("Rate limits for the
 * REST API", best practices):
 * - a primary limit is a 403 or 429 with `x-ratelimit-remaining: 0`: wait until `x-ratelimit-reset`
 *   (epoch seconds), when that is near enough;
 * - a secondary limit is a 403 or 429 saying "secondary rate limit", or any 429: wait `retry-after`
 *   seconds when given, else until the reset when remaining is 0, else one minute.
 * A 403 with none of these is a permission answer and is thrown at once.
 *
 * An Octokit request hook rather than @octokit/plugin-throttling: that plugin sends every request
 * through two or three Bottleneck queues, whose timer hops cost about 10 ms a request even when
 * nothing is limited (about 30 ms of a PR comment's create-and-check, a tenth of compare-schema's
 * whole budget), for concurrency pacing that the action's few sequential requests never need.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../runtime/logger.js';

export interface RateLimitOptions {
  logger: Logger;
  /** Waits per request before giving up. */
  maxRetries: number;
  /** A limit resetting later than this many seconds is not waited for. */
  maxWaitSeconds: number;
  /** Milliseconds per second of waiting: 1000, or small in tests. */
  baseMs: number;
  /** Once aborted, nothing is retried (a cancelled run starts no new request). */
  signal?: AbortSignal;
  /** Seconds since the epoch (tests). */
  nowSeconds?: () => number;
}

export interface RateLimit {
  kind: 'primary' | 'secondary';
  /** Seconds to wait before retrying. */
  waitSeconds: number;
}

/** Octokit's request hook, as far as this plugin looks: the options' method and URL template. */
type RequestOptions = { method?: string; url?: string } & Record<string, any>;
type RequestFn = (options: any) => any;

/** Whether `error` is a rate-limit answer, and how long GitHub asks to wait. */
export function rateLimitOf(error: unknown, nowSeconds: number): RateLimit | undefined {
  const e = error as {
    status?: number;
    message?: string;
    response?: { headers?: Record<string, string | number | undefined> };
  };
  if (e?.status !== 403 && e?.status !== 429) return undefined;
  const headers = e.response?.headers ?? {};
  const header = (name: string) => (headers[name] === undefined ? undefined : String(headers[name]));
  const exhausted = header('x-ratelimit-remaining') === '0';
  const kind = /secondary rate limit/i.test(e.message ?? '')
    ? 'secondary'
    : exhausted
      ? 'primary'
      : e.status === 429 || header('retry-after') !== undefined
        ? 'secondary'
        : undefined;
  if (!kind) return undefined;
  const retryAfter = secondsOf(header('retry-after'), nowSeconds);
  if (retryAfter !== undefined) return { kind, waitSeconds: retryAfter };
  const reset = Number(header('x-ratelimit-reset'));
  if (exhausted && Number.isFinite(reset)) return { kind, waitSeconds: Math.max(0, Math.ceil(reset - nowSeconds)) };
  return { kind, waitSeconds: 60 };
}

/** `Retry-After` in seconds or as an HTTP-date, as whole seconds from now. */
function secondsOf(value: string | undefined, nowSeconds: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Date.parse(value) / 1000 - nowSeconds;
  return Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : undefined;
}

/** The Octokit plugin: `getOctokit(token, options, …, rateLimitPlugin(options))`. */
export function rateLimitPlugin(options: RateLimitOptions) {
  const now = options.nowSeconds ?? (() => Date.now() / 1000);
  return (octokit: {
    hook: { wrap(name: 'request', fn: (request: RequestFn, o: RequestOptions) => Promise<any>): void };
  }) => {
    octokit.hook.wrap('request', async (request, requestOptions) => {
      const what = `${requestOptions.method ?? 'GET'} ${shownUrl(requestOptions.url ?? '')}`;
      for (let retries = 0; ; retries++) {
        try {
          return await request(requestOptions);
        } catch (error) {
          const limit = rateLimitOf(error, now());
          if (!limit || options.signal?.aborted) throw error;
          const name = limit.kind === 'secondary' ? 'GitHub secondary rate limit' : 'GitHub rate limit';
          if (limit.waitSeconds > options.maxWaitSeconds) {
            const when =
              limit.kind === 'primary' ? `resets in ${limit.waitSeconds}s` : `asks to wait ${limit.waitSeconds}s`;
            options.logger.warning(`${name} on ${what}: ${when}, not waiting`);
            throw error;
          }
          if (retries >= options.maxRetries) {
            options.logger.warning(`${name} on ${what}: giving up after ${retries} retries`);
            throw error;
          }
          options.logger.info(
            `${name} on ${what}: waiting ${limit.waitSeconds}s (retry ${retries + 1} of ${options.maxRetries})`,
          );
          // a cancelled run stops waiting at once, and retries nothing
          await delay(
            limit.waitSeconds * options.baseMs,
            undefined,
            options.signal ? { signal: options.signal } : {},
          ).catch(() => {});
          if (options.signal?.aborted) throw error;
        }
      }
    });
    return {};
  };
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
