import { setTimeout as delay } from 'node:timers/promises';
import { type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { NeonApiError, NeonCancelledError } from './errors.js';
import { InputError, shown } from '../inputs/errors.js';
import { isLoopbackHost, LOOPBACK_HOSTS_TEXT } from '../runtime/loopback.js';
import type { OperationId } from './generated/operations.js';
import type { Operations } from './generated/types.js';
import { type AttemptResult, headerValue, sendAttempt } from './http-attempt.js';
import { TokenBucket } from './rate-limiter.js';
import { type CallParams, type PreparedRequest, prepareRequest, type RawCallParams } from './request-builder.js';
import {
  type AttemptOutcome,
  backoffDelayMs,
  DEFAULT_BACKOFF,
  decideRetry,
  nextDelayMs,
  parseRetryAfterMs,
} from './retry-policy.js';

/** Where the client writes its story; the action wires it to @actions/core. */
export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
}

export interface NeonClientOptions {
  apiKey: string;
  /** Base URL, e.g. `https://console.neon.tech/api/v2`. */
  apiHost: string;
  /** Defaults to undici's EnvHttpProxyAgent, which honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  dispatcher?: Dispatcher;
  /** Limit for one HTTP request, from sending it to the last byte of its answer. */
  requestTimeoutMs: number;
  /** Overall budget (the `timeout` input) for retries and waits, counted from client creation. */
  budgetMs: number;
  maxRequestsPerMinute: number;
  userAgent: string;
  logger: Logger;
  signal?: AbortSignal;
  /** Requests that may go out back to back before pacing starts (default 10). */
  burst?: number;
  /** Upper bound on retries of one call, on top of the budget (default: only the budget bounds them). */
  maxRetries?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface CallOptions<R> {
  /**
   * For POST/PATCH/PUT: after a 502, 504 or network error the request may have been applied. The client
   * calls this to find out (e.g. look the created branch up by its exact name). A value is taken as the
   * result; `undefined` means nothing was applied, so the request is sent again.
   */
  reconcile?: () => Promise<R | undefined>;
}

export interface CallResult<T> {
  status: number;
  data: T;
  reconciled: false;
  requestId: string;
}

/** The result when a possibly-applied request was settled by the caller's `reconcile()`. */
export interface ReconciledResult<R> {
  status: 0;
  data: R;
  reconciled: true;
}

const DEFAULT_BURST = 10;

export class NeonClient {
  readonly dispatcher: Dispatcher;
  /** Absolute time (per `now()`) when the overall budget runs out. */
  readonly deadline: number;
  readonly logger: Logger;
  readonly now: () => number;
  private readonly options: NeonClientOptions;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly random: () => number;
  private readonly rawSleep: (ms: number) => Promise<void>;
  private readonly bucket: TokenBucket;

  constructor(options: NeonClientOptions) {
    const url = parseApiHost(options.apiHost);
    this.options = options;
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.dispatcher = options.dispatcher ?? new EnvHttpProxyAgent();
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.rawSleep = options.sleep ?? ((ms) => delay(ms));
    this.deadline = this.now() + options.budgetMs;
    this.bucket = new TokenBucket({
      requestsPerMinute: options.maxRequestsPerMinute,
      burst: options.burst ?? DEFAULT_BURST,
      now: this.now,
      sleep: (ms) => this.sleep(ms),
    });
  }

  /**
   * The same client (host, key, rate, user agent, logger) without the run's cancel signal and with a
   * budget of its own: for deleting what the run made after it was cancelled or its budget was spent.
   */
  detached(budgetMs: number): NeonClient {
    const { signal: _signal, ...options } = this.options;
    return new NeonClient({ ...options, budgetMs });
  }

  /** Milliseconds left of the overall budget (never negative). */
  remainingBudgetMs(): number {
    return Math.max(0, this.deadline - this.now());
  }

