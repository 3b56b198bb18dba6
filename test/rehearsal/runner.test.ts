/**
 * The rehearsal runner on real Postgres (the local Neon's PGlite, over its wire endpoint, through
 * the same `pg` session the action uses): locks from pg_locks, rewrites from relfilenode, rows, the
 * failing statement with its line, and the transaction grouping around CONCURRENTLY.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPg } from '../../src/rehearsal/pg-session.js';
import { runRehearsal } from '../../src/rehearsal/runner.js';
import type { SqlSession } from '../../src/rehearsal/session.js';
import type { RehearsalStatement } from '../../src/rehearsal/types.js';
import { type LocalNeon, startLocalNeon } from '../local-neon/index.js';
import { apiClient } from '../local-neon/test-client.js';

let neon: LocalNeon;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  neon = await startLocalNeon({ dataPlane: 'pglite', operationMs: 0 });
  api = apiClient(neon);
  await neon.dataPlane.query(
    neon.defaultBranchId,
    'neondb',
    `CREATE TABLE big (id int PRIMARY KEY, v int, n text);
     INSERT INTO big SELECT g, g % 100, CASE WHEN g % 7 = 0 THEN NULL ELSE 'x' END FROM generate_series(1, 20000) g;
     CREATE TABLE small (id int, t text);
     INSERT INTO small SELECT g, 'a' FROM generate_series(1, 10) g;
     ANALYZE small;`,
  );
});
afterAll(async () => {
  await neon?.close();
});

/** A fresh branch of the parent (its rows included) and a session on it. */
async function sessionOnNewBranch(name: string): Promise<SqlSession> {
  const created = await api.createBranch({ name }, { endpoints: [{ type: 'read_write' }] });
  expect(created.status).toBe(201);
  await neon.settle();
  // a cold PGlite start behind the connection: 30 s and more on a loaded 2-core machine
  return connectPg(created.body.connection_uris[0].connection_uri, { connectTimeoutMs: 100_000 });
}

/** Statements of one file, one per entry, each starting on the line given. */
function file(name: string, entries: [number, string][]): RehearsalStatement[] {
  return entries.map(([line, sql]) => ({ file: name, line, endLine: line + (sql.match(/\n/g)?.length ?? 0), sql }));
}

