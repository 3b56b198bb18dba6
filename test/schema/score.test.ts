import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/schema/types.js';
import type { ExpectedChange } from './pairs.js';
import { score } from './score.js';

const found = (
  kind: Change['kind'],
  action: Change['action'],
  object: string,
  extra: Partial<Change> = {},
): Change => ({
  kind,
  action,
  object,
  risk: action === 'dropped' || action === 'renamed' ? 'destructive' : 'safe',
  destructive: action === 'dropped' || action === 'renamed',
  reason: 'r',
  database: 'db',
  detail: 'd',
  ...extra,
});
const expected = (
  kind: string,
  action: string,
  object: string,
  extra: Partial<ExpectedChange> = {},
): ExpectedChange => ({
  kind,
  action,
  object,
  destructive: action === 'dropped' || action === 'renamed',
  ...extra,
});

describe('score (the yardstick of the pairs test)', () => {
  it('matches on kind, action and object, with corpus function signatures joined', () => {
    const s = score(
      [
        expected('function', 'added', 'public.f', { signature: '(integer, text)' }),
        expected('table', 'added', 'public.t'),
      ],
      [found('function', 'added', 'public.f(integer, text)'), found('table', 'added', 'public.u')],
    );
    expect(s).toMatchObject({ matchedExpected: 1, matchedFound: 1, expected: 2, found: 2 });
    expect(s.missed.map((m) => m.object)).toEqual(['public.t']);
    expect(s.extra.map((x) => x.object)).toEqual(['public.u']);
  });

  it('accepts an expected rename found as a drop plus an add, and the reverse', () => {
    const rename = expected('table', 'renamed', 'public.new', { from: 'public.old' });
    const asPair = score([rename], [found('table', 'dropped', 'public.old'), found('table', 'added', 'public.new')]);
    expect(asPair).toMatchObject({ matchedExpected: 1, matchedFound: 2, destructiveMissed: [] });
    const reverse = score(
      [expected('table', 'dropped', 'public.old'), expected('table', 'added', 'public.new')],
      [found('table', 'renamed', 'public.new', { from: 'public.old' })],
    );
    expect(reverse).toMatchObject({ matchedExpected: 2, matchedFound: 1, missed: [], extra: [] });
  });

  it('counts a destructive change found without the destructive flag as missed', () => {
    const s = score(
      [expected('column', 'altered', 'public.t.c', { destructive: true })],
      [found('column', 'altered', 'public.t.c')],
    );
    expect(s.destructiveMissed.map((e) => e.object)).toEqual(['public.t.c']);
  });
});
