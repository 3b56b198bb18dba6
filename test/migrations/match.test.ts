/**
 * Each fixture is a repository's migrations in one tool's layout, with the files a PR adds named in
 * expected.json and, written by hand from those files, which statement makes each change. The
 * changes come from the real review: the migrations run on PGlite (PostgreSQL 18), real pg_dump
 * before and after the PR's files, reviewSchemas on the two dumps.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import { describe, expect, it } from 'vitest';
import { effectsOf } from '../../src/migrations/effects.js';
import { type MigrationStatement, selectMigrationFiles, splitMigration } from '../../src/migrations/index.js';
import { type Evidence, matchChanges } from '../../src/migrations/match.js';
import { reviewSchemas } from '../../src/schema/review.js';
import type { Change } from '../../src/schema/types.js';
import { parser } from '../schema/helpers.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/migrations');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)));
}

async function statementsOf(dir: string, files: string[]): Promise<MigrationStatement[]> {
  const out: MigrationStatement[] = [];
  for (const file of files) {
    const split = await splitMigration(file, readFileSync(join(dir, file), 'utf8'), await parser());
    expect(split.error, file).toBeUndefined();
    out.push(...split.statements);
  }
  return out;
}

/**
 * One fresh database: the base statements run one by one (CONCURRENTLY refuses a multi-statement
 * batch) and dumped, then the PR's, dumped again (one instance for both: a dozen layouts stay quick).
 */
async function dumpsAround(base: MigrationStatement[], pr: MigrationStatement[]): Promise<[string, string]> {
  const pg = await PGlite.create();
  const dump = async () => (await pgDump({ pg, args: ['--schema-only', '--no-owner', '--no-privileges'] })).text();
  try {
    for (const s of base) await pg.exec(s.sql);
    const before = await dump();
    // pg_dump leaves its session in a read-only transaction with an empty search_path
    await pg.exec('ROLLBACK; RESET ALL; SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE');
    for (const s of pr) await pg.exec(s.sql);
    return [before, await dump()];
  } finally {
    await pg.close();
  }
}

function describeMatch(change: Change, evidence: Evidence | undefined): string {
  const head = `${change.kind} ${change.action} ${change.object}${change.from ? ` from ${change.from}` : ''}`;
  if (!evidence) return `${head} <- (no statement)`;
  const flags = [
    evidence.explicitRename ? 'explicit-rename' : '',
    evidence.concurrently ? 'concurrently' : '',
    evidence.notValid ? 'not-valid' : '',
    evidence.validatedBy ? `validated-at:${evidence.validatedBy.line}` : '',
    evidence.usingIndex ? `using-index:${evidence.usingIndex}` : '',
    evidence.using !== undefined ? `using:${evidence.using}` : '',
  ].filter(Boolean);
  return [`${head} <- ${evidence.statement.file}:${evidence.statement.line}`, ...flags].join(' ');
}

// dbmate, goose, sql-migrate, tern and shmig keep up and down in one file; golang-migrate, Flyway
// (undo) and sqitch (revert, verify) in files of their own: only the up part may reach the dumps
const TOOLS = ['prisma', 'drizzle', 'numbered', 'dbmate', 'goose', 'sql-migrate', 'tern', 'shmig', 'golang-migrate', 'flyway', 'sqitch', 'liquibase'];

describe.each(TOOLS)('%s layout: each change matched to its statement', (tool) => {
  it('maps the review of the real dumps as expected.json says', async () => {
    const dir = join(FIXTURES, tool);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
      glob: string;
      /** The files the PR adds. */
      pr: string[];
      /** Those read as migrations (down files left out), when not all of them. */
      read?: string[];
      changes: string[];
    };
    const all = selectMigrationFiles(expected.glob, filesUnder(dir));
    const prFiles = selectMigrationFiles(expected.glob, expected.pr.map((filename) => ({ filename, status: 'added' })));
    expect(prFiles).toEqual(expected.read ?? expected.pr);
    const base = await statementsOf(dir, all.filter((f) => !prFiles.includes(f)));
    const pr = await statementsOf(dir, prFiles);
    const [beforeSql, afterSql] = await dumpsAround(base, pr);
    const review = reviewSchemas(await parser(), { database: 'neondb', beforeSql, afterSql });
    const { changes, evidence } = matchChanges(review.changes, effectsOf(await parser(), pr));
    expect(changes.map((c) => describeMatch(c, evidence.get(c))).sort()).toEqual([...expected.changes].sort());
  }, 120_000);
});
