/**
 * Way `neon` of the real-corpus harness: a window replayed on the local Neon (PGlite data plane)
 * and reviewed by dist/index.js, as a PR would be. Per window, in a fresh local Neon:
 *
 * 1. the default branch (main) is restored to the window's before state from before.sql;
 * 2. create-branch forks the PR's preview branch from it;
 * 3. the window's migration files are applied to the preview, statement by statement;
 * 4. compare-schema runs with `migrations: db/migrations/*.sql` (the files laid out in a workspace
 *    and listed as the PR's files), and its `changes` output is scored.
 *
 * The local Neon's PGlite loads no extension. before.sql's `CREATE EXTENSION citext` becomes a
 * `citext` domain over text (so columns keep their type name on both sides), other extensions are
 * left out (pgcrypto's functions are only called at run time). A window statement that creates an
 * extension is skipped, and the expected changes of that extension are left out of this way's score
 * ("not replayable"). The local Neon's owner role cannot create roles (Neon's can: it is a member of
 * neon_superuser with CREATEROLE): a statement refused for that is skipped, and the expected changes of
 * its migration file are left out of this way's score. Anything else that fails stops the window with
 * the statement and the error.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pg from 'pg';
import type { Parser } from '../../src/schema/parser.js';
import type { Change } from '../../src/schema/types.js';
import { startWorld } from '../e2e/fixtures.js';
import { pullRequestEvent } from '../e2e/run-action.js';
import type { CorpusWindow } from './pairs.js';
import {
  MIGRATIONS_DIR,
  MIGRATIONS_GLOB,
  scoreWay,
  type WayResult,
  windowStatements,
  workspacePath,
} from './real-corpus.js';

/** before.sql as the local Neon's PGlite can load it (see the file comment). */
export function pgliteSchema(dump: string): string {
  return dump
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .map((line) => {
      const ext = /^CREATE EXTENSION IF NOT EXISTS (\w+) WITH SCHEMA (\w+);$/.exec(line);
      if (ext)
        return ext[1] === 'citext'
          ? `CREATE DOMAIN ${ext[2]}.citext AS text;`
          : `-- (extension ${ext[1]} left out: the local Neon loads none)`;
      return /^COMMENT ON EXTENSION /.test(line) ? '' : line;
    })
    .join('\n');
}

const EXTENSION = /^\s*CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)"?/i;

export async function reviewOnLocalNeon(parser: Parser, window: CorpusWindow, prNumber: number): Promise<WayResult> {
  if (window.migrations.length === 0)
    return { window: window.name, way: 'neon', skipped: 'no migration files in the corpus' };
  const world = await startWorld();
  const workspace = mkdtempSync(join(tmpdir(), 'npa-corpus-'));
  try {
    await world.neon.dataPlane.query(
      world.neon.defaultBranchId,
      'neondb',
      pgliteSchema(readFileSync(join(window.dir, 'before.sql'), 'utf8')),
    );
    const event = pullRequestEvent(prNumber, `corpus-${prNumber}`);
    const created = await world.run({ command: 'create-branch', comment: 'false' }, { event });
    if (created.code !== 0) throw new Error(`create-branch failed: ${created.output.slice(-500)}`);

    const excluded: NonNullable<WayResult['excluded']> = [];
    const skipped: string[] = [];
    const client = new pg.Client({ connectionString: created.outputs['db-url'], connectionTimeoutMillis: 30_000 });
    await client.connect();
    try {
      for (const statement of await windowStatements(parser, window)) {
        const ext = EXTENSION.exec(statement.sql)?.[1];
        if (ext) {
          for (const change of window.expected.filter((e) => e.kind === 'extension' && e.object === ext))
            excluded.push({
              change,
              why: `${statement.file}:${statement.line} CREATE EXTENSION ${ext}: the local Neon's PGlite loads no extension`,
            });
          continue;
        }
        try {
          await client.query(statement.sql);
        } catch (e) {
          const message = (e as Error).message;
          if (!/permission denied to create role/.test(message))
            throw new Error(`replay failed at ${statement.file}:${statement.line}: ${message}`);
          // whatever else the refused statement did (a DO block may also create tables) did not happen either
          const migration = basename(statement.file, '.sql');
          for (const change of window.expected.filter(
            (e) => e.migration?.includes(migration) && !excluded.some((x) => x.change === e),
          ))
            excluded.push({
              change,
              why: `${statement.file}:${statement.line} could not run on the local Neon (${message})`,
            });
          skipped.push(`${statement.file}:${statement.line} skipped on the local Neon: ${message}`);
        }
      }
    } finally {
      await client.end();
    }

    mkdirSync(join(workspace, MIGRATIONS_DIR), { recursive: true });
    for (const file of window.migrations) writeFileSync(join(workspace, workspacePath(file)), readFileSync(file));
    world.github.setPullFiles(
      prNumber,
      window.migrations.map((file) => ({ filename: workspacePath(file), status: 'added' })),
    );
    const run = await world.run(
      { command: 'compare-schema', migrations: MIGRATIONS_GLOB, comment: 'false' },
      { event, env: { GITHUB_WORKSPACE: workspace }, timeoutMs: 600_000 },
    );
    if (run.code !== 0 || run.outputs.changes === undefined)
      throw new Error(`compare-schema failed: ${run.output.slice(-800)}`);
    const result = scoreWay(window, 'neon', JSON.parse(run.outputs.changes) as Change[], excluded);
    return skipped.length > 0 ? { ...result, notes: [...(result.notes ?? []), ...skipped] } : result;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    await world.close();
  }
}
