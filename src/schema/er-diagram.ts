/**
 * A Mermaid `erDiagram` of the tables a change touches and their foreign-key neighbours, drawn only
 * when at most `maxTables` (30) tables are touched. Touched tables list their columns, each added,
 * dropped, altered or renamed one marked in its comment; neighbours list only their key columns.
 * Identifiers are reduced to `[A-Za-z0-9_]` so user names cannot break the diagram.
 */
import { showBidi } from '../basics/bidi.js';
import type { ConstraintModel, SchemaModel, TableModel } from './model.js';
import type { Change } from './types.js';

export const ER_DIAGRAM_MAX_TABLES = 30;
const MAX_COLUMNS_PER_TABLE = 40;
const CHILD_KINDS = new Set(['column', 'constraint', 'index', 'trigger']);

export function renderErDiagram(
  before: SchemaModel,
  after: SchemaModel,
  changes: readonly Change[],
  maxTables = ER_DIAGRAM_MAX_TABLES,
): string | undefined {
  const touched = touchedTables(changes, before, after);
  if (touched.size === 0 || touched.size > maxTables) return undefined;

  const marks = columnMarks(changes);
  const tableMarks = new Map(changes.filter((c) => c.kind === 'table').map((c) => [c.object, c.action]));
  const constraintsOf = { after: byTable(after), before: byTable(before) };
  const names = new EntityNames();
  const lines = ['erDiagram'];
  const links: Array<{ from: string; to: string; name: string }> = [];
  const neighbours = new Set<string>();

  for (const model of [after, before]) {
    for (const fk of model.constraints.values()) {
      if (fk.type !== 'foreign key' || !fk.referencedTable) continue;
      if (!touched.has(fk.table) && !touched.has(fk.referencedTable)) continue;
      if (model === before && after.constraints.has(fk.path)) continue;
      for (const end of [fk.table, fk.referencedTable]) if (!touched.has(end)) neighbours.add(end);
      links.push({ from: fk.table, to: fk.referencedTable, name: fk.name });
    }
  }
  const shownNeighbours = new Set([...neighbours].sort().slice(0, maxTables));

  for (const path of [...touched].sort()) {
    const table = after.tables.get(path) ?? before.tables.get(path);
    if (!table) continue;
    const inAfter = after.tables.get(path) === table;
    const previous = inAfter ? before.tables.get(path) : undefined;
    const keys = keyColumns(table, inAfter ? constraintsOf.after : constraintsOf.before);
    lines.push(`  ${names.of(path)} {`);
    lines.push(...attributeLines(table, keys, marks, tableMarks.get(path), previous));
    lines.push('  }');
  }
  for (const path of shownNeighbours) {
    const table = after.tables.get(path) ?? before.tables.get(path);
    if (!table) continue;
    const keys = keyColumns(table, after.tables.get(path) === table ? constraintsOf.after : constraintsOf.before);
    if (keys.length === 0) continue;
    lines.push(`  ${names.of(path)} {`);
    for (const column of keys) lines.push(`    ${word(column.type)} ${attributeName(column.name)} ${column.key}`);
    lines.push('  }');
  }
  const shown = (path: string) => touched.has(path) || shownNeighbours.has(path);
  const relationships = new Set(
    links
      .filter((link) => shown(link.from) && shown(link.to))
      .map((link) => `  ${names.of(link.from)} }o--|| ${names.of(link.to)} : "${label(link.name)}"`),
  );
  lines.push(...[...relationships].sort());
  return `${lines.join('\n')}\n`;
}

function byTable(model: SchemaModel): Map<string, ConstraintModel[]> {
  const out = new Map<string, ConstraintModel[]>();
  for (const constraint of model.constraints.values()) {
    const list = out.get(constraint.table);
    if (list) list.push(constraint);
    else out.set(constraint.table, [constraint]);
  }
  return out;
}

function touchedTables(changes: readonly Change[], before: SchemaModel, after: SchemaModel): Set<string> {
  const touched = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'table') touched.add(change.object);
    else if (CHILD_KINDS.has(change.kind)) {
      const table = change.object.slice(0, change.object.lastIndexOf('.'));
      if (after.tables.has(table) || before.tables.has(table)) touched.add(table);
    }
  }
  return touched;
}

