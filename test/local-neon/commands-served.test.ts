/**
 * The local Neon serves every Neon operation the action calls: the operationIds are read from the
 * source (`neon.call('<id>', …)`, also with the id on the next line), so a command that starts
 * calling something new fails here until the local Neon answers it. `callRaw` (the `api` command's
 * arbitrary ids) is not a `.call(` and is left out.
 */
import { Deadline } from '../../src/basics/deadline.js';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAllProjects, NeonApiError, NeonClient } from '../../src/neon/index.js';
import { type LocalNeon, servedOperations, startLocalNeon } from './index.js';
import { DATA_API_NOT_ENABLED, NEON_AUTH_NOT_ENABLED } from './routes/branch-services.js';
import { apiClient } from './test-client.js';

const SRC_ROOT = fileURLToPath(new URL('../../src/', import.meta.url));

/** `.call(` (optionally `.call<…>(`) followed by a quoted operationId, on the same line or a later one. */
const CALL_WITH_ID = /\.call(?:<[^>()]*>)?\(\s*(['"`])([A-Za-z][A-Za-z0-9_]*)\1/g;
/** Every `.call(`, to catch calls whose operationId is not a literal (the scan could not see them). */
const ANY_CALL = /\.call(?:<[^>()]*>)?\(/g;

interface CallSite {
  operationId: string;
  /** `path/relative/to/root.ts:line` */
  at: string;
}

interface SourceScan {
  calls: CallSite[];
  /** `.call(` sites without a literal operationId. */
  unreadable: string[];
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function scanSources(root: string): SourceScan {
  const calls: CallSite[] = [];
  const unreadable: string[] = [];
  for (const file of typeScriptFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const where = (index: number) => `${relative(root, file)}:${lineOf(text, index)}`;
    const literalAt = new Set<number>();
    for (const m of text.matchAll(CALL_WITH_ID)) {
      literalAt.add(m.index);
      calls.push({ operationId: m[2], at: where(m.index) });
    }
    for (const m of text.matchAll(ANY_CALL)) if (!literalAt.has(m.index)) unreadable.push(where(m.index));
  }
  return { calls, unreadable };
}

/** Call sites whose operationId the local Neon has no route for. */
function unservedCalls(scan: SourceScan): CallSite[] {
  const served = new Set(servedOperations().map((o) => o.operationId));
  return scan.calls.filter((c) => !served.has(c.operationId));
}

function calledOperationIds(scan: SourceScan): string[] {
  return [...new Set(scan.calls.map((c) => c.operationId))].sort();
}

describe('the operations the action calls', () => {
  const scan = scanSources(SRC_ROOT);

  it('are all read from the source: every .call( names its operationId literally', () => {
    expect(scan.unreadable).toEqual([]);
    // A multi-line call site of src (get-or-create) and a one-line one (finish) are both seen.
    expect(calledOperationIds(scan)).toEqual(expect.arrayContaining(['createProjectBranch', 'getNeonAuth']));
  });

  it('are all served by the local Neon', () => {
    expect(unservedCalls(scan)).toEqual([]);
  });

  it('would fail the check when a command starts calling an operation the local Neon does not serve', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'commands-served-'));
    try {
      cpSync(SRC_ROOT, scratch, { recursive: true });
      writeFileSync(
        join(scratch, 'commands', 'scratch-extra.ts'),
        [
          'export async function extra(neon: any, ctx: any, client: any, p: any) {',
          "  await neon.call('getNeonAuthWebhookConfig', p);",
          '  await ctx.neon.call(',
          "    'listBranchNeonAuthTrustedDomains',",
          '    p,',
          '  );',
          "  await client.callRaw('deleteProject', p);",
          '}',
          '',
        ].join('\n'),
      );
      const scratchScan = scanSources(scratch);
      const fromExtra = unservedCalls(scratchScan).filter((c) => c.at.startsWith(join('commands', 'scratch-extra.ts')));
      expect(fromExtra).toEqual([
        { operationId: 'getNeonAuthWebhookConfig', at: join('commands', 'scratch-extra.ts:2') },
        { operationId: 'listBranchNeonAuthTrustedDomains', at: join('commands', 'scratch-extra.ts:3') },
      ]);
      expect(calledOperationIds(scratchScan)).not.toContain('deleteProject');

      writeFileSync(
        join(scratch, 'commands', 'scratch-dynamic.ts'),
        'export const f = (neon: any, id: any) => neon.call(id, {});\n',
      );
      expect(scanSources(scratch).unreadable).toEqual([join('commands', 'scratch-dynamic.ts:1')]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('Neon Auth, the Data API and the project list', () => {
  let neon: LocalNeon;
  let api: ReturnType<typeof apiClient>;
  let agent: Agent;
  let client: NeonClient;

  beforeAll(async () => {
    neon = await startLocalNeon({ operationMs: 0 });
    api = apiClient(neon);
    agent = new Agent();
    client = new NeonClient({
      apiKey: neon.apiKey,
      apiHost: neon.apiUrl,
      dispatcher: agent,
      requestTimeoutMs: 5_000,
      deadline: Deadline.after(30_000),
      maxRequestsPerMinute: 6_000,
      userAgent: 'neon-preview-action/commands-served-test',
      logger: { info: () => {}, debug: () => {}, warning: () => {} },
    });
  });
  afterAll(async () => {
    await agent.close();
    await neon.close();
  });

  async function newBranch(name: string): Promise<string> {
    const res = await api.createBranch({ name }, { endpoints: [{ type: 'read_write' }] });
    expect(res.status).toBe(201);
    await neon.settle();
    return res.body.branch.id;
  }

  it('answer 404 in Neon error shape on a branch where neither is enabled', async () => {
    const id = await newBranch('plain');
    const auth = await api.call('GET', `${api.p}/branches/${id}/auth`);
    expect(auth.status).toBe(404);
    expect(auth.body).toEqual({ code: '', message: NEON_AUTH_NOT_ENABLED, request_id: expect.any(String) });
    const dataApi = await api.call('GET', `${api.p}/branches/${id}/data-api/neondb`);
    expect(dataApi.status).toBe(404);
    expect(dataApi.body).toEqual({ code: '', message: DATA_API_NOT_ENABLED, request_id: expect.any(String) });
    // What the action sees: a NeonApiError with status 404, which create-branch turns into an empty output.
    const err = await client.call('getNeonAuth', { path: { project_id: neon.projectId, branch_id: id } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NeonApiError);
    expect((err as NeonApiError).status).toBe(404);
  });

  it('answer 200 with base_url and url once enabled, for that branch and database only', async () => {
    const id = await newBranch('with-services');
    const other = await newBranch('without-services');
    const auth = neon.state.enableNeonAuth(id);
    const dataApi = neon.state.enableDataApi(id, 'neondb');

    const { data: authBody } = await client.call('getNeonAuth', {
      path: { project_id: neon.projectId, branch_id: id },
    });
    expect(authBody).toMatchObject({
      branch_id: id,
      db_name: 'neondb',
      base_url: auth.baseUrl,
      jwks_url: auth.jwksUrl,
    });
    expect(new URL(auth.baseUrl).pathname).toBe('/neondb/auth');
    const { data: apiBody } = await client.call('getProjectBranchDataAPI', {
      path: { project_id: neon.projectId, branch_id: id, database_name: 'neondb' },
    });
    expect(apiBody).toMatchObject({ url: dataApi.url, status: 'ready' });
    expect(new URL(dataApi.url).pathname).toBe('/neondb/rest/v1');

    expect((await api.call('GET', `${api.p}/branches/${other}/auth`)).status).toBe(404);
    expect((await api.call('GET', `${api.p}/branches/${other}/data-api/neondb`)).status).toBe(404);
    const unknownDb = await api.call('GET', `${api.p}/branches/${id}/data-api/nodb`);
    expect([unknownDb.status, unknownDb.body.message]).toEqual([404, 'database not found']);
    expect((await api.call('GET', `${api.p}/branches/br-none-none-000000/auth`)).status).toBe(404);
    expect(() => neon.state.enableDataApi(id, 'nodb')).toThrow(/no database nodb/);
    expect(() => neon.state.enableNeonAuth('br-none-none-000000')).toThrow(/no branch/);
  });

  it('keeps fixed URLs given by a test', async () => {
    const id = await newBranch('fixed-urls');
    neon.state.enableNeonAuth(id, { baseUrl: 'https://auth.example.test/neondb/auth' });
    neon.state.enableDataApi(id, 'neondb', { url: 'https://rest.example.test/neondb/rest/v1' });
    const auth = await api.call('GET', `${api.p}/branches/${id}/auth`);
    expect(auth.body.base_url).toBe('https://auth.example.test/neondb/auth');
    const dataApi = await api.call('GET', `${api.p}/branches/${id}/data-api/neondb`);
    expect(dataApi.body.url).toBe('https://rest.example.test/neondb/rest/v1');
  });

  it('lists the one project, paged by pagination.cursor, filtered by search and org_id', async () => {
    const projects = await listAllProjects(client);
    expect(projects.map((p) => p.id)).toEqual([neon.projectId]);
    const first = await api.call('GET', '/projects', { query: { limit: 1 } });
    expect(first.body.pagination).toEqual({ cursor: neon.projectId });
    const next = await api.call('GET', '/projects', { query: { cursor: first.body.pagination.cursor } });
    expect([next.body.projects, next.body.pagination]).toEqual([[], undefined]);
    expect(
      (await api.call('GET', '/projects', { query: { search: neon.projectId.slice(2, 8) } })).body.projects,
    ).toHaveLength(1);
    expect((await api.call('GET', '/projects', { query: { search: 'no-such-project' } })).body.projects).toEqual([]);
    expect((await api.call('GET', '/projects', { query: { org_id: 'org-other' } })).body.projects).toEqual([]);
    expect((await api.call('GET', '/projects', { query: { limit: 401 } })).status).toBe(400);
  });

  it('gave only answers that match the official description', async () => {
    await neon.settle();
    expect(neon.contractViolations()).toEqual([]);
    const hit = new Set(neon.requests.map((r) => `${r.operationId} ${r.status}`));
    for (const seen of [
      'getNeonAuth 200',
      'getNeonAuth 404',
      'getProjectBranchDataAPI 200',
      'getProjectBranchDataAPI 404',
      'listProjects 200',
    ]) {
      expect(hit).toContain(seen);
    }
  });
});
