/**
 * What the PR's migration statements say of identity, as an IdentityMap for the review: an explicit
 * RENAME pairs the old and the new object, a DROP marks the old one gone and an ADD (or CREATE) the
 * new one new, so the dumps' guess never pairs them; a DROP followed by an ADD of the same name is
 * another object under that name (a drop plus an add). Pure: effects in, a value out.
 */
import { IDENTITY_KINDS, IdentityMap, type IdentityKind } from '../schema/identity.js';
import type { Effect } from './effects.js';

const KINDS = new Set<string>(IDENTITY_KINDS);

export function identityFromStatements(effects: readonly Effect[]): IdentityMap {
  const map = new IdentityMap();
  // table names met in the statements (at the time, or in the end) -> the name on the base
  const tableBefore = new Map<string, string>();
  for (const e of effects) {
    if (e.kind !== 'table' || e.action !== 'renamed' || !e.from) continue;
    const base = tableBefore.get(e.from) ?? tableBefore.get(e.object) ?? e.from;
    tableBefore.set(e.from, base);
    if (!tableBefore.has(e.object)) tableBefore.set(e.object, base);
  }
  const beforePath = (path: string, kind: string): string => {
    if (kind === 'table' || kind === 'view' || kind === 'materialized_view') return tableBefore.get(path) ?? path;
    const dot = path.lastIndexOf('.');
    const table = path.slice(0, dot);
    const base = ['column', 'constraint', 'trigger', 'index'].includes(kind) ? tableBefore.get(table) : undefined;
    return base ? `${base}${path.slice(dot)}` : path;
  };
  const created = new Set<string>();
  const droppedAt = new Set<string>();
  for (const e of effects) {
    if (!KINDS.has(e.kind)) continue;
    const kind = (e.kind === 'materialized_view' ? 'view' : e.kind) as IdentityKind;
    if (e.tableUnknown) {
      // `ALTER INDEX i RENAME TO j`, `DROP INDEX i`: schema and name only
      if (e.action === 'renamed' && e.from) map.looseRename(kind, e.from, e.object, 'statement');
      else if (e.action === 'dropped') map.looseDrop(kind, e.object, 'statement');
      continue;
    }
    const id = (path: string) => `${kind}|${path}`;
    switch (e.action) {
      case 'renamed':
        if (!e.from) break;
        // an object the PR created and then renamed is new under its last name
        if (created.has(id(e.from))) {
          created.add(id(e.object));
          break;
        }
        map.rename(kind, beforePath(e.from, e.kind), e.object, 'statement');
        break;
      case 'dropped': {
        const path = beforePath(e.object, e.kind);
        if (created.has(id(e.object))) break;
        map.drop(kind, path, 'statement');
        droppedAt.add(id(path));
        break;
      }
      case 'added': {
        const path = beforePath(e.object, e.kind);
        // dropped and added again under the same name: another object
        if (droppedAt.has(id(path))) {
          map.replace(kind, path, 'statement');
          if (path !== e.object) map.replace(kind, e.object, 'statement');
        } else map.add(kind, e.object, 'statement');
        created.add(id(e.object));
        break;
      }
      default:
    }
  }
  return map;
}
