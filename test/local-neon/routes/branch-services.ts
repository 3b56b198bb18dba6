/**
 * Neon Auth and the Data API of a branch, read side only (`get-auth-url`, `get-data-api-url` of
 * create-branch). Nothing is set up by default, so both answer 404 as on a branch where they were
 * never enabled; tests turn them on with `state.enableNeonAuth` / `state.enableDataApi`.
 */
import { getBranch } from '../core.js';
import { notFound } from '../errors.js';
import type { Route } from '../router.js';
import { dataApiKey, type DataApiRecord, type NeonAuthRecord } from '../state.js';
import { findDatabase } from './branches-read.js';

export const NEON_AUTH_NOT_ENABLED = 'Neon Auth is not enabled for this branch';
export const DATA_API_NOT_ENABLED = 'Data API is not enabled for this database';

/** A `NeonAuthIntegration` body. */
export function neonAuthJson(auth: NeonAuthRecord): Record<string, unknown> {
  return {
    auth_provider: 'better_auth',
    auth_provider_project_id: auth.providerProjectId,
    branch_id: auth.branchId,
    db_name: auth.database,
    created_at: auth.createdAt,
    owned_by: 'neon',
    jwks_url: auth.jwksUrl,
    base_url: auth.baseUrl,
  };
}

/** A `DataAPIReponse` body (the description's spelling). */
export function dataApiJson(api: DataApiRecord): Record<string, unknown> {
  return { url: api.url, status: 'ready', available_schemas: ['public'] };
}

export const branchServiceRoutes: Route[] = [
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/auth',
    operationId: 'getNeonAuth',
    handler: ({ core, params }) => {
      const branch = getBranch(core, params.branch_id);
      const auth = core.state.neonAuth.get(branch.id);
      if (!auth) throw notFound(NEON_AUTH_NOT_ENABLED);
      return { status: 200, body: neonAuthJson(auth) };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/data-api/{database_name}',
    operationId: 'getProjectBranchDataAPI',
    handler: ({ core, params }) => {
      const branch = getBranch(core, params.branch_id);
      const database = findDatabase(branch, params.database_name);
      const api = core.state.dataApis.get(dataApiKey(branch.id, database.name));
      if (!api) throw notFound(DATA_API_NOT_ENABLED);
      return { status: 200, body: dataApiJson(api) };
    },
  },
];
