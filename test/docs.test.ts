/**
 * What the README and docs/ say that the code or the repository must bear out: every migration tool
 * the README's table names has a fixture under test/fixtures/migrations (read by
 * test/migrations/match.test.ts), and every Markdown file the docs link to exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');

/** The rows of the README's table whose header starts `| tool | \`migrations\` |`. */
function toolRows(readme: string): string[][] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| tool | `migrations` |'));
  expect(start, 'the README has the migration tools table').toBeGreaterThan(0);
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    rows.push(lines[i]!.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

describe("the README's migration tools", () => {
  const rows = toolRows(read('README.md'));
  const fixtures = new Set(readdirSync(new URL('test/fixtures/migrations/', root)));

  it('says for each tool how it keeps up and down', () => {
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const [tool, , updown] of rows) if (!/Rails/.test(tool!)) expect(updown, tool).not.toBe('');
  });

  it('has a fixture per tool it names', () => {
    for (const [tool] of rows) {
      if (/Rails|Django|Alembic/.test(tool!)) continue;
      const dir = tool!.split(/[ ,(]/)[0]!.toLowerCase();
      expect(fixtures.has(dir), `test/fixtures/migrations/${dir} for ${tool}`).toBe(true);
      expect(existsSync(new URL(`test/fixtures/migrations/${dir}/expected.json`, root)), dir).toBe(true);
    }
  });
});

describe("the README's examples", () => {
  /** Each ```yaml block's `with:` mappings, as key → value, one per step that uses this action. */
  function withBlocks(markdown: string): Record<string, string>[] {
    const out: Record<string, string>[] = [];
    for (const block of markdown.split('```yaml').slice(1).map((b) => b.split('```')[0]!)) {
      for (const part of block.split(/\n\s*-?\s*with:\s*\n/).slice(1)) {
        const lines = part.split('\n');
        const indent = /^(\s*)/.exec(lines[0]!)![1]!.length;
        const entries: Record<string, string> = {};
        for (const line of lines) {
          if (line.trim() === '' || /^(\s*)/.exec(line)![1]!.length < indent) break;
          const m = /^\s*([\w-]+):\s*(.*?)\s*(#.*)?$/.exec(line);
          if (m) entries[m[1]!] = m[2]!;
        }
        out.push(entries);
      }
    }
    return out;
  }
  const minutes = (v: string | undefined, fallback: number) => {
    if (v === undefined) return fallback;
    const m = /^(\d+)(s|m|h)$/.exec(v);
    expect(m, v).not.toBeNull();
    return Number(m![1]) * { s: 1 / 60, m: 1, h: 60 }[m![2] as 's' | 'm' | 'h'];
  };

  it('never sets a rehearsal-timeout the step timeout would cut short', () => {
    const steps = withBlocks(read('README.md')).filter((w) => w['rehearsal-timeout'] !== undefined);
    expect(steps.length).toBeGreaterThan(0);
    for (const w of steps) expect(minutes(w['rehearsal-timeout'], 10), JSON.stringify(w)).toBeLessThan(minutes(w.timeout, 10));
  });
});
