import { applyPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/schema/unified-diff.js';

const dump = (n: number, extra = '') =>
  `${Array.from({ length: n }, (_, i) => `CREATE TABLE t${i} (\n    id integer\n);\n`).join('\n')}${extra}ALTER TABLE t0 OWNER TO x;\n`;

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a', 'b', 'x\n', 'x\n')).toBe('');
  });
  it('gives a patch that turns one into the other for small changes', () => {
    const before = dump(20);
    const after = before.replace('CREATE TABLE t7 (\n    id integer\n);\n', 'CREATE TABLE t7 (\n    id bigint\n);\n');
    const patch = unifiedDiff('a/db', 'b/db', before, after);
    expect(patch).toContain('-    id integer');
    expect(patch).toContain('+    id bigint');
    expect(applyPatch(before, patch)).toBe(after);
  });
  it('turns thousands of new objects into one correct hunk without exhausting memory', () => {
    const before = dump(10);
    const block = Array.from({ length: 20_000 }, (_, i) => `CREATE TABLE new_${i} (id int);\n`).join('');
    const after = dump(10, block);
    const patch = unifiedDiff('a/db', 'b/db', before, after);
    expect(patch.split('\n').filter((l) => l.startsWith('+CREATE TABLE new_'))).toHaveLength(20_000);
    expect(applyPatch(before, patch)).toBe(after);
  });
});
