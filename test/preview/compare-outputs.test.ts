import { describe, expect, it } from 'vitest';
import { failOn } from '../../src/review/decision.js';
import { capDiff, summarize } from '../../src/review/render.js';
import type { Change } from '../../src/schema/types.js';

const change = (over: Partial<Change>): Change => ({
  kind: 'column',
  action: 'dropped',
  object: 'public.t.c',
  risk: 'destructive',
  reason: 'data in the column is lost',
  destructive: true,
  database: 'neondb',
  detail: '',
  ...over,
});

describe('compare-schema outputs', () => {
  it('caps the diff output at 512 KB on a line end, with a notice', () => {
    const diff = Array.from({ length: 40_000 }, (_, i) => `+line ${i} ${'é'.repeat(5)}`).join('\n');
    const capped = capDiff(diff);
    expect(Buffer.byteLength(diff)).toBeGreaterThan(512 * 1024);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(512 * 1024);
    expect(capped.endsWith('… (diff cut at 512 KB; the whole diff is in the diff-file output)\n')).toBe(true);
    expect(diff.startsWith(capped.slice(0, capped.indexOf('…')))).toBe(true);
    expect(capDiff('small\n')).toBe('small\n');
  });
  it('fails on destructive changes only when asked, listing them', () => {
    const changes = [change({}), change({ action: 'added', risk: 'safe', destructive: false, object: 'public.t.d' })];
    expect(failOn('none', changes, 'x')).toBeUndefined();
    expect(failOn('destructive', changes, 'x')).toBe(
      'fail-on: destructive: 1 destructive change: column public.t.c dropped (data in the column is lost)',
    );
    expect(failOn('destructive', [changes[0]!, changes[0]!], 'x')).toMatch(
      /^fail-on: destructive: 2 destructive changes: /,
    );
    expect(failOn('destructive', [changes[1]!], 'x')).toBeUndefined();
    expect(failOn('any', [changes[1]!], 'x')).toContain('1 schema change:');
    expect(failOn('any', [], 'a diff')).toBe('fail-on: any: unparsed schema diff');
    expect(failOn('any', [], '')).toBeUndefined();
  });
  it('sums up in one line', () => {
    expect(summarize([], [])).toBe('No schema changes');
    expect(summarize([change({})], [{ database: 'neondb', changes: [], diff: 'x' }])).toBe(
      '1 schema change(s) in neondb: 1 destructive, 0 locking, 0 safe',
    );
  });
});
