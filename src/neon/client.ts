import { type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { sleepUnless, systemClock } from '../basics/clock.js';
import { Deadline } from '../basics/deadline.js';
import { formatDuration } from '../basics/format.js';
import type { Logger } from '../basics/logger.js';
import { redact } from '../basics/redact.js';
import { NeonApiError, NeonCancelledError } from './errors.js';
import { InputError, shown } from '../inputs/errors.js';
import { isSecureOrLoopback, LOOPBACK_HOSTS_TEXT } from '../basics/loopback.js';
import type { OperationId } from './generated/operations.js';
import { type AttemptResult, headerValue, sendAttempt } from './http-attempt.js';
import { TokenBucket } from './rate-limiter.js';
import { checkResponse, type ResponseOf } from './schemas.js';
import { type CallParams, type PreparedRequest, prepareRequest, type RawCallParams } from './request-builder.js';
import {
  type AttemptOutcome,
  backoffDelayMs,
  DEFAULT_BACKOFF,
  decideRetry,
  nextDelayMs,
  parseRetryAfterMs,
} from './retry-policy.js';

export interface NeonClientOptions {
  apiKey: string;
  /** Base URL, e.g. `https://console.neon.tech/api/v2`. */
  apiHost: string;
  /** Defaults to undici's EnvHttpProxyAgent, which honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  dispatcher?: Dispatcher;
  /** Limit for one HTTP request, from sending it to the last byte of its answer. */
  requestTimeoutMs: number;
  /**
   * The step's deadline (the `timeout` input), made by main.ts: no retry or wait goes past it. The
   * client reads time on its clock.
   */
  deadline: Deadline;
  maxRequestsPerMinute: number;
  userAgent: string;
  logger: Logger;
  signal?: AbortSignal;
  /** Requests that may go out back to back before pacing starts (default 10). */
  burst?: number;
  /** Upper bound on retries of one call, on top of the budget (default: only the budget bounds them). */
  maxRetries?: number;
  random?: () => number;
  /** A fake sleep for tests (default: a timer that the signal clears). */
  sleep?: (ms: number) => Promise<void>;
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
  /** The step's deadline, given by the caller: every wait of the client ends by it. */
  readonly deadline: Deadline;
  readonly logger: Logger;
  readonly now: () => number;
  private readonly options: NeonClientOptions;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly random: () => number;
  private readonly bucket: TokenBucket;

  constructor(options: NeonClientOptions) {
    const url = parseApiHost(options.apiHost);
    this.options = options;
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.dispatcher = options.dispatcher ?? new EnvHttpProxyAgent();
    this.logger = options.logger;
    this.deadline = options.deadline;
    this.now = options.deadline.now;
    this.random = options.random ?? Math.random;
    this.bucket = new TokenBucket({
      requestsPerMinute: options.maxRequestsPerMinute,
      burst: options.burst ?? DEFAULT_BURST,
      now: this.now,
      sleep: (ms) => this.sleep(ms),
    });
  }

  /**
   * The same client (host, key, rate, user agent, logger) without the run's cancel signal and with a
   * deadline of its own, `budgetMs` from now on the same clock: for deleting what the run made after it
   * was cancelled or its deadline passed.
   */
  detached(budgetMs: number): NeonClient {
    const { signal: _signal, ...options } = this.options;
    return new NeonClient({ ...options, deadline: Deadline.after(budgetMs, { now: this.now }) });
  }

  /** Waits, ending at once with NeonCancelledError when the client's signal aborts. */
  async sleep(ms: number): Promise<void> {
    const signal = this.options.signal;
    try {
      await (this.options.sleep ? sleepUnless(this.options.sleep, ms, signal) : systemClock.sleep(ms, signal));
    } catch (e) {
      if (signal?.aborted) throw new NeonCancelledError('Waiting on the Neon API', signal.reason);
      throw e;
    }
  }

  /** Calls one operation of the Neon API v2, with pacing, retries and the error rules of this client. */
  /** The answer of an operation listed in RESPONSE_SCHEMAS is checked and typed by its schema. */
  async call<Id extends OperationId, R = never>(
    id: Id,
    params: CallParams<Id>,
    options?: CallOptions<R>,
  ): Promise<CallResult<ResponseOf<Id>> | ReconciledResult<R>> {
    const result = await this.callRaw(id, params as RawCallParams, options as CallOptions<unknown>);
    if (result.reconciled) return result as ReconciledResult<R>;
    return { ...result, data: checkResponse(id, result.data) as ResponseOf<Id> };
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
    const outOfBudget = !this.deadline.allows(delayMs);
    if (outOfRetries || outOfBudget) {
      const found = decision === 'reconcile' ? await reconcile!() : undefined;
      if (found !== undefined) return this.reconciled(request, found);
      const note = outOfRetries
        ? `gave up after ${retry + 1} attempts`
        : `gave up after ${retry + 1} attempts: waiting ${formatDuration(delayMs)} more would pass the timeout budget`;
      throw this.toError(request, attempt, { mayHaveBeenApplied: decision === 'reconcile', note });
    }

    const what = `Neon API ${request.method} ${request.path} ${describeOutcome(attempt)}`;
    if (decision === 'retry') {
      this.logger.info(`${what}; retry ${retry + 1} in ${formatDuration(delayMs)}`);
      await this.sleep(delayMs);
      return undefined;
    }
    this.logger.info(
      `${what}; it may have been applied, checking in ${formatDuration(delayMs)} before sending it again`,
    );
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
    return redact(text, [this.options.apiKey]);
  }

  private logAttempt(request: PreparedRequest, attempt: AttemptResult, elapsedMs: number): void {
    const outcome =
      attempt.kind === 'response' ? String(attempt.status) : attempt.kind === 'network' ? attempt.code : 'aborted';
    this.logger.debug(
      `Neon API ${request.method} ${request.path} -> ${outcome} in ${formatDuration(elapsedMs)} (request id ${attempt.requestId})`,
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
  if (isSecureOrLoopback(url)) return url;
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
