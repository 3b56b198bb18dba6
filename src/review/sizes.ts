/**
 * Table sizes of the preview branch, per database, over a real Postgres connection: the branch's
 * read_write endpoint, a direct connection URI from Neon for the role (masked at once), node-postgres.
 * Anything that stands in the way (no endpoint, no stored password, a compute that does not start
 * within the time left of `timeout`, a role that cannot read the catalog) makes the sizes
 * "unavailable, because …": the review goes on without them.
 */
import { oncePerKey } from '../basics/memo.js';
import { firstLine } from '../basics/errors.js';
import { NeonApiError, type NeonBranch, type NeonClient } from '../neon/index.js';
import { readCatalog } from '../pg/catalog.js';
import type { CostRequest } from '../costs/requests.js';
import { runCounts } from '../pg/costs.js';
import { connectForSizes, readTableSizes, type SizeConnection } from '../pg/table-sizes.js';
import { readWriteEndpoint } from '../preview/readiness.js';
import type { Secrets } from '../runtime/secrets.js';
import type { CatalogSnapshot } from '../schema/catalog-identity.js';
import type { TableSize } from '../schema/risk.js';

export type SizesRead = { sizes: Map<string, TableSize> } | { unavailable: string };

export interface SizeReader {
  /** Asks Neon for the connection URIs at once (API calls only: no compute starts), so that connecting waits for none. */
  prefetch(databases: readonly string[]): void;
  /** Starts connecting to `database` (a compute may take seconds to start); `read` waits for it. */
  warm(database: string): void;
  read(database: string, tables: readonly string[]): Promise<SizesRead>;
  /** The identity part of the database's catalog (src/pg/catalog.ts), over the same connection. */
  catalog(database: string): Promise<{ catalog: CatalogSnapshot } | { unavailable: string }>;
  /** What the changes cost, estimated from the database's statistics (src/pg/costs.ts): numbers only, no table scanned. */
  estimates(database: string, requests: readonly CostRequest[]): Promise<Map<string, number>>;
  /** Closes the connections, cutting short any still being made. */
  close(): Promise<void>;
}

type Connected = { connection: SizeConnection } | { unavailable: string };

/** What a size reader uses: the run's Neon client (and its deadline), the secrets to mask URIs with, the query timeout. */
export interface SizeReaderDeps {
  neon: NeonClient;
  secrets: Pick<Secrets, 'addUri'>;
  requestTimeoutMs: number;
}

export function startSizeReader(
  deps: SizeReaderDeps,
  args: { projectId: string; branch: NeonBranch; role: string },
): SizeReader {
  const { neon } = deps;
  let endpoint: Promise<{ id: string } | undefined> | undefined;
  const opened: SizeConnection[] = [];
  let closed = false;

  const lookUpUri = async (database: string): Promise<{ uri: string } | { unavailable: string }> => {
    endpoint ??= readWriteEndpoint(neon, args.projectId, args.branch.id);
    try {
      const found = await endpoint;
      if (!found) return { unavailable: `branch ${args.branch.name} has no read_write endpoint` };
      const { data } = await neon.call('getConnectionURI', {
        path: { project_id: args.projectId },
        query: {
          branch_id: args.branch.id,
          endpoint_id: found.id,
          database_name: database,
          role_name: args.role,
          pooled: false,
        },
      });
      const uri = data.uri;
      deps.secrets.addUri(uri); // masked before anything else can see it
      return { uri };
    } catch (e) {
      return { unavailable: neonReason(e, args.role) };
    }
  };

  const uriOf = oncePerKey(lookUpUri);

  const connect = async (database: string): Promise<Connected> => {
    const found = await uriOf(database);
    if ('unavailable' in found) return found;
    const { uri } = found;
    try {
      if (closed) return { unavailable: 'the review ended first' };
      const connection = await connectForSizes(uri, {
        connectTimeoutMs: neon.deadline.remaining(),
        statementTimeoutMs: deps.requestTimeoutMs,
        // registered before it connects; a reader closed while pg was still loading ends it at once
        onClient: (client) => {
          if (closed) throw new Error('the review ended first');
          opened.push(client);
        },
      });
      if (closed) {
        await connection.end().catch(() => {});
        return { unavailable: 'the review ended first' };
      }
      return { connection };
    } catch (e) {
      return { unavailable: `could not connect to ${database} on branch ${args.branch.name}: ${firstLine(e)}` };
    }
  };
  const connection = oncePerKey(connect);

  return {
    prefetch(databases) {
      for (const database of databases) void uriOf(database);
    },
    warm(database) {
      void connection(database);
    },
    async read(database, tables) {
      const connected = await connection(database);
      if ('unavailable' in connected) return connected;
      try {
        return { sizes: await readTableSizes(connected.connection, tables) };
      } catch (e) {
        return { unavailable: `could not read the catalog of ${database} as ${args.role}: ${firstLine(e)}` };
      }
    },
    async catalog(database) {
      const connected = await connection(database);
      if ('unavailable' in connected) return connected;
      try {
        return { catalog: await readCatalog(connected.connection) };
      } catch (e) {
        return { unavailable: `could not read the catalog of ${database} as ${args.role}: ${firstLine(e)}` };
      }
    },
    async estimates(database, requests) {
      const connected = await connection(database);
      if ('unavailable' in connected) return new Map();
      return runCounts(connected.connection, requests, 'estimate');
    },
    async close() {
      closed = true;
      await Promise.all(opened.splice(0).map((c) => c.end().catch(() => {})));
      // a connection still being made (pg still loading) sees `closed` before or right after it connects
    },
  };
}

function neonReason(e: unknown, role: string): string {
  if (e instanceof NeonApiError) {
    if (e.status === 412) return 'Neon does not store passwords for this project, so it gives no connection URI';
    if (e.status === 404) return `Neon has no connection for role ${role}: ${e.apiMessage}`;
    return `Neon answered HTTP ${e.status}: ${e.apiMessage}`;
  }
  return firstLine(e);
}
