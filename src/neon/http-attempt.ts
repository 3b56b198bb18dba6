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

/** Sends one request and reads the whole body. Never throws for transport failures; returns them. */
export async function sendAttempt(
  settings: AttemptSettings,
  request: { method: string; pathWithQuery: string; body: string | undefined },
): Promise<AttemptResult> {
  const requestId = randomUUID();
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
      signal: settings.signal,
    });
    const text = await response.body.text();
    return { kind: 'response', status: response.statusCode, headers: response.headers, text, requestId };
  } catch (error) {
    if (settings.signal?.aborted) return { kind: 'aborted', error, requestId };
    const code = errorCode(error);
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'network', code, message, error, requestId };
  }
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
