import { describe, expect, it } from 'vitest';
import { renderSweep } from '../../src/commands/cleanup.js';

describe("cleanup sweep's summary", () => {
  it('an empty sweep is its heading and one sentence, no table header over no rows', () => {
    const text = renderSweep([], [], false);
    expect(text).toBe('### Neon preview branches: sweep\n\nDeleted 0, kept 0.');
    expect(renderSweep([], [], true)).not.toContain('| branch |');
  });

  it('a sweep with rows has the table, deleted first, then kept', () => {
    const text = renderSweep(
      [{ id: 'br-a', name: 'preview/pr-1-a', reason: 'PR #1 is closed' }],
      [{ id: 'br-b', name: 'preview/pr-2-b', reason: 'PR #2 is open' }],
      false,
    );
    expect(text.split('\n').slice(3)).toEqual([
      '',
      '| branch | id | why |',
      '|---|---|---|',
      '| <code>preview/pr-1-a</code> | <code>br-a</code> | PR \\#1 is closed |',
      '| <code>preview/pr-2-b</code> | <code>br-b</code> | PR \\#2 is open (kept) |',
    ]);
  });
});
