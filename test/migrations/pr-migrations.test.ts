import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPrMigrations } from '../../src/migrations/pr-migrations.js';
import { readWorkspaceFile } from '../../src/runtime/workspace-file.js';
import { parser } from '../schema/helpers.js';

let workspace: string;
/** The action's own reader of PR-controlled files, over this test's workspace (`ws` for another). */
const inWorkspace = (file: string, max: number) => readWorkspaceFile(file, workspace, max);
const within = (ws: string) => (file: string, max: number) => readWorkspaceFile(file, ws, max);
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'npa-prm-'));
  mkdirSync(join(workspace, 'drizzle'));
  writeFileSync(
    join(workspace, 'drizzle/0002_b.sql'),
    'CREATE INDEX b_idx ON b (x);--> statement-breakpoint\nALTER TABLE b ADD COLUMN y int;',
  );
  writeFileSync(join(workspace, 'drizzle/0001_a.sql'), 'CREATE TABLE a (id int);\nALTER TABLE a ADD COLUM z int;\n');
  writeFileSync(join(workspace, 'drizzle/0000_old.sql'), 'CREATE TABLE old (id int);');
});

const listing =
  (...files: { filename: string; status?: string }[]) =>
  async () =>
    files;

describe('readPrMigrations', () => {
  it("reads and splits the PR's matching files in apply order, with one note per file that did not parse", async () => {
    const got = await readPrMigrations(
      ['drizzle/*.sql'],
      {
        readFile: inWorkspace,
        listFiles: listing(
          { filename: 'drizzle/0002_b.sql' },
          { filename: 'drizzle/0001_a.sql' },
          { filename: 'src/app.ts' },
        ),
      },
      await parser(),
    );
    expect(got.files).toEqual(['drizzle/0001_a.sql', 'drizzle/0002_b.sql']);
    expect(got.statements.map((s) => `${s.file}:${s.line} ${s.sql}`)).toEqual([
      'drizzle/0001_a.sql:1 CREATE TABLE a (id int)',
      'drizzle/0002_b.sql:1 CREATE INDEX b_idx ON b (x)',
      'drizzle/0002_b.sql:2 ALTER TABLE b ADD COLUMN y int',
    ]);
    expect(got.parseErrors).toEqual([
      { file: 'drizzle/0001_a.sql', line: 2, message: 'syntax error at or near "int"' },
    ]);
    expect(got.notes).toEqual([
      'drizzle/0001_a.sql:2 did not parse (syntax error at or near "int"): that statement is reviewed from the dumps alone.',
    ]);
  });

  it('notes files missing from the workspace, a PR without migration files, and a refused listing', async () => {
    const missing = await readPrMigrations(
      ['drizzle/*.sql'],
      { readFile: inWorkspace, listFiles: listing({ filename: 'drizzle/0009_gone.sql' }) },
      await parser(),
    );
    expect(missing.notes).toEqual([
      'Migration files not in the workspace (check out the PR before compare-schema): drizzle/0009_gone.sql.',
    ]);
    const none = await readPrMigrations(
      ['drizzle/*.sql'],
      { readFile: inWorkspace, listFiles: listing({ filename: 'README.md' }) },
      await parser(),
    );
    const unmatched =
      'Input "migrations" (drizzle/*.sql) matches no file this PR adds or changes: reviewed from the dumps alone.';
    expect(none.notes).toEqual([unmatched]);
    expect(none.warnings).toEqual([unmatched]);
    expect(missing.warnings).toEqual([]);
    const refused = await readPrMigrations(
      ['drizzle/*.sql'],
      {
        readFile: inWorkspace,
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
    const got = await readPrMigrations(
      ['drizzle/*.sql'],
      {
        readFile: inWorkspace,
        listFiles: listing({ filename: 'drizzle/0003_c.down.sql' }, { filename: 'drizzle/0003_c.up.sql' }),
      },
      await parser(),
    );
    expect(got.statements.map((s) => `${s.file}:${s.line} ${s.sql}`)).toEqual([
      'drizzle/0003_c.up.sql:1 CREATE TABLE c (id int)',
    ]);
    expect(got.notes).toEqual(['Down migrations left out (only the up part migrates): drizzle/0003_c.down.sql.']);
    const downOnly = await readPrMigrations(
      ['drizzle/*.sql'],
      { readFile: inWorkspace, listFiles: listing({ filename: 'drizzle/0003_c.down.sql' }) },
      await parser(),
    );
    expect(downOnly.warnings).toHaveLength(1);
  });

  it('never reads outside the workspace, whatever path GitHub lists', async () => {
    writeFileSync(join(workspace, '../npa-outside.sql'), 'DROP TABLE everything;');
    for (const glob of ['**/*.sql', '*/*.sql', '**']) {
      const got = await readPrMigrations(
        [glob],
        { readFile: inWorkspace, listFiles: listing({ filename: '../npa-outside.sql' }) },
        await parser(),
      );
      expect(got.statements, glob).toEqual([]);
    }
  });
});

describe('readPrMigrations reads only regular files inside the workspace, size-capped (issue 21)', () => {
  it('refuses a link out of the workspace, a device and a file over the cap, with a note each, and reads the rest', async () => {
    const { symlinkSync } = await import('node:fs');
    const ws = mkdtempSync(join(tmpdir(), 'npa-prm-links-'));
    mkdirSync(join(ws, 'db'));
    writeFileSync(join(ws, 'db/1_ok.sql'), 'CREATE TABLE ok (id int);');
    symlinkSync('/etc/passwd', join(ws, 'db/2_passwd.sql'));
    symlinkSync('/dev/zero', join(ws, 'db/3_zero.sql'));
    writeFileSync(join(ws, 'db/4_big.sql'), `-- ${'x'.repeat(3_000)}\nCREATE TABLE big (id int);`);
    const files = ['db/1_ok.sql', 'db/2_passwd.sql', 'db/3_zero.sql', 'db/4_big.sql'].map((filename) => ({ filename }));
    const got = await readPrMigrations(
      ['db/*.sql'],
      { readFile: within(ws), listFiles: listing(...files), maxFileBytes: 2_048 },
      await parser(),
    );
    expect(got.statements.map((s) => `${s.file}:${s.line} ${s.sql}`)).toEqual([
      'db/1_ok.sql:1 CREATE TABLE ok (id int)',
    ]);
    expect(got.parseErrors).toEqual([]);
    expect(got.notes).toEqual([
      'Migration file not read: db/2_passwd.sql (it leads outside the workspace); it is reviewed from the dumps alone.',
      'Migration file not read: db/3_zero.sql (it leads outside the workspace); it is reviewed from the dumps alone.',
      'Migration file not read: db/4_big.sql (3,030 bytes: a migration file is read up to 2,048 bytes); it is reviewed from the dumps alone.',
    ]);
    expect(got.notes.join('\n')).not.toContain('root');
  });

  it('reads the statements around one too deeply nested for the parser, and notes it', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'npa-prm-deep-'));
    mkdirSync(join(ws, 'db'));
    const deep = `SELECT ${Array(10_000).fill('1').join('+')}`;
    writeFileSync(join(ws, 'db/1_deep.sql'), `CREATE TABLE a (id int);\n${deep};\nCREATE TABLE b (id int);\n`);
    const got = await readPrMigrations(
      ['db/*.sql'],
      { readFile: within(ws), listFiles: listing({ filename: 'db/1_deep.sql' }) },
      await parser(),
    );
    expect(got.statements.map((s) => `${s.line} ${s.sql}`)).toEqual([
      '1 CREATE TABLE a (id int)',
      '3 CREATE TABLE b (id int)',
    ]);
    expect(got.parseErrors).toEqual([
      { file: 'db/1_deep.sql', line: 2, message: 'nested too deeply for the parser (its stack ran out)' },
    ]);
    expect(got.notes.join('\n')).not.toContain('[object Object]');
  });
});
