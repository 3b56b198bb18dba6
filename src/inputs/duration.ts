/** One parser for every duration input (`timeout`, `request-timeout`, `expires-in`, `max-age`). */
import { durationParts } from '../basics/format.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/** `90s`, `10m`, `2h`, `7d`, `1h30m` → milliseconds; anything else → null. */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (!WHOLE.test(s)) return null;
  let total = 0;
  for (const [, amount, unit] of s.matchAll(PART)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return Math.round(total);
}

/**
 * A duration in the units the duration inputs take (`2m 30s`, `4h`, `3d 2h`), for messages about an
 * input's value (`timeout (10m)`, `older than 7d`), so the user reads it as they wrote it. Durations the
 * action measures are written by basics/format's `formatDuration`.
 */
export function durationInput(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  return durationParts(ms)
    .slice(0, 2)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}

export const DAY_MS = UNIT_MS.d;
