/**
 * Which dropped column of a table is an added one renamed, from the dumps alone. In order of
 * strength:
 *
 * 1. its NOT NULL constraint kept its name: PostgreSQL 18 names it `<table>_<column>_not_null` and
 *    a rename keeps that name, which pg_dump then writes out;
 * 2. the same definition (modulo renamed types) at the same place: after the same kept column;
 * 3. the same place between two kept columns, whatever the definition: ADD COLUMN always appends,
 *    so a new column that stands before a kept one took the dropped one's place. At the end of
 *    the table the place says nothing, and a different definition there is a drop and an add.
 *
 * A column renamed and changed (retyped, made NOT NULL…) is reported as the rename and the change.
 */
import { matchRenames } from './change-list.js';
import type { RenameEvidence } from './change-list.js';
import { columnKey } from './definition-keys.js';
import type { ForeignKeyTargets } from './foreign-keys.js';
import type { ColumnModel, TableModel } from './model.js';
import { TypeRenames } from './type-renames.js';

export interface ColumnRename {
  old: ColumnModel;
  now: ColumnModel;
  evidence: RenameEvidence;
}

const NO_RENAMES = new TypeRenames();
const START = '^';
const END = '$';

interface Slot {
  /** The nearest earlier column both tables have, or START. */
  previous: string;
  /** The nearest later one, or END. */
  next: string;
  /** How many columns that only this table has come between `previous` and this one. */
  offset: number;
}

export function matchColumnRenames(
  old: TableModel,
  now: TableModel,
  dropped: readonly ColumnModel[],
  added: readonly ColumnModel[],
  types: TypeRenames,
  fks?: ForeignKeyTargets,
): ColumnRename[] {
  const out: ColumnRename[] = [];
  // a foreign key to another table than the dropped column's: another column, whatever its place
  const sameTarget = (a: ColumnModel, b: ColumnModel, loose = false) =>
    !fks || fks.sameTarget(old.path, a.name, now.path, b.name, loose);
  const takenOld = new Set<string>();
  const takenNew = new Set<string>();
  const take = (a: ColumnModel, b: ColumnModel, confidence: number, evidence: string) => {
    takenOld.add(a.name);
    takenNew.add(b.name);
    out.push({ old: a, now: b, evidence: { confidence, evidence } });
  };

  const byNotNullName = new Map<string, ColumnModel>();
  for (const c of dropped) if (c.notNull) byNotNullName.set(c.notNullName ?? `${old.name}_${c.name}_not_null`, c);
  for (const c of added) {
    const was = c.notNullName ? byNotNullName.get(c.notNullName) : undefined;
    if (was && !takenOld.has(was.name)) take(was, c, 0.95, `its NOT NULL constraint kept the name ${c.notNullName}`);
  }

  // the same name but for case and underscores (`pollId` -> `poll_id`), one to one
  const byLooseName = matchRenames(
    dropped.filter((c) => !takenOld.has(c.name)),
    added.filter((c) => !takenNew.has(c.name)),
    (c) => looseName(c.name),
    (c) => looseName(c.name),
  );
  for (const [a, b] of byLooseName) {
    if (!sameTarget(a, b, true)) continue;
    take(
      a,
      b,
      0.9,
      `its name differs only in case and underscores (${a.name} -> ${b.name}), and no other column's does`,
    );
  }

  const slotsOld = slots(old, now);
  const slotsNew = slots(now, old);
  const place = (slot: Slot) => (slot.previous === START ? 'first' : `after ${slot.previous}`);
  const sameDefinition = matchRenames(
    dropped.filter((c) => !takenOld.has(c.name)),
    added.filter((c) => !takenNew.has(c.name)),
    (c) => `${slotsOld.get(c.name)!.previous}+${slotsOld.get(c.name)!.offset}|${columnKey(c, types)}`,
    (c) => `${slotsNew.get(c.name)!.previous}+${slotsNew.get(c.name)!.offset}|${columnKey(c, NO_RENAMES)}`,
  );
  // a block of columns replaced wholesale (five dropped, five added, two of the same type by chance) is no rename
  const inBlock = (
    c: ColumnModel,
    slotsOf: Map<string, Slot>,
    list: readonly ColumnModel[],
    taken: ReadonlySet<string>,
  ) => list.filter((x) => !taken.has(x.name) && slotsOf.get(x.name)!.previous === slotsOf.get(c.name)!.previous).length;
  const pairsInBlock = new Map<string, number>();
  for (const [a] of sameDefinition)
    pairsInBlock.set(slotsOld.get(a.name)!.previous, (pairsInBlock.get(slotsOld.get(a.name)!.previous) ?? 0) + 1);
  const blockSizes = new Map(
    sameDefinition.map(([a, b]) => [
      a,
      Math.max(inBlock(a, slotsOld, dropped, takenOld), inBlock(b, slotsNew, added, takenNew)),
    ]),
  );
  for (const [a, b] of sameDefinition) {
    if (!sameTarget(a, b)) continue;
    if (pairsInBlock.get(slotsOld.get(a.name)!.previous)! * 2 < blockSizes.get(a)!) continue;
    take(
      a,
      b,
      0.9,
      `it has the same definition in the same place (${place(slotsNew.get(b.name)!)}), and no other column does`,
    );
  }

  const gapsOld = gaps(dropped, slotsOld, takenOld);
  const gapsNew = gaps(added, slotsNew, takenNew);
  for (const [gap, olds] of gapsOld) {
    const news = gapsNew.get(gap);
    if (!news || news.length !== olds.length) continue;
    const slot = slotsNew.get(news[0].name)!;
    const between = slot.previous === START ? `before ${slot.next}` : `between ${slot.previous} and ${slot.next}`;
    if (olds.some((a, i) => !sameTarget(a, news[i]))) continue;
    olds.forEach((a, i) => {
      take(a, news[i], 0.85, `it took the old column's place ${between} (ADD COLUMN would have put it at the end)`);
    });
  }
  return out;
}

/** Where each column of `table` stands relative to the columns `other` also has. */
function slots(table: TableModel, other: TableModel): Map<string, Slot> {
  const out = new Map<string, Slot>();
  let previous = START;
  let offset = 0;
  let pending: Slot[] = [];
  for (const column of table.columns.values()) {
    if (other.columns.has(column.name)) {
      for (const slot of pending) slot.next = column.name;
      pending = [];
      previous = column.name;
      offset = 0;
    } else {
      const slot = { previous, next: END, offset };
      out.set(column.name, slot);
      pending.push(slot);
      offset++;
    }
  }
  return out;
}

/** Columns not yet paired, by the gap between two kept columns they stand in (never the table's end). */
function gaps(
  columns: readonly ColumnModel[],
  slotsOf: Map<string, Slot>,
  taken: ReadonlySet<string>,
): Map<string, ColumnModel[]> {
  const out = new Map<string, ColumnModel[]>();
  for (const column of columns) {
    const slot = slotsOf.get(column.name)!;
    if (slot.next === END || taken.has(column.name)) continue;
    const gap = `${slot.previous}|${slot.next}`;
    const list = out.get(gap);
    if (list) list.push(column);
    else out.set(gap, [column]);
  }
  return out;
}

/** A name without case and underscores: `pollId`, `poll_id` and `PollID` read alike. */
export function looseName(name: string): string {
  return name.toLowerCase().replace(/_/g, '');
}