describe('runRehearsal on PGlite', () => {
  it('measures a rewrite, a plain index, an index built CONCURRENTLY and stops at the statement that fails', async () => {
    const session = await sessionOnNewBranch('rehearse-1');
    const statements = [
      ...file('db/001_add.sql', [[1, 'ALTER TABLE big ADD COLUMN r float DEFAULT random()']]),
      ...file('db/002_index.sql', [
        [1, 'CREATE INDEX big_v ON big (v)'],
        [3, 'CREATE INDEX CONCURRENTLY small_t ON small (t)'],
        [5, 'ALTER TABLE big\n  ALTER COLUMN n SET NOT NULL'],
        [7, 'CREATE TABLE never (id int)'],
      ]),
    ];
    const lines: string[] = [];
    const result = await runRehearsal(session, statements, {
      timeoutMs: 60_000,
      log: (l) => lines.push(l),
      errorDetails: true,
    });
    await session.close();

    expect(result.outcome).toBe('failed');
    const [add, index, concurrent, notNull, never] = result.statements;
    expect(add).toMatchObject({ status: 'ok', transaction: true, rewrite: true, rewritten: ['public.big'] });
    const onBig = add!.locks.find((l) => l.relation === 'public.big');
    // reltuples was unset (never analyzed): the rows are an exact count
    expect(onBig).toMatchObject({
      mode: 'ACCESS EXCLUSIVE',
      kind: 'table',
      created: false,
      rows: 20000,
      rowsFrom: 'count',
    });
    expect(onBig!.heldMs).toBeGreaterThanOrEqual(add!.ms);

    expect(index).toMatchObject({ status: 'ok', transaction: true, rewrite: false });
    expect(index!.locks.find((l) => l.relation === 'public.big')).toMatchObject({ mode: 'SHARE', created: false });
    // the new index is the migration's own: nobody waits on it
    expect(index!.locks.find((l) => l.relation === 'public.big_v')).toMatchObject({ created: true, kind: 'index' });

    // run on its own: its locks end with it, so none are seen after it
    expect(concurrent).toMatchObject({ status: 'ok', transaction: false, locks: [], rewrite: false });

    expect(notNull).toMatchObject({ status: 'failed', sqlstate: '23502', errorLine: 5 });
    expect(notNull!.error).toMatch(/column "n" of relation "big" contains null values/);
    expect(never).toMatchObject({ status: 'not-run', ms: 0 });
    expect(lines[0]).toMatch(/^db\/001_add\.sql:1: \d+ ms; ACCESS EXCLUSIVE on public\.big\b/);
    expect(lines[0]).toMatch(/rewrote public\.big$/);
    expect(lines.at(-1)).toMatch(
      /^db\/002_index\.sql:5: failed after \d+ ms: column "n" of relation "big" contains null values$/,
    );
  });

  it('holds a lock taken in a transaction until COMMIT, and reads an estimate where Postgres has one', async () => {
    const session = await sessionOnNewBranch('rehearse-2');
    const statements = file('db/003_two.sql', [
      [1, "ALTER TABLE small ADD COLUMN note text DEFAULT 'x'"],
      [2, 'UPDATE big SET v = v + 1'],
    ]);
    const result = await runRehearsal(session, statements, { timeoutMs: 60_000 });
    await session.close();
    expect(result.outcome).toBe('completed');
    const [alter, update] = result.statements;
    // a constant default: metadata only, no rewrite
    expect(alter).toMatchObject({ status: 'ok', rewrite: false });
    const lock = alter!.locks.find((l) => l.relation === 'public.small')!;
    expect(lock).toMatchObject({ mode: 'ACCESS EXCLUSIVE', rows: 10, rowsFrom: 'estimate' });
    // held through the UPDATE that followed it in the same transaction
    expect(lock.heldMs).toBeGreaterThanOrEqual(alter!.ms + update!.ms);
    expect(update!.locks.find((l) => l.relation === 'public.big')).toMatchObject({ mode: 'ROW EXCLUSIVE' });
  });

  it('runs a file with its own BEGIN/COMMIT as written, each statement outside them as its own transaction', async () => {
    const session = await sessionOnNewBranch('rehearse-3');
    const statements = file('db/004_own.sql', [
      [1, 'ALTER TABLE small ADD COLUMN a int'],
      [2, 'BEGIN'],
      [3, 'ALTER TABLE small ADD COLUMN b int'],
      [4, 'LOCK TABLE big IN SHARE ROW EXCLUSIVE MODE'],
      [5, 'COMMIT'],
      [6, 'SELECT nosuch\n  FROM small'],
    ]);
    const result = await runRehearsal(session, statements, { timeoutMs: 60_000 });
    await session.close();
    const [a, , b, lock, , bad] = result.statements;
    // autocommit: made explicit, so its lock is seen before it goes
    expect(a).toMatchObject({ status: 'ok', transaction: true });
    expect(a!.locks.find((l) => l.relation === 'public.small')?.mode).toBe('ACCESS EXCLUSIVE');
    expect(b!.locks.find((l) => l.relation === 'public.small')!.heldMs).toBeGreaterThanOrEqual(b!.ms + lock!.ms);
    expect(lock!.locks.find((l) => l.relation === 'public.big')?.mode).toBe('SHARE ROW EXCLUSIVE');
    expect(bad).toMatchObject({ status: 'failed', sqlstate: '42703', errorLine: 6 });
  });
});

describe('the budget and cancellation', () => {
  /** A session whose migration statements never answer, as a statement stuck on a huge table. */
  function stuckSession(onStuck: () => void = () => {}): SqlSession & { destroyed: boolean } {
    let status: 'I' | 'T' = 'I';
    let reject: (e: Error) => void = () => {};
    const s = {
      destroyed: false,
      async query(sql: string) {
        if (sql.startsWith('SET statement_timeout')) return [[], [{ server_version_num: '170000' }]];
        if (sql.includes('FROM pg_catalog.pg_class')) return [[], [], [], [], []];
        if (sql === 'BEGIN') {
          status = 'T';
          return [[]];
        }
        onStuck();
        return new Promise<never>((_, r) => (reject = r));
      },
      transactionStatus: () => status,
      async close() {},
      destroy() {
        s.destroyed = true;
        reject(new Error('Connection terminated'));
      },
    };
    return s;
  }

  it('stops a statement at the budget, drops the connection and runs nothing after it', async () => {
    const session = stuckSession();
    const statements = file('db/x.sql', [
      [1, 'UPDATE huge SET a = 1'],
      [2, 'UPDATE huge SET b = 1'],
    ]);
    // the statement never ends by itself: the run ending at all is the budget at work
    const result = await runRehearsal(session, statements, { timeoutMs: 300 });
    expect(session.destroyed).toBe(true);
    expect(result.outcome).toBe('timeout');
    expect(result.statements[0]).toMatchObject({ status: 'timeout' });
    expect(result.statements[0]!.error).toMatch(/longer than the rehearsal-timeout \(300ms\)/);
    expect(result.statements[0]!.ms).toBeGreaterThanOrEqual(250);
    expect(result.statements[1]).toMatchObject({ status: 'not-run' });
  });

  it('stops at once when the run is cancelled', async () => {
    const abort = new AbortController();
    // cancelled once the statement is running (it never ends by itself)
    const session = stuckSession(() => setImmediate(() => abort.abort(new Error('SIGTERM'))));
    const result = await runRehearsal(session, file('db/x.sql', [[1, 'UPDATE huge SET a = 1']]), {
      timeoutMs: 60_000,
      signal: abort.signal,
    });
    expect(result.outcome).toBe('cancelled');
    expect(session.destroyed).toBe(true);
    expect(result.statements[0]).toMatchObject({ status: 'cancelled' });
  });
});

