import { describe, expect, it } from 'vitest';
import { changesBetween, summarize } from './helpers.js';

const USERS = `
CREATE TABLE public.users (
    id bigint NOT NULL,
    email text NOT NULL,
    nick text,
    age integer
);
ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE INDEX users_nick_idx ON public.users USING btree (nick);
`;

describe('tables', () => {
  it('reports an added table once, without its columns, keys, indexes or owned sequence', async () => {
    const after = `${USERS}
CREATE TABLE public.orders (id integer NOT NULL, user_id bigint, note text);
CREATE SEQUENCE public.orders_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;
ALTER TABLE ONLY public.orders ALTER COLUMN id SET DEFAULT nextval('public.orders_id_seq'::regclass);
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
CREATE INDEX orders_user_id_idx ON public.orders USING btree (user_id);
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);`;
    expect(summarize(await changesBetween(USERS, after))).toEqual(['table added public.orders safe']);
  });

  it('reports a dropped table as destructive, and the foreign keys pointing at it go with it', async () => {
    const before = `${USERS}
CREATE TABLE public.logins (id bigint NOT NULL, user_id bigint);
ALTER TABLE ONLY public.logins ADD CONSTRAINT logins_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);`;
    const afterWithoutUsers = `CREATE TABLE public.logins (id bigint NOT NULL, user_id bigint);`;
    expect(summarize(await changesBetween(before, afterWithoutUsers))).toEqual([
      'table dropped public.users destructive',
    ]);
  });

  it('finds a rename when exactly one dropped and one added table have the same columns', async () => {
    const after = USERS.replaceAll('public.users', 'public.members');
    const changes = await changesBetween(USERS, after);
    expect(summarize(changes)).toEqual(['table renamed public.members <- public.users destructive']);
    expect(changes[0].reason).toMatch(/old name/);
  });

  it('does not guess a rename when two dropped tables share the same columns', async () => {
    const before = `CREATE TABLE public.a (id integer); CREATE TABLE public.b (id integer);`;
    const after = `CREATE TABLE public.c (id integer);`;
    expect(summarize(await changesBetween(before, after))).toEqual([
      'table added public.c safe',
      'table dropped public.a destructive',
      'table dropped public.b destructive',
    ]);
  });

  it('treats SET UNLOGGED as destructive and SET LOGGED as locking', async () => {
    const logged = 'CREATE TABLE public.t (id integer);';
    const unlogged = 'CREATE UNLOGGED TABLE public.t (id integer);';
    expect(summarize(await changesBetween(logged, unlogged))).toEqual(['table altered public.t destructive']);
    expect(summarize(await changesBetween(unlogged, logged))).toEqual(['table altered public.t locking']);
  });
});

describe('columns', () => {
  const table = (columns: string) => `CREATE TABLE public.t (\n    id integer NOT NULL,\n${columns}\n);`;

  it.each([
    ['    note text', 'safe', /metadata-only/],
    ["    status text DEFAULT 'new'::text NOT NULL", 'safe', /constant default/],
    ['    code text NOT NULL', 'destructive', /NOT NULL without a default/],
    ['    uid uuid DEFAULT gen_random_uuid() NOT NULL', 'locking', /volatile default/],
    ['    total numeric GENERATED ALWAYS AS ((id * 2)) STORED', 'locking', /generated/],
  ])('an added column %s is %s', async (column, risk, reason) => {
    const [change] = await changesBetween(table('    x integer'), table(`    x integer,\n${column}`));
    expect(change).toMatchObject({ kind: 'column', action: 'added', risk, destructive: risk === 'destructive' });
    expect(change.reason).toMatch(reason);
  });

  it('slices column text by bytes, so text after multibyte characters stays intact', async () => {
    const before = "CREATE FUNCTION public.f() RETURNS text LANGUAGE sql AS $$ SELECT 'ünïcødé ✓ 𝄞' $$;\n";
    const after = `${before}${table("    label text DEFAULT 'größe ✓'::text,\n    note character varying(20) DEFAULT 'ok'::character varying")}`;
    const changes = await changesBetween(
      `${before}${table('    x integer')}`,
      after.replace('id integer NOT NULL,', 'id integer NOT NULL,\n    x integer,'),
    );
    expect(changes.map((c) => c.detail)).toEqual([
      "ADD COLUMN label text DEFAULT 'größe ✓'::text",
      "ADD COLUMN note character varying(20) DEFAULT 'ok'::character varying",
    ]);
  });

  it('reports a dropped column, and not the index that goes with it', async () => {
    const after = USERS.replace('    nick text,\n', '').replace(/CREATE INDEX users_nick_idx.*\n/, '');
    expect(summarize(await changesBetween(USERS, after))).toEqual(['column dropped public.users.nick destructive']);
  });

  it('finds a renamed column at the same place, with its index following along', async () => {
    const after = USERS.replace('nick text', 'handle text').replace('(nick)', '(handle)');
    const changes = await changesBetween(USERS, after);
    expect(summarize(changes)).toEqual(['column renamed public.users.handle <- public.users.nick destructive']);
  });

  it('follows a renamed referenced column in foreign keys of other tables', async () => {
    const before = `CREATE TABLE public.r (code text NOT NULL, label text);
ALTER TABLE ONLY public.r ADD CONSTRAINT r_pkey PRIMARY KEY (code);
CREATE TABLE public.s (id integer, r_code text);
ALTER TABLE ONLY public.s ADD CONSTRAINT s_r_code_fkey FOREIGN KEY (r_code) REFERENCES public.r(code);`;
    const after = before.replaceAll('(code)', '(region)').replace('(code text', '(region text');
    expect(summarize(await changesBetween(before, after))).toEqual([
      'column renamed public.r.region <- public.r.code destructive',
    ]);
  });

  it('takes a column moved to the end as a drop and an add, not a rename', async () => {
    const before = table('    a text,\n    b integer');
    const after = table('    b integer,\n    c text');
    expect(summarize(await changesBetween(before, after))).toEqual([
      'column added public.t.c safe',
      'column dropped public.t.a destructive',
    ]);
  });

  it('reports SET NOT NULL as destructive and DROP NOT NULL or a new default as safe', async () => {
    const before = table('    a text,\n    b text NOT NULL,\n    c text');
    const after = table("    a text NOT NULL,\n    b text,\n    c text DEFAULT 'x'::text");
    expect(summarize(await changesBetween(before, after))).toEqual([
      'column altered public.t.a destructive',
      'column altered public.t.b safe',
      'column altered public.t.c safe',
    ]);
  });

  it('joins several differences of one column into one change with the worst risk', async () => {
    const [change] = await changesBetween(
      table('    a character varying(20)'),
      table("    a text DEFAULT ''::text NOT NULL"),
    );
    expect(change).toMatchObject({ action: 'altered', risk: 'destructive' });
    expect(change.detail).toBe("type character varying(20) -> text; SET NOT NULL; SET DEFAULT ''::text");
  });

  it('reports a per-column statistics option as a safe alteration', async () => {
    const before = table('    a text');
    const after = `${before}\nALTER TABLE ONLY public.t ALTER COLUMN a SET (n_distinct=-0.5);`;
    const [change] = await changesBetween(before, after);
    expect(change).toMatchObject({ kind: 'column', action: 'altered', object: 'public.t.a', risk: 'safe' });
  });
});
