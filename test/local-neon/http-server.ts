/**
 * The loopback HTTP server: `/api/v2` routes with Neon's auth (Bearer key, 401), rate limit (429),
 * per-route fault injection, `X-Request-ID` echoed into every error body, the request log, and the
 * contract recorder validating each answer against the official description.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ContractRecorder } from './contract.js';
import type { LocalNeonCore } from './core.js';
import { ApiError, LOCKED_MESSAGE } from './errors.js';
import type { ActiveFault, FaultInjector } from './faults.js';
import { newRequestId } from './ids.js';
import type { RateLimiter } from './rate-limit.js';
import type { RouteMatch, Router } from './router.js';

export const API_PREFIX = '/api/v2';

export interface RequestLogEntry {
  method: string;
  /** Relative to `/api/v2`, e.g. `/projects/p/branches`. */
  path: string;
  query: Record<string, string>;
  /** 0 when the socket was dropped. */
  status: number;
  operationId?: string;
  requestId: string;
}

export interface HttpServerDeps {
  apiKey: string;
  projectId: string;
  router: Router;
  core: LocalNeonCore;
  faults: FaultInjector;
  limiter: RateLimiter;
  recorder?: ContractRecorder;
  log: RequestLogEntry[];
  port?: number;
  /** Runs before each authenticated request is routed (e.g. expiring branches). */
  beforeRequest?: () => void;
}

export interface RunningHttpServer {
  port: number;
  /** Resolves once no request is being answered (a held 'slow' one included). */
  idle(): Promise<void>;
  /** Whether a request is being answered now. */
  busy(): boolean;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function errorAnswer(err: unknown, requestId: string): Answer {
  if (err instanceof ApiError) {
    return {
      status: err.status,
      body: { code: err.code, message: err.message, request_id: requestId },
      headers: err.headers,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: { code: '', message: `internal error: ${message}`, request_id: requestId } };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'request body is not valid JSON');
  }
}

function faultAnswer(fault: ActiveFault): Answer | undefined {
  switch (fault.kind) {
    case '429':
      return {
        status: 429,
        body: { code: '', message: 'rate limit exceeded' },
        headers: fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {},
      };
    case '503':
      return { status: 503, body: { code: '', message: 'service temporarily unavailable' } };
    case '423':
      return { status: 423, body: { code: '', message: LOCKED_MESSAGE } };
    case 'refuse':
      return {
        status: fault.status ?? 403,
        body: { code: fault.code ?? '', message: fault.message ?? 'permission denied' },
      };
    default:
      return undefined;
  }
}

function send(res: ServerResponse, result: Answer, requestId: string): void {
  const headers: Record<string, string> = { 'x-request-id': requestId, ...(result.headers ?? {}) };
  if (result.status === 204 || result.body === undefined) {
    res.writeHead(result.status, headers).end();
    return;
  }
  const text = JSON.stringify(result.body);
  res
    .writeHead(result.status, {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
    })
    .end(text);
}

/** Resolves when the client closed the connection before the answer was sent. */
function clientGone(res: ServerResponse): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => res.once('close', () => resolve()));
}

export async function startHttpServer(deps: HttpServerDeps): Promise<RunningHttpServer> {
  const sockets = new Set<Socket>();
  const answering = new Set<Promise<unknown>>();

  async function answer(
    req: IncomingMessage,
    url: URL,
    path: string,
    match: RouteMatch | undefined,
    requestId: string,
    res: ServerResponse,
  ): Promise<Answer | 'dropped'> {
    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${deps.apiKey}`) return errorAnswer(new ApiError(401, 'authentication required'), requestId);
    if (!deps.limiter.allow()) {
      return errorAnswer(new ApiError(429, 'rate limit exceeded: too many requests'), requestId);
    }
    if (!match) return errorAnswer(new ApiError(404, 'not found'), requestId);
    deps.beforeRequest?.();
    const fault = deps.faults.take({ method: req.method ?? 'GET', path, operationId: match.route.operationId });
    if (fault?.kind === 'slow') await (fault.untilClientGone ? clientGone(res) : sleep(fault.delayMs ?? 1000));
    if (fault?.kind === 'drop' && !fault.afterHandling) {
      res.socket?.destroy();
      return 'dropped';
    }
    const injected = fault ? faultAnswer(fault) : undefined;
    if (injected) {
      return { ...injected, body: { ...(injected.body as object), request_id: requestId } };
    }
    let result: Answer;
    try {
      if (match.params.project_id !== undefined && match.params.project_id !== deps.projectId) {
        throw new ApiError(404, 'project not found');
      }
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
      result = await match.route.handler({ core: deps.core, params: match.params, query: url.searchParams, body });
    } catch (err) {
      result = errorAnswer(err, requestId);
    }
    if (fault?.kind === 'drop') {
      res.socket?.destroy();
      return 'dropped';
    }
    return result;
  }

  const server = createServer((req, res) => {
    const requestId = (req.headers['x-request-id'] as string | undefined) || newRequestId();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname;
    const match = url.pathname.startsWith(API_PREFIX) ? deps.router.match(method, path) : undefined;
    const entry: RequestLogEntry = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      operationId: match?.route.operationId,
      requestId,
    };
    const answered = answer(req, url, path, match, requestId, res).then((result) => {
      deps.log.push(entry);
      if (result === 'dropped') return;
      entry.status = result.status;
      send(res, result, requestId);
      // Validated after sending, so the first (slow) schema compile never delays an answer.
      if (match && deps.recorder) {
        const violation = deps.recorder.record(
          { operationId: match.route.operationId, method, path, status: result.status },
          result.body,
        );
        if (violation) {
          process.stderr.write(
            `local-neon contract violation: ${method} ${path} ${result.status}: ${violation.errors.join('; ')}\n`,
          );
        }
      }
    });
    const tracked = answered.catch(() => undefined);
    answering.add(tracked);
    void tracked.finally(() => answering.delete(tracked));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    idle: async () => {
      while (answering.size > 0) await Promise.all([...answering]);
    },
    busy: () => answering.size > 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