describe('what a migration cannot do to the rehearsal (issue 21)', () => {
  it("shows a failing statement's SQLSTATE, class and line, never Postgres's message, unless error details are asked for", async () => {
    const statements = file('db/010_leak.sql', [
      [1, 'CREATE TABLE people (email text)'],
      [2, "INSERT INTO people VALUES ('ada@example.com'), ('bob@example.com')"],
      [3, "DO $$ BEGIN RAISE EXCEPTION 'rows: %', (SELECT string_agg(email, ',') FROM people); END $$"],
    ]);
    const lines: string[] = [];
    const session = await sessionOnNewBranch('rehearse-leak');
    const result = await runRehearsal(session, statements, { timeoutMs: 60_000, log: (l) => lines.push(l) });
    await session.close();
    const failed = result.statements[2]!;
    expect(failed).toMatchObject({ status: 'failed', sqlstate: 'P0001', errorLine: 3 });
    expect(failed.error).toBe('SQLSTATE P0001 (raise_exception, class P0: PL/pgSQL error)');
    expect(lines.join('\n')).not.toContain('example.com');

    const opted = await sessionOnNewBranch('rehearse-leak-opted');
    const shown = await runRehearsal(opted, statements, { timeoutMs: 60_000, errorDetails: true });
    await opted.close();
    expect(shown.statements[2]!.error).toContain('ada@example.com');
  });

  it('reads pg_catalog whatever search_path and look-alike relations the migration made, and records rows affected', async () => {
    const session = await sessionOnNewBranch('rehearse-lookalike');
    const statements = file('db/011_lookalike.sql', [
      [1, 'SET search_path = public, pg_catalog'],
      [
        2,
        "CREATE VIEW public.pg_locks AS SELECT NULL::int AS relation, 'AccessShareLock'::text AS mode, 0 AS pid, 'relation'::text AS locktype, true AS granted, 0::oid AS database FROM pg_catalog.pg_sleep(30)",
      ],
      [3, 'CREATE VIEW public.pg_class AS SELECT * FROM pg_catalog.pg_class WHERE false'],
      [4, 'ALTER TABLE big ALTER COLUMN v TYPE bigint'],
      [5, 'DELETE FROM small WHERE id <= 4'],
      [6, 'TRUNCATE small'],
    ]);
    const result = await runRehearsal(session, statements, { timeoutMs: 20_000, errorDetails: true });
    await session.close();
    expect(result.statements.map((s) => `${s.status} ${s.error ?? ''}`)).toEqual(result.statements.map(() => 'ok '));
    expect(result.outcome).toBe('completed');
    const rewrite = result.statements[3]!;
    // a full rewrite under ACCESS EXCLUSIVE, seen as such: neither look-alike was read
    expect(rewrite).toMatchObject({ status: 'ok', rewrite: true, rewritten: ['public.big'] });
    expect(rewrite.locks.find((l) => l.relation === 'public.big')).toMatchObject({ mode: 'ACCESS EXCLUSIVE' });
    expect(result.statements[4]).toMatchObject({ command: 'DELETE', rowCount: 4 });
    expect(result.statements[5]).toMatchObject({ command: 'TRUNCATE' });
  });

  it('drops result rows as they stream, never handing them to the runner (the local data plane cannot serve results of many MB)', async () => {
    const session = await sessionOnNewBranch('rehearse-rows');
    const held: unknown[] = [];
    // a query() that kept the rows would hand them back; execute() never does
    const spy: SqlSession = {
      ...session,
      query: async (sql) => {
        const rows = await session.query(sql);
        if (sql.includes('repeat(')) held.push(rows);
        return rows;
      },
      transactionStatus: () => session.transactionStatus(),
    };
    const result = await runRehearsal(
      spy,
      file('db/012_rows.sql', [[1, "SELECT repeat('x', 1000) FROM generate_series(1, 600)"]]),
      { timeoutMs: 60_000, errorDetails: true },
    );
    await session.close();
    expect(result.outcome).toBe('completed');
    expect(result.statements[0]).toMatchObject({ status: 'ok', command: 'SELECT', rowCount: 600 });
    expect(held).toEqual([]);
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
  });
});
