/**
 * The rehearsal's connection through node-postgres (`pg`, the client compare-schema uses for its
 * reads too): loaded only when a rehearsal runs. Errors keep Postgres's message, SQLSTATE and
 * position; `destroy` drops the socket so a statement past its budget stops holding the run.
 */
import type { CommandTag, SqlSession, TransactionStatus } from './session.js';

export interface ConnectOptions {
  /** Give up connecting after this long (a compute that does not come up). */
  connectTimeoutMs: number;
}

export async function connectPg(uri: string, opts: ConnectOptions): Promise<SqlSession> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: uri,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    application_name: 'neon-preview-action rehearsal',
  });
  // an error on an idle connection (the branch deleted under it) must not end the process
  client.on('error', () => {});
  await client.connect();
  let destroyed = false;
  /** A query that drops its rows unread: each DataRow message is counted and let go. */
  class Discarding extends pg.Query {
    handleDataRow(): void {}
  }
  return {
    execute(sql) {
      return new Promise<CommandTag[]>((resolve, reject) => {
        const q = new Discarding(sql);
        q.on('error', reject);
        q.on('end', (results: unknown) => {
          const list = (Array.isArray(results) ? results : [results]) as {
            command?: string | null;
            rowCount?: number | null;
          }[];
          resolve(list.map((r) => ({ command: r?.command ?? '', rowCount: r?.rowCount ?? null })));
        });
        client.query(q as never);
      });
    },
    async query(sql) {
      const result = await client.query(sql);
      const list = Array.isArray(result) ? result : [result];
      return list.map((r) => (r.rows ?? []) as Record<string, unknown>[]);
    },
    transactionStatus: () => (client.getTransactionStatus() ?? 'I') as TransactionStatus,
    async close() {
      if (destroyed) return;
      await client.end().catch(() => {});
    },
    destroy() {
      destroyed = true;
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    },
  };
}
