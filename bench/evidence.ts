/**
 * What the migration files and the table sizes add to compare-schema's review of the 2,000-table
 * pair: splitting the PR's migration files (one statement per change, over 8 files), reading their
 * effects, matching them to the 112 changes and settling the risks (in process, best of 3); then
 * reading the sizes of the touched tables over node-postgres from a real Postgres (PGlite served on
 * loopback) holding the 2,000 tables, most never analyzed (so each is counted: the slow path),
 * connection included, best of 3. Network latency to a real Neon compute is not in these figures.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { effectsOf } from '../src/migrations/effects.js';
import { splitMigration } from '../src/migrations/index.js';
import { matchChanges } from '../src/migrations/match.js';
import { loadParser, reviewSchemas } from '../src/schema/index.js';
import { settleChanges } from '../src/schema/settle.js';
import { connectForSizes, readTableSizes } from '../src/pg/table-sizes.js';
import { tablesTouched } from '../src/schema/table-sizes.js';
import type { Change } from '../src/schema/types.js';
import { makeSyntheticPair } from '../test/schema/synthetic.js';

export interface EvidenceMeasurement {
  tables: number;
  changes: number;
  /** Changes matched to a statement (all of them, when the mapping works). */
  matched: number;
  files: number;
  statements: number;
  touchedTables: number;
  sized: number;
  mappingMs: number;
  sizesMs: number;
}

/** One statement per change, as a migration would write it. */
function statementFor(c: Change): string {
  const [schema, table, child] = c.object.split('.');
  const t = `${schema}.${table}`;
  switch (`${c.kind}.${c.action}`) {
    case 'table.added':
      return `CREATE TABLE ${t} (id bigint PRIMARY KEY)`;
    case 'table.dropped':
      return `DROP TABLE ${t}`;
    case 'table.renamed':
      return `ALTER TABLE ${c.from} RENAME TO ${table}`;
    case 'column.added':
      return `ALTER TABLE ${t} ADD COLUMN ${child} integer`;
    case 'column.dropped':
      return `ALTER TABLE ${t} DROP COLUMN ${child}`;
    case 'column.altered':
      return `ALTER TABLE ${t} ALTER COLUMN ${child} TYPE text USING ${child}::text`;
    case 'index.added':
      return `CREATE INDEX CONCURRENTLY ${child} ON ${t} (id)`;
    default:
      return `COMMENT ON TABLE ${t} IS 'unmapped ${c.kind} ${c.action}'`;
  }
}

function migrationFiles(changes: readonly Change[], count: number): { file: string; text: string }[] {
  const files = Array.from({ length: count }, (_, i) => ({
    file: `drizzle/${String(i).padStart(4, '0')}_step.sql`,
    parts: [] as string[],
  }));
  for (const [i, c] of changes.entries()) files[i % count]!.parts.push(`-- ${c.kind} ${c.action}\n${statementFor(c)};`);
  return files.map((f) => ({ file: f.file, text: `${f.parts.join('\n--> statement-breakpoint\n')}\n` }));
}

export async function measureEvidence(tables = 2000, runs = 3): Promise<EvidenceMeasurement> {
  const pair = makeSyntheticPair(tables);
  const parser = await loadParser({ optimize: false });
  const review = reviewSchemas(parser, { database: 'neondb', beforeSql: pair.before, afterSql: pair.after });
  const files = migrationFiles(review.changes, 8);

  let mappingMs = Number.POSITIVE_INFINITY;
  let matched = 0;
  let statements = 0;
  let settled: Change[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const split = [];
    for (const f of files) split.push(...(await splitMigration(f.file, f.text, parser)).statements);
    const m = matchChanges(review.changes, effectsOf(parser, split));
    settled = settleChanges(m.changes, { evidence: m.evidence, smallTableRows: 10_000 });
    mappingMs = Math.min(mappingMs, performance.now() - started);
    matched = m.evidence.size;
    statements = split.length;
  }

  // the branch: every table of the pair's after side, a few big and analyzed, the rest never analyzed
  const db = await PGlite.create();
  const names = [...pair.after.matchAll(/^CREATE TABLE (public\.\w+) \(/gm)].map((m) => m[1]!);
  await db.exec(names.map((n) => `CREATE TABLE ${n} (id bigint PRIMARY KEY, note text);`).join('\n'));
  const touched = tablesTouched(settled);
  for (const t of touched.slice(0, 5))
    await db.exec(`INSERT INTO ${t} SELECT g, 'row ' || g FROM generate_series(1, 20000) g; ANALYZE ${t};`);
  for (const t of touched.slice(5))
    await db.exec(`INSERT INTO ${t} SELECT g, 'row ' || g FROM generate_series(1, 50) g;`);
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
  await server.start();
  const port = Number(server.getServerConn().split(':').at(-1));
  let sizesMs = Number.POSITIVE_INFINITY;
  let sized = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const client = await connectForSizes(
        `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
        {
          connectTimeoutMs: 10_000,
          statementTimeoutMs: 30_000,
        },
      );
      try {
        sized = (await readTableSizes(client, touched)).size;
      } finally {
        await client.end();
      }
      sizesMs = Math.min(sizesMs, performance.now() - started);
    }
  } finally {
    await server.stop();
    await db.close();
  }
  return {
    tables,
    changes: review.changes.length,
    matched,
    files: files.length,
    statements,
    touchedTables: touched.length,
    sized,
    mappingMs,
    sizesMs,
  };
}
