/** `POST /branches` and `POST /branch_anonymized` (both answer 201 CreatedBranch). */
import {
  newAnonymization,
  onAnonymizedBranchCreated,
  parseMaskingRules,
  startAnonymizationRun,
} from '../anonymization.js';
import { createBranch, parseAnnotation, parseCreateRequest } from '../branch-create.js';
import { badRequest } from '../errors.js';
import type { Route } from '../router.js';

const ANON_LIBRARIES = { preload_libraries: { use_defaults: true, enabled_libraries: ['anon'] } };

export const branchCreateRoutes: Route[] = [
  {
    method: 'POST',
    path: '/projects/{project_id}/branches',
    operationId: 'createProjectBranch',
    handler: async ({ core, body }) => {
      const created = await createBranch(core, parseCreateRequest(body));
      return { status: 201, body: created.body };
    },
  },
  {
    method: 'POST',
    path: '/projects/{project_id}/branch_anonymized',
    operationId: 'createProjectBranchAnonymized',
    handler: async ({ core, body }) => {
      if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw badRequest('request body is required');
      }
      const o = body as Record<string, unknown>;
      const rules = parseMaskingRules(o.masking_rules);
      const req = parseCreateRequest(o.branch_create ?? {});
      req.annotation = parseAnnotation(o.annotation_value) ?? req.annotation;
      // An anonymized branch always gets one read_write compute with the `anon` library.
      const rw = req.endpoints.find((e) => e.type === 'read_write');
      if (rw) rw.settings = { ...(rw.settings ?? {}), ...ANON_LIBRARIES };
      else req.endpoints.unshift({ type: 'read_write', settings: { ...ANON_LIBRARIES } });
      const anonymization = newAnonymization(rules);
      const created = await createBranch(core, req, {
        configure: (b) => {
          b.anonymization = anonymization;
        },
      });
      const start = o.start_anonymization === true;
      // created → (operations finished) initialized → (operationMs later, if asked) anonymizing → …
      const lifecycle = created.settled.then(async (ok) => {
        onAnonymizedBranchCreated(anonymization, ok);
        if (!ok || !start) return;
        await core.runner.waitMinimum(Date.now());
        if (core.state.branches.get(created.branch.id) === created.branch && anonymization.state === 'initialized') {
          startAnonymizationRun(core, created.branch);
        }
      });
      core.runner.track(lifecycle);
      return { status: 201, body: created.body };
    },
  },
];
