/** What we know about a failed Neon API request. */
export interface NeonApiErrorDetails {
  /** HTTP status, or 0 when no response arrived (network error, timeout). */
  status: number;
  /** Neon's machine-readable code (often ""), or the network error code (e.g. `ECONNRESET`) when status is 0. */
  code: string;
  /** Neon's own message, or the network error's message. */
  apiMessage: string;
  /** Neon's request id, else the X-Request-ID we sent. */
  requestId: string;
  method: string;
  /** The request path without its query string. */
  path: string;
  /** True when a POST/PATCH/PUT met a 502, 504 or network error: Neon may have applied it. */
  mayHaveBeenApplied?: boolean;
  /** Extra sentence appended to the message (why the client stopped retrying). */
  note?: string;
  cause?: unknown;
}

/**
 * The one error type for Neon API failures. Its message reads like
 * `Neon API GET /projects/x/branches failed: 404 branch not found (request id …)`
 * and never contains the API key.
 */
export class NeonApiError extends Error {
  override readonly name = 'NeonApiError';
  readonly status: number;
  readonly code: string;
  readonly apiMessage: string;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly mayHaveBeenApplied: boolean;

  constructor(details: NeonApiErrorDetails) {
    super(formatApiErrorMessage(details), details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.code = details.code;
    this.apiMessage = details.apiMessage;
    this.requestId = details.requestId;
    this.method = details.method;
    this.path = details.path;
    this.mayHaveBeenApplied = details.mayHaveBeenApplied === true;
  }
}

function formatApiErrorMessage(d: NeonApiErrorDetails): string {
  const what =
    d.status === 0
      ? `network error ${d.code}${d.apiMessage ? ` (${d.apiMessage})` : ''}`
      : `${d.status}${d.code ? ` ${d.code}` : ''}${d.apiMessage ? ` ${d.apiMessage}` : ''}`;
  const applied = d.mayHaveBeenApplied
    ? '; the request may or may not have been applied, so it was not replayed automatically'
    : '';
  const note = d.note ? `; ${d.note}` : '';
  return `Neon API ${d.method} ${d.path} failed: ${what} (request id ${d.requestId})${applied}${note}`;
}

/** Thrown when the client's AbortSignal fired: no new request starts and waits end at once. */
export class NeonCancelledError extends Error {
  override readonly name = 'NeonCancelledError';

  constructor(what: string, reason?: unknown) {
    const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : '';
    super(`${what} was cancelled${why ? `: ${why}` : ''}`);
  }
}

/** A Neon response lacked a field a command reads (see `parse` in schemas.ts). */
export class NeonResponseShapeError extends Error {
  override readonly name = 'NeonResponseShapeError';
}

/** A call was made with parameters the operation does not accept (raised before any request). */
export class NeonRequestError extends Error {
  override readonly name = 'NeonRequestError';
}

/**
 * Neon's answer for a point in time it no longer holds: a 400 or 422 about the LSN, the timestamp or
 * the history. Any other refusal (a 404 for a missing database, a 401 or 403, a 409, a limit) is not
 * a reason to use the head instead. The one rule for both the review's dumps and the rehearsal's copy:
 * each falls back from the fork point to the base's head on this answer alone, and says so.
 */
export function outsideHistory(e: unknown): e is NeonApiError {
  return (
    e instanceof NeonApiError &&
    (e.status === 400 || e.status === 422) &&
    /\blsn\b|timestamp|point[- ]in[- ]time|history|retention|garbage|too old/i.test(`${e.code} ${e.apiMessage}`)
  );
}
