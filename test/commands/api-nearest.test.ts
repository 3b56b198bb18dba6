import { describe, expect, it } from 'vitest';
import { checkParams, nearestOperations } from '../../src/commands/api.js';
import { InputError } from '../../src/inputs/errors.js';

describe('api: an unknown operation suggests the nearest operationIds', () => {
  it('finds the same name in another case first, then typos, then names holding every word', () => {
    expect(nearestOperations('getConnectionUri')[0]).toBe('getConnectionURI');
    expect(nearestOperations('listProjectBranchs')[0]).toBe('listProjectBranches');
    expect(nearestOperations('deleteProjectBrnch')[0]).toBe('deleteProjectBranch');
    expect(nearestOperations('listBranches')).toContain('listProjectBranches');
    expect(nearestOperations('recoverBranch')).toContain('recoverProjectBranch');
    expect(nearestOperations('launchRockets')).toEqual([]);
    expect(nearestOperations('')).toEqual([]);
  });

  it('puts them in the one-line error naming the input', () => {
    let error: unknown;
    try {
      checkParams('getConnectionUri', {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      'Input "operation" accepts an operationId of the Neon API v2 description; got "getConnectionUri": did you mean getConnectionURI?',
    );
  });
});
