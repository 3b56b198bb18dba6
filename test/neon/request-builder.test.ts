import { describe, expect, it } from 'vitest';
import { NeonRequestError } from '../../src/neon/errors.js';
import { type CallParams, isOperationId, prepareRequest } from '../../src/neon/request-builder.js';

describe('prepareRequest', () => {
  it('URL-encodes path parameters and keeps the query out of the loggable path', () => {
    const r = prepareRequest('getProjectBranchRole', {
      path: { project_id: 'p-1', branch_id: 'br-1', role_name: 'we ird/role?' },
    });
    expect(r.path).toBe('/projects/p-1/branches/br-1/roles/we%20ird%2Frole%3F');
    expect(r.method).toBe('GET');
    expect(r.body).toBeUndefined();
  });

  it('repeats array query keys, writes booleans as true/false and skips undefined', () => {
    const r = prepareRequest('getConsumptionHistoryPerProject', {
      query: {
        project_ids: ['a', 'b'],
        granularity: 'daily',
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-02T00:00:00Z',
        limit: 5,
        org_id: undefined,
      },
    });
    const query = new URLSearchParams(r.pathWithQuery.split('?')[1]);
    expect(query.getAll('project_ids')).toEqual(['a', 'b']);
    expect(query.get('limit')).toBe('5');
    expect(query.has('org_id')).toBe(false);
    const pooled = prepareRequest('getConnectionURI', {
      path: { project_id: 'p' },
      query: { database_name: 'd', role_name: 'r', pooled: false },
    });
    expect(pooled.pathWithQuery).toBe('/projects/p/connection_uri?database_name=d&pooled=false&role_name=r');
    expect(pooled.path).toBe('/projects/p/connection_uri');
  });

  it('serialises the body as JSON', () => {
    const r = prepareRequest('updateProjectBranch', {
      path: { project_id: 'p', branch_id: 'b' },
      body: { branch: { expires_at: null } },
    });
    expect(r.method).toBe('PATCH');
    expect(r.body).toBe('{"branch":{"expires_at":null}}');
  });

  it('fails clearly on missing or unknown parameters and bodies', () => {
    const fails = (fn: () => unknown, message: string) => {
      expect(fn).toThrow(NeonRequestError);
      expect(fn).toThrow(message);
    };
    fails(() => prepareRequest('nope'), 'Unknown Neon API operation "nope"');
    fails(
      () => prepareRequest('getProjectBranch', { path: { project_id: 'p' } }),
      'needs the path parameter "branch_id"',
    );
    fails(
      () => prepareRequest('getProject', { path: { project_id: 'p', branch_id: 'b' } }),
      'getProject has no path parameter "branch_id"',
    );
    fails(
      () => prepareRequest('getConnectionURI', { path: { project_id: 'p' }, query: { role_name: 'r' } }),
      'needs the query parameter "database_name"',
    );
    fails(
      () => prepareRequest('getProject', { path: { project_id: 'p' }, body: {} }),
      'getProject takes no request body',
    );
    // 2.7.3's function deployment takes multipart/form-data: refused by name, never sent as JSON
    fails(
      () =>
        prepareRequest('createProjectBranchFunctionDeployment', {
          path: { project_id: 'p', branch_id: 'b', slug: 's' },
          body: {},
        } as never),
      'createProjectBranchFunctionDeployment takes a multipart/form-data body, which this client does not send',
    );
    fails(
      () => prepareRequest('updateProjectBranch', { path: { project_id: 'p', branch_id: 'b' } }),
      'updateProjectBranch needs a request body',
    );
    fails(
      () => prepareRequest('listProjectBranches', { path: { project_id: 'p' }, query: { search: { a: 1 } } }),
      'query parameter "search" must be a string, number or boolean',
    );
  });

  it('knows the operation ids', () => {
    expect(isOperationId('createProjectBranch')).toBe(true);
    expect(isOperationId('toString')).toBe(false);
  });

  it('types calls from the description (checked by tsc)', () => {
    const ok: CallParams<'createProjectBranch'> = { path: { project_id: 'p' }, body: { branch: { name: 'n' } } };
    const noBody: CallParams<'createProjectBranch'> = { path: { project_id: 'p' } };
    // @ts-expect-error project_id is required
    const missingPath: CallParams<'createProjectBranch'> = {};
    // @ts-expect-error the body is required for updateProjectBranch
    const missingBody: CallParams<'updateProjectBranch'> = { path: { project_id: 'p', branch_id: 'b' } };
    // @ts-expect-error limit is a number
    const badQuery: CallParams<'listProjectBranches'> = { path: { project_id: 'p' }, query: { limit: 'x' } };
    const openEnum: CallParams<'listProjectBranches'> = { path: { project_id: 'p' }, query: { sort_by: 'future' } };
    const noParams: CallParams<'listProjects'> = {};
    for (const params of [ok, noBody, missingPath, missingBody, badQuery, openEnum, noParams]) {
      expect(params).toBeTypeOf('object');
    }
    expect(prepareRequest('createProjectBranch', ok).body).toBe('{"branch":{"name":"n"}}');
  });
});
