import { describe, expect, it } from 'vitest';
import { changesBetween, summarize } from './helpers.js';

const BOOKS = `
CREATE TABLE public.authors (id integer NOT NULL, name text, email text);
ALTER TABLE ONLY public.authors ADD CONSTRAINT authors_pkey PRIMARY KEY (id);
CREATE TABLE public.books (id integer NOT NULL, author_id integer, title text, pages integer);
ALTER TABLE ONLY public.books ADD CONSTRAINT books_pkey PRIMARY KEY (id);
CREATE INDEX books_title_idx ON public.books USING btree (title);
`;

describe('indexes', () => {
  it('a new index on an existing table is locking; dropping one is safe', async () => {
    const after = BOOKS.replace(
      'books_title_idx ON public.books USING btree (title)',
      'books_pages_idx ON public.books USING btree (pages)',
    );
    const changes = await changesBetween(BOOKS, after);
    expect(summarize(changes)).toEqual([
      'index added public.books.books_pages_idx locking',
      'index dropped public.books.books_title_idx safe',
    ]);
    expect(changes.find((c) => c.action === 'added')?.reason).toMatch(/unless built CONCURRENTLY/);
  });

  it('an index re-created with another definition is altered (locking)', async () => {
    const after = BOOKS.replace('(title)', '(title DESC)');
    expect(summarize(await changesBetween(BOOKS, after))).toEqual([
      'index altered public.books.books_title_idx locking',
    ]);
  });

  it('an index renamed with the same definition is a rename', async () => {
    const after = BOOKS.replace('books_title_idx', 'books_by_title');
    expect(summarize(await changesBetween(BOOKS, after))).toEqual([
      'index renamed public.books.books_by_title <- public.books.books_title_idx safe',
    ]);
  });
});

describe('constraints', () => {
  const add = (sql: string) => `${BOOKS}\nALTER TABLE ONLY public.books ADD CONSTRAINT ${sql};`;

  it.each([
    ['books_author_fkey FOREIGN KEY (author_id) REFERENCES public.authors(id)', 'locking', /NOT VALID then validated/],
    ['books_author_fkey FOREIGN KEY (author_id) REFERENCES public.authors(id) NOT VALID', 'safe', /NOT VALID/],
    ['books_pages_check CHECK ((pages > 0))', 'locking', /NOT VALID then validated/],
    ['books_pages_check CHECK ((pages > 0)) NOT VALID', 'safe', /not checked/],
    ['books_title_not_null CHECK ((title IS NOT NULL))', 'destructive', /SET NOT NULL/],
    ['books_title_key UNIQUE (title)', 'locking', /index/],
  ])('adding %s is %s', async (constraint, risk, reason) => {
    const [change] = await changesBetween(BOOKS, add(constraint));
    expect(change).toMatchObject({ kind: 'constraint', action: 'added', risk });
    expect(change.reason).toMatch(reason);
  });

  it('validating a NOT VALID check is altered; a NOT NULL check is destructive, others safe', async () => {
    const notNull = 'books_title_not_null CHECK ((title IS NOT NULL))';
    const [validated] = await changesBetween(add(`${notNull} NOT VALID`), add(notNull));
    expect(validated).toMatchObject({ action: 'altered', risk: 'destructive' });
    const positive = 'books_pages_check CHECK ((pages > 0))';
    const [other] = await changesBetween(add(`${positive} NOT VALID`), add(positive));
    expect(other).toMatchObject({ action: 'altered', risk: 'safe' });
  });

  it('a dropped constraint is safe', async () => {
    const before = add('books_pages_check CHECK ((pages > 0))');
    expect(summarize(await changesBetween(before, BOOKS))).toEqual([
      'constraint dropped public.books.books_pages_check safe',
    ]);
  });
});

describe('triggers', () => {
  const base = `${BOOKS}
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;`;
  const trigger = (timing: string) =>
    `${base}\nCREATE TRIGGER books_touch ${timing} UPDATE ON public.books FOR EACH ROW EXECUTE FUNCTION public.touch();`;

  it('added, altered and dropped triggers are safe changes', async () => {
    expect(summarize(await changesBetween(base, trigger('BEFORE')))).toEqual([
      'trigger added public.books.books_touch safe',
    ]);
    expect(summarize(await changesBetween(trigger('BEFORE'), trigger('AFTER')))).toEqual([
      'trigger altered public.books.books_touch safe',
    ]);
    expect(summarize(await changesBetween(trigger('BEFORE'), base))).toEqual([
      'trigger dropped public.books.books_touch safe',
    ]);
  });
});

