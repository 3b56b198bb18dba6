/**
 * `/schema` and `compare_schema` text: real pg_dump output (PGlite's wasm pg_dump, run against the
 * cluster's own session), normalised so that two dumps of an unchanged database are byte-identical.
 */
import type { PGlite } from '@electric-sql/pglite';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import { withWholeMessages } from './schema-dump-framing.js';

const META_COMMAND = /^\\/; // \restrict KEY, \unrestrict KEY (psql meta-commands; the key is random)
const VERSION_COMMENT = /^-- Dumped (from database|by pg_dump) version /;
const SESSION_SETTING = /^(SET [a-z_]+ = .*;|SELECT pg_catalog\.set_config\(.*\);)$/;
const DUMP_BANNER = /^--\n-- PostgreSQL database dump( complete)?\n--\n/gm;

/**
 * Drop what changes between runs or is not schema: psql meta-command lines, the version comments,
 * the SET/set_config session preamble, the start and end banners; collapse runs of blank lines.
 * An empty database gives ''.
 */
export function normaliseDump(dump: string): string {
  const kept = dump
    .replaceAll('\r\n', '\n')
    .split('\n')
    .filter((line) => !META_COMMAND.test(line) && !VERSION_COMMENT.test(line) && !SESSION_SETTING.test(line))
    .join('\n');
  const text = `${kept}\n`
    .replace(DUMP_BANNER, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? '' : `${text}\n`;
}

/**
 * `pg_dump --schema-only` of the session's database. Call it holding the session as superuser.
 * pg_dump leaves its transaction and settings behind on the shared session; they are cleared here.
 * Its protocol messages reach PGlite whole (see schema-dump-framing.ts: a query over 8 KB, which
 * pg_dump sends for a couple of hundred tables, would otherwise hang PGlite and abort the process).
 */
export async function dumpSchemaText(db: PGlite): Promise<string> {
  try {
    const file = await pgDump({ pg: withWholeMessages(db), args: ['--schema-only'] });
    return normaliseDump(await file.text());
  } finally {
    if (db.isInTransaction()) await db.exec('ROLLBACK');
    await db.exec('RESET ALL');
  }
}
