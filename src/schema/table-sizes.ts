/**
 * Which tables a review's changes touch, the tables whose sizes settle their risk. Pure: the sizes
 * are read over a connection in src/pg/table-sizes.ts.
 */
import type { Change } from './types.js';

const TABLE_CHILDREN = new Set(['column', 'index', 'constraint', 'trigger']);

/**
 * The table path (`schema.table`) a change touches, if any: the change's object for a table, its
 * parent for a column, index, constraint or trigger. With `known`, the longest prefix it holds wins
 * (so a table whose name holds a dot is still found).
 */
export function tableOf(
  change: Pick<Change, 'kind' | 'action' | 'object'>,
  known?: ReadonlySet<string>,
): string | undefined {
  if (change.kind !== 'table' && !TABLE_CHILDREN.has(change.kind)) return undefined;
  const path = change.object;
  if (known) {
    for (let end = path.length; end > 0; end = path.lastIndexOf('.', end - 1)) {
      const prefix = path.slice(0, end);
      if (prefix.includes('.') && known.has(prefix)) return prefix;
    }
    return undefined;
  }
  if (change.kind === 'table') return path;
  const cut = path.lastIndexOf('.');
  return cut > 0 ? path.slice(0, cut) : undefined;
}

/** Tables the changes touch that the branch still has (a dropped table is gone from it). */
export function tablesTouched(changes: readonly Change[]): string[] {
  const tables = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'table' && c.action === 'dropped') continue;
    const table = tableOf(c);
    if (table) tables.add(table);
  }
  return [...tables].sort();
}