describe('views', () => {
  const view = (columns: string, name = 'book_list') =>
    `${BOOKS}\nCREATE VIEW public.${name} AS\n SELECT ${columns}\n   FROM public.books;`;

  it('a view losing an output column is destructive; one only gaining a column is safe', async () => {
    const [lost] = await changesBetween(view('id, title, pages'), view('id, title'));
    expect(lost).toMatchObject({
      kind: 'view',
      action: 'altered',
      risk: 'destructive',
      detail: 'output columns: loses pages',
    });
    const [gained] = await changesBetween(view('id, title'), view('id, title, pages'));
    expect(gained).toMatchObject({ kind: 'view', action: 'altered', risk: 'safe' });
  });

  it('a view whose output column is cast to another type is destructive', async () => {
    const [change] = await changesBetween(view('id, (pages)::bigint AS pages'), view('id, (pages)::text AS pages'));
    expect(change).toMatchObject({ risk: 'destructive', detail: 'output columns: retypes pages' });
  });

  it('dropped, added and renamed views', async () => {
    expect(summarize(await changesBetween(view('id'), BOOKS))).toEqual(['view dropped public.book_list destructive']);
    expect(summarize(await changesBetween(BOOKS, view('id')))).toEqual(['view added public.book_list safe']);
    expect(summarize(await changesBetween(view('id'), view('id', 'all_books')))).toEqual([
      'view renamed public.all_books <- public.book_list destructive',
    ]);
  });

  it('materialized views are their own kind, and their indexes are their children', async () => {
    const mv = `${BOOKS}\nCREATE MATERIALIZED VIEW public.counts AS\n SELECT author_id, count(*) AS n\n   FROM public.books\n  GROUP BY author_id\n  WITH NO DATA;\nCREATE INDEX counts_author_idx ON public.counts USING btree (author_id);`;
    expect(summarize(await changesBetween(BOOKS, mv))).toEqual(['materialized_view added public.counts safe']);
    expect(summarize(await changesBetween(mv, BOOKS))).toEqual(['materialized_view dropped public.counts destructive']);
  });
});

describe('functions', () => {
  const fn = (signature: string, returns: string, body: string) =>
    `CREATE FUNCTION public.${signature} RETURNS ${returns}\n    LANGUAGE sql\n    AS $$ ${body} $$;`;

  it('names functions by argument types; a body change is safe, a new return type destructive', async () => {
    const before = fn('f(a integer, b text)', 'integer', 'SELECT a');
    const [body] = await changesBetween(before, fn('f(a integer, b text)', 'integer', 'SELECT a + 1'));
    expect(body).toMatchObject({
      kind: 'function',
      action: 'altered',
      object: 'public.f(integer, text)',
      risk: 'safe',
    });
    const [result] = await changesBetween(before, fn('f(a integer, b text)', 'bigint', 'SELECT a'));
    expect(result).toMatchObject({ action: 'altered', risk: 'destructive', detail: 'RETURNS integer -> bigint' });
  });

  it('a new argument type is a drop plus an add; the same definition under a new name is a rename', async () => {
    const before = fn('f(a integer)', 'integer', 'SELECT a');
    expect(summarize(await changesBetween(before, fn('f(a bigint)', 'integer', 'SELECT a')))).toEqual([
      'function added public.f(bigint) safe',
      'function dropped public.f(integer) destructive',
    ]);
    expect(summarize(await changesBetween(before, fn('g(a integer)', 'integer', 'SELECT a')))).toEqual([
      'function renamed public.g(integer) <- public.f(integer) destructive',
    ]);
  });
});

