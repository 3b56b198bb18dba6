/**
 * Each fixture is a repository's migrations in one tool's layout, with the files a PR adds named in
 * expected.json and, written by hand from those files, which statement makes each change. The
 * changes come from the real review of real dumps: before.sql and after.sql beside expected.json are
 * what real pg_dump wrote after the migrations ran on PGlite (PostgreSQL 18), before and after the
 * PR's files (`npm run fixtures` writes them; test/fixtures/dumps.test.ts checks they are current).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectsOf } from '../../src/migrations/effects.js';
import { type Evidence, matchChanges } from '../../src/migrations/match.js';
import { reviewSchemas } from '../../src/schema/review.js';
import type { Change } from '../../src/schema/types.js';
import { migrationFixture } from '../fixtures/migration-fixtures.js';
import { parser } from '../schema/helpers.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/migrations');

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
const TOOLS = [
  'prisma',
  'drizzle',
  'numbered',
  'dbmate',
  'goose',
  'sql-migrate',
  'tern',
  'shmig',
  'golang-migrate',
  'flyway',
  'sqitch',
  'liquibase',
];

describe.each(TOOLS)('%s layout: each change matched to its statement', (tool) => {
  it('maps the review of the real dumps as expected.json says', async () => {
    const dir = join(FIXTURES, tool);
    const fixture = await migrationFixture(dir, await parser());
    expect(fixture.errors).toEqual([]);
    expect(fixture.prFiles).toEqual(fixture.expected.read ?? fixture.expected.pr);
    const [beforeSql, afterSql] = ['before.sql', 'after.sql'].map((f) => readFileSync(join(dir, f), 'utf8'));
    const review = reviewSchemas(await parser(), { database: 'neondb', beforeSql, afterSql });
    const { changes, evidence } = matchChanges(review.changes, effectsOf(await parser(), fixture.pr));
    expect(changes.map((c) => describeMatch(c, evidence.get(c))).sort()).toEqual([...fixture.expected.changes].sort());
  });
});
