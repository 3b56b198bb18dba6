import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { isNetworkErrorCode } from './retry-policy.js';

/** What one HTTP exchange gave: a response, or a transport failure. */
export type AttemptResult =
  | {
      kind: 'response';
      status: number;
      headers: Record<string, string | string[] | undefined>;
      text: string;
      requestId: string;
    }
  | { kind: 'network'; code: string; message: string; error: unknown; requestId: string }
  | { kind: 'aborted'; error: unknown; requestId: string };

export interface AttemptSettings {
  dispatcher: Dispatcher;
  origin: string;
  basePath: string;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * No answer of the Neon API the action reads comes near this; a larger body is refused unread
 * rather than held in memory (a 400 MB answer once took 1.6 GB).
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** The code of an answer refused for its size (not retried: it would be as large again). */
export const TOO_LARGE = 'RESPONSE_TOO_LARGE';

/**
 * Sends one request and reads the whole body, within `timeoutMs` from start to the last byte (undici's
 * own body timeout restarts on every chunk, so a body dribbled a byte a second would never end) and
 * within `maxBytes`. Never throws for transport failures; returns them.
 */
export async function sendAttempt(
  settings: AttemptSettings,
  request: { method: string; pathWithQuery: string; body: string | undefined },
  maxBytes = MAX_RESPONSE_BYTES,
): Promise<AttemptResult> {
  const requestId = randomUUID();
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new Error(`no complete answer within ${settings.timeoutMs} ms`)),
    settings.timeoutMs,
  );
  const signal = settings.signal ? AbortSignal.any([settings.signal, deadline.signal]) : deadline.signal;
  const headers: Record<string, string> = { ...settings.headers, 'x-request-id': requestId };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await settings.dispatcher.request({
      origin: settings.origin,
      path: settings.basePath + request.pathWithQuery,
      method: request.method as Dispatcher.HttpMethod,
      headers,
      body: request.body,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      signal,
    });
    const declared = Number(headerValue(response.headers, 'content-length'));
    if (declared > maxBytes) {
      response.body.destroy();
      return tooLarge(requestId, maxBytes, `${declared} bytes announced`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        response.body.destroy();
        return tooLarge(requestId, maxBytes, `more than ${maxBytes} bytes sent`);
      }
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    return { kind: 'response', status: response.statusCode, headers: response.headers, text, requestId };
  } catch (error) {
    if (settings.signal?.aborted) return { kind: 'aborted', error, requestId };
    if (deadline.signal.aborted) {
      const message = (deadline.signal.reason as Error).message;
      // the connection was in use: for the retry rules, a request that may have been applied
      return { kind: 'network', code: 'ETIMEDOUT', message, error, requestId };
    }
    const code = errorCode(error);
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'network', code, message, error, requestId };
  } finally {
    clearTimeout(timer);
  }
}

function tooLarge(requestId: string, maxBytes: number, what: string): AttemptResult {
  const message = `the answer is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB this action reads (${what})`;
  return { kind: 'network', code: TOO_LARGE, message, error: new Error(message), requestId };
}

/** The transport error code of an undici/Node error, looking through `cause` chains. */
export function errorCode(error: unknown): string {
  let current: unknown = error;
  let fallback = '';
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (isNetworkErrorCode(code)) return code;
      fallback ||= code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return fallback || 'UNKNOWN';
}

export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
