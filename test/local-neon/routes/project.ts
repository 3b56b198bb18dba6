/** `GET /projects` (the one project), `GET /projects/{id}` and the operations list/get (`pagination.cursor`). */
import { badRequest, notFound } from '../errors.js';
import type { Route } from '../router.js';
import { operationJson, projectJson } from '../serialize.js';
import type { ProjectRecord } from '../state.js';

const DEFAULT_OPERATIONS_LIMIT = 10;
const DEFAULT_PROJECTS_LIMIT = 10;
const MAX_PROJECTS_LIMIT = 400;

/** The `ProjectListItem` fields of the full project body, plus `active_time`. */
const PROJECT_LIST_ITEM_KEYS = [
  'id',
  'platform_id',
  'region_id',
  'name',
  'provisioner',
  'default_endpoint_settings',
  'settings',
  'pg_version',
  'proxy_host',
  'branch_logical_size_limit',
  'branch_logical_size_limit_bytes',
  'store_passwords',
  'cpu_used_sec',
  'creation_source',
  'created_at',
  'updated_at',
  'owner_id',
  'org_id',
  'history_retention_seconds',
];

function projectListItemJson(p: ProjectRecord, defaultBranchId: string): Record<string, unknown> {
  const full = projectJson(p, defaultBranchId);
  const item: Record<string, unknown> = { active_time: 0 };
  for (const key of PROJECT_LIST_ITEM_KEYS) if (full[key] !== undefined) item[key] = full[key];
  return item;
}

/**
 * Whether the one project is on the page asked for: `search` matches part of the name or id,
 * `org_id` must be its organization, `recoverable=true` lists deleted projects only (none here),
 * and the cursor is the id of the last project already returned (ids are compared in order).
 */
function projectListed(item: Record<string, unknown>, query: URLSearchParams): boolean {
  const id = String(item.id);
  const search = query.get('search');
  if (search && !id.includes(search) && !String(item.name).includes(search)) return false;
  const orgId = query.get('org_id');
  if (orgId && orgId !== item.org_id) return false;
  if (query.get('recoverable') === 'true') return false;
  const cursor = query.get('cursor');
  return !cursor || id > cursor;
}

export const projectRoutes: Route[] = [
  {
    method: 'GET',
    path: '/projects',
    operationId: 'listProjects',
    handler: ({ core, query }) => {
      const limitText = query.get('limit');
      const limit = limitText === null ? DEFAULT_PROJECTS_LIMIT : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PROJECTS_LIMIT) {
        throw badRequest(`limit must be between 1 and ${MAX_PROJECTS_LIMIT}`);
      }
      const item = projectListItemJson(core.state.project, core.state.defaultBranch().id);
      const projects = projectListed(item, query) ? [item] : [];
      return {
        status: 200,
        body: {
          projects,
          applications: {},
          integrations: {},
          ...(projects.length > 0 ? { pagination: { cursor: String(item.id) } } : {}),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}',
    operationId: 'getProject',
    handler: ({ core }) => ({
      status: 200,
      body: { project: projectJson(core.state.project, core.state.defaultBranch().id) },
    }),
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/operations',
    operationId: 'listProjectOperations',
    handler: ({ core, query }) => {
      const limitText = query.get('limit');
      const limit = limitText === null ? DEFAULT_OPERATIONS_LIMIT : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest('limit must be between 1 and 1000');
      // Newest first; the cursor is the position after the last returned operation.
      const ordered = [...core.state.operations].reverse();
      const cursor = query.get('cursor');
      let start = 0;
      if (cursor) {
        const i = ordered.findIndex((op) => op.id === cursor);
        if (i < 0) throw badRequest('invalid cursor');
        start = i + 1;
      }
      const page = ordered.slice(start, start + limit);
      const more = start + limit < ordered.length;
      const projectId = core.state.project.id;
      return {
        status: 200,
        body: {
          operations: page.map((op) => operationJson(op, projectId)),
          ...(more && page.length > 0 ? { pagination: { cursor: page[page.length - 1].id } } : {}),
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/operations/{operation_id}',
    operationId: 'getProjectOperation',
    handler: ({ core, params }) => {
      const op = core.state.operations.find((o) => o.id === params.operation_id);
      if (!op) throw notFound('operation not found');
      return { status: 200, body: { operation: operationJson(op, core.state.project.id) } };
    },
  },
];
