/** `GET /projects/{id}` and the operations list/get (`pagination.cursor`). */
import { badRequest, notFound } from '../errors.js';
import type { Route } from '../router.js';
import { operationJson, projectJson } from '../serialize.js';

const DEFAULT_OPERATIONS_LIMIT = 10;

export const projectRoutes: Route[] = [
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
