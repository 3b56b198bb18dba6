/** GitHub calls honour HTTP(S)_PROXY, except to loopback hosts (as @actions/http-client does). */
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOctokit } from '../../src/github/octokit.js';
import { double, OWNER, REPO, recordingLogger, TOKEN } from './helpers.js';

const savedEnv = { ...process.env };
const servers: Server[] = [];
const tunnels: Socket[] = [];
afterEach(async () => {
  for (const key of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  for (const socket of tunnels.splice(0)) socket.destroy();
  await Promise.all(
    servers.splice(0).map((s) => {
      s.closeAllConnections();
      return new Promise((r) => s.close(r));
    }),
  );
});

/** A tunnelling proxy (HTTP CONNECT, as undici uses) to `target`, remembering what it was asked for. */
async function tunnelProxy(target: string): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const { hostname, port } = new URL(target);
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`${req.method} ${req.url}`);
    tunnels.push(client);
    const upstream = connect(Number(port), hostname, () => {
      tunnels.push(upstream);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('GitHub client and proxies', () => {
  it('goes through HTTP_PROXY for a non-loopback API host', async () => {
    const d = await double();
    d.addComment(3, 'via proxy');
    const proxy = await tunnelProxy(d.url);
    process.env.HTTP_PROXY = proxy.url;
    const octokit = createOctokit(TOKEN, { apiUrl: 'http://ghe.internal.test', logger: recordingLogger(), retries: 0 });
    const { data } = await octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: 3 });
    expect(data.map((c) => c.body)).toEqual(['via proxy']);
    expect(proxy.seen).toEqual(['CONNECT ghe.internal.test:80']);
  });

  it('goes direct to a loopback API host even with a proxy set', async () => {
    const d = await double();
    process.env.HTTP_PROXY = 'http://127.0.0.1:9'; // nothing listens there
    const octokit = createOctokit(TOKEN, { apiUrl: d.url, logger: recordingLogger(), retries: 0 });
    const { status } = await octokit.rest.pulls.list({ owner: OWNER, repo: REPO });
    expect(status).toBe(200);
  });
});
