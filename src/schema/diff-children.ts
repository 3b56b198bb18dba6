/**
 * Compares the objects that hang off tables: constraints, indexes and triggers. Objects of added
 * or dropped tables are their table's children, not changes of their own; so are those that go
 * with a dropped column, and foreign keys that go with the table or column they point to. Text
 * that changes only because a table or column was renamed is not a change either.
 */
import { canonical, type Node, renameColumnsInNode, renameRelationsInNode } from './ast.js';
import { type ChangeList, matchRenames } from './change-list.js';
import type { TableMatches } from './diff-tables.js';
import type { ConstraintModel, IndexModel, SchemaModel, TriggerModel } from './model.js';
import { CONSTRAINT_KEY_OMIT, INDEX_KEY_OMIT, TRIGGER_KEY_OMIT } from './read-tables.js';
import { constraintValidatedRisk, INDEX_ADDED_RISK, INDEX_ALTERED_RISK, newConstraintRisk, safe } from './risk.js';
import { type IdentityKind, pairRenames } from './identity.js';
import type { ChangeKind } from './types.js';

type Child = ConstraintModel | IndexModel | TriggerModel;

export function diffTableChildren(
  before: SchemaModel,
  after: SchemaModel,
  list: ChangeList,
  tables: TableMatches,
): void {
  const m = withMaterializedViews(tables, before, after);
  diffChildren('constraint', before.constraints, after.constraints, list, m);
  diffChildren('index', before.indexes, after.indexes, list, m);
  diffChildren('trigger', before.triggers, after.triggers, list, m);
}

/** Indexes (and triggers) also hang off materialized views and views: treat those as parents too. */
function withMaterializedViews(m: TableMatches, before: SchemaModel, after: SchemaModel): TableMatches {
  const afterPath = new Map(m.afterPath);
  const addedTables = new Set(m.addedTables);
  for (const path of before.views.keys()) if (after.views.has(path)) afterPath.set(path, path);
  for (const path of after.views.keys()) if (!before.views.has(path)) addedTables.add(path);
  return { ...m, afterPath, addedTables };
}

function diffChildren<T extends Child>(
  kind: ChangeKind,
  before: ReadonlyMap<string, T>,
  after: ReadonlyMap<string, T>,
  list: ChangeList,
  m: TableMatches,
): void {
  const omit = kind === 'constraint' ? CONSTRAINT_KEY_OMIT : kind === 'index' ? INDEX_KEY_OMIT : TRIGGER_KEY_OMIT;
  const dropped: Array<{ old: T; key: string }> = [];
  const matched = new Set<string>();
  for (const old of before.values()) {
    const table = m.afterPath.get(old.table);
    if (table === undefined) continue;
    const now = after.get(`${table}.${old.name}`);
    if (goesWithDroppedColumn(old, m)) {
      // Gone with its column or target, unless re-defined under the same name (a primary key
      // moved to other columns after the surrogate one was dropped): then it is altered.
      if (now) {
        matched.add(now.path);
        compare(kind, old, now, '', list);
      }
      continue;
    }
    const key = effectiveKey(old, m, omit);
    if (!now) {
      dropped.push({ old, key });
      continue;
    }
    matched.add(now.path);
    compare(kind, old, now, key, list);
  }
  const added: T[] = [];
  for (const now of after.values()) {
    if (matched.has(now.path) || m.addedTables.has(now.table)) continue;
    added.push(now);
  }
  const paired = pairRenames(
    kind as IdentityKind,
    list.identity,
    dropped,
    added,
    (d) => d.old.path,
    (now) => now.path,
    (olds, news) =>
      matchRenames(
        olds,
        news,
        (d) => `${m.afterPath.get(d.old.table)}|${d.key}`,
        (now) => `${now.table}|${now.key}`,
      ),
  );
  const renamedOld = new Set(paired.pairs.map(([d]) => d.old.path));
  const renamedNew = new Set(paired.pairs.map(([, now]) => now.path));
  for (const d of dropped) {
    if (renamedOld.has(d.old.path)) continue;
    list.dropped(
      kind as 'constraint' | 'index' | 'trigger',
      `${m.afterPath.get(d.old.table)}.${d.old.name}`,
      `was: ${d.old.text}`,
      paired.droppedSource.get(d),
    );
  }
  for (const now of added) {
    if (renamedNew.has(now.path)) continue;
    list.added(kind, now.path, now.text, addedRisk(kind, now), paired.addedSource.get(now));
  }
  for (const [{ old, key }, now, source] of paired.pairs) {
    const evidence =
      source === 'inferred'
        ? {
            confidence: 0.9,
            evidence: `it has the same definition on the same table under a new name, and no other ${kind} does`,
          }
        : undefined;
    list.renamed(kind, now.path, old.path, `RENAME ${old.name} TO ${now.name}`, evidence, source);
    // read from the catalogs or a statement, a renamed object may also have been re-defined
    if (source !== 'inferred' && key !== now.key) compare(kind, old, now, key, list);
  }
}

