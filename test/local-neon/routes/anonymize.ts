/** Anonymized branches: masking rules (get / replace), start a run, and the run status. */
import { canStartRun, parseMaskingRules, requireAnonymized, startAnonymizationRun } from '../anonymization.js';
import { getBranch } from '../core.js';
import { badRequest, conflict } from '../errors.js';
import type { Route } from '../router.js';
import { anonymizedStatusJson, maskingRuleJson } from '../serialize.js';
import { isoSeconds } from '../state.js';

export const anonymizeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/masking_rules',
    operationId: 'getMaskingRules',
    handler: ({ core, params }) => {
      const a = requireAnonymized(getBranch(core, params.branch_id));
      return { status: 200, body: { masking_rules: a.maskingRules.map(maskingRuleJson) } };
    },
  },
  {
    method: 'PATCH',
    path: '/projects/{project_id}/branches/{branch_id}/masking_rules',
    operationId: 'updateMaskingRules',
    handler: ({ core, params, body }) => {
      const a = requireAnonymized(getBranch(core, params.branch_id));
      if (body === undefined || body === null || typeof body !== 'object' || !('masking_rules' in body)) {
        throw badRequest('masking_rules is required');
      }
      // Replaces the whole set; does not start a run.
      a.maskingRules = parseMaskingRules((body as Record<string, unknown>).masking_rules);
      a.updatedAt = isoSeconds();
      return { status: 200, body: { masking_rules: a.maskingRules.map(maskingRuleJson) } };
    },
  },
  {
    method: 'POST',
    path: '/projects/{project_id}/branches/{branch_id}/anonymize',
    operationId: 'startAnonymization',
    handler: ({ core, params }) => {
      const branch = getBranch(core, params.branch_id);
      const a = requireAnonymized(branch);
      if (!canStartRun(a)) throw conflict(`cannot start anonymization while the branch is ${a.state}`);
      startAnonymizationRun(core, branch);
      return { status: 200, body: anonymizedStatusJson(a, core.state.project.id, branch.id) };
    },
  },
  {
    method: 'GET',
    path: '/projects/{project_id}/branches/{branch_id}/anonymized_status',
    operationId: 'getAnonymizedBranchStatus',
    handler: ({ core, params }) => {
      const branch = getBranch(core, params.branch_id);
      return {
        status: 200,
        body: anonymizedStatusJson(requireAnonymized(branch), core.state.project.id, branch.id),
      };
    },
  },
];
