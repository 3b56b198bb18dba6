/**
 * The local Neon's in-memory records: one project with its branches, endpoints, operations,
 * snapshots and the data-plane checkpoints that make "a point in time" answerable. Plain data;
 * the route handlers decide what changes and `serialize.ts` turns records into API bodies.
 */
import { randomUUID } from 'node:crypto';
import type { EndpointPorts, MaskingRule } from './data-plane.js';
import { uniqueId } from './ids.js';

export interface RoleRecord {
  name: string;
  password: string;
  protected: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DatabaseRecord {
  id: number;
  name: string;
  ownerName: string;
  createdAt: string;
  updatedAt: string;
}

export interface AnnotationRecord {
  value: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export type AnonymizationState =
  | 'created'
  | 'initialized'
  | 'initialization_error'
  | 'anonymizing'
  | 'anonymized'
  | 'error';

export interface AnonymizationRecord {
  state: AnonymizationState;
  statusMessage?: string;
  maskingRules: MaskingRule[];
  createdAt: string;
  updatedAt: string;
  failedAt?: string;
  lastRun?: { startedAt: string; completedAt?: string; maskedColumns?: number };
}

export interface BranchRecord {
  id: string;
  name: string;
  parentId?: string;
  parentLsn?: string;
  parentTimestamp?: string;
  createdAt: string;
  updatedAt: string;
  stateChangedAt: string;
  currentState: string;
  pendingState?: string;
  isDefault: boolean;
  protected: boolean;
  expiresAt?: string;
  ttlIntervalSeconds?: number;
  initSource: 'parent-data' | 'schema-only';
  creationSource: string;
  lastResetAt?: string;
  restoreStatus?: 'restored' | 'finalized';
  restoredFrom?: string;
  restoredAs?: string;
  /** For a restored (not yet finalized) branch: the branch it will replace. */
  restoreTargetId?: string;
  roles: RoleRecord[];
  databases: DatabaseRecord[];
  annotation?: AnnotationRecord;
  anonymization?: AnonymizationRecord;
  /** Seeded branches have no data-plane instance. */
  metadataOnly: boolean;
  /** Data-plane checkpoint of the parent at this branch's creation point. */
  forkCheckpoint?: string;
}

export interface EndpointRecord {
  id: string;
  branchId: string;
  type: 'read_write' | 'read_only';
  name?: string;
  currentState: 'init' | 'active' | 'idle';
  pendingState?: 'init' | 'active' | 'idle';
  minCu: number;
  maxCu: number;
  suspendTimeoutSeconds: number;
  disabled: boolean;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  suspendedAt?: string;
  /** Resolves once the data plane serves the endpoint (undefined without a data plane). */
  ports?: Promise<EndpointPorts>;
}

export type OperationStatus =
  | 'scheduling'
  | 'running'
  | 'finished'
  | 'failed'
  | 'error'
  | 'cancelling'
  | 'cancelled'
  | 'skipped';

export interface OperationRecord {
  id: string;
  branchId?: string;
  endpointId?: string;
  action: string;
  status: OperationStatus;
  error?: string;
  failuresCount: number;
  createdAt: string;
  updatedAt: string;
  startedMs: number;
  totalDurationMs: number;
}

export interface SnapshotRecord {
  id: string;
  name: string;
  sourceBranchId: string;
  lsn: string;
  timestamp: string;
  createdAt: string;
  expiresAt?: string;
  manual: boolean;
  checkpoint: string;
  /** False when the snapshot reuses a fork checkpoint it must not drop. */
  ownsCheckpoint: boolean;
  roles: RoleRecord[];
  databases: DatabaseRecord[];
}

/** A state of `branchId` kept by the data plane under `key`, addressable by lsn or timestamp. */
export interface CheckpointRecord {
  key: string;
  branchId: string;
  lsn: string;
  timestamp: string;
}

/** Neon Auth set up on a branch (what `getNeonAuth` answers); tests enable it, there is no API for it here. */
export interface NeonAuthRecord {
  branchId: string;
  database: string;
  baseUrl: string;
  jwksUrl: string;
  providerProjectId: string;
  createdAt: string;
}

/** The Data API of one database of a branch (what `getProjectBranchDataAPI` answers). */
export interface DataApiRecord {
  branchId: string;
  database: string;
  url: string;
}

export interface ProjectRecord {
  id: string;
  name: string;
  regionId: string;
  storePasswords: boolean;
  createdAt: string;
  updatedAt: string;
}

/** RFC 3339 to the second, as Neon prints timestamps. */
export function isoSeconds(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A branch deleted without `hard_delete`: recoverable until `recoverableUntil`. */
export interface DeletedBranch {
  branch: BranchRecord;
  endpoints: EndpointRecord[];
  deletedAt: string;
  recoverableUntil: string;
}

export class LocalNeonState {
  readonly branches = new Map<string, BranchRecord>();
  /** Soft-deleted branches (Branch Recovery), by id, with their endpoints, until recovered. */
  readonly deletedBranches = new Map<string, DeletedBranch>();
  readonly endpoints = new Map<string, EndpointRecord>();
  readonly operations: OperationRecord[] = [];
  readonly snapshots = new Map<string, SnapshotRecord>();
  readonly checkpoints: CheckpointRecord[] = [];
  /** Neon Auth by branch id; a branch without an entry answers 404. */
  readonly neonAuth = new Map<string, NeonAuthRecord>();
  /** Data API by `dataApiKey(branchId, database)`; a database without an entry answers 404. */
  readonly dataApis = new Map<string, DataApiRecord>();
  private lsnCounter = 0x1_5000_0000;
  private databaseIdCounter = 21_560_100;

  constructor(readonly project: ProjectRecord) {}

  defaultBranch(): BranchRecord {
    for (const b of this.branches.values()) if (b.isDefault) return b;
    throw new Error('the project has no default branch');
  }

  branchByName(name: string): BranchRecord | undefined {
    for (const b of this.branches.values()) if (b.name === name) return b;
    return undefined;
  }

  childrenOf(branchId: string): BranchRecord[] {
    return [...this.branches.values()].filter((b) => b.parentId === branchId);
  }

  endpointsOf(branchId: string): EndpointRecord[] {
    return [...this.endpoints.values()].filter((e) => e.branchId === branchId);
  }

  rootBranchCount(): number {
    return [...this.branches.values()].filter((b) => !b.parentId).length;
  }

  newBranchId(): string {
    return uniqueId('br', (id) => this.branches.has(id));
  }

  newEndpointId(): string {
    return uniqueId('ep', (id) => this.endpoints.has(id));
  }

  newSnapshotId(): string {
    return uniqueId('snap', (id) => this.snapshots.has(id));
  }

  /** A fresh, ever-increasing LSN in Postgres' `X/Y` notation. */
  nextLsn(): string {
    this.lsnCounter += 0x2850 + Math.floor(Math.random() * 0x1000);
    const n = this.lsnCounter;
    return `${Math.floor(n / 0x1_0000_0000)
      .toString(16)
      .toUpperCase()}/${(n % 0x1_0000_0000).toString(16).toUpperCase()}`;
  }

  nextDatabaseId(): number {
    this.databaseIdCounter += 1;
    return this.databaseIdCounter;
  }

  /** Copies of roles and databases for a new branch (new database ids, optionally new passwords). */
  copyRolesAndDatabases(
    from: { roles: RoleRecord[]; databases: DatabaseRecord[] },
    now: string,
    newPassword?: () => string,
  ): { roles: RoleRecord[]; databases: DatabaseRecord[] } {
    return {
      roles: from.roles.map((r) => ({
        ...r,
        password: newPassword ? newPassword() : r.password,
        createdAt: now,
        updatedAt: now,
      })),
      databases: from.databases.map((d) => ({ ...d, id: this.nextDatabaseId(), createdAt: now, updatedAt: now })),
    };
  }

  /** The checkpoint holding `branchId` at `point`, if the local Neon kept one. */
  findCheckpoint(branchId: string, point: { lsn?: string; timestamp?: string }): CheckpointRecord | undefined {
    return this.checkpoints.find((c) => {
      if (c.branchId !== branchId) return false;
      if (point.lsn !== undefined) return c.lsn === point.lsn;
      if (point.timestamp !== undefined) return Date.parse(c.timestamp) === Date.parse(point.timestamp);
      return false;
    });
  }

  removeCheckpoint(key: string): void {
    const i = this.checkpoints.findIndex((c) => c.key === key);
    if (i >= 0) this.checkpoints.splice(i, 1);
  }

  /**
   * Sets up Neon Auth on a branch, as if `createNeonAuth` had run: `getNeonAuth` then answers 200
   * with `base_url` (default `https://<endpoint or branch id>.neonauth.<region>.local-neon.test/<db>/auth`).
   * `database` defaults to the branch's first database. Throws for an unknown branch or database.
   */
  enableNeonAuth(branchId: string, opts: { database?: string; baseUrl?: string } = {}): NeonAuthRecord {
    const { host, database } = this.serviceTarget(branchId, opts.database);
    const baseUrl =
      opts.baseUrl ??
      `https://${host}.neonauth.${this.project.regionId}.local-neon.test/${encodeURIComponent(database)}/auth`;
    const record: NeonAuthRecord = {
      branchId,
      database,
      baseUrl,
      jwksUrl: `${baseUrl}/.well-known/jwks.json`,
      providerProjectId: randomUUID(),
      createdAt: isoSeconds(),
    };
    this.neonAuth.set(branchId, record);
    return record;
  }

  /**
   * Sets up the Data API for one database of a branch, as if `createProjectBranchDataAPI` had run:
   * `getProjectBranchDataAPI` then answers 200 with `url` (default
   * `https://<endpoint or branch id>.apirest.<region>.local-neon.test/<db>/rest/v1`).
   * Throws for an unknown branch or database.
   */
  enableDataApi(branchId: string, database: string, opts: { url?: string } = {}): DataApiRecord {
    const target = this.serviceTarget(branchId, database);
    const url =
      opts.url ??
      `https://${target.host}.apirest.${this.project.regionId}.local-neon.test/${encodeURIComponent(database)}/rest/v1`;
    const record: DataApiRecord = { branchId, database, url };
    this.dataApis.set(dataApiKey(branchId, database), record);
    return record;
  }

  /** The host label (read-write endpoint id, else branch id) and database a branch service is wired to. */
  private serviceTarget(branchId: string, database?: string): { host: string; database: string } {
    const branch = this.branches.get(branchId);
    if (!branch) throw new Error(`local-neon: no branch ${branchId}`);
    const name = database ?? branch.databases[0]?.name;
    if (name === undefined || !branch.databases.some((d) => d.name === name)) {
      throw new Error(`local-neon: branch ${branchId} has no database ${name ?? '(none)'}`);
    }
    const endpoint = this.endpointsOf(branchId).find((e) => e.type === 'read_write');
    return { host: endpoint?.id ?? branchId, database: name };
  }
}

/** The key of `LocalNeonState.dataApis`. */
export function dataApiKey(branchId: string, database: string): string {
  return `${branchId}/${database}`;
}
