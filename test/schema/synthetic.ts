/**
 * A synthetic pair of pg_dump-style schemas of any size, for the pair tests and the bench:
 * `tables` tables of 8 columns each with a primary key, an index, a foreign key to the previous
 * table, a trigger on every tenth and a view on every twentieth; then a migration that touches about
 * 2% of them (added, dropped and renamed tables, columns added, dropped and retyped, new indexes,
 * SET NOT NULL, a view losing a column). Deterministic: the same arguments give the same text.
 */

export interface SyntheticPair {
  before: string;
  after: string;
  /** How many changes the migration makes, by `kind.action`. */
  expected: Record<string, number>;
}

interface Table {
  name: string;
  /** The name the table was created with: its constraints and triggers keep it through a rename. */
  key: string;
  columns: Array<{ name: string; type: string; notNull?: boolean; default?: string }>;
  indexes: string[];
  fk: boolean;
  trigger: boolean;
  view: boolean;
}

function baseTables(count: number): Table[] {
  const tables: Table[] = [];
  for (let i = 0; i < count; i++) {
    const name = `t${String(i).padStart(5, '0')}`;
    tables.push({
      name,
      key: name,
      columns: [
        { name: 'id', type: 'bigint', notNull: true },
        { name: 'parent_id', type: 'bigint' },
        { name: 'name', type: 'character varying(200)', notNull: true },
        { name: 'email', type: 'text' },
        { name: 'amount', type: 'numeric(12,2)', default: '0' },
        { name: 'status', type: 'integer', notNull: true, default: '0' },
        { name: 'created_at', type: 'timestamp with time zone', notNull: true, default: 'now()' },
        { name: 'payload', type: 'jsonb' },
      ],
      indexes: [`CREATE INDEX ${name}_name_idx ON public.${name} USING btree (name);`],
      fk: i > 0,
      trigger: i % 10 === 0,
      view: i % 20 === 0,
    });
  }
  return tables;
}

function dump(tables: readonly Table[], restrictKey: string): string {
  const out: string[] = [
    `\\restrict ${restrictKey}`,
    '--',
    '-- PostgreSQL database dump',
    '--',
    '',
    '-- Dumped from database version 17.5',
    '-- Dumped by pg_dump version 17.5',
    '',
    'SET statement_timeout = 0;',
    "SET client_encoding = 'UTF8';",
    "SELECT pg_catalog.set_config('search_path', '', false);",
    '',
    'CREATE FUNCTION public.touch_updated() RETURNS trigger',
    '    LANGUAGE plpgsql',
    '    AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;',
    '',
  ];
  for (const t of tables) {
    out.push(`--\n-- Name: ${t.name}; Type: TABLE; Schema: public; Owner: -\n--\n`);
    const columns = t.columns.map(
      (c) => `    ${c.name} ${c.type}${c.default ? ` DEFAULT ${c.default}` : ''}${c.notNull ? ' NOT NULL' : ''}`,
    );
    out.push(`CREATE TABLE public.${t.name} (\n${columns.join(',\n')}\n);\n`);
  }
  for (const t of tables) {
    if (t.view) {
      const cols = t.columns.filter((c) => c.name !== 'payload').map((c) => c.name);
      out.push(`CREATE VIEW public.${t.name}_v AS\n SELECT ${cols.join(',\n    ')}\n   FROM public.${t.name};\n`);
    }
  }
  for (const t of tables) {
    out.push(`ALTER TABLE ONLY public.${t.name}\n    ADD CONSTRAINT ${t.key}_pkey PRIMARY KEY (id);\n`);
  }
  for (const t of tables) for (const index of t.indexes) out.push(`${index}\n`);
  for (const t of tables) {
    if (t.trigger) {
      out.push(
        `CREATE TRIGGER ${t.key}_touch BEFORE UPDATE ON public.${t.name} FOR EACH ROW EXECUTE FUNCTION public.touch_updated();\n`,
      );
    }
  }
  tables.forEach((t, i) => {
    if (t.fk && i > 0 && tables[i - 1]) {
      out.push(
        `ALTER TABLE ONLY public.${t.name}\n    ADD CONSTRAINT ${t.key}_parent_fkey FOREIGN KEY (parent_id) REFERENCES public.${tables[i - 1].name}(id);\n`,
      );
    }
  });
  out.push('--\n-- PostgreSQL database dump complete\n--\n', `\\unrestrict ${restrictKey}`, '');
  return out.join('\n');
}

export function makeSyntheticPair(tableCount = 2000): SyntheticPair {
  const before = baseTables(tableCount);
  const after = baseTables(tableCount);
  const expected: Record<string, number> = {};
  const count = (key: string) => {
    expected[key] = (expected[key] ?? 0) + 1;
  };
  const step = Math.max(1, Math.floor(tableCount / 20));
  for (let i = 5; i < tableCount - 1; i += step) {
    const t = after[i];
    t.columns.push({ name: 'archived_at', type: 'timestamp with time zone' });
    count('column.added');
    t.columns = t.columns.filter((c) => c.name !== 'email');
    count('column.dropped');
    const amount = t.columns.find((c) => c.name === 'amount');
    if (amount) amount.type = 'numeric(10,2)';
    count('column.altered');
    t.indexes.push(`CREATE INDEX ${t.name}_status_idx ON public.${t.name} USING btree (status);`);
    count('index.added');
    const email = after[i + 1].columns.find((c) => c.name === 'email');
    if (email) email.notNull = true;
    count('column.altered');
  }
  for (let i = 0; i < Math.max(1, tableCount / 200); i++) {
    const name = `new_table_${i}`;
    const table = { ...baseTables(1)[0], name, key: name, fk: false, trigger: false, view: false, indexes: [] };
    table.columns = [...table.columns, { name: 'extra', type: 'text' }];
    after.push(table);
    count('table.added');
  }
  const renamed = after[Math.floor(tableCount / 2) + 1];
  renamed.name = `${renamed.name}_renamed`;
  renamed.indexes = renamed.indexes.map((sql) => sql.replace(/ON public\.\w+/, `ON public.${renamed.name}`));
  count('table.renamed');
  const dropped = 3;
  before[dropped].columns = [...before[dropped].columns, { name: 'legacy_flag', type: 'boolean' }];
  after[dropped + 1].fk = false;
  after.splice(dropped, 1);
  count('table.dropped');
  return { before: dump(before, 'aaaabbbbcccc'), after: dump(after, 'ddddeeeeffff'), expected };
}
