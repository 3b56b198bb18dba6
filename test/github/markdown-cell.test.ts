import { describe, expect, it } from 'vitest';
import { code, escapeCell } from '../../src/github/markdown.js';

describe('table-cell escaping', () => {
  it('keeps user data inside its cell and its code span', () => {
    const name = 'preview/pr-1-`x`|<!-- y -->\nz&';
    expect(escapeCell(name)).toBe('preview/pr-1-&#96;x&#96;&#124;&lt;!-- y --&gt; z&amp;');
    expect(code(name)).toBe(`<code>${escapeCell(name)}</code>`);
    expect(code(name)).not.toMatch(/[|`\n]|<!--|-->/);
  });
});
