/**
 * Writes before.sql and after.sql of each pair in test/fixtures/schema-pairs from its base.sql and
 * migration.sql, with real Postgres (PGlite, PostgreSQL 18) and real pg_dump
 * (`--schema-only --no-owner --no-privileges`). expected.json is written by hand from the migration,
 * before the review ever runs on the pair; this script never touches it.
 *
 *   npx tsx test/schema/make-fixture-dumps.ts [pair-name …]
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { hstore } from '@electric-sql/pglite/contrib/hstore';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';

const PAIRS_DIR = fileURLToPath(new URL('../fixtures/schema-pairs/', import.meta.url));
const DUMP_ARGS = ['--schema-only', '--no-owner', '--no-privileges'];

async function dump(pg: PGlite): Promise<string> {
  const file = await pgDump({ pg, args: DUMP_ARGS });
  return file.text();
}

/** A fresh database with `scripts` applied, dumped. (pg_dump leaves PGlite read-only, so one per dump.) */
async function dumpAfter(scripts: string[]): Promise<string> {
  const pg = await PGlite.create({ extensions: { citext, hstore, pg_trgm, pgcrypto } });
  try {
    for (const script of scripts) await pg.exec(script);
    return await dump(pg);
  } finally {
    await pg.close();
  }
}

async function makePair(dir: string): Promise<void> {
  const base = readFileSync(join(dir, 'base.sql'), 'utf8');
  const migration = readFileSync(join(dir, 'migration.sql'), 'utf8');
  writeFileSync(join(dir, 'before.sql'), await dumpAfter([base]));
  writeFileSync(join(dir, 'after.sql'), await dumpAfter([base, migration]));
}

const wanted = new Set(process.argv.slice(2));
for (const name of readdirSync(PAIRS_DIR).sort()) {
  const dir = join(PAIRS_DIR, name);
  if (!existsSync(join(dir, 'migration.sql')) || (wanted.size > 0 && !wanted.has(name))) continue;
  process.stdout.write(`${name}\n`);
  await makePair(dir);
}
