/** Small numeric helpers the bench's measurements share. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Seconds with `digits` decimals, e.g. `1.23 s`. */
export function seconds(ms: number, digits = 2): string {
  return `${(ms / 1000).toFixed(digits)} s`;
}

/** Bytes with thousands separators, e.g. `2,696,879 B`. */
export function bytes(n: number): string {
  return `${n.toLocaleString('en-US')} B`;
}
