/**
 * Seeding for sweep tests and benches: many metadata-only branches at once (no data-plane
 * instance, no computes), inserted directly into the state. Seeding ignores the branch limit and
 * the operation lock; names must still be unique.
 */
import { isoSeconds, type BranchRecord, type LocalNeonState } from './state.js';

export interface SeedOptions {
  /** Names are `${namePrefix}${i}` for i = 1..n (default prefix `seed-`)... */
  namePrefix?: string;
  /** ...unless `name` gives them: a fixed name (n = 1) or a function of i. */
  name?: string | ((i: number) => string);
  annotations?: Record<string, string> | ((i: number) => Record<string, string> | undefined);
  createdAt?: string | Date | ((i: number) => string | Date);
  parentId?: string;
  expiresAt?: string;
}

function timestamp(value: string | Date): string {
  return isoSeconds(typeof value === 'string' ? new Date(value) : value);
}

export function seedBranches(state: LocalNeonState, n: number, opts: SeedOptions = {}): BranchRecord[] {
  const prefix = opts.namePrefix ?? 'seed-';
  const nameOf = (i: number): string =>
    typeof opts.name === 'function' ? opts.name(i) : (opts.name ?? `${prefix}${i}`);
  if (typeof opts.name === 'string' && n > 1) throw new Error('seedBranches: a fixed name needs n = 1');
  const parent = opts.parentId ? state.branches.get(opts.parentId) : state.defaultBranch();
  if (!parent) throw new Error(`seedBranches: parent ${opts.parentId} not found`);
  const taken = new Set([...state.branches.values()].map((b) => b.name));
  for (let i = 1; i <= n; i++) {
    const name = nameOf(i);
    if (taken.has(name)) throw new Error(`seedBranches: branch name ${name} already exists`);
    taken.add(name);
  }
  const out: BranchRecord[] = [];
  for (let i = 1; i <= n; i++) {
    const name = nameOf(i);
    const rawCreated = typeof opts.createdAt === 'function' ? opts.createdAt(i) : opts.createdAt;
    const created = rawCreated === undefined ? isoSeconds() : timestamp(rawCreated);
    const annotations = typeof opts.annotations === 'function' ? opts.annotations(i) : opts.annotations;
    const copied = state.copyRolesAndDatabases(parent, created);
    const branch: BranchRecord = {
      id: state.newBranchId(),
      name,
      parentId: parent.id,
      parentLsn: state.nextLsn(),
      parentTimestamp: created,
      createdAt: created,
      updatedAt: created,
      stateChangedAt: created,
      currentState: 'ready',
      isDefault: false,
      protected: false,
      ...(opts.expiresAt ? { expiresAt: timestamp(opts.expiresAt) } : {}),
      initSource: 'parent-data',
      creationSource: 'local-neon-seed',
      roles: copied.roles,
      databases: copied.databases,
      metadataOnly: true,
      ...(annotations ? { annotation: { value: { ...annotations }, createdAt: created, updatedAt: created } } : {}),
    };
    state.branches.set(branch.id, branch);
    out.push(branch);
  }
  return out;
}
