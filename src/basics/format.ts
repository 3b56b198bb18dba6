/**
 * Numbers as the action writes them for people, in logs, comments and summaries: one way each.
 * (Durations a user types, `1h30m`, are written back by inputs/duration in the input's own syntax.)
 */

/** One decimal below 100, none from there: 2.1, 48.3, 512. */
function short(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/**
 * `512 B`, `16 KB`, `1.3 GB`: powers of 1024, written KB, MB, GB, TB as the project's other texts
 * (`512 KB`, `1 MB`) and Neon's console write them.
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${short(value)} ${units[unit]}`;
}

/** A duration's whole days, hours, minutes and seconds, largest first, the zero ones left out. */
export function durationParts(ms: number): Array<[count: number, unit: 'd' | 'h' | 'm' | 's']> {
  let rest = Math.round(Math.max(0, ms) / 1_000);
  const parts: Array<[number, 'd' | 'h' | 'm' | 's']> = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push([n, unit]);
  }
  return parts;
}

const SPOKEN = { d: 'd', h: 'h', m: 'min', s: 's' } as const;

/** `850 ms`, `1.2 s`, `2 min 5 s`, `3 h 2 min`, `2 d 4 h`: a measured time in its two largest units. */
export function formatDuration(ms: number): string {
  const value = Math.max(0, ms);
  if (value < 1_000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1_000).toFixed(1).replace(/\.0$/, '')} s`;
  return durationParts(value)
    .slice(0, 2)
    .map(([n, unit]) => `${n} ${SPOKEN[unit]}`)
    .join(' ');
}
