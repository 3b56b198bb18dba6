import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPrMigrations } from '../../src/migrations/pr-migrations.js';
import { parser } from '../schema/helpers.js';

let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'npa-prm-'));
  mkdirSync(join(workspace, 'drizzle'));
  writeFileSync(join(workspace, 'drizzle/0002_b.sql'), 'CREATE INDEX b_idx ON b (x);--> statement-breakpoint\nALTER TABLE b ADD COLUMN y int;');
  writeFileSync(join(workspace, 'drizzle/0001_a.sql'), 'CREATE TABLE a (id int);\nALTER TABLE a ADD COLUM z int;\n');
  writeFileSync(join(workspace, 'drizzle/0000_old.sql'), 'CREATE TABLE old (id int);');
});

const listing = (...files: { filename: string; status?: string }[]) => async () => files;

describe('readPrMigrations', () => {
  it("reads and splits the PR's matching files in apply order, with one note per file that did not parse", async () => {
    const got = await readPrMigrations(
      ['drizzle/*.sql'],
      { workspace, listFiles: listing({ filename: 'drizzle/0002_b.sql' }, { filename: 'drizzle/0001_a.sql' }, { filename: 'src/app.ts' }) },
      await parser(),
    );
    expect(got.files).toEqual(['drizzle/0001_a.sql', 'drizzle/0002_b.sql']);
    expect(got.statements.map((s) => `${s.file}:${s.line} ${s.sql}`)).toEqual([
      'drizzle/0001_a.sql:1 CREATE TABLE a (id int)',
      'drizzle/0002_b.sql:1 CREATE INDEX b_idx ON b (x)',
      'drizzle/0002_b.sql:2 ALTER TABLE b ADD COLUMN y int',
    ]);
    expect(got.parseErrors).toEqual([{ file: 'drizzle/0001_a.sql', line: 2, message: 'syntax error at or near "int"' }]);
    expect(got.notes).toEqual(['drizzle/0001_a.sql:2 did not parse (syntax error at or near "int"): that statement is reviewed from the dumps alone.']);
  });

  it('notes files missing from the workspace, a PR without migration files, and a refused listing', async () => {
    const missing = await readPrMigrations(['drizzle/*.sql'], { workspace, listFiles: listing({ filename: 'drizzle/0009_gone.sql' }) }, await parser());
    expect(missing.notes).toEqual(['Migration files not in the workspace (check out the PR before compare-schema): drizzle/0009_gone.sql.']);
    const none = await readPrMigrations(['drizzle/*.sql'], { workspace, listFiles: listing({ filename: 'README.md' }) }, await parser());
    const unmatched = 'Input "migrations" (drizzle/*.sql) matches no file this PR adds or changes: reviewed from the dumps alone.';
    expect(none.notes).toEqual([unmatched]);
    expect(none.warnings).toEqual([unmatched]);
    expect(missing.warnings).toEqual([]);
    const refused = await readPrMigrations(
      ['drizzle/*.sql'],
      {
        workspace,
        listFiles: async () => {
          throw Object.assign(new Error('Resource not accessible by integration'), { status: 403 });
        },
      },
      await parser(),
    );
    expect(refused.notes).toEqual([
      "Could not list the PR's files (HTTP 403: Resource not accessible by integration): the migrations input needs pull-requests: read; reviewed from the dumps alone.",
    ]);
    expect(refused.statements).toEqual([]);
  });

  it('leaves the down files out and says so; a PR of down files alone matches nothing', async () => {
    writeFileSync(join(workspace, 'drizzle/0003_c.up.sql'), 'CREATE TABLE c (id int);\n');
    writeFileSync(join(workspace, 'drizzle/0003_c.down.sql'), 'DROP TABLE c;\n');
    const got = await readPrMigrations(['drizzle/*.sql'], { workspace, listFiles: listing({ filename: 'drizzle/0003_c.down.sql' }, { filename: 'drizzle/0003_c.up.sql' }) }, await parser());
    expect(got.statements.map((s) => `${s.file}:${s.line} ${s.sql}`)).toEqual(['drizzle/0003_c.up.sql:1 CREATE TABLE c (id int)']);
    expect(got.notes).toEqual(['Down migrations left out (only the up part migrates): drizzle/0003_c.down.sql.']);
    const downOnly = await readPrMigrations(['drizzle/*.sql'], { workspace, listFiles: listing({ filename: 'drizzle/0003_c.down.sql' }) }, await parser());
    expect(downOnly.warnings).toHaveLength(1);
  });

  it('never reads outside the workspace, whatever path GitHub lists', async () => {
    writeFileSync(join(workspace, '../npa-outside.sql'), 'DROP TABLE everything;');
    for (const glob of ['**/*.sql', '*/*.sql', '**']) {
      const got = await readPrMigrations([glob], { workspace, listFiles: listing({ filename: '../npa-outside.sql' }) }, await parser());
      expect(got.statements, glob).toEqual([]);
    }
  });
});