function addedRisk(kind: ChangeKind, child: Child) {
  if (kind === 'constraint') return newConstraintRisk(child as ConstraintModel);
  if (kind === 'index') return INDEX_ADDED_RISK;
  return safe('new trigger: takes effect on the next write');
}

function compare<T extends Child>(kind: ChangeKind, old: T, now: T, oldKey: string, list: ChangeList): void {
  if (kind === 'constraint') {
    const a = old as ConstraintModel;
    const b = now as ConstraintModel;
    if (oldKey !== b.key) {
      list.altered(kind, now.path, [{ assessment: newConstraintRisk(b), detail: `was ${a.text}; now ${b.text}` }]);
    } else if (a.notValid && !b.notValid) {
      list.altered(kind, now.path, [{ assessment: constraintValidatedRisk(b), detail: `validated: ${b.text}` }]);
    } else if (!a.notValid && b.notValid) {
      list.altered(kind, now.path, [
        { assessment: safe('marked NOT VALID: existing rows no longer vouched for'), detail: b.text },
      ]);
    }
    return;
  }
  if (oldKey === now.key) return;
  const assessment = kind === 'index' ? INDEX_ALTERED_RISK : safe('trigger re-defined: takes effect on the next write');
  // The new definition first: a long statement is clipped in the PR comment's table.
  list.altered(kind, now.path, [{ assessment, detail: `now ${now.text}; was ${old.text}` }]);
}

/** Indexes, constraints and triggers that Postgres drops with a column, or a foreign key with its target. */
function goesWithDroppedColumn(child: Child, m: TableMatches): boolean {
  const droppedHere = m.droppedColumns.get(child.table);
  // Postgres drops an index or constraint with any of its columns; one that also covers a column
  // the table keeps is a rule of its own gone (a multi-column UNIQUE), not a part of the column
  if (droppedHere && [...child.columns].some((column) => droppedHere.has(column))) {
    const foreignKey = 'referencedTable' in child && !!child.referencedTable;
    return foreignKey || [...child.columns].every((column) => droppedHere.has(column));
  }
  if ('referencedTable' in child && child.referencedTable) {
    if (m.droppedTables.has(child.referencedTable)) return true;
    const droppedThere = m.droppedColumns.get(child.referencedTable);
    if (droppedThere) for (const column of child.referencedColumns ?? []) if (droppedThere.has(column)) return true;
  }
  return false;
}

/** The before object's key as it reads after the renames of its table's columns, of referenced tables and of types. */
function effectiveKey(child: Child, m: TableMatches, omit: ReadonlySet<string>): string {
  const ownTable = m.afterPath.get(child.table) ?? child.table;
  const ownColumns = m.columnRenames.get(ownTable);
  const referenced = 'referencedTable' in child ? child.referencedTable : undefined;
  const referencedAfter = referenced ? m.afterPath.get(referenced) : undefined;
  const referencedRenamed = referenced !== undefined && referencedAfter !== undefined && referencedAfter !== referenced;
  const referencedColumns = referencedAfter ? m.columnRenames.get(referencedAfter) : undefined;
  if (!ownColumns && !referencedRenamed && !referencedColumns) return m.types.rewrite(child.key);
  let node: unknown = child.node;
  node = renameColumnsInNode(node, ownColumns ?? new Map(), () => referencedColumns);
  if (referencedRenamed) node = renameRelationsInNode(node, m.renamedTables);
  return m.types.rewrite(canonical(node as Node, omit));
}
