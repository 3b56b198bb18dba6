/**
 * The vocabulary of compare-schema's structured review (INTERFACE.md, "compare-schema"): one
 * `Change` per object that differs between two schema dumps, with a risk and a one-line reason.
 */
import type { IdentitySource } from './identity.js';

export type { IdentitySource } from './identity.js';

export const CHANGE_KINDS = [
  'schema',
  'extension',
  'table',
  'column',
  'index',
  'constraint',
  'type',
  'enum_value',
  'view',
  'materialized_view',
  'function',
  'trigger',
  'sequence',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_ACTIONS = ['added', 'dropped', 'altered', 'renamed'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** destructive: can lose data or break code running today; locking: may lock or rewrite; safe: the rest. */
export type Risk = 'destructive' | 'locking' | 'safe';

export interface Change {
  kind: ChangeKind;
  action: ChangeAction;
  /** Unquoted dotted path: `public.users`, `public.users.email`, `public.f(integer)`, `pgcrypto`. */
  object: string;
  /** The old path, for `renamed`. */
  from?: string;
  risk: Risk;
  /** One line saying why the risk is what it is. */
  reason: string;
  /** `risk === 'destructive'`, for consumers that only want a flag. */
  destructive: boolean;
  database: string;
  /** What changed, e.g. `bytea -> text` or the new definition. One line. */
  detail: string;
  /**
   * For `renamed`: how sure the review is that this is one object renamed rather than one dropped
   * and another added (0..1). The dumps never say so; the reason says what the evidence was.
   */
  confidence?: number;
  /** The migration file (workspace-relative) whose statement made the change, when `migrations` names it. */
  file?: string;
  /** 1-based line of that statement's first keyword. */
  line?: number;
  /** Rows of the table the change touches, as read from the branch (estimate, or a count). */
  rows?: number;
  /** `pg_total_relation_size` of that table. */
  bytes?: number;
  /**
   * Where the object's identity (which base object it is) came from: `catalog` (both branches'
   * catalogs: oids and attnums survive a rename), `statement` (a migration statement of the PR names
   * it), `inferred` (guessed from the dumps' names and definitions).
   */
  identity?: IdentitySource;
  /** The data the change deletes: rows of a dropped table, non-null values of a dropped column (counts only). */
  loses?: Cost;
  /** Existing rows that break the rule the change adds (NULLs under SET NOT NULL, duplicates, orphans…); above zero it fails. */
  violations?: Cost;
}

/** A count of rows or values: exact on a copy the action made, or `estimated` from the branch's statistics. */
export interface Cost {
  rows?: number;
  values?: number;
  estimated?: boolean;
}

/** The review of one database: its changes, the unified diff of the two dumps and an optional ER diagram. */
export interface DatabaseReview {
  database: string;
  changes: Change[];
  /** Unified diff of the normalised dumps (empty when they are equal). */
  diff: string;
  /** Mermaid `erDiagram` source when the changes touch 1..30 tables, else undefined. */
  erDiagram?: string;
  /** What the review could not read (a statement nested too deeply for the parser), for the comment. */
  notes?: string[];
}
