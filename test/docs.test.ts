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
    rows.push(
      lines[i]!.split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
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
    for (const block of markdown
      .split('```yaml')
      .slice(1)
      .map((b) => b.split('```')[0]!)) {
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
    for (const w of steps)
      expect(minutes(w['rehearsal-timeout'], 10), JSON.stringify(w)).toBeLessThan(minutes(w.timeout, 10));
  });
});

describe('docs a user reads', () => {
  const readme = read('README.md');
  const page = read('docs/pull-request.md');

  it('cite no file the project lacks, and no word for an earlier round of development', () => {
    for (const [name, text] of [
      ['README.md', readme],
      ['docs/pull-request.md', page],
    ] as const) {
      expect(text, name).not.toContain('SEMANTICS.md');
      expect(text, name).not.toMatch(/first round/i);
      for (const m of text.matchAll(/`((?:test|src|scripts|docs|bench)\/[\w./-]+\.(?:md|ts|mjs))`/g)) {
        expect(existsSync(new URL(m[1]!, root)), `${name} cites ${m[1]}`).toBe(true);
      }
    }
  });

  it('use one actions/checkout version throughout', () => {
    const versions = new Set(
      [...readme.matchAll(/actions\/checkout@(v\d+)/g), ...page.matchAll(/actions\/checkout@(v\d+)/g)].map((m) => m[1]),
    );
    expect([...versions]).toHaveLength(1);
  });

  it('say how to make the API key (personal, organization, project-scoped), where the project id is, and the plan limits', () => {
    const setup = readme.slice(
      readme.indexOf('## Setting up Neon'),
      readme.indexOf('## The pull request conversation'),
    );
    expect(setup).toMatch(/\| personal \|/);
    expect(setup).toMatch(/\| organization \|/);
    expect(setup).toMatch(/\| project-scoped \|.*recommended/);
    expect(setup).toContain('**The project id.**');
    for (const limit of ['branches per project', 'snapshots', 'anonymization']) expect(setup).toContain(limit);
  });
});

describe('docs/pull-request.md: the sample reviews agree with themselves', () => {
  const page = read('docs/pull-request.md');
  const reviews = page
    .split('<!-- neon-preview-action:review -->')
    .slice(1)
    .map((r) => r.split('\n---\n')[0]!);

  it('has three sample reviews, each with the size and migration columns and an ER diagram, as real runs show', () => {
    expect(reviews).toHaveLength(3);
    for (const r of reviews) {
      expect(r).toMatch(/^\| Risk \| Kind \| Action \| Object \| Size \| Reason \| Migration \| Detail \|$/m);
      expect(r).toContain('```mermaid');
    }
  });

  it("each table row's change is in that review's diff, and the diff changes nothing the table lacks", () => {
    for (const r of reviews) {
      const rows = r.split('\n').filter((l) => /^\| [🔴🟠🟢]/u.test(l));
      const diff = r.slice(r.indexOf('```diff'), r.indexOf('```', r.indexOf('```diff') + 7));
      const removed = diff.split('\n').filter((l) => l.startsWith('-    '));
      const added = diff.split('\n').filter((l) => /^\+CREATE TABLE /.test(l));
      const dropped: string[] = [];
      for (const row of rows) {
        const [, kind, action, object] = row.split(' | ');
        const name = object!.replace(/\\_/g, '_');
        if (kind === 'column' && action === 'dropped') {
          const column = name.split('.').at(-1)!;
          dropped.push(column);
          expect(
            removed.some((l) => l.startsWith(`-    ${column} `)),
            `${name} in the diff`,
          ).toBe(true);
        }
        if (kind === 'table' && action === 'added') expect(added, name).toContain(`+CREATE TABLE ${name} (`);
      }
      // every column line the diff removes is a dropped column or a line re-added without its trailing comma
      const readded = diff
        .split('\n')
        .filter((l) => l.startsWith('+    '))
        .map((l) => l.slice(1).replace(/,$/, ''));
      for (const line of removed) {
        const text = line.slice(1).replace(/,$/, '');
        expect(dropped.includes(text.trim().split(' ')[0]!) || readded.includes(text), line).toBe(true);
      }
    }
  });
});
