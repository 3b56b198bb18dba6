/**
 * Name-free keys of columns and tables, as the before side reads after the type renames: equal keys
 * mean equal definitions, so "same key, new name" is the first sign of a rename.
 */
import type { ColumnModel, TableModel } from './model.js';
import type { TypeRenames } from './type-renames.js';

/** A column's definition without its name: type, NOT NULL, default, identity, generation, collation. */
export function columnKey(c: ColumnModel, types: TypeRenames): string {
  return [
    types.typeKey(c.type),
    c.notNull,
    types.rewrite(c.defaultKey),
    c.identity,
    types.rewrite(c.generatedKey),
    c.collation,
  ].join('|');
}

/** A table's definition without its name: columns in order, persistence, properties. */
export function tableShapeKey(table: TableModel, types: TypeRenames): string {
  const columns = [...table.columns.values()].map((c) => `${c.name} ${columnKey(c, types)}`);
  return `${table.persistence}|${[...table.properties].join(',')}|${columns.join(',')}`;
}
