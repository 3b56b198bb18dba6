/** The api command through dist/index.js on the local Neon (metadata only: fast). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalNeon, startLocalNeon } from '../local-neon/index.js';
import { runAction } from './run-action.js';

let neon: LocalNeon;
beforeAll(async () => {
  neon = await startLocalNeon({ operationMs: 300 });
});
afterAll(async () => {
  await neon?.close();
});

const run = (inputs: Record<string, string>) =>
  runAction({
    inputs: {
      'api-key': neon.apiKey,
      'project-id': neon.projectId,
      'api-host': neon.apiUrl,
      command: 'api',
      ...inputs,
    },
  });

describe('api', () => {
  it('calls a listing, project_id defaulting to the project-id input', async () => {
    const r = await run({ operation: 'listProjectBranches', params: 'query: {limit: 5}' });
    expect(r.code, r.output).toBe(0);
    expect(JSON.parse(r.outputs.response!).branches.map((b: { name: string }) => b.name)).toContain('main');
  });

  it('calls a mutation and waits for its operations', async () => {
    const r = await run({
      operation: 'createProjectBranch',
      params: JSON.stringify({ body: { branch: { name: 'api/made' }, endpoints: [{ type: 'read_write' }] } }),
      wait: 'true',
    });
    expect(r.code, r.output).toBe(0);
    const response = JSON.parse(r.outputs.response!);
    expect(response.branch.name).toBe('api/made');
    expect(r.stdout).toContain('Waiting for Neon operations');
    // waited: every operation of the new branch has finished when the step ends
    const ops = neon.state.operations.filter((o) => o.branchId === response.branch.id);
    expect(ops.length).toBeGreaterThan(0);
    expect(ops.every((o) => o.status === 'finished')).toBe(true);
    // the connection URI and password in the answer are masked
    expect(r.outputs.response).not.toMatch(/postgresql:\/\/[^*]+:[^*@]+@/);
    expect(JSON.stringify(response.connection_uris ?? [])).not.toMatch(/npg_/);
  });

  it.each([
    [
      { operation: 'launchRockets' },
      'Input "operation" accepts an operationId of the Neon API v2 description; got "launchRockets", such as listProjectBranches',
    ],
    [{ operation: 'getConnectionUri' }, 'got "getConnectionUri": did you mean getConnectionURI?'],
    [{ operation: 'listProjectBranches', params: 'query: {colour: blue}' }, 'query.colour is not a query parameter'],
    [{ operation: 'getProjectBranch' }, 'params'],
    [{ operation: 'createProjectBranch', params: 'body: {branchy: 1}' }, 'body.branchy is not accepted'],
  ])('refuses %j before any request', async (inputs, text) => {
    const before = neon.requests.length;
    const r = await run(inputs as Record<string, string>);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(text);
    expect(neon.requests.length).toBe(before);
  });
});
