/**
 * Definitions compared modulo renamed types. `ALTER TYPE status_enum RENAME TO order_status_enum`
 * rewrites every column, default, index predicate and view that names the type: in the dump they
 * all read differently, yet none of them changed. Once the type renames are known (same kind and
 * definition under a new name), keys of the before side are rewritten to the new names so that
 * only real differences remain. The same goes for sequences that moved or were renamed with their
 * table: a column default `nextval('public.reports_id_seq'::regclass)` names the sequence.
 */
import type { TypeInfo } from './ast.js';

export class TypeRenames {
  /** Parse-tree JSON of each old type name's `names` list -> the new one's. */
  private readonly fragments: Array<[string, string]> = [];

  /** `renames`: old type path -> new type path (`public.status_enum` -> `public.order_status_enum`). */
  constructor(
    readonly renames: ReadonlyMap<string, string> = new Map(),
    sequences: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const [from, to] of renames) this.fragments.push([namesJson(from), namesJson(to)]);
    for (const [from, to] of sequences) this.fragments.push([literalJson(from), literalJson(to)]);
    this.sequences = sequences;
  }

  private readonly sequences: ReadonlyMap<string, string>;

  /** No type was renamed. */
  get empty(): boolean {
    return this.renames.size === 0;
  }

  /** The same type renames, and sequences that moved with their tables (old path -> new path). */
  withSequences(sequences: ReadonlyMap<string, string>): TypeRenames {
    return sequences.size === 0 ? this : new TypeRenames(this.renames, new Map([...this.sequences, ...sequences]));
  }

  /** A TypeInfo key as it reads after the renames (`public.status_enum()[]` -> `public.order_status_enum()[]`). */
  typeKey(type: TypeInfo): string {
    const to = this.renames.get(type.name);
    return to === undefined ? type.key : `${to}${type.key.slice(type.name.length)}`;
  }

  /** A type as pg_dump displays it, after the renames (`public.status_enum[]` -> `public.order_status_enum[]`). */
  display(text: string): string {
    if (this.renames.size === 0) return text;
    const base = text.replace(/(\[\])+$/, '');
    const to = this.renames.get(base);
    return to === undefined ? text : `${to}${text.slice(base.length)}`;
  }

  /** A canonical parse-tree key (see ast.canonical) with type names rewritten; undefined stays undefined. */
  rewrite<K extends string | undefined>(key: K): K {
    if (key === undefined || this.fragments.length === 0) return key;
    let out: string = key;
    for (const [from, to] of this.fragments) if (out.includes(from)) out = out.split(from).join(to);
    return out as K;
  }
}

/** How canonical() writes a string constant such as `'public.reports_id_seq'`. */
function literalJson(text: string): string {
  return `{"sval":${JSON.stringify(text)}}`;
}

/** How canonical() writes a TypeName's qualified `names` list. */
function namesJson(path: string): string {
  const parts = path.split('.');
  return `"names":[${parts.map((part) => `{"String":{"sval":${JSON.stringify(part)}}}`).join(',')}]`;
}
