/**
 * The anonymized-branch state machine: `created` → (create operations finished) `initialized` →
 * (a run starts) `anonymizing` → `anonymized`, or `error` with a `status_message` naming the
 * failure (`initialization_error` when the branch could not be created). A run takes at least
 * `operationMs` and lasts as long as the data plane's masking.
 */
import type { LocalNeonCore } from './core.js';
import type { MaskingRule } from './data-plane.js';
import { badRequest } from './errors.js';
import { type AnonymizationRecord, type BranchRecord, isoSeconds } from './state.js';

const RULE_KEYS = ['database_name', 'schema_name', 'table_name', 'column_name'] as const;

/** Validate masking rules: the four names required, exactly one of masking_function / masking_value. */
export function parseMaskingRules(raw: unknown): MaskingRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest('masking_rules must be an array');
  return raw.map((r, i) => {
    if (typeof r !== 'object' || r === null) throw badRequest(`masking_rules[${i}] must be an object`);
    const rule = r as Record<string, unknown>;
    for (const key of RULE_KEYS) {
      if (typeof rule[key] !== 'string' || rule[key] === '') throw badRequest(`masking_rules[${i}].${key} is required`);
    }
    const hasFunction = typeof rule.masking_function === 'string' && rule.masking_function !== '';
    const hasValue = typeof rule.masking_value === 'string' && rule.masking_value !== '';
    if (hasFunction === hasValue) {
      throw badRequest(`masking_rules[${i}] needs exactly one of masking_function or masking_value`);
    }
    const out: MaskingRule = {
      database_name: rule.database_name as string,
      schema_name: rule.schema_name as string,
      table_name: rule.table_name as string,
      column_name: rule.column_name as string,
    };
    if (hasFunction) out.masking_function = rule.masking_function as string;
    else out.masking_value = rule.masking_value as string;
    return out;
  });
}

export function newAnonymization(rules: MaskingRule[]): AnonymizationRecord {
  const now = isoSeconds();
  return {
    state: 'created',
    statusMessage: 'Anonymized branch created',
    maskingRules: rules,
    createdAt: now,
    updatedAt: now,
  };
}

export function requireAnonymized(branch: BranchRecord): AnonymizationRecord {
  if (!branch.anonymization) throw badRequest('the branch is not an anonymized branch');
  return branch.anonymization;
}

function update(a: AnonymizationRecord, patch: Partial<AnonymizationRecord>): void {
  Object.assign(a, patch, { updatedAt: isoSeconds() });
}

/** The create operations settled: `initialized` or `initialization_error`. */
export function onAnonymizedBranchCreated(a: AnonymizationRecord, ok: boolean): void {
  if (ok) update(a, { state: 'initialized', statusMessage: 'Branch initialized; ready for anonymization' });
  else
    update(a, { state: 'initialization_error', statusMessage: 'Branch initialization failed', failedAt: isoSeconds() });
}

export function canStartRun(a: AnonymizationRecord): boolean {
  return a.state === 'initialized' || a.state === 'error' || a.state === 'anonymized';
}

function tableCount(rules: MaskingRule[]): number {
  return new Set(rules.map((r) => `${r.database_name}.${r.schema_name}.${r.table_name}`)).size;
}

/** Start a run now (state `anonymizing`); it ends `anonymized` or `error` in the background. */
export function startAnonymizationRun(core: LocalNeonCore, branch: BranchRecord): void {
  const a = requireAnonymized(branch);
  const rules = a.maskingRules.map((r) => ({ ...r }));
  const startedAt = isoSeconds();
  const first = rules[0];
  update(a, {
    state: 'anonymizing',
    failedAt: undefined,
    statusMessage: first
      ? `Anonymizing table ${first.database_name}.${first.schema_name}.${first.table_name} (1/${tableCount(rules)})`
      : 'Anonymizing (no masking rules)',
    lastRun: { startedAt },
  });
  const minDuration = core.runner.waitMinimum(Date.now());
  const run = (async () => {
    try {
      const result = await core.dataPlane.anonymize(branch.id, rules);
      await minDuration;
      update(a, {
        state: 'anonymized',
        statusMessage: `Anonymization completed successfully (${tableCount(rules)} tables, ${rules.length} masking rules applied)`,
        lastRun: { startedAt, completedAt: isoSeconds(), maskedColumns: result.maskedColumns },
      });
    } catch (err) {
      await minDuration;
      const reason = err instanceof Error ? err.message : String(err);
      const now = isoSeconds();
      update(a, {
        state: 'error',
        statusMessage: `Anonymization failed: ${reason}`,
        failedAt: now,
        lastRun: { startedAt, completedAt: now, maskedColumns: 0 },
      });
    }
  })();
  core.runner.track(run);
}
