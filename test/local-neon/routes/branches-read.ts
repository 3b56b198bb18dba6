/** Branch reads: list, count, get, and the branch's endpoints, databases and roles. */
import { listBranches, matchesSearch, parseListQuery } from '../branch-list.js';
import { getBranch } from '../core.js';
import { ApiError, notFound } from '../errors.js';
import type { Route } from '../router.js';
import { annotationJson, branchJson, databaseJson, endpointJson, roleJson } from '../serialize.js';
import type { BranchRecord } from '../state.js';

export function findRole(branch: BranchRecord, name: string) {
  const role = branch.roles.find((r) => r.name === name);
  if (!role) throw notFound('role not found');
  return role;
}

export function findDatabase(branch: BranchRecord, name: string) {
  const db = branch.databases.find((d) => d.name === name);
  if (!db) throw notFound('database not found');
  return db;
}

export const branchReadRoutes: Route[] = [
  {
    method: 'GET',
    path: '/projects/{project_id}/branches',
    operationId: 'listProjectBranches',
    handler: ({ core, query }) => {
      const q = parseListQuery(query);
      // include_deleted=true (Branch Recovery): the recoverable ones too, each with its `recovery`
      const deleted = query.get('include_deleted') === 'true' ? core.state.deletedBranches : new Map();
      const page = listBranches([...core.state.branches.values(), ...[...deleted.values()].map((d) => d.branch)], q);
      const projectId = core.state.project.id;
      const annotations: Record<string, unknown> = {};
      for (const b of page.branches) if (b.annotation) annotations[b.id] = annotationJson(b);
      const json = (b: BranchRecord) => {
        const d = deleted.get(b.id);
        if (!d) return branchJson(b, projectId);
        return {
          ...branchJson(b, projectId),
          recovery: { deleted_at: d.deletedAt, recoverable_until: d.recoverableUntil, deletion_method: 'user' },
        };
      };
      return {
        status: 200,
        body: {
          branches: page.branches.map(json),
          annotations,
          pagination: { ...(page.next ? { next: page.next } : {}), sort_by: q.sortBy, sort_order: q.sortOrder },
        },
      };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/count',
    operationId: 'countProjectBranches',
    handler: ({ core, query }) => {
      const search = query.get('search') || undefined;
      let count = 0;
      for (const b of core.state.branches.values()) if (matchesSearch(b, search)) count++;
      return { status: 200, body: { count } };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}',
    operationId: 'getProjectBranch',
    handler: ({ core, params }) => {
      const b = getBranch(core, params.branch_id);
      return { status: 200, body: { branch: branchJson(b, core.state.project.id), annotation: annotationJson(b) } };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/endpoints',
    operationId: 'listProjectBranchEndpoints',
    handler: ({ core, params }) => {
      const b = getBranch(core, params.branch_id);
      const projectId = core.state.project.id;
      return { status: 200, body: { endpoints: core.state.endpointsOf(b.id).map((e) => endpointJson(e, projectId)) } };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/databases',
    operationId: 'listProjectBranchDatabases',
    handler: ({ core, params }) => {
      const b = getBranch(core, params.branch_id);
      return { status: 200, body: { databases: b.databases.map((d) => databaseJson(d, b.id)) } };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/databases/{database_name}',
    operationId: 'getProjectBranchDatabase',
    handler: ({ core, params }) => {
      const b = getBranch(core, params.branch_id);
      return { status: 200, body: { database: databaseJson(findDatabase(b, params.database_name), b.id) } };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/roles',
    operationId: 'listProjectBranchRoles',
    handler: ({ core, params }) => {
      const b = getBranch(core, params.branch_id);
      return { status: 200, body: { roles: b.roles.map((r) => roleJson(r, b.id)) } };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/roles/{role_name}',
    operationId: 'getProjectBranchRole',
    handler: ({ core, params }) => {
      const b = getBranch(core, params.branch_id);
      return { status: 200, body: { role: roleJson(findRole(b, params.role_name), b.id) } };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/roles/{role_name}/reveal_password',
    operationId: 'getProjectBranchRolePassword',
    handler: ({ core, params }) => {
      const b = getBranch(core, params.branch_id);
      const role = b.roles.find((r) => r.name === params.role_name);
      if (!role) throw notFound('Role not found');
      if (!core.state.project.storePasswords) throw new ApiError(412, 'Storing passwords is disabled');
      return { status: 200, body: { password: role.password } };
    },
  },
];
