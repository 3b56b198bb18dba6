/**
 * A Neon refusal that comes from a wrong `api-key` or `project-id` names the input, on every command:
 * a 401 is the key; a 403 or 404 is checked with one GET of the project, and when that is refused too
 * the project id is what is wrong.
 */
import { InputError } from '../inputs/errors.js';
import { NeonApiError, type NeonClient } from '../neon/index.js';

export function keyRefused(e: NeonApiError): InputError {
  return new InputError('api-key', `is not accepted by Neon: Neon answered ${e.status} ${e.apiMessage}`);
}

export function projectRefused(projectId: string, e: NeonApiError): InputError {
  return new InputError(
    'project-id',
    `names no project this key can see ("${projectId}"): Neon answered ${e.status} ${e.apiMessage}`,
  );
}

/** `error` itself, or an InputError naming api-key or project-id when they are what Neon refused. */
export async function explainAccess(neon: NeonClient, projectId: string, error: unknown): Promise<unknown> {
  if (!(error instanceof NeonApiError)) return error;
  if (error.status === 401) return keyRefused(error);
  if (error.status !== 403 && error.status !== 404) return error;
  try {
    await neon.call('getProject', { path: { project_id: projectId } });
    return error;
  } catch (probe) {
    if (probe instanceof NeonApiError && probe.status === 401) return keyRefused(probe);
    if (probe instanceof NeonApiError && (probe.status === 403 || probe.status === 404))
      return projectRefused(projectId, probe);
    return error;
  }
}
