/**
 * The contract between the local Neon's API (control plane: `server.ts`, state, operations, faults)
 * and its data plane (real Postgres per branch through PGlite). The API decides *what* happens and
 * when; the data plane makes it true in a real database. Implemented by `pglite-data-plane.ts`.
 *
 * Keys are Neon ids (`br-…`, `ep-…`, snapshot ids). All methods are idempotent where noted so that a
 * fault-injected retry at the API layer can never corrupt data.
 */

import type { MaskingRule } from '../../src/inputs/masking-rules.js';

export interface RoleCredential {
  name: string;
  password: string;
}

/** Neon's masking rule, as the action sends it. */
export type { MaskingRule };

export interface EndpointPorts {
  /** Loopback port serving the Postgres wire protocol (the "direct" host). */
  port: number;
  /** Second loopback port for the same branch (the "-pooler" host). */
  pooledPort: number;
}

export interface DataPlane {
  /**
   * Make a branch's database(s). With `parentId` the new branch is a clone of the parent's current
   * state (schema and data); with `fromCheckpoint` it is a clone of that checkpoint; with
   * `schemaOnly` only the schema is copied. Without any source it is a fresh cluster holding the
   * given databases, owned by the first role. Idempotent: creating an existing id is a no-op.
   */
  createBranch(
    branchId: string,
    source: {
      parentId?: string;
      fromCheckpoint?: string;
      schemaOnly?: boolean;
      databases?: string[];
      roles?: RoleCredential[];
    },
  ): Promise<void>;

  /** Remove a branch's data and stop its endpoints. Idempotent. */
  deleteBranch(branchId: string): Promise<void>;

  /** Replace the branch's data with the source branch's current state (reset from parent). */
  resetBranch(branchId: string, sourceBranchId: string): Promise<void>;

  /**
   * Keep the branch's state as it is now under `key` (used for a branch's creation point, so that
   * compare_schema can diff against the parent "at the fork point", and for snapshots).
   */
  checkpoint(branchId: string, key: string): Promise<void>;
  dropCheckpoint(key: string): Promise<void>;

  /**
   * Serve the branch over the wire protocol on two loopback ports. Every connection is checked
   * against `credentials()` (called per connection, so a password reset takes effect) and the
   * database must be one of `databases()`. A wrong user, password or database is refused with a
   * real Postgres error (28P01 / 3D000).
   */
  startEndpoint(
    endpointId: string,
    branchId: string,
    auth: { credentials: () => RoleCredential[]; databases: () => string[] },
  ): Promise<EndpointPorts>;
  /** Move an endpoint to another branch (finalize_restore moves computes). */
  moveEndpoint(endpointId: string, branchId: string): Promise<void>;
  stopEndpoint(endpointId: string): Promise<void>;

  /**
   * The schema of one database as `pg_dump --schema-only` prints it (real pg_dump run on the
   * branch or checkpoint), with psql meta-command lines (`\restrict …`, `\unrestrict …`), the
   * version comments and the SET/set_config preamble dropped, so two dumps of an unchanged
   * database are byte-identical.
   */
  dumpSchema(source: { branchId: string } | { checkpoint: string }, database: string): Promise<string>;

  /**
   * Apply static masking in place. Resolves with the number of masked columns; rejects with an
   * Error whose message names the failing rule/function (e.g. an unknown `anon.*` function).
   */
  anonymize(branchId: string, rules: MaskingRule[]): Promise<{ maskedColumns: number }>;

  /** Run SQL on a branch's database (tests, the demo and seeding use it). */
  query(branchId: string, database: string, sql: string): Promise<Record<string, unknown>[]>;

  /** Stop every endpoint and instance; remove temporary files. */
  close(): Promise<void>;
}