function columnMarks(changes: readonly Change[]): Map<string, string> {
  const marks = new Map<string, string>();
  for (const change of changes) {
    if (change.kind !== 'column') continue;
    marks.set(
      change.object,
      change.action === 'renamed' ? `renamed from ${lastPart(change.from ?? '')}` : change.action,
    );
  }
  return marks;
}

function attributeLines(
  table: TableModel,
  keyList: readonly KeyColumn[],
  marks: ReadonlyMap<string, string>,
  tableAction: string | undefined,
  previous: TableModel | undefined,
): string[] {
  const keys = new Map(keyList.map((k) => [k.name, k.key]));
  const whole = tableAction === 'added' || tableAction === 'dropped' ? tableAction : undefined;
  const lines: string[] = [];
  const columns = [...table.columns.values()];
  for (const column of columns.slice(0, MAX_COLUMNS_PER_TABLE)) {
    const mark = marks.get(`${table.path}.${column.name}`) ?? whole;
    const key = keys.get(column.name);
    lines.push(
      `    ${word(column.type.display)} ${attributeName(column.name)}${key ? ` ${key}` : ''}${mark ? ` "${label(mark)}"` : ''}`,
    );
  }
  if (columns.length > MAX_COLUMNS_PER_TABLE) {
    lines.push(`    etc more_columns "${columns.length - MAX_COLUMNS_PER_TABLE} more columns"`);
  }
  for (const column of previous?.columns.values() ?? []) {
    if (table.columns.has(column.name) || marks.get(`${table.path}.${column.name}`) !== 'dropped') continue;
    lines.push(`    ${word(column.type.display)} ${attributeName(column.name)} "dropped"`);
  }
  return lines;
}

interface KeyColumn {
  name: string;
  type: string;
  key: string;
}

/** Primary-key and foreign-key columns of a table, marked PK, FK or "PK,FK". */
function keyColumns(table: TableModel, constraintsByTable: ReadonlyMap<string, ConstraintModel[]>): KeyColumn[] {
  const roles = new Map<string, Set<string>>();
  for (const constraint of constraintsByTable.get(table.path) ?? []) {
    const role = constraint.type === 'primary key' ? 'PK' : constraint.type === 'foreign key' ? 'FK' : undefined;
    if (!role) continue;
    const columns = role === 'PK' ? constraint.columns : new Set(stringKeys(constraint.node.fk_attrs));
    for (const name of columns) roles.set(name, (roles.get(name) ?? new Set()).add(role));
  }
  const out: KeyColumn[] = [];
  for (const column of table.columns.values()) {
    const role = roles.get(column.name);
    if (role) out.push({ name: column.name, type: column.type.display, key: [...role].sort().reverse().join(',') });
  }
  return out;
}

function stringKeys(list: unknown): string[] {
  return Array.isArray(list) ? list.map((item) => item?.String?.sval ?? '') : [];
}

/** Gives each table path a distinct Mermaid-safe entity name. */
class EntityNames {
  private readonly byPath = new Map<string, string>();
  private readonly used = new Set<string>();

  of(path: string): string {
    const known = this.byPath.get(path);
    if (known) return known;
    const base = word(path);
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    this.byPath.set(path, name);
    return name;
  }
}

function word(text: string): string {
  const cleaned = text
    .replace(/\[\]/g, '_array')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (cleaned === '') return 'unnamed';
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `n_${cleaned}`;
}

function attributeName(name: string): string {
  return word(name);
}

function label(text: string): string {
  return mermaidLabel(text);
}

function lastPart(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/**
 * A quoted label in a Mermaid diagram: no quote, backslash or line break, and `%` as Mermaid's
 * entity `#37;`, so no `%%{init: …}%%` directive (Mermaid finds them anywhere in the text) and no
 * `%%` comment comes from a name.
 */
export function mermaidLabel(text: string, maxLength = 80): string {
  return showBidi(text)
    .replace(/["\r\n\\]/g, ' ')
    .slice(0, maxLength)
    .replace(/[#%]/g, (c) => (c === '#' ? '#35;' : '#37;'));
}
