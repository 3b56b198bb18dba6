import { describe, expect, it } from 'vitest';
import { NeonResponseShapeError } from '../../src/neon/errors.js';
import { BranchesPageSchema, CreatedBranchSchema, OperationSchema, parse } from '../../src/neon/schemas.js';

const branch = (id: string) => ({ id, name: id, default: false, protected: false, created_at: '2026-01-01T00:00:00Z' });

describe('parse', () => {
  it('names the missing field with its index', () => {
    const data = {
      branches: [branch('a'), branch('b'), branch('c'), { ...branch('d'), id: undefined }],
      annotations: {},
    };
    expect(() => parse(BranchesPageSchema, data, 'listProjectBranches')).toThrow(
      new NeonResponseShapeError('Neon API response for listProjectBranches: branches[3].id is missing'),
    );
  });

  it('names a field of the wrong type without printing its value', () => {
    const secret = 12345.678;
    const data = {
      branch: branch('a'),
      endpoints: [],
      operations: [],
      connection_uris: [
        {
          connection_uri: 'postgresql://u:pw@h/db',
          connection_parameters: { database: 'db', password: secret, role: 'u', host: 'h' },
        },
      ],
    };
    let message = '';
    try {
      parse(CreatedBranchSchema, data, 'createProjectBranch');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      'Neon API response for createProjectBranch: connection_uris[0].connection_parameters.password is a number, expected string',
    );
    expect(message).not.toContain(String(secret));
  });

  it('says so when the whole body is missing', () => {
    expect(() => parse(OperationSchema, undefined, 'getProjectOperation')).toThrow(
      'Neon API response for getProjectOperation: the body is missing',
    );
  });

  it('keeps unknown fields and accepts enum values it has never seen', () => {
    const op = parse(
      OperationSchema,
      { id: 'op', action: 'brand_new_action', status: 'brand_new_status', extra: { x: 1 } },
      'getProjectOperation',
    );
    expect(op.status).toBe('brand_new_status');
    expect((op as Record<string, unknown>).extra).toEqual({ x: 1 });
  });
});
