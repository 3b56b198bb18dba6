/**
 * The local Neon's data plane: a real Postgres (PGlite) per branch database. Every branch database
 * and every checkpoint is a data-directory archive on disk (`pg/cluster-store.ts`); at most `maxLive`
 * are live PGlite instances at once. Branching, checkpoints and resets copy archives; endpoints serve
 * the wire protocol with password checks (`pg/wire-endpoint.ts`); schemas come from real pg_dump
 * (`pg/schema-dump.ts`); anonymization is SQL (`pg/masking.ts`).
 *
 * Databases map one to one onto clusters: branch `br-x` database `neondb` is the cluster
 * `b:br-x/neondb`, whose PGlite database is named `neondb` and owned by the branch's first role.
 * Roles are real roles (created on first use when the API adds one), so pg_dump shows real owners.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { DataPlane, EndpointPorts, MaskingRule, RoleCredential } from './data-plane.js';
import { ClusterStore, type Holder } from './pg/cluster-store.js';
import { applyMasking, ruleLabel } from './pg/masking.js';
import { dumpSchemaText } from './pg/schema-dump.js';
import { type EndpointAuth, type SessionBackend, WireEndpoint } from './pg/wire-endpoint.js';

export interface PgliteDataPlaneOptions {
  /** Where cluster directories live (default: a new temp folder, removed on close). */
  workDir?: string;
  /** Open PGlite instances at most (about 170 MB each; default 3). */
  maxLive?: number;
}

export async function createPgliteDataPlane(opts: PgliteDataPlaneOptions = {}): Promise<DataPlane> {
  const root = opts.workDir ?? (await mkdtemp(join(tmpdir(), 'local-neon-pglite-')));
  const store = new ClusterStore(join(root, 'clusters'), opts.maxLive ?? 3);
  return new PgliteDataPlane(store, root, opts.workDir === undefined);
}

const DEFAULT_DATABASE = 'neondb';
const DEFAULT_ROLE = 'neondb_owner';

const branchHome = (branchId: string) => `b:${branchId}`;
const checkpointHome = (key: string) => `c:${key}`;
const clusterKey = (home: string, database: string) => `${home}/${encodeURIComponent(database)}`;

const TRUNCATE_ALL_TABLES = `DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT format('%I.%I', n.nspname, c.relname) AS name
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
  LOOP
    EXECUTE 'TRUNCATE ' || t.name || ' RESTART IDENTITY CASCADE';
  END LOOP;
END $$`;

class PgliteDataPlane implements DataPlane {
  /** Each branch or checkpoint home with data here, and the role owning its databases. */
  private readonly owners = new Map<string, string>();
  private readonly endpoints = new Map<
    string,
    { branchId: string; front: WireEndpoint; ports: Promise<EndpointPorts> }
  >();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly checkpointDumps = new Map<string, string>();

  constructor(
    private readonly store: ClusterStore,
    private readonly root: string,
    private readonly ownsRoot: boolean,
  ) {}

  createBranch(
    branchId: string,
    source: {
      parentId?: string;
      fromCheckpoint?: string;
      schemaOnly?: boolean;
      databases?: string[];
      roles?: RoleCredential[];
    },
  ): Promise<void> {
    const home = branchHome(branchId);
    if (this.owners.has(home)) return Promise.resolve();
    return this.once(home, async () => {
      const from = source.parentId
        ? branchHome(source.parentId)
        : source.fromCheckpoint
          ? checkpointHome(source.fromCheckpoint)
          : undefined;
      if (from && !this.owners.has(from)) {
        throw new Error(
          `cannot create branch ${branchId}: its source ${source.parentId ?? source.fromCheckpoint} has no data`,
        );
      }
      const owner = (from && this.owners.get(from)) || source.roles?.[0]?.name || DEFAULT_ROLE;
      if (from) await this.copyHome(from, home);
      for (const database of source.databases ?? (from ? [] : [DEFAULT_DATABASE])) {
        const key = clusterKey(home, database);
        if (!this.store.has(key)) await this.store.createFresh(key, database, owner);
      }
      if (source.schemaOnly) {
        for (const key of this.store.keys(`${home}/`)) await this.superuser(key, (db) => db.exec(TRUNCATE_ALL_TABLES));
      }
      this.owners.set(home, owner);
    });
  }

  async deleteBranch(branchId: string): Promise<void> {
    for (const [id, e] of this.endpoints) if (e.branchId === branchId) await this.stopEndpoint(id);
    await this.removeHome(branchHome(branchId));
  }

  async resetBranch(branchId: string, sourceBranchId: string): Promise<void> {
    const home = branchHome(branchId);
    const from = branchHome(sourceBranchId);
    if (!this.owners.has(from))
      throw new Error(`cannot reset branch ${branchId}: source ${sourceBranchId} has no data`);
    for (const e of this.endpoints.values()) if (e.branchId === branchId) e.front.dropConnections();
    const kept = new Set(this.store.keys(`${from}/`).map((key) => key.slice(from.length)));
    for (const key of this.store.keys(`${home}/`)) if (!kept.has(key.slice(home.length))) await this.store.remove(key);
    await this.copyHome(from, home); // replaces each database in place
    this.owners.set(home, this.owners.get(from)!);
  }

  async checkpoint(branchId: string, key: string): Promise<void> {
    const home = checkpointHome(key);
    if (this.owners.has(home)) return;
    await this.once(home, async () => {
      const from = branchHome(branchId);
      if (!this.owners.has(from)) throw new Error(`cannot checkpoint branch ${branchId}: it has no data`);
      await this.copyHome(from, home);
      this.owners.set(home, this.owners.get(from)!);
    });
  }

