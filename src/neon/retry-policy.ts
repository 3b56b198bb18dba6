/**
 * Pure decisions about retrying a Neon API request. No I/O here: the client feeds in what happened.
 *
 * - 423, 429 and 503 are retried on every method (Neon documents them as safe to retry).
 * - 502, 504 and network errors are retried on GET and DELETE (DELETE of a gone branch answers 204).
 * - A POST, PATCH or PUT meeting 502, 504 or a network error may have been applied: it is never replayed
 *   blindly; the caller must reconcile (look the result up) first.
 * - A network error raised before the request left (connection refused, DNS retry, connect timeout)
 *   is retried on every method: nothing reached Neon.
 */

export type AttemptOutcome = { kind: 'status'; status: number } | { kind: 'network'; code: string };

export type RetryDecision = 'retry' | 'reconcile' | 'fail';

const ALWAYS_RETRY_STATUS = new Set([423, 429, 503]);
const AMBIGUOUS_STATUS = new Set([502, 504]);
const REPLAYABLE_METHODS = new Set(['GET', 'DELETE', 'HEAD', 'OPTIONS']);

/** Network error codes meaning the connection broke or timed out (the request may have been sent). */
const IN_FLIGHT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Network error codes meaning no connection was made, so nothing was sent. */
const NOT_SENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether an error code is a transport failure the client knows how to treat. */
export function isNetworkErrorCode(code: string): boolean {
  return IN_FLIGHT_NETWORK_CODES.has(code) || NOT_SENT_NETWORK_CODES.has(code);
}

export function decideRetry(method: string, outcome: AttemptOutcome): RetryDecision {
  const replayable = REPLAYABLE_METHODS.has(method.toUpperCase());
  if (outcome.kind === 'status') {
    if (ALWAYS_RETRY_STATUS.has(outcome.status)) return 'retry';
    if (AMBIGUOUS_STATUS.has(outcome.status)) return replayable ? 'retry' : 'reconcile';
    return 'fail';
  }
  if (NOT_SENT_NETWORK_CODES.has(outcome.code)) return 'retry';
  if (IN_FLIGHT_NETWORK_CODES.has(outcome.code)) return replayable ? 'retry' : 'reconcile';
  return 'fail';
}

export interface BackoffSettings {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseMs: 250, capMs: 10_000 };

/** Exponential backoff with full jitter: `random() * min(cap, base * 2^retryIndex)`. */
export function backoffDelayMs(
  retryIndex: number,
  random: () => number,
  settings: BackoffSettings = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(settings.capMs, settings.baseMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

/** `Retry-After` in milliseconds from now: delta-seconds or an HTTP-date. Undefined when absent or invalid. */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** The wait before the next attempt: the backoff, raised to Retry-After when the server asked for longer. */
export function nextDelayMs(backoffMs: number, retryAfterMs: number | undefined): number {
  return retryAfterMs === undefined ? backoffMs : Math.max(backoffMs, retryAfterMs);
}
