/** get-auth-url and get-data-api-url: one GET each, a 404 (not configured) is an empty output. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalNeon, startLocalNeon } from '../local-neon/index.js';
import { runAction } from './run-action.js';

let neon: LocalNeon;
beforeAll(async () => {
  neon = await startLocalNeon({ operationMs: 0 });
});
afterAll(async () => {
  await neon?.close();
});

const run = (name: string) =>
  runAction({
    inputs: {
      'api-key': neon.apiKey,
      'project-id': neon.projectId,
      'api-host': neon.apiUrl,
      command: 'create-branch',
      'branch-name': name,
      'get-auth-url': 'true',
      'get-data-api-url': 'true',
    },
  });

describe('optional URLs', () => {
  it('are empty when Neon Auth and the Data API are not set up, with one GET each', async () => {
    const before = neon.requests.length;
    const r = await run('urls/plain');
    expect(r.code, r.output).toBe(0);
    expect(r.outputs['auth-url']).toBe('');
    expect(r.outputs['data-api-url']).toBe('');
    const gets = neon.requests
      .slice(before)
      .filter((q) => q.operationId === 'getNeonAuth' || q.operationId === 'getProjectBranchDataAPI');
    expect(gets.map((q) => q.operationId).sort()).toEqual(['getNeonAuth', 'getProjectBranchDataAPI']);
  });

  it('are the URLs Neon gives when they are set up', async () => {
    const first = await run('urls/configured');
    const id = first.outputs['branch-id']!;
    neon.state.enableNeonAuth(id, { baseUrl: 'https://auth.example.test/neondb/auth' });
    neon.state.enableDataApi(id, 'neondb', { url: 'https://rest.example.test/neondb/rest/v1' });
    const r = await run('urls/configured');
    expect(r.code, r.output).toBe(0);
    expect(r.outputs['auth-url']).toBe('https://auth.example.test/neondb/auth');
    expect(r.outputs['data-api-url']).toBe('https://rest.example.test/neondb/rest/v1');
  });
});
