import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { Deadline } from '../../../src/basics/deadline.js';
import type { Logger } from '../../../src/basics/logger.js';
import { NeonClient, type NeonClientOptions } from '../../../src/neon/client.js';

/** One request as the loopback server saw it. */
export interface SeenRequest {
  method: string;
  /** Path without query, relative to the server root (includes /api/v2). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the server does: answer, drop the connection, or never answer. */
export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { reset: true }
  | { hang: true }
  /** Headers at once, then the body one character every `everyMs`. */
  | { dribble: string; everyMs: number }
  /** A 200 whose body is `bytes` spaces, sent in 64 KB chunks (without a content-length). */
  | { bytes: number };

export interface FakeNeon {
  /** Base URL to use as `apiHost` (ends in /api/v2). */
  apiHost: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1:0 answering with `handler`. */
export async function startFakeNeon(handler: (req: SeenRequest) => Reply | Promise<Reply>): Promise<FakeNeon> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const seen: SeenRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      const reply = await handler(seen);
      if ('reset' in reply) {
        req.socket.destroy();
        return;
      }
      if ('hang' in reply) return;
      if ('dribble' in reply) {
        res.writeHead(200, { 'content-type': 'application/json' });
        let i = 0;
        const timer = setInterval(() => {
          if (i >= reply.dribble.length || res.destroyed) {
            clearInterval(timer);
            res.end();
            return;
          }
          res.write(reply.dribble[i++]);
        }, reply.everyMs);
        res.on('close', () => clearInterval(timer));
        return;
      }
      if ('bytes' in reply) {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, ' ');
        let sent = 0;
        const pump = () => {
          while (sent < reply.bytes && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        pump();
        return;
      }
      const text =
        reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiHost: `http://127.0.0.1:${port}/api/v2`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A clock whose `sleep` only moves time forward, so retry and wait tests run in milliseconds. */
export function fakeClock(start = Date.UTC(2026, 10, 27, 8, 0, 0)) {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    advance: (ms: number) => {
      time += ms;
    },
    sleeps,
  };
}

export function recordingLogger() {
  const lines: { level: 'info' | 'debug' | 'warning'; message: string }[] = [];
  const logger: Logger = {
    info: (message) => lines.push({ level: 'info', message }),
    debug: (message) => lines.push({ level: 'debug', message }),
    warning: (message) => lines.push({ level: 'warning', message }),
  };
  return { logger, lines, info: () => lines.filter((l) => l.level === 'info').map((l) => l.message) };
}

export const TEST_API_KEY = 'napi_test_0123456789abcdefSECRET';

export interface TestClient {
  client: NeonClient;
  clock: ReturnType<typeof fakeClock>;
  log: ReturnType<typeof recordingLogger>;
  agent: Agent;
}

/**
 * A client against `apiHost` with a fake clock, jitter fixed at 0.5 and a fresh undici Agent; its
 * deadline is `budgetMs` (default 60 s) from now on `now` (default the fake clock).
 */
export function makeClient(
  apiHost: string,
  { budgetMs = 60_000, now, ...overrides }: Partial<NeonClientOptions> & { budgetMs?: number; now?: () => number } = {},
): TestClient {
  const clock = fakeClock();
  const log = recordingLogger();
  const agent = new Agent();
  const client = new NeonClient({
    apiKey: TEST_API_KEY,
    apiHost,
    dispatcher: agent,
    requestTimeoutMs: 5_000,
    deadline: Deadline.after(budgetMs, { now: now ?? clock.now }),
    maxRequestsPerMinute: 60_000,
    userAgent: 'neon-preview-action/0.0.0-test',
    logger: log.logger,
    random: () => 0.5,
    sleep: clock.sleep,
    ...overrides,
  });
  return { client, clock, log, agent };
}

export function json(status: number, body?: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}
