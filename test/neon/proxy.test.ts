import { Deadline } from '../../src/basics/deadline.js';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { EnvHttpProxyAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { NeonClient } from '../../src/neon/client.js';
import { json, recordingLogger, startFakeNeon } from './helpers/fake-neon.js';

const PROXY_VARS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
const saved = Object.fromEntries(PROXY_VARS.map((name) => [name, process.env[name]]));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  for (const name of PROXY_VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** A forward proxy on loopback that records the targets it was asked for (CONNECT tunnels and plain requests). */
async function startProxy() {
  const targets: string[] = [];
  const server = createServer((req, res) => {
    targets.push(req.url ?? '');
    const upstream = httpRequest(req.url!, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on('connect', (req, socket, head) => {
    targets.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}`, targets };
}

function clientFor(apiHost: string) {
  const client = new NeonClient({
    apiKey: 'k',
    apiHost,
    requestTimeoutMs: 5_000,
    deadline: Deadline.after(10_000),
    maxRequestsPerMinute: 600,
    userAgent: 'test',
    logger: recordingLogger().logger,
  });
  cleanups.push(() => client.dispatcher.close());
  return client;
}

describe('default dispatcher', () => {
  it('is undici’s EnvHttpProxyAgent', () => {
    expect(clientFor('https://console.neon.tech/api/v2').dispatcher).toBeInstanceOf(EnvHttpProxyAgent);
  });

  it('sends requests through the proxy named in the environment', async () => {
    const neon = await startFakeNeon(() => json(200, { projects: [] }));
    cleanups.push(() => neon.close());
    const proxy = await startProxy();
    for (const name of PROXY_VARS) delete process.env[name];
    process.env.HTTP_PROXY = proxy.url;
    process.env.HTTPS_PROXY = proxy.url;
    const result = await clientFor(neon.apiHost).call('listProjects', {});
    expect(result.status).toBe(200);
    const neonHostPort = new URL(neon.apiHost).host;
    expect(proxy.targets.some((t) => t.includes(neonHostPort))).toBe(true);
    expect(neon.requests).toHaveLength(1);
  });

  it('goes direct for hosts in NO_PROXY', async () => {
    const neon = await startFakeNeon(() => json(200, { projects: [] }));
    cleanups.push(() => neon.close());
    const proxy = await startProxy();
    for (const name of PROXY_VARS) delete process.env[name];
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    await clientFor(neon.apiHost).call('listProjects', {});
    expect(proxy.targets).toEqual([]);
    expect(neon.requests).toHaveLength(1);
  });
});
