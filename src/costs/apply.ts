/**
 * What the counts say about the changes: `loses` and `violations` on each change that was counted,
 * the reason saying so in numbers, and a change whose rule existing rows break made destructive
 * (the migration fails on that data). Pure: the counts come from src/pg/costs.ts.
 */
import type { Change, Cost } from '../schema/types.js';
import { type CostRequest, costKey } from './requests.js';

/** The counts of one source: exact on a copy the action made, or estimated from statistics. */
export interface CostCounts {
  /** `costKey` -> the number; requests with no answer are absent. */
  counts: ReadonlyMap<string, number>;
  estimated: boolean;
  /** Where the rows were counted, for the sentence: `production` (the base's head), `main at the fork point`. */
  where: string;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function amount(n: number, unit: string, estimated: boolean): string {
  const one = unit.replace(/s$/, '');
  return `${estimated ? 'about ' : ''}${formatCount(n)} ${n === 1 ? one : unit}`;
}

/** The changes with what they cost; those not counted unchanged. */
export function withCosts(
  changes: readonly Change[],
  requests: readonly CostRequest[],
  counted: CostCounts | undefined,
): Change[] {
  if (!counted || counted.counts.size === 0) return [...changes];
  const byKey = new Map(requests.map((r) => [r.key, r]));
  return changes.map((c) => {
    let out = c;
    for (const measure of ['loses', 'violations'] as const) {
      const key = costKey(c, measure);
      const n = counted.counts.get(key);
      const request = byKey.get(key);
      if (n === undefined || !request || !Number.isFinite(n)) continue;
      const cost: Cost = { [request.unit]: Math.round(n), ...(counted.estimated ? { estimated: true } : {}) };
      if (measure === 'loses') {
        const reason = n > 0 ? `loses ${amount(n, request.unit, counted.estimated)}; ${out.reason}` : out.reason;
        out = { ...out, loses: cost, reason };
      } else if (n > 0) {
        const lead = violationLine(request, n, counted);
        out = { ...out, violations: cost, risk: 'destructive', destructive: true, reason: `${lead}; ${out.reason}` };
      } else {
        out = { ...out, violations: cost };
      }
    }
    return out;
  });
}

/** `fails on production: 4 rows of public.small hold NULL in note`. */
export function violationLine(request: CostRequest, n: number, counted: Omit<CostCounts, 'counts'>): string {
  const verb = counted.estimated ? 'would fail' : 'fails';
  return `${verb} on ${counted.where}: ${amount(n, 'rows', counted.estimated)} of ${request.table} ${request.rule}`;
}

/** The lines that lead the comment: every change the data makes fail, then what the drops lose. */
export function costLines(changes: readonly Change[]): string[] {
  const fails = changes
    .filter((c) => (c.violations?.rows ?? 0) > 0)
    .map((c) => `❌ ${c.reason.split('; ')[0]} (${c.kind} ${c.object})`);
  const loses = changes
    .filter((c) => (c.loses?.rows ?? c.loses?.values ?? 0) > 0)
    .map((c) => `${c.kind} ${c.object} ${c.reason.split('; ')[0]}`);
  return [...fails, ...loses];
}