  /** Waits, ending at once with NeonCancelledError when the client's signal aborts. */
  async sleep(ms: number): Promise<void> {
    const signal = this.options.signal;
    if (signal?.aborted) throw new NeonCancelledError('Waiting on the Neon API', signal.reason);
    if (!signal) return this.rawSleep(ms);
    if (!this.options.sleep) {
      // the timer itself is cleared on abort, so a stopped run is not held for a Retry-After
      try {
        await delay(ms, undefined, { signal });
        return;
      } catch (e) {
        if (signal.aborted) throw new NeonCancelledError('Waiting on the Neon API', signal.reason);
        throw e;
      }
    }
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new NeonCancelledError('Waiting on the Neon API', signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.rawSleep(ms), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Calls one operation of the Neon API v2, with pacing, retries and the error rules of this client. */
  call<Id extends OperationId, R = never>(
    id: Id,
    params: CallParams<Id>,
    options?: CallOptions<R>,
  ): Promise<CallResult<Operations[Id]['response']> | ReconciledResult<R>> {
    return this.callRaw(id, params as RawCallParams, options as CallOptions<unknown>) as Promise<
      CallResult<Operations[Id]['response']> | ReconciledResult<R>
    >;
  }

  /**
   * The same as `call`, untyped: for an operationId and parameters that come from the user (the `api`
   * command). Unknown operations and missing path/query/body parameters fail before any request.
   */
  async callRaw(
    id: string,
    params: RawCallParams,
    options: CallOptions<unknown> = {},
  ): Promise<CallResult<unknown> | ReconciledResult<unknown>> {
    const request = prepareRequest(id, params);
    for (let retry = 0; ; retry++) {
      const attempt = await this.attempt(request);
      if (attempt.kind === 'response' && attempt.status >= 200 && attempt.status < 300) {
        const data = this.parseSuccess(request, attempt);
        return { status: attempt.status, data, reconciled: false, requestId: attempt.requestId };
      }
      const settled = await this.afterFailure(request, attempt, retry, options.reconcile);
      if (settled) return settled;
    }
  }

  /** One paced HTTP exchange; throws NeonCancelledError when the signal fired before or during it. */
  private async attempt(request: PreparedRequest): Promise<Exclude<AttemptResult, { kind: 'aborted' }>> {
    this.throwIfCancelled(request);
    await this.bucket.take();
    this.throwIfCancelled(request);
    const started = this.now();
    const attempt = await sendAttempt(this.attemptSettings(), request);
    this.logAttempt(request, attempt, this.now() - started);
    if (attempt.kind === 'aborted') {
      throw new NeonCancelledError(`Neon API ${request.method} ${request.path}`, this.options.signal?.reason);
    }
    return attempt;
  }

  /**
   * After a failed attempt: throws when the failure is final, waits before a retry, or settles the call
   * through `reconcile` when a POST/PATCH/PUT may have been applied. Resolves undefined to retry.
   */
  private async afterFailure(
    request: PreparedRequest,
    attempt: Exclude<AttemptResult, { kind: 'aborted' }>,
    retry: number,
    reconcile: (() => Promise<unknown>) | undefined,
  ): Promise<ReconciledResult<unknown> | undefined> {
    const outcome: AttemptOutcome =
      attempt.kind === 'response'
        ? { kind: 'status', status: attempt.status }
        : { kind: 'network', code: attempt.code };
    const decision = decideRetry(request.method, outcome);
    if (decision === 'fail') throw this.toError(request, attempt);
    if (decision === 'reconcile' && !reconcile) throw this.toError(request, attempt, { mayHaveBeenApplied: true });

    const retryAfterMs =
      attempt.kind === 'response'
        ? parseRetryAfterMs(headerValue(attempt.headers, 'retry-after'), this.now())
        : undefined;
    const delayMs = nextDelayMs(backoffDelayMs(retry, this.random, DEFAULT_BACKOFF), retryAfterMs);
    const outOfRetries = this.options.maxRetries !== undefined && retry >= this.options.maxRetries;
    const outOfBudget = this.now() + delayMs > this.deadline;
    if (outOfRetries || outOfBudget) {
      const found = decision === 'reconcile' ? await reconcile!() : undefined;
      if (found !== undefined) return this.reconciled(request, found);
      const note = outOfRetries
        ? `gave up after ${retry + 1} attempts`
        : `gave up after ${retry + 1} attempts: waiting ${formatMs(delayMs)} more would pass the timeout budget`;
      throw this.toError(request, attempt, { mayHaveBeenApplied: decision === 'reconcile', note });
    }

    const what = `Neon API ${request.method} ${request.path} ${describeOutcome(attempt)}`;
    if (decision === 'retry') {
      this.logger.info(`${what}; retry ${retry + 1} in ${formatMs(delayMs)}`);
      await this.sleep(delayMs);
      return undefined;
    }
    this.logger.info(`${what}; it may have been applied, checking in ${formatMs(delayMs)} before sending it again`);
    await this.sleep(delayMs);
    const found = await reconcile!();
    if (found !== undefined) return this.reconciled(request, found);
    this.logger.debug(`Neon API ${request.method} ${request.path}: nothing was applied, sending it again`);
    return undefined;
  }

  private reconciled(request: PreparedRequest, data: unknown): ReconciledResult<unknown> {
    this.logger.info(`Neon API ${request.method} ${request.path}: found its result, not sending it again`);
    return { status: 0, data, reconciled: true };
  }

  private attemptSettings() {
    return {
      dispatcher: this.dispatcher,
      origin: this.origin,
      basePath: this.basePath,
      timeoutMs: this.options.requestTimeoutMs,
      signal: this.options.signal,
      headers: {
        authorization: `Bearer ${this.options.apiKey}`,
        accept: 'application/json',
        'user-agent': this.options.userAgent,
      },
    };
  }

  private throwIfCancelled(request: PreparedRequest): void {
    const signal = this.options.signal;
    if (signal?.aborted) {
      throw new NeonCancelledError(`Neon API ${request.method} ${request.path}`, signal.reason);
    }
  }

  private parseSuccess(request: PreparedRequest, attempt: Extract<AttemptResult, { kind: 'response' }>): unknown {
    if (attempt.status === 204 || attempt.text.trim() === '') return undefined;
    try {
      return JSON.parse(attempt.text);
    } catch {
      throw new NeonApiError({
        status: attempt.status,
        code: '',
        apiMessage: 'the response body is not JSON',
        requestId: attempt.requestId,
        method: request.method,
        path: request.path,
      });
    }
  }

  private toError(
    request: PreparedRequest,
    attempt: Exclude<AttemptResult, { kind: 'aborted' }>,
    extra: { mayHaveBeenApplied?: boolean; note?: string } = {},
  ): NeonApiError {
    if (attempt.kind === 'network') {
      return new NeonApiError({
        status: 0,
        code: attempt.code,
        apiMessage: this.redact(attempt.message),
        requestId: attempt.requestId,
        method: request.method,
        path: request.path,
        cause: attempt.error,
        ...extra,
      });
    }
    const body = parseErrorBody(attempt.text);
    return new NeonApiError({
      status: attempt.status,
      code: this.redact(body.code),
      apiMessage: this.redact(body.message || attempt.text.slice(0, 300).trim() || `HTTP ${attempt.status}`),
      requestId: body.requestId || headerValue(attempt.headers, 'x-request-id') || attempt.requestId,
      method: request.method,
      path: request.path,
      ...extra,
    });
  }

  private redact(text: string): string {
    const key = this.options.apiKey;
    return key ? text.split(key).join('***') : text;
  }

  private logAttempt(request: PreparedRequest, attempt: AttemptResult, elapsedMs: number): void {
    const outcome =
      attempt.kind === 'response' ? String(attempt.status) : attempt.kind === 'network' ? attempt.code : 'aborted';
    this.logger.debug(
      `Neon API ${request.method} ${request.path} -> ${outcome} in ${formatMs(elapsedMs)} (request id ${attempt.requestId})`,
    );
  }
}

/**
 * The API key travels in a header, so plain http is only allowed to a server on this machine: the
 * same rule, and the same one-line error naming the input, as the inputs' check.
 */
function parseApiHost(apiHost: string): URL {
  let url: URL;
  try {
    url = new URL(apiHost);
  } catch {
    throw new InputError(
      'api-host',
      `accepts an https:// URL such as https://console.neon.tech/api/v2; got ${shown(apiHost)}`,
    );
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new InputError(
    'api-host',
    `must use https:// (plain http:// only for a loopback host: ${LOOPBACK_HOSTS_TEXT}); got ${shown(url.origin)}`,
  );
}

function parseErrorBody(text: string): { code: string; message: string; requestId: string } {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value && typeof value === 'object') {
      return {
        code: typeof value.code === 'string' ? value.code : '',
        message: typeof value.message === 'string' ? value.message : '',
        requestId: typeof value.request_id === 'string' ? value.request_id : '',
      };
    }
  } catch {
    // not JSON: the caller falls back to the raw text
  }
  return { code: '', message: '', requestId: '' };
}

function describeOutcome(attempt: Exclude<AttemptResult, { kind: 'aborted' }>): string {
  return attempt.kind === 'response' ? `answered ${attempt.status}` : `failed with ${attempt.code}`;
}

/** `850 ms`, `1.2 s`, `2 min 5 s`: short durations for log lines. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
}