describe('sequences', () => {
  const seq = (name: string, options = '') =>
    `CREATE SEQUENCE public.${name}\n    START WITH 1\n    INCREMENT BY 1\n    NO MINVALUE\n${options || '    NO MAXVALUE\n'}    CACHE 1;`;

  it('a dropped standalone sequence is destructive, an added one safe', async () => {
    expect(summarize(await changesBetween(seq('s'), ''))).toEqual(['sequence dropped public.s destructive']);
    expect(summarize(await changesBetween('', seq('s')))).toEqual(['sequence added public.s safe']);
  });

  it('a lower maximum is destructive, a new increment safe', async () => {
    const [lower] = await changesBetween(seq('s'), seq('s', '    MAXVALUE 5000\n'));
    expect(lower).toMatchObject({ action: 'altered', risk: 'destructive' });
    const [increment] = await changesBetween(seq('s'), seq('s').replace('INCREMENT BY 1', 'INCREMENT BY 5'));
    expect(increment).toMatchObject({ action: 'altered', risk: 'safe', detail: 'increment 1 -> 5' });
  });

  it('a sequence owned by a new column comes with it', async () => {
    const before = 'CREATE TABLE public.t (id integer);';
    const after = `CREATE TABLE public.t (id integer, n integer NOT NULL);
${seq('t_n_seq')}
ALTER SEQUENCE public.t_n_seq OWNED BY public.t.n;
ALTER TABLE ONLY public.t ALTER COLUMN n SET DEFAULT nextval('public.t_n_seq'::regclass);`;
    expect(summarize(await changesBetween(before, after))).toEqual(['column added public.t.n locking']);
  });
});

describe('types and enum values', () => {
  const mood = (values: string) => `CREATE TYPE public.mood AS ENUM (${values});`;

  it('enum values: added is safe, removed is destructive, renamed in place is a rename', async () => {
    expect(summarize(await changesBetween(mood("'a', 'b'"), mood("'a', 'b', 'c'")))).toEqual([
      'enum_value added public.mood.c safe',
    ]);
    expect(summarize(await changesBetween(mood("'a', 'b', 'c'"), mood("'a', 'c'")))).toEqual([
      'enum_value dropped public.mood.b destructive',
    ]);
    expect(summarize(await changesBetween(mood("'a', 'b'"), mood("'a', 'z'")))).toEqual([
      'enum_value renamed public.mood.z <- public.mood.b destructive',
    ]);
  });

  it('composite types: a dropped attribute is destructive, an added one safe', async () => {
    const type = (attributes: string) => `CREATE TYPE public.addr AS (${attributes});`;
    expect(summarize(await changesBetween(type('street text, zip text'), type('street text')))).toEqual([
      'type altered public.addr destructive',
    ]);
    expect(summarize(await changesBetween(type('street text'), type('street text, zip text')))).toEqual([
      'type altered public.addr safe',
    ]);
  });

  it('a domain gaining a constraint is locking; dropped and renamed types are destructive', async () => {
    const domain = 'CREATE DOMAIN public.pos AS integer';
    expect(
      summarize(await changesBetween(`${domain};`, `${domain} CONSTRAINT pos_check CHECK ((VALUE > 0));`)),
    ).toEqual(['type altered public.pos locking']);
    expect(summarize(await changesBetween(mood("'a'"), ''))).toEqual(['type dropped public.mood destructive']);
    expect(summarize(await changesBetween(mood("'a'"), mood("'a'").replace('mood', 'feeling')))).toEqual([
      'type renamed public.feeling <- public.mood destructive',
    ]);
  });
});

describe('extensions and schemas', () => {
  it('dropping an extension or a schema is destructive; adding them is safe', async () => {
    const before = 'CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;\nCREATE SCHEMA reporting;';
    const after = 'CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;\nCREATE SCHEMA billing;';
    expect(summarize(await changesBetween(before, after))).toEqual([
      'extension added citext safe',
      'extension dropped pg_trgm destructive',
      'schema added billing safe',
      'schema dropped reporting destructive',
    ]);
  });
});

describe('views over a retyped column', () => {
  it('a view re-created over a column whose type changed retypes its output: destructive', async () => {
    const schema = (type: string) => `CREATE TABLE public.t (id integer NOT NULL, amount ${type});
CREATE TABLE public.u (id integer NOT NULL, t_id integer);
CREATE VIEW public.single AS
 SELECT id,
    amount
   FROM public.t;
CREATE VIEW public.joined AS
 SELECT u.id,
    x.amount
   FROM (public.u
     JOIN public.t x ON ((x.id = u.t_id)));`;
    expect(summarize(await changesBetween(schema('integer'), schema('bigint')))).toEqual([
      'column altered public.t.amount locking',
      'view altered public.joined destructive',
      'view altered public.single destructive',
    ]);
  });
});
