import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDataPlane } from './fake-data-plane.js';
import { type LocalNeon, startLocalNeon } from './index.js';
import { apiClient } from './test-client.js';

let neon: LocalNeon;
let api: ReturnType<typeof apiClient>;

const RULES = [
  {
    database_name: 'neondb',
    schema_name: 'public',
    table_name: 'users',
    column_name: 'email',
    masking_function: 'anon.fake_email()',
  },
  {
    database_name: 'neondb',
    schema_name: 'public',
    table_name: 'users',
    column_name: 'ssn',
    masking_value: "'REDACTED'",
  },
];

beforeAll(async () => {
  neon = await startLocalNeon({ operationMs: 150 });
  api = apiClient(neon);
});
afterAll(async () => {
  expect(neon.contractViolations()).toEqual([]);
  await neon.close();
});

async function statesUntil(branchId: string, final: string[]): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 200; i++) {
    const res = await api.call('GET', `${api.p}/branches/${branchId}/anonymized_status`);
    expect(res.status).toBe(200);
    if (seen[seen.length - 1] !== res.body.state) seen.push(res.body.state);
    if (final.includes(res.body.state)) return seen;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never reached ${final.join('/')}: ${seen.join(' → ')}`);
}

describe('anonymized branches', () => {
  it('walk created → initialized → anonymizing → anonymized', async () => {
    const fake = neon.dataPlane as FakeDataPlane;
    neon.setOperationMs(60_000);
    const releaseAnonymize = fake.hold('anonymize');
    const res = await api.call('POST', `${api.p}/branch_anonymized`, {
      body: { branch_create: { branch: { name: 'anon-1' } }, masking_rules: RULES, start_anonymization: true },
    });
    expect(res.status).toBe(201);
    const id = res.body.branch.id;
    const status = async () => (await api.call('GET', `${api.p}/branches/${id}/anonymized_status`)).body.state;
    expect(await status()).toBe('created');
    neon.setOperationMs(150);
    // initialized lasts operationMs; anonymizing is pinned until the masking is released.
    const early = await statesUntil(id, ['anonymizing']);
    expect(early[early.length - 1]).toBe('anonymizing');
    expect(['created', 'initialized', 'anonymizing'].filter((s) => early.includes(s))).toEqual(early);
    expect(await status()).toBe('anonymizing');
    releaseAnonymize();
    expect(res.body.endpoints).toHaveLength(1);
    expect(res.body.endpoints[0].settings.preload_libraries.enabled_libraries).toEqual(['anon']);
    expect(res.body.branch.restricted_actions.map((a: any) => a.name)).toEqual(['restore', 'delete-rw-endpoint']);
    // the masking may end before the first look after the release: anonymizing, if seen, comes first
    const late = await statesUntil(id, ['anonymized', 'error']);
    expect(late[late.length - 1]).toBe('anonymized');
    expect(['anonymizing', 'anonymized'].filter((s) => late.includes(s))).toEqual(late);
    const done = (await api.call('GET', `${api.p}/branches/${id}/anonymized_status`)).body;
    expect(done.status_message).toBe('Anonymization completed successfully (1 tables, 2 masking rules applied)');
    expect(done.last_run.masked_columns).toBe(2);
    const rules = await api.call('GET', `${api.p}/branches/${id}/masking_rules`);
    expect(rules.body.masking_rules).toEqual(RULES);
    expect(
      (await api.call('POST', `${api.p}/branches/${id}/restore`, { body: { source_branch_id: neon.defaultBranchId } }))
        .status,
    ).toBe(400);
    const rw = res.body.endpoints[0].id;
    expect((await api.call('DELETE', `${api.p}/endpoints/${rw}`)).status).toBe(400);
  });

  it('stays initialized without start_anonymization; PATCH replaces the rules; a failing run ends in error naming it', async () => {
    neon.setOperationMs(60_000);
    const res = await api.call('POST', `${api.p}/branch_anonymized`, { body: { masking_rules: RULES } });
    expect(res.status).toBe(201);
    const id = res.body.branch.id;
    expect(res.body.branch.name).toBe(id);
    expect((await api.call('GET', `${api.p}/branches/${id}/anonymized_status`)).body.state).toBe('created');
    neon.setOperationMs(150);
    expect(await statesUntil(id, ['initialized'])).toEqual(['created', 'initialized']);
    await neon.settle();
    const only = [RULES[0]];
    const patched = await api.call('PATCH', `${api.p}/branches/${id}/masking_rules`, { body: { masking_rules: only } });
    expect(patched.body.masking_rules).toEqual(only);
    expect((await api.call('GET', `${api.p}/branches/${id}/anonymized_status`)).body.state).toBe('initialized');
    (neon.dataPlane as FakeDataPlane).failNext('anonymize', 'function anon.fake_emial() does not exist');
    const started = await api.call('POST', `${api.p}/branches/${id}/anonymize`);
    expect(started.status).toBe(200);
    expect(started.body.state).toBe('anonymizing');
    expect((await api.call('POST', `${api.p}/branches/${id}/anonymize`)).status).toBe(409);
    expect(await statesUntil(id, ['anonymized', 'error'])).toEqual(['anonymizing', 'error']);
    const failed = (await api.call('GET', `${api.p}/branches/${id}/anonymized_status`)).body;
    expect(failed.status_message).toContain('anon.fake_emial()');
    expect(failed.failed_at).toBeDefined();
    await api.call('POST', `${api.p}/branches/${id}/anonymize`);
    // the masking may end before the first look after the release: anonymizing, if seen, comes first
    const late = await statesUntil(id, ['anonymized', 'error']);
    expect(late[late.length - 1]).toBe('anonymized');
    expect(['anonymizing', 'anonymized'].filter((s) => late.includes(s))).toEqual(late);
  });

  it('refuses bad rules and non-anonymized branches', async () => {
    const bad = await api.call('POST', `${api.p}/branch_anonymized`, {
      body: { masking_rules: [{ ...RULES[0], masking_value: 'x' }] },
    });
    expect(bad.status).toBe(400);
    expect((await api.call('GET', `${api.p}/branches/${neon.defaultBranchId}/anonymized_status`)).status).toBe(400);
    expect((await api.call('POST', `${api.p}/branches/${neon.defaultBranchId}/anonymize`)).status).toBe(400);
  });
});
