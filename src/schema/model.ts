/**
 * A schema as read from a dump: every object in a map keyed by its dotted path (the `object` of a
 * Change), so that comparing two schemas is a walk over keys, never a scan of lists.
 *
 * `key` fields are canonical parse-tree JSON: equal keys mean equal definitions. Keys never hold
 * the object's own name (so a rename can be found as "same key, new name"); `text` fields are the
 * definition as the dump wrote it, for people.
 */
import type { Fields, TypeInfo } from './ast.js';

export interface ColumnModel {
  name: string;
  /** 0-based position among the table's columns. */
  position: number;
  type: TypeInfo;
  notNull: boolean;
  /**
   * The name of the column's NOT NULL constraint (PostgreSQL 18 names them; pg_dump writes the name
   * only when it is not the default `<table>_<column>_not_null`, i.e. after a rename).
   */
  notNullName?: string;
  defaultKey?: string;
  defaultText?: string;
  identity?: 'always' | 'by default';
  generatedKey?: string;
  generatedText?: string;
  collation?: string;
  /** Per-column options and statistics target (`SET (n_distinct = …)`, `SET STATISTICS`). */
  optionsKey?: string;
  /** Those options as the dump wrote them (`SET (n_distinct=-0.5)`). */
  optionsText?: string;
  /** The column as the dump wrote it inside CREATE TABLE. */
  text: string;
}

export interface TableModel {
  path: string;
  schema: string;
  name: string;
  persistence: 'permanent' | 'unlogged';
  columns: Map<string, ColumnModel>;
  /** Other table-level properties (partitioning, inheritance, storage options, RLS…), name -> key. */
  properties: Map<string, string>;
}

export type ConstraintType = 'primary key' | 'unique' | 'foreign key' | 'check' | 'exclusion' | 'other';

export interface ConstraintModel {
  path: string;
  table: string;
  name: string;
  type: ConstraintType;
  /** The Constraint node without name, validation state or positions. */
  node: Fields<'Constraint'>;
  key: string;
  notValid: boolean;
  columns: Set<string>;
  /** For foreign keys: the referenced table's path. */
  referencedTable?: string;
  referencedColumns?: string[];
  text: string;
}

/** An index or a trigger: an object of one table, over some of its columns. */
export interface TableChildModel<N> {
  path: string;
  table: string;
  name: string;
  node: N;
  key: string;
  columns: Set<string>;
  text: string;
}

export type IndexModel = TableChildModel<Fields<'IndexStmt'>>;
export type TriggerModel = TableChildModel<Fields<'CreateTrigStmt'>>;

export interface ViewModel {
  path: string;
  materialized: boolean;
  /** The query and what else makes the view what it is (aliases, options), as parsed. */
  node: object;
  key: string;
  /** Output column name -> canonical key of its expression, in order. */
  outputColumns: Map<string, string>;
  /** Output column name -> `schema.table.column` it passes through unchanged, where the query says. */
  outputSources: Map<string, string>;
  text: string;
}

export interface FunctionModel {
  /** `schema.name(argtype, …)` */
  path: string;
  /** `schema.name` */
  name: string;
  argTypes: string[];
  returns: string;
  procedure: boolean;
  /** Everything but the name: arguments, result, options, body. */
  key: string;
  text: string;
}

export interface SequenceModel {
  path: string;
  /** Option name -> value (`increment` -> '1', `as` -> 'bigint'). */
  params: Map<string, string>;
  /** `schema.table.column` of the owning column (OWNED BY or identity). */
  ownedBy?: string;
  identity: boolean;
  text: string;
}

export interface TypeModel {
  path: string;
  kind: 'enum' | 'composite' | 'domain' | 'range' | 'base';
  /** Enum labels in order. */
  values: string[];
  /** Composite attributes: name -> type. */
  attributes: Map<string, TypeInfo>;
  /** Domain base type. */
  baseType?: TypeInfo;
  /** Domain constraints / range parameters. */
  constraintsKey?: string;
  key: string;
  text: string;
}

export interface ExtensionModel {
  name: string;
  schema?: string;
  text: string;
}

export interface SchemaModel {
  schemas: Map<string, { name: string; text: string }>;
  extensions: Map<string, ExtensionModel>;
  tables: Map<string, TableModel>;
  constraints: Map<string, ConstraintModel>;
  indexes: Map<string, IndexModel>;
  triggers: Map<string, TriggerModel>;
  views: Map<string, ViewModel>;
  functions: Map<string, FunctionModel>;
  sequences: Map<string, SequenceModel>;
  types: Map<string, TypeModel>;
}

export function emptySchemaModel(): SchemaModel {
  return {
    schemas: new Map(),
    extensions: new Map(),
    tables: new Map(),
    constraints: new Map(),
    indexes: new Map(),
    triggers: new Map(),
    views: new Map(),
    functions: new Map(),
    sequences: new Map(),
    types: new Map(),
  };
}
