import { describe, expect, it } from 'vitest';
import { MAX_ANNOTATIONS, planAnnotations } from '../../src/migrations/annotations.js';
import type { Change } from '../../src/schema/types.js';

function change(o: Partial<Change>): Change {
  const risk = o.risk ?? 'locking';
  return {
    kind: 'index',
    action: 'added',
    object: 'public.t.i',
    risk,
    reason: 'r',
    destructive: risk === 'destructive',
    database: 'neondb',
    detail: '',
    file: 'db/m.sql',
    line: 1,
    ...o,
  };
}

describe('planAnnotations', () => {
  it('annotates destructive changes as errors, locking ones as warnings, never safe ones or unmapped ones', () => {
    const { annotations, leftOut } = planAnnotations([
      change({ object: 'public.a.i', line: 3 }),
      change({
        kind: 'column',
        action: 'dropped',
        object: 'public.a.c',
        risk: 'destructive',
        reason: 'drops it',
        line: 9,
      }),
      change({ object: 'public.b.i', risk: 'safe', line: 4 }),
      change({ object: 'public.c.i', file: undefined, line: undefined }),
    ]);
    expect(annotations).toEqual([
      {
        level: 'error',
        file: 'db/m.sql',
        line: 9,
        title: 'Destructive schema change',
        message: 'column public.a.c dropped: drops it',
      },
      {
        level: 'warning',
        file: 'db/m.sql',
        line: 3,
        title: 'Locking schema change',
        message: 'index public.a.i added: r',
      },
    ]);
    expect(leftOut).toBe(0);
  });

  it('keeps at most 10, riskiest then biggest first, parse failures ahead, and counts what it left out', () => {
    const many = Array.from({ length: 14 }, (_, i) => change({ object: `public.t${i}.i`, line: i + 1, rows: i * 100 }));
    const { annotations, leftOut } = planAnnotations(
      [
        ...many,
        change({ risk: 'destructive', object: 'public.x', kind: 'table', action: 'renamed', line: 40, rows: 1 }),
      ],
      [{ file: 'db/bad.sql', line: 2, message: 'syntax error at or near "COLUM"' }],
    );
    expect(annotations).toHaveLength(MAX_ANNOTATIONS);
    expect(annotations[0]).toMatchObject({
      level: 'warning',
      file: 'db/bad.sql',
      line: 2,
      title: 'Migration not parsed',
    });
    expect(annotations[1]).toMatchObject({ level: 'error', line: 40 });
    expect(annotations.slice(2).map((a) => a.line)).toEqual([14, 13, 12, 11, 10, 9, 8, 7]);
    expect(leftOut).toBe(15 - 9);
  });

  it('writes each message on one line, whatever the reason held', () => {
    const { annotations } = planAnnotations([change({ object: 'public.t.odd\nname', reason: 'a\r\n::error::b' })]);
    expect(annotations[0]!.message).toBe('index public.t.odd name added: a ::error::b');
  });
});
