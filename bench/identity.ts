/**
 * What reading identity adds to compare-schema's review of the 2,000-table pair: both sides' catalogs
 * read over node-postgres from real Postgres (PGlite on loopback: the base holding the pair's before side,
 * the preview its after side), side by side, connection included; the two catalogs checked against the
 * parsed dumps and matched; then the review with that identity, against the review without. Best of 3.
 *
 * Each side is served from its own child process (bench/catalog-server.mjs, one per side), like a remote
 * compute: the catalog queries' server work runs on other cores, not on the bench's thread, so the wall
 * times are what the action waits for and the CPU figures are the bench process's own (the action's side:
 * sending the queries, decoding the rows, matching them), the servers' CPU not in them. Network latency to a
 * real Neon compute is still not in these figures.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readCatalog } from '../src/pg/catalog.js';
import { catalogDescribes, matchCatalogs } from '../src/schema/catalog-identity.js';
import { loadParser, normalizeDump, reviewSchemas } from '../src/schema/index.js';
import { finishReview, parseNormalizedSidesInTurns } from '../src/schema/review.js';
import { connectForSizes } from '../src/pg/table-sizes.js';
import { median } from './stats.js';
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
  /** Medians of the same runs: with the best, how far this machine's swing moves them. */
  reviewMedianMs: number;
  plainReviewMedianMs: number;
  /**
   * CPU time (user + system) of the bench process in the best runs with and without identity: what load on a shared
   * machine does not stretch. The catalog servers' CPU is not in it (they are child processes).
   */
  reviewCpuMs: number;
  plainReviewCpuMs: number;
  described: boolean;
  /** On the runner: both catalogs checked against the parsed dumps and matched (CPU, no I/O). */
  matchMs: number;
}

/** A child serving one side's catalog; pushed onto `children` as soon as it exists, so `finally` stops it. */
async function serve(sql: string, children: ChildProcess[]): Promise<string> {
  const child = fork(fileURLToPath(new URL('./catalog-server.mjs', import.meta.url)), [], {
    // plain node: not tsx's loaders
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (m: { type: string; port?: number; message?: string }) => {
      if (m.type === 'ready') resolve(Number(m.port));
      else if (m.type === 'error') reject(new Error(`the catalog server did not start: ${m.message}`));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`the catalog server ended (${signal ?? code}) before serving`)),
    );
    child.send({ type: 'serve', sql: normalizeDump(sql) });
  });
  return `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

/** Asks the child to stop; kills it when it has not ended within 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'stop' });
  else child.kill();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), 5_000);
  });
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

export async function measureIdentity(tables = 2000, runs = 3): Promise<IdentityMeasurement> {
  const pair = makeSyntheticPair(tables);
  const parser = await loadParser({ optimize: false });
  const children: ChildProcess[] = [];
  let readMs = Number.POSITIVE_INFINITY;
  let reviewMs = Number.POSITIVE_INFINITY;
  let plainReviewMs = Number.POSITIVE_INFINITY;
  const withTimes: number[] = [];
  const plainTimes: number[] = [];
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
    const [baseUri, previewUri] = await Promise.all([serve(pair.before, children), serve(pair.after, children)]);
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
      const [before] = await Promise.all([read(baseUri), read(previewUri)]);
      relations = before.relations.length;
      columns = before.columns.length;
      const input = { database: 'neondb', beforeSql: pair.before, afterSql: pair.after };
      const c1 = process.cpuUsage();
      const t1 = performance.now();
      const reading = Promise.all([read(baseUri), read(previewUri)]);
      // as review/identity.ts does: the loop turns every few hundred statements, the reads go on meanwhile
      const parsed = await parseNormalizedSidesInTurns(
        parser,
        normalizeDump(input.beforeSql),
        normalizeDump(input.afterSql),
      );
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
      withTimes.push(t2 - t1);
      plainTimes.push(t3 - t2);
      if (t2 - t1 < reviewMs) [reviewMs, reviewCpuMs] = [t2 - t1, withCpu];
      if (t3 - t2 < plainReviewMs) [plainReviewMs, plainReviewCpuMs] = [t3 - t2, plainCpu];
    }
  } finally {
    await Promise.all(children.map(stopChild));
  }
  return {
    tables,
    relations,
    columns,
    readMs,
    reviewMs,
    plainReviewMs,
    reviewMedianMs: median(withTimes),
    plainReviewMedianMs: median(plainTimes),
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
