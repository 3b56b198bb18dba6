import { describe, expect, it } from 'vitest';
import { closingFor, openFence, truncateToBytes, truncateToChars } from '../../src/github/truncate.js';

describe('openFence', () => {
  it('follows CommonMark pairing: same character, at least as long, nothing after the closer', () => {
    expect(openFence('```sql\nselect 1;\n```')).toBeUndefined();
    expect(openFence('```sql\nselect 1;')).toBe('```');
    expect(openFence('````md\n```\ninner\n```\n')).toBe('````');
    expect(openFence('~~~\n```\n')).toBe('~~~');
    expect(openFence('```js\n``` not a closer\n')).toBe('```');
    expect(openFence('inline ```code``` only')).toBeUndefined();
  });
});

describe('closingFor', () => {
  it('closes an open fence and open <details>', () => {
    expect(closingFor('<details><summary>s</summary>\n\n```diff\n+ x')).toBe('\n```\n</details>');
    expect(closingFor('<details>\n</details>\nplain')).toBe('');
  });
});

describe('truncateToChars', () => {
  it('returns short text unchanged', () => {
    expect(truncateToChars('abc', 10, '!')).toBe('abc');
  });

  it('stays within the limit and never splits a surrogate pair', () => {
    const text = '🎉'.repeat(5000);
    for (const max of [1001, 1002, 1003]) {
      const out = truncateToChars(text, max, '\nNOTE');
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.endsWith('\nNOTE')).toBe(true);
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(out)).toBe(false);
    }
  });
});

describe('truncateToBytes', () => {
  it('stays within the byte limit on whole characters', () => {
    const text = 'ü'.repeat(10_000);
    const out = truncateToBytes(text, 5001, ' NOTE');
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(5001);
    expect(out).not.toContain('\uFFFD');
    expect(out.endsWith(' NOTE')).toBe(true);
  });
});
