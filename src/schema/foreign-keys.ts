/**
 * Which tables a column's foreign keys point at, on both sides: a column whose foreign key points
 * at another table than the dropped one's did is never that column renamed (`author_id` referencing
 * users dropped, `team_id` referencing teams added, both bigint NOT NULL, is a drop and an add).
 */
import type { SchemaModel } from './model.js';

export class ForeignKeyTargets {
  private readonly before: Map<string, Set<string>>;
  private readonly after: Map<string, Set<string>>;
  /** Before table path -> after path, for tables renamed (filled in as the table pass learns them). */
  readonly renamedTables = new Map<string, string>();

  constructor(before: SchemaModel, after: SchemaModel) {
    this.before = targets(before);
    this.after = targets(after);
  }

  /**
   * Whether the dropped column `oldTable.oldColumn` and the added `newTable.newColumn` reference the
   * same tables (read with the renames of tables), or neither references any. `loose`: a foreign key
   * on one side only says nothing (a naming-convention migration drops the keys with the renames);
   * only keys to different tables on both sides do.
   */
  sameTarget(oldTable: string, oldColumn: string, newTable: string, newColumn: string, loose = false): boolean {
    const was = [...(this.before.get(`${oldTable}.${oldColumn}`) ?? [])].map((t) => this.renamedTables.get(t) ?? t);
    const is = this.after.get(`${newTable}.${newColumn}`) ?? new Set<string>();
    if (loose && (was.length === 0 || is.size === 0)) return true;
    return was.length === is.size && was.every((t) => is.has(t));
  }
}

function targets(model: SchemaModel): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of model.constraints.values()) {
    if (c.type !== 'foreign key' || !c.referencedTable) continue;
    for (const column of c.columns) {
      const key = `${c.table}.${column}`;
      let set = out.get(key);
      if (!set) out.set(key, (set = new Set()));
      set.add(c.referencedTable);
    }
  }
  return out;
}