  async dropCheckpoint(key: string): Promise<void> {
    for (const dump of this.checkpointDumps.keys())
      if (dump.startsWith(`${checkpointHome(key)}/`)) this.checkpointDumps.delete(dump);
    await this.removeHome(checkpointHome(key));
  }

  async startEndpoint(endpointId: string, branchId: string, auth: EndpointAuth): Promise<EndpointPorts> {
    const existing = this.endpoints.get(endpointId);
    if (existing) return existing.ports;
    const front = new WireEndpoint(auth, () => this.backendFor(this.endpoints.get(endpointId)?.branchId ?? branchId));
    const ports = front.listen();
    this.endpoints.set(endpointId, { branchId, front, ports });
    return ports;
  }

  async moveEndpoint(endpointId: string, branchId: string): Promise<void> {
    const endpoint = this.endpoints.get(endpointId);
    if (!endpoint) throw new Error(`endpoint ${endpointId} is not running`);
    endpoint.branchId = branchId;
    endpoint.front.dropConnections();
  }

  async stopEndpoint(endpointId: string): Promise<void> {
    const endpoint = this.endpoints.get(endpointId);
    this.endpoints.delete(endpointId);
    await endpoint?.front.close();
  }

  async dumpSchema(source: { branchId: string } | { checkpoint: string }, database: string): Promise<string> {
    if ('branchId' in source) return this.superuser(await this.databaseKey(source.branchId, database), dumpSchemaText);
    const home = checkpointHome(source.checkpoint);
    if (!this.owners.has(home)) throw new Error(`no checkpoint ${source.checkpoint}`);
    const key = clusterKey(home, database);
    if (!this.store.has(key)) return ''; // the database did not exist at that point
    const cached = this.checkpointDumps.get(key);
    if (cached !== undefined) return cached;
    const dump = await this.superuser(key, dumpSchemaText);
    this.checkpointDumps.set(key, dump);
    return dump;
  }

  async anonymize(branchId: string, rules: MaskingRule[]): Promise<{ maskedColumns: number }> {
    const home = branchHome(branchId);
    const byDatabase = new Map<string, MaskingRule[]>();
    for (const rule of rules) byDatabase.set(rule.database_name, [...(byDatabase.get(rule.database_name) ?? []), rule]);
    for (const [database, dbRules] of byDatabase) {
      if (!this.store.has(clusterKey(home, database))) {
        throw new Error(`database ${database} does not exist (rule ${ruleLabel(dbRules[0])})`);
      }
    }
    let maskedColumns = 0;
    for (const [database, dbRules] of byDatabase) {
      maskedColumns += await this.superuser(clusterKey(home, database), (db) => applyMasking(db, dbRules));
    }
    return { maskedColumns };
  }

  async query(branchId: string, database: string, sql: string): Promise<Record<string, unknown>[]> {
    const key = await this.databaseKey(branchId, database);
    const holder: Holder = { id: this.store.holderId('api'), role: this.owners.get(branchHome(branchId))! };
    return this.store.session(key, holder, async (db) => {
      try {
        const results = await db.exec(sql);
        return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
      } finally {
        // Auto-commit only: an unfinished transaction is rolled back, settings do not reach the next client.
        if (db.isInTransaction()) await db.exec('ROLLBACK');
        await db.exec('RESET ALL');
      }
    });
  }

  async close(): Promise<void> {
    for (const id of [...this.endpoints.keys()]) await this.stopEndpoint(id);
    await this.store.closeAll();
    await rm(this.ownsRoot ? this.root : join(this.root, 'clusters'), { recursive: true, force: true });
  }

  private backendFor(branchId: string): SessionBackend {
    return {
      run: async (database, holder, fn, keepPinned) =>
        this.store.session(await this.databaseKey(branchId, database), holder, fn, keepPinned),
      abandon: (database, holderId) =>
        this.store.unpin(clusterKey(branchHome(branchId), database), holderId, async (db) => {
          await db.execProtocolRaw(new Uint8Array([0x53, 0, 0, 0, 4])); // Sync, in case it stopped mid-exchange
          if (db.isInTransaction()) await db.exec('ROLLBACK');
        }),
      newHolderId: () => this.store.holderId('client'),
    };
  }

  /** The cluster of a branch database; one the API added after the branch was made is created now. */
  private async databaseKey(branchId: string, database: string): Promise<string> {
    const home = branchHome(branchId);
    const owner = this.owners.get(home);
    if (!owner) throw new Error(`branch ${branchId} has no data`);
    const key = clusterKey(home, database);
    if (!this.store.has(key)) await this.once(key, () => this.store.createFresh(key, database, owner));
    return key;
  }

  private superuser<T>(key: string, fn: (db: PGlite) => Promise<T>): Promise<T> {
    return this.store.session(key, { id: this.store.holderId('admin'), role: null }, fn);
  }

  private async copyHome(from: string, to: string): Promise<void> {
    for (const key of this.store.keys(`${from}/`)) await this.store.copy(key, `${to}${key.slice(from.length)}`);
  }

  private async removeHome(home: string): Promise<void> {
    this.owners.delete(home);
    for (const key of this.store.keys(`${home}/`)) await this.store.remove(key);
  }

  /** Coalesce concurrent calls doing the same work (a retried request while the first still runs). */
  private once<T>(id: string, work: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(id) as Promise<T> | undefined;
    if (running) return running;
    const started = work().finally(() => this.inflight.delete(id));
    this.inflight.set(id, started);
    return started;
  }
}
