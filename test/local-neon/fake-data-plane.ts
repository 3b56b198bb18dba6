/**
 * An in-memory DataPlane for fast metadata tests: each branch holds a schema text per database
 * that tests set (`setSchema`) and that clones and checkpoints copy, so compare_schema shows real
 * diffs without Postgres. Endpoint ports are numbers no one listens on. Every call is logged, and
 * `failNext(method, message)` makes the next call of a method reject.
 */
import type { DataPlane, EndpointPorts, MaskingRule, RoleCredential } from './data-plane.js';

type Schemas = Map<string, string>;
type Method = keyof DataPlane;

export class FakeDataPlane implements DataPlane {
  readonly branches = new Map<string, Schemas>();
  readonly checkpoints = new Map<string, Schemas>();
  readonly endpoints = new Map<string, { branchId: string; ports: EndpointPorts }>();
  readonly calls: { method: Method; args: unknown[] }[] = [];
  private readonly failures = new Map<Method, string[]>();
  private readonly holds = new Map<Method, Promise<void>>();
  private nextPort = 55_000;

  /** Make the next call of `method` reject with `message`. */
  failNext(method: Method, message: string): void {
    const list = this.failures.get(method) ?? [];
    list.push(message);
    this.failures.set(method, list);
  }

  /** Calls of `method` wait until the returned function is called (to pin a state in tests). */
  hold(method: Method): () => void {
    let release: () => void = () => undefined;
    this.holds.set(method, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  setSchema(branchId: string, database: string, sql: string): void {
    const schemas = this.branches.get(branchId) ?? new Map<string, string>();
    schemas.set(database, sql);
    this.branches.set(branchId, schemas);
  }

  private async enter(method: Method, args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    const held = this.holds.get(method);
    if (held) await held;
    const pending = this.failures.get(method);
    const message = pending?.shift();
    if (message !== undefined) throw new Error(message);
  }

  async createBranch(
    branchId: string,
    source: {
      parentId?: string;
      fromCheckpoint?: string;
      schemaOnly?: boolean;
      databases?: string[];
      roles?: RoleCredential[];
    },
  ): Promise<void> {
    await this.enter('createBranch', [branchId, { ...source, roles: source.roles?.map((r) => r.name) }]);
    if (this.branches.has(branchId)) return;
    const from = source.fromCheckpoint
      ? this.checkpoints.get(source.fromCheckpoint)
      : source.parentId
        ? this.branches.get(source.parentId)
        : undefined;
    if ((source.fromCheckpoint || source.parentId) && !from) {
      throw new Error(`no such source ${source.fromCheckpoint ?? source.parentId}`);
    }
    const schemas = new Map(from ?? (source.databases ?? []).map((db) => [db, ''] as [string, string]));
    this.branches.set(branchId, schemas);
  }

  async deleteBranch(branchId: string): Promise<void> {
    await this.enter('deleteBranch', [branchId]);
    this.branches.delete(branchId);
    for (const [id, e] of this.endpoints) if (e.branchId === branchId) this.endpoints.delete(id);
  }

  async resetBranch(branchId: string, sourceBranchId: string): Promise<void> {
    await this.enter('resetBranch', [branchId, sourceBranchId]);
    const source = this.branches.get(sourceBranchId);
    if (!source) throw new Error(`no such branch ${sourceBranchId}`);
    this.branches.set(branchId, new Map(source));
  }

  async checkpoint(branchId: string, key: string): Promise<void> {
    await this.enter('checkpoint', [branchId, key]);
    const schemas = this.branches.get(branchId);
    if (!schemas) throw new Error(`no such branch ${branchId}`);
    this.checkpoints.set(key, new Map(schemas));
  }

  async dropCheckpoint(key: string): Promise<void> {
    await this.enter('dropCheckpoint', [key]);
    this.checkpoints.delete(key);
  }

  async startEndpoint(endpointId: string, branchId: string): Promise<EndpointPorts> {
    await this.enter('startEndpoint', [endpointId, branchId]);
    const existing = this.endpoints.get(endpointId);
    if (existing) return existing.ports;
    const ports = { port: this.nextPort++, pooledPort: this.nextPort++ };
    this.endpoints.set(endpointId, { branchId, ports });
    return ports;
  }

  async moveEndpoint(endpointId: string, branchId: string): Promise<void> {
    await this.enter('moveEndpoint', [endpointId, branchId]);
    const e = this.endpoints.get(endpointId);
    if (e) e.branchId = branchId;
  }

  async stopEndpoint(endpointId: string): Promise<void> {
    await this.enter('stopEndpoint', [endpointId]);
    this.endpoints.delete(endpointId);
  }

  async dumpSchema(source: { branchId: string } | { checkpoint: string }, database: string): Promise<string> {
    await this.enter('dumpSchema', [source, database]);
    const schemas = 'branchId' in source ? this.branches.get(source.branchId) : this.checkpoints.get(source.checkpoint);
    if (!schemas) throw new Error(`no such source ${JSON.stringify(source)}`);
    const sql = schemas.get(database);
    if (sql === undefined) throw new Error(`database "${database}" does not exist`);
    return sql;
  }

  async anonymize(branchId: string, rules: MaskingRule[]): Promise<{ maskedColumns: number }> {
    await this.enter('anonymize', [branchId, rules.length]);
    return { maskedColumns: rules.length };
  }

  async query(branchId: string, database: string, sql: string): Promise<Record<string, unknown>[]> {
    await this.enter('query', [branchId, database, sql.length]);
    return [];
  }

  async close(): Promise<void> {
    await this.enter('close', []);
    this.endpoints.clear();
  }
}

export function createFakeDataPlane(): FakeDataPlane {
  return new FakeDataPlane();
}
