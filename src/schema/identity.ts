/**
 * What the review knows of objects' identity before it compares two schemas: which object of the
 * base became which object of the branch. Text has no identity, so the dumps alone can only guess
 * a rename; two better sources come first:
 *
 * - `catalog`: both sides' catalogs, read over Postgres connections. A Neon branch is a copy of its
 *   parent, so every object the PR did not re-create keeps its oid (a column its attnum): a rename
 *   is read, not guessed, and so is a column dropped and added again under the same name.
 * - `statement`: the PR's migration statements. An explicit RENAME, DROP or ADD overrides the guess.
 * - `inferred`: what the dumps suggest, the last resort.
 *
 * The map is a value (src/schema stays pure): the catalog reader (src/pg/catalog.ts) and the
 * statement reader (src/migrations/identity.ts) build it; the diff passes read it.
 *
 * Paths are the review's dotted paths. Before paths name the object on the base (`public.label`,
 * `public.label.description`), after paths on the branch (`public.project_label.summary`).
 */

export type IdentitySource = 'catalog' | 'statement' | 'inferred';

/** The kinds an identity map speaks of. */
/** Every kind of object whose identity (a rename, a replacement) the review follows. */
export const IDENTITY_KINDS = [
  'table',
  'column',
  'constraint',
  'index',
  'trigger',
  'type',
  'enum_value',
  'function',
  'sequence',
  'view',
  'materialized_view',
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

export interface KindIdentity {
  /** Before path -> after path of the same object under another name. */
  renames: Map<string, { to: string; source: IdentitySource }>;
  /** Before paths of objects known to be gone: never the old side of a rename. */
  dropped: Map<string, IdentitySource>;
  /** After paths of objects known to be new: never the new side of a rename. */
  added: Map<string, IdentitySource>;
  /** Paths on both sides that name another object now (dropped and created again): a drop plus an add. */
  replaced: Map<string, IdentitySource>;
  /** Set when the source knows every object of this kind: any pair it does not rename is no rename. */
  complete?: IdentitySource;
  /**
   * Renames and drops of indexes and constraints named without their table (`ALTER INDEX i RENAME
   * TO j`, `DROP INDEX i`): `schema.name` -> `schema.new_name` (or the source), matched on any table.
   */
  looseRenames: Map<string, { to: string; source: IdentitySource }>;
  looseDropped: Map<string, IdentitySource>;
}

export class IdentityMap {
  private readonly kinds = new Map<IdentityKind, KindIdentity>();

  /** The facts of one kind (an empty record when none are known). */
  of(kind: IdentityKind): KindIdentity {
    let facts = this.kinds.get(kind);
    if (!facts) {
      facts = {
        renames: new Map(),
        dropped: new Map(),
        added: new Map(),
        replaced: new Map(),
        looseRenames: new Map(),
        looseDropped: new Map(),
      };
      this.kinds.set(kind, facts);
    }
    return facts;
  }

  get empty(): boolean {
    for (const k of this.kinds.values()) {
      if (
        k.complete ||
        k.renames.size > 0 ||
        k.dropped.size > 0 ||
        k.added.size > 0 ||
        k.replaced.size > 0 ||
        k.looseRenames.size > 0 ||
        k.looseDropped.size > 0
      )
        return false;
    }
    return true;
  }

  rename(kind: IdentityKind, from: string, to: string, source: IdentitySource): this {
    keepFirst(this.of(kind).renames, from, { to, source });
    return this;
  }

  drop(kind: IdentityKind, path: string, source: IdentitySource): this {
    keepFirst(this.of(kind).dropped, path, source);
    return this;
  }

  add(kind: IdentityKind, path: string, source: IdentitySource): this {
    keepFirst(this.of(kind).added, path, source);
    return this;
  }

  replace(kind: IdentityKind, path: string, source: IdentitySource): this {
    keepFirst(this.of(kind).replaced, path, source);
    return this;
  }

  /** A rename or a drop that names an index or constraint without its table (`schema.name`). */
  looseRename(kind: IdentityKind, from: string, to: string, source: IdentitySource): this {
    keepFirst(this.of(kind).looseRenames, from, { to, source });
    return this;
  }

  looseDrop(kind: IdentityKind, path: string, source: IdentitySource): this {
    keepFirst(this.of(kind).looseDropped, path, source);
    return this;
  }

  complete(kind: IdentityKind, source: IdentitySource): this {
    this.of(kind).complete ??= source;
    return this;
  }

  /** Where a change's identity came from when no fact of the map decided it. */
  defaultSource(kind: string): IdentitySource {
    return this.kinds.get((kind === 'materialized_view' ? 'view' : kind) as IdentityKind)?.complete ?? 'inferred';
  }

  /**
   * This map with `other`'s facts where this one has none: the first source wins (catalog, then
   * statements). A kind this map knows completely takes nothing from `other`.
   */
  merge(other: IdentityMap | undefined): IdentityMap {
    if (!other) return this;
    const out = new IdentityMap();
    for (const source of [this, other]) {
      for (const [kind, facts] of source.kinds) {
        const into = out.of(kind);
        if (source === other && into.complete) continue;
        const takenOld = new Set(into.renames.keys());
        const takenNew = new Set([...into.renames.values()].map((r) => r.to));
        for (const [from, r] of facts.renames) {
          if (!takenOld.has(from) && !takenNew.has(r.to)) into.renames.set(from, r);
        }
        for (const [path, s] of facts.dropped)
          if (!into.dropped.has(path) && !takenOld.has(path)) into.dropped.set(path, s);
        for (const [path, s] of facts.added) if (!into.added.has(path) && !takenNew.has(path)) into.added.set(path, s);
        for (const [path, s] of facts.replaced) if (!into.replaced.has(path)) into.replaced.set(path, s);
        for (const [path, r] of facts.looseRenames) if (!into.looseRenames.has(path)) into.looseRenames.set(path, r);
        for (const [path, s] of facts.looseDropped) if (!into.looseDropped.has(path)) into.looseDropped.set(path, s);
        if (facts.complete) into.complete ??= facts.complete;
      }
    }
    return out;
  }
}

/** `pairRenames` for objects that carry their own path, before and after. */
export function pairRenamesByPath<A extends { path: string }, B extends { path: string }>(
  kind: IdentityKind,
  map: IdentityMap | undefined,
  dropped: readonly A[],
  added: readonly B[],
  infer: (dropped: readonly A[], added: readonly B[]) => Array<[A, B]>,
): ReturnType<typeof pairRenames<A, B>> {
  return pairRenames(kind, map, dropped, added, pathOf, pathOf, infer);
}

const pathOf = (x: { path: string }) => x.path;

/**
 * Pairs of dropped and added objects that the map renames, then the ones `infer` may still pair
 * (those the map knows nothing of; none when the kind is known completely). Each pair carries its
 * source.
 */
export function pairRenames<A, B>(
  kind: IdentityKind,
  map: IdentityMap | undefined,
  dropped: readonly A[],
  added: readonly B[],
  oldPath: (a: A) => string,
  newPath: (b: B) => string,
  infer: (dropped: readonly A[], added: readonly B[]) => Array<[A, B]>,
): {
  pairs: Array<[A, B, IdentitySource]>;
  droppedSource: Map<A, IdentitySource>;
  addedSource: Map<B, IdentitySource>;
} {
  const facts = map?.of(kind);
  const pairs: Array<[A, B, IdentitySource]> = [];
  const droppedSource = new Map<A, IdentitySource>();
  const addedSource = new Map<B, IdentitySource>();
  const byNew = new Map(added.map((b) => [newPath(b), b]));
  const usedOld = new Set<A>();
  const usedNew = new Set<B>();
  if (facts) {
    for (const a of dropped) {
      const r = facts.renames.get(oldPath(a));
      let b = r ? byNew.get(r.to) : undefined;
      let source = r?.source;
      const loose = !b && facts.looseRenames.size > 0 ? facts.looseRenames.get(schemaAndName(oldPath(a))) : undefined;
      if (loose) {
        // the same table's object under the new name (the table may have been renamed: any one, if only one)
        const fits = added.filter((x) => !usedNew.has(x) && schemaAndName(newPath(x)) === loose.to);
        if (fits.length === 1) [b, source] = [fits[0], loose.source];
      }
      if (b && source && !usedNew.has(b)) {
        pairs.push([a, b, source]);
        usedOld.add(a);
        usedNew.add(b);
      }
    }
    for (const a of dropped) {
      if (usedOld.has(a)) continue;
      const s =
        facts.dropped.get(oldPath(a)) ??
        facts.replaced.get(oldPath(a)) ??
        (facts.looseDropped.size > 0 ? facts.looseDropped.get(schemaAndName(oldPath(a))) : undefined) ??
        facts.complete;
      if (s) droppedSource.set(a, s);
    }
    for (const b of added) {
      if (usedNew.has(b)) continue;
      const s = facts.added.get(newPath(b)) ?? facts.replaced.get(newPath(b)) ?? facts.complete;
      if (s) addedSource.set(b, s);
    }
  }
  if (!facts?.complete) {
    const olds = dropped.filter((a) => !usedOld.has(a) && !droppedSource.has(a));
    const news = added.filter((b) => !usedNew.has(b) && !addedSource.has(b));
    if (olds.length > 0 && news.length > 0) for (const [a, b] of infer(olds, news)) pairs.push([a, b, 'inferred']);
  }
  return { pairs, droppedSource, addedSource };
}

/** `schema.name` of a `schema.table.name` path (names may not hold dots here: they come from one identifier each). */
function schemaAndName(path: string): string {
  return `${path.slice(0, path.indexOf('.'))}.${path.slice(path.lastIndexOf('.') + 1)}`;
}

/** The first fact recorded about a path stands: a later one does not overwrite it. */
function keepFirst<V>(facts: Map<string, V>, path: string, value: V): void {
  if (!facts.has(path)) facts.set(path, value);
}
