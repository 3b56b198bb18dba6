/**
 * What reading identity adds to compare-schema's review of the 2,000-table pair: both sides' catalogs
 * read over node-postgres from real Postgres (PGlite served on loopback: the base holding the pair's
 * before side, the preview its after side), side by side, connection included; the two catalogs
 * checked against the parsed dumps and matched; then the review with that identity, against the review
 * without. Best of 3. Network latency to a real Neon compute is not in these figures.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { readCatalog } from '../src/pg/catalog.js';
import { catalogDescribes, matchCatalogs } from '../src/schema/catalog-identity.js';
import { loadParser, normalizeDump, reviewSchemas } from '../src/schema/index.js';
import { finishReview, parseSides } from '../src/schema/review.js';
import { connectForSizes } from '../src/pg/table-sizes.js';
import { makeSyntheticPair } from '../test/schema/synthetic.js';

export interface IdentityMeasurement {
  tables: number;
  relations: number;
  columns: number;
  /** Both catalogs read side by side (connections included) and matched. */
  readMs: number;
  /** The review with identity as compare-schema runs it: catalog reads sent, dumps parsed meanwhile, then compared. */
  reviewMs: number;
  /** The same review without it. */
  plainReviewMs: number;
  /** CPU time (user + system) of the best runs with and without identity: what load on a shared machine does not stretch. */
  reviewCpuMs: number;
  plainReviewCpuMs: number;
  described: boolean;
  /** On the runner: both catalogs checked against the parsed dumps and matched (CPU, no I/O). */
  matchMs: number;
}

async function serve(sql: string): Promise<{ db: PGlite; server: PGLiteSocketServer; uri: string }> {
  const db = await PGlite.create();
  await db.exec(normalizeDump(sql));
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
  await server.start();
  const port = Number(server.getServerConn().split(':').at(-1));
  return { db, server, uri: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable` };
}

export async function measureIdentity(tables = 2000, runs = 3): Promise<IdentityMeasurement> {
  const pair = makeSyntheticPair(tables);
  const parser = await loadParser({ optimize: false });
  const base = await serve(pair.before);
  const preview = await serve(pair.after);
  let readMs = Number.POSITIVE_INFINITY;
  let reviewMs = Number.POSITIVE_INFINITY;
  let plainReviewMs = Number.POSITIVE_INFINITY;
  let reviewCpuMs = Number.POSITIVE_INFINITY;
  let plainReviewCpuMs = Number.POSITIVE_INFINITY;
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  let relations = 0;
  let columns = 0;
  let described = false;
  let matchMs = Number.POSITIVE_INFINITY;
  try {
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const read = async (uri: string) => {
        const client = await connectForSizes(uri, { connectTimeoutMs: 10_000, statementTimeoutMs: 30_000 });
        try {
          return await readCatalog(client);
        } finally {
          await client.end();
        }
      };
      const [before] = await Promise.all([read(base.uri), read(preview.uri)]);
      relations = before.relations.length;
      columns = before.columns.length;
      const input = { database: 'neondb', beforeSql: pair.before, afterSql: pair.after };
      const c1 = process.cpuUsage();
      const t1 = performance.now();
      const reading = Promise.all([read(base.uri), read(preview.uri)]);
      await new Promise((resolve) => setImmediate(resolve));
      const parsed = parseSides(parser, input);
      const [b, a] = await reading;
      finishReview(parsed, {
        ...input,
        identity: (bm, am) => {
          const m0 = performance.now();
          described = catalogDescribes(b, bm) && catalogDescribes(a, am);
          const map = matchCatalogs(b, a);
          matchMs = Math.min(matchMs, performance.now() - m0);
          return map;
        },
      });
      const t2 = performance.now();
      const withCpu = cpuMs(c1);
      const c2 = process.cpuUsage();
      reviewSchemas(parser, input);
      const t3 = performance.now();
      const plainCpu = cpuMs(c2);
      readMs = Math.min(readMs, t1 - started);
      if (t2 - t1 < reviewMs) [reviewMs, reviewCpuMs] = [t2 - t1, withCpu];
      if (t3 - t2 < plainReviewMs) [plainReviewMs, plainReviewCpuMs] = [t3 - t2, plainCpu];
    }
  } finally {
    for (const side of [base, preview]) {
      await side.server.stop();
      await side.db.close();
    }
  }
  return {
    tables,
    relations,
    columns,
    readMs,
    reviewMs,
    plainReviewMs,
    reviewCpuMs,
    plainReviewCpuMs,
    described,
    matchMs,
  };
}

if (process.argv[1]?.endsWith('identity.ts')) {
  const m = await measureIdentity();
  console.log(JSON.stringify(m, null, 2));
}
