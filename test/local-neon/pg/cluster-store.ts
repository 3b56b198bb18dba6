/**
 * Postgres clusters kept as data-directory archives on disk, a few of them live. A cluster serves one
 * database. It is opened on demand (the archive loaded into a PGlite instance's in-memory file
 * system); when more than `maxLive` are open, the least recently used idle one is written back to
 * its archive and closed. Copying a cluster (branching, checkpoints, reset) writes the source's
 * current state straight into the target's archive, or copies the archive file when the source is
 * not live: one file, milliseconds, where copying a data directory's thousand files takes a second.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openArchive, templateArchive, writeArchive } from './cluster-templates.js';
import { SessionGate } from './session-gate.js';
import { quoteIdent } from './sql-text.js';

/** Who uses the session: a stable id per client connection, and the role it acts as (null = superuser). */
export interface Holder {
  id: string;
  role: string | null;
}

interface Cluster {
  key: string;
  archive: string;
  database: string;
  gate: SessionGate;
  db?: PGlite;
  /** The WAL position when it was loaded: if it moved, the archive is behind and must be rewritten. */
  loadedAt: string;
  lastUsed: number;
  /** While live: the session's current authorization, and the roles known to exist. */
  role: string;
  knownRoles: Set<string>;
  removed: boolean;
}

const SUPERUSER = 'postgres';

async function walPosition(db: PGlite): Promise<string> {
  return (await db.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0].lsn;
}

/** Whether a live cluster was written to since it was loaded from its archive. */
async function changed(c: Cluster): Promise<boolean> {
  return c.db !== undefined && (await walPosition(c.db)) !== c.loadedAt;
}

export class ClusterStore {
  private readonly clusters = new Map<string, Cluster>();
  private tick = 0;
  private nextHolder = 0;

  constructor(
    private readonly root: string,
    private readonly maxLive: number,
  ) {}

  has(key: string): boolean {
    return this.clusters.has(key);
  }

  keys(prefix: string): string[] {
    return [...this.clusters.keys()].filter((k) => k.startsWith(prefix));
  }

  liveCount(): number {
    return [...this.clusters.values()].filter((c) => c.db).length;
  }

  holderId(prefix: string): string {
    return `${prefix}-${++this.nextHolder}`;
  }

  /** A new cluster holding `database`, owned by the login role `owner`. */
  async createFresh(key: string, database: string, owner: string): Promise<void> {
    const template = await templateArchive(database, owner);
    const c = this.register(key, database);
    await this.withGate(c, async () => {
      await this.close(c, false);
      await mkdir(this.root, { recursive: true });
      await copyFile(template, c.archive);
    });
  }

  /** Make `toKey` an exact copy of `fromKey` as it is now (replacing whatever `toKey` held). */
  async copy(fromKey: string, toKey: string): Promise<void> {
    const source = this.get(fromKey);
    const target = this.clusters.get(toKey) ?? this.register(toKey, source.database);
    target.database = source.database;
    await this.withGate(target, async () => {
      await this.close(target, false);
      await this.withGate(source, async () => {
        if (source.db && (await changed(source))) await writeArchive(source.db, target.archive);
        else await copyFile(source.archive, target.archive);
      });
    });
  }

  async remove(key: string): Promise<void> {
    const c = this.clusters.get(key);
    if (!c) return;
    await this.withGate(c, async () => {
      c.removed = true;
      this.clusters.delete(key);
      await this.close(c, false);
      await rm(c.archive, { force: true });
    });
  }

  /**
   * Run `fn` with the cluster's session to itself, as `holder.role`. When `keepPinned(result)` says
   * so (an open transaction), the session stays reserved for this holder until a turn ends idle.
   */
  async session<T>(
    key: string,
    holder: Holder,
    fn: (db: PGlite) => Promise<T>,
    keepPinned?: (result: T) => boolean,
  ): Promise<T> {
    const c = this.get(key);
    await c.gate.acquire(holder.id);
    let pin = false;
    try {
      if (c.removed) throw new Error(`database ${c.database} was removed`);
      const db = await this.open(c);
      await this.authorize(c, db, holder.role ?? SUPERUSER);
      const result = await fn(db);
      pin = keepPinned?.(result) ?? false;
      return result;
    } finally {
      c.lastUsed = ++this.tick;
      c.gate.release(holder.id, pin);
    }
  }

  /** Take back a session left pinned by a holder that is gone (a client vanished inside a transaction). */
  async unpin(key: string, holderId: string, cleanup: (db: PGlite) => Promise<void>): Promise<void> {
    const c = this.clusters.get(key);
    if (!c || c.gate.pinnedBy() !== holderId) return;
    await c.gate.acquire(holderId);
    try {
      if (c.db) await cleanup(c.db);
    } finally {
      c.gate.release(holderId);
    }
  }

  /** Close every instance without writing back (the archives are about to be deleted). */
  async closeAll(): Promise<void> {
    for (const c of this.clusters.values()) await this.close(c, false);
  }

  private get(key: string): Cluster {
    const c = this.clusters.get(key);
    if (!c) throw new Error(`no such cluster: ${key}`);
    return c;
  }

  private register(key: string, database: string): Cluster {
    const c: Cluster = {
      key,
      archive: join(this.root, `${encodeURIComponent(key)}.tar`),
      database,
      gate: new SessionGate(),
      loadedAt: '',
      lastUsed: ++this.tick,
      role: SUPERUSER,
      knownRoles: new Set(),
      removed: false,
    };
    this.clusters.set(key, c);
    return c;
  }

  private async withGate<T>(c: Cluster, fn: () => Promise<T>): Promise<T> {
    const id = this.holderId('store');
    await c.gate.acquire(id);
    try {
      return await fn();
    } finally {
      c.gate.release(id);
    }
  }

  private async open(c: Cluster): Promise<PGlite> {
    if (c.db) return c.db;
    await this.makeRoom();
    c.db = await openArchive(c.archive, c.database);
    c.loadedAt = await walPosition(c.db);
    c.role = SUPERUSER;
    c.knownRoles = new Set([SUPERUSER]);
    return c.db;
  }

  private async close(c: Cluster, writeBack: boolean): Promise<void> {
    const db = c.db;
    if (!db || db.closed) {
      c.db = undefined;
      return;
    }
    if (writeBack && (await changed(c))) await writeArchive(db, c.archive);
    c.db = undefined;
    await db.close();
  }

  /** Put least recently used idle clusters back on disk until one more fits. Busy ones stay live. */
  private async makeRoom(): Promise<void> {
    const idle = [...this.clusters.values()].filter((c) => c.db && c.gate.idle).sort((a, b) => a.lastUsed - b.lastUsed);
    let live = this.liveCount();
    for (const c of idle) {
      if (live < this.maxLive) return;
      const id = this.holderId('evict');
      if (!c.gate.tryAcquire(id)) continue;
      try {
        await this.close(c, true);
        live--;
      } finally {
        c.gate.release(id);
      }
    }
  }

  private async authorize(c: Cluster, db: PGlite, role: string): Promise<void> {
    if (c.role === role) return;
    if (!c.knownRoles.has(role)) {
      const found = await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (found.rows.length === 0) await db.exec(`CREATE ROLE ${quoteIdent(role)} LOGIN`);
      c.knownRoles.add(role);
    }
    // Explicit, because PGlite's single-user backend ignores RESET SESSION AUTHORIZATION.
    await db.exec(`SET SESSION AUTHORIZATION ${quoteIdent(role)}`);
    c.role = role;
  }
}
