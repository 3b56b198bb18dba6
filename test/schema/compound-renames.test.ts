import { describe, expect, it } from 'vitest';
import { RENAME_THRESHOLD } from '../../src/schema/table-renames.js';
import { changesBetween, summarize } from './helpers.js';

/** A pg_dump-style table with a serial key, an index and a foreign key from another table. */
const LABEL = `
CREATE TABLE public.label (
    id integer NOT NULL,
    name character varying(80) NOT NULL,
    description text,
    color character(7) NOT NULL
);
CREATE SEQUENCE public.label_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
ALTER SEQUENCE public.label_id_seq OWNED BY public.label.id;
ALTER TABLE ONLY public.label ALTER COLUMN id SET DEFAULT nextval('public.label_id_seq'::regclass);
ALTER TABLE ONLY public.label ADD CONSTRAINT label_pkey PRIMARY KEY (id);
CREATE INDEX label_name_idx ON public.label USING btree (name);
CREATE TABLE public.issue_label (issue_id integer NOT NULL, label_id integer NOT NULL);
ALTER TABLE ONLY public.issue_label ADD CONSTRAINT issue_label_label_id_fkey FOREIGN KEY (label_id) REFERENCES public.label(id);
`;

/** LABEL after `RENAME TO project_label`, description renamed to summary and narrowed, a column added. */
const PROJECT_LABEL = LABEL.replaceAll('public.label ', 'public.project_label ')
  .replaceAll('public.label(', 'public.project_label(')
  .replace('public.label.id', 'public.project_label.id')
  .replace('    description text,', '    summary character varying(150),')
  .replace('    color character(7) NOT NULL\n', '    color character(7) NOT NULL,\n    archived boolean\n');

describe('a table renamed while its columns change', () => {
  it('is the rename plus the column changes, with the evidence in the reason', async () => {
    const changes = await changesBetween(LABEL, PROJECT_LABEL);
    expect(summarize(changes)).toEqual([
      'column added public.project_label.archived safe',
      'column altered public.project_label.summary destructive',
      'column renamed public.project_label.summary <- public.label.description destructive',
      'table renamed public.project_label <- public.label destructive',
    ]);
    const table = changes.find((c) => c.kind === 'table')!;
    expect(table.confidence).toBeGreaterThanOrEqual(RENAME_THRESHOLD);
    expect(table.reason).toMatch(/^code using the old name breaks; taken as a rename because /);
    expect(table.reason).toContain(
      'its index, constraint and sequence kept their names (label_name_idx, label_pkey and label_id_seq)',
    );
    expect(table.reason).toContain('now points at it (issue_label_label_id_fkey)');
    const column = changes.find((c) => c.kind === 'column' && c.action === 'renamed')!;
    expect(column.reason).toContain("took the old column's place between name and color");
    expect(changes.find((c) => c.action === 'altered')!.detail).toBe('type text -> character varying(150)');
  });

  it('stays a rename when only the sequence kept its name', async () => {
    const before = `CREATE TABLE public.a (id integer NOT NULL, x text, y text);
CREATE SEQUENCE public.a_id_seq AS integer START WITH 1;
ALTER SEQUENCE public.a_id_seq OWNED BY public.a.id;`;
    const after = `CREATE TABLE public.b (id integer NOT NULL, x text, z integer);
CREATE SEQUENCE public.a_id_seq AS integer START WITH 1;
ALTER SEQUENCE public.a_id_seq OWNED BY public.b.id;`;
    const changes = await changesBetween(before, after);
    expect(summarize(changes)).toContain('table renamed public.b <- public.a destructive');
    expect(changes.find((c) => c.kind === 'table')!.reason).toContain('its sequence kept its name (a_id_seq)');
  });

  it('is a drop and an add when only the columns are alike, even with a foreign key re-pointed at it', async () => {
    const before = `CREATE TABLE public.sessions (id integer NOT NULL, user_id integer NOT NULL, token text, created_at timestamp with time zone);
ALTER TABLE ONLY public.sessions ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);
CREATE TABLE public.logins (id integer NOT NULL, session_id integer);
ALTER TABLE ONLY public.logins ADD CONSTRAINT logins_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.sessions(id);`;
    const after = `CREATE TABLE public.api_tokens (id integer NOT NULL, user_id integer NOT NULL, token_hash text, created_at timestamp with time zone);
ALTER TABLE ONLY public.api_tokens ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);
CREATE TABLE public.logins (id integer NOT NULL, session_id integer);
ALTER TABLE ONLY public.logins ADD CONSTRAINT logins_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.api_tokens(id);`;
    expect(summarize(await changesBetween(before, after))).toEqual([
      'constraint altered public.logins.logins_session_id_fkey locking',
      'table added public.api_tokens safe',
      'table dropped public.sessions destructive',
    ]);
  });

  it('takes a name carried over that holds the table name as a word (a_v_idx), not as letters (shared_idx)', async () => {
    const before = 'CREATE TABLE public.a (id integer, v text); CREATE INDEX shared_idx ON public.a USING btree (v);';
    const after =
      'CREATE TABLE public.c (id integer, v text, w text); CREATE INDEX shared_idx ON public.c USING btree (v);';
    expect(summarize(await changesBetween(before, after))).toEqual([
      'table added public.c safe',
      'table dropped public.a destructive',
    ]);
    const own = await changesBetween(
      before.replaceAll('shared_idx', 'a_v_idx'),
      after.replaceAll('shared_idx', 'a_v_idx'),
    );
    expect(summarize(own)).toEqual(['column added public.c.w safe', 'table renamed public.c <- public.a destructive']);
  });

  it('does not guess when two dropped tables have equally good evidence for one added table', async () => {
    const before = `CREATE TABLE public.a (id integer, v text); CREATE INDEX a_v_idx ON public.a USING btree (v);
CREATE TABLE public.b (id integer, v text); CREATE INDEX b_v_idx ON public.b USING btree (v);`;
    const after = `CREATE TABLE public.c (id integer, v text, w text);
CREATE INDEX a_v_idx ON public.c USING btree (v); CREATE INDEX b_v_idx ON public.c USING btree (v);`;
    const changes = await changesBetween(before, after);
    expect(changes.filter((c) => c.action === 'renamed')).toEqual([]);
    expect(summarize(changes)).toContain('table added public.c safe');
  });

  it('follows a table moved to another schema, its owned sequence and the default naming it', async () => {
    const before = `CREATE SCHEMA archive;
CREATE TABLE public.reports (id bigint NOT NULL, at timestamp without time zone);
CREATE SEQUENCE public.reports_id_seq START WITH 1;
ALTER SEQUENCE public.reports_id_seq OWNED BY public.reports.id;
ALTER TABLE ONLY public.reports ALTER COLUMN id SET DEFAULT nextval('public.reports_id_seq'::regclass);
ALTER TABLE ONLY public.reports ADD CONSTRAINT reports_pkey PRIMARY KEY (id);`;
    const after = before.replaceAll('public.reports', 'archive.reports').replace('without time zone', 'with time zone');
    expect(summarize(await changesBetween(before, after))).toEqual([
      'column altered archive.reports.at locking',
      'table renamed archive.reports <- public.reports destructive',
    ]);
  });
});

describe('a column renamed while it changes', () => {
  const table = (columns: string) => `CREATE TABLE public.t (\n    id integer NOT NULL,\n${columns}\n);`;

  it('in the middle of its table is the rename plus the change (ADD COLUMN appends at the end)', async () => {
    const changes = await changesBetween(
      table('    color text,\n    n integer'),
      table('    color_id integer,\n    n integer'),
    );
    expect(summarize(changes)).toEqual([
      'column altered public.t.color_id destructive',
      'column renamed public.t.color_id <- public.t.color destructive',
    ]);
  });

  it('at the end of its table is a drop and an add: the place says nothing there', async () => {
    expect(summarize(await changesBetween(table('    city text'), table('    region character varying(40)')))).toEqual([
      'column added public.t.region safe',
      'column dropped public.t.city destructive',
    ]);
  });

  it('at the end of its table is a rename when its PostgreSQL 18 NOT NULL constraint kept its name', async () => {
    const changes = await changesBetween(
      table('    city text NOT NULL'),
      table('    region character varying(40) CONSTRAINT t_city_not_null NOT NULL'),
    );
    expect(summarize(changes)).toEqual([
      'column altered public.t.region destructive',
      'column renamed public.t.region <- public.t.city destructive',
    ]);
    expect(changes.find((c) => c.action === 'renamed')!.reason).toContain(
      'its NOT NULL constraint kept the name t_city_not_null',
    );
  });

  it('is not a rename when a middle column is dropped and one of the same type added at the end', async () => {
    expect(
      summarize(await changesBetween(table('    a integer,\n    b text'), table('    b text,\n    c integer'))),
    ).toEqual(['column added public.t.c safe', 'column dropped public.t.a destructive']);
  });
});

describe('renamed types', () => {
  const TYPES = `CREATE TYPE public.status_enum AS ENUM ('pending', 'paid');
CREATE TABLE public.orders (
    id integer NOT NULL,
    status public.status_enum DEFAULT 'pending'::public.status_enum NOT NULL,
    note text,
    old_status public.status_enum[]
);
CREATE INDEX orders_open_idx ON public.orders USING btree (id) WHERE (status = ANY (ARRAY['pending'::public.status_enum, 'paid'::public.status_enum]));
CREATE VIEW public.open_orders AS
 SELECT id,
    status
   FROM public.orders
  WHERE (status = 'pending'::public.status_enum);`;

  it('are followed by the columns, defaults, arrays, index predicates and views that use them', async () => {
    const after = TYPES.replaceAll('public.status_enum', 'public.order_status_enum')
      .replace('    status public.order_status_enum', '    order_status public.order_status_enum')
      .replace('(status = ANY', '(order_status = ANY')
      .replace(' SELECT id,\n    status\n', ' SELECT id,\n    order_status AS status\n')
      .replace("WHERE (status = 'pending'", "WHERE (order_status = 'pending'");
    const changes = await changesBetween(TYPES, after);
    expect(summarize(changes)).toEqual([
      'column renamed public.orders.order_status <- public.orders.status destructive',
      'type renamed public.order_status_enum <- public.status_enum destructive',
    ]);
    expect(changes.find((c) => c.kind === 'type')!.reason).toContain('it has the same 2 values under a new name');
  });
});

describe('renamed types followed by functions and other types', () => {
  const BEFORE = `CREATE TYPE public.state AS ENUM ('new', 'done');
CREATE TYPE public.ref AS (id bigint, s public.state);
CREATE DOMAIN public.many AS public.state[];
CREATE FUNCTION public.is_done(s public.state) RETURNS boolean LANGUAGE sql AS $$ SELECT s::text = 'done' $$;
CREATE FUNCTION public.first(s public.state[]) RETURNS public.state LANGUAGE sql AS $$ SELECT s[1] $$;`;
  // Postgres rewrites every reference to a renamed type, but never a function body's text.
  const AFTER = BEFORE.replaceAll(/public\.state\b/g, 'public.ticket_state');

  it('are no change of their own when only the type name differs', async () => {
    expect(summarize(await changesBetween(BEFORE, AFTER))).toEqual([
      'type renamed public.ticket_state <- public.state destructive',
    ]);
  });

  it('still show a body that changed beside the rename', async () => {
    const changes = await changesBetween(BEFORE, AFTER.replace("SELECT s::text = 'done'", "SELECT s::text <> 'new'"));
    expect(summarize(changes)).toEqual([
      'function altered public.is_done(public.ticket_state) safe',
      'type renamed public.ticket_state <- public.state destructive',
    ]);
  });

  it('are a drop and an add when the values changed too: a type replaced is not taken as renamed', async () => {
    const before = `CREATE TYPE public.priority AS ENUM ('low', 'high');\nCREATE TABLE public.t (p public.priority);`;
    const after = `CREATE TYPE public.urgency AS ENUM ('low', 'normal', 'high');\nCREATE TABLE public.t (p public.urgency);`;
    expect(summarize(await changesBetween(before, after))).toEqual([
      'column altered public.t.p destructive',
      'type added public.urgency safe',
      'type dropped public.priority destructive',
    ]);
  });
});

describe('objects re-defined under the same name after their column was dropped', () => {
  it('a primary key moved to other columns is altered, with its old and new definition', async () => {
    const before = `CREATE TABLE public.team_members (id integer NOT NULL, team_id bigint NOT NULL, user_id bigint NOT NULL);
ALTER TABLE ONLY public.team_members ADD CONSTRAINT team_members_pkey PRIMARY KEY (id);`;
    const after = `CREATE TABLE public.team_members (team_id bigint NOT NULL, user_id bigint NOT NULL);
ALTER TABLE ONLY public.team_members ADD CONSTRAINT team_members_pkey PRIMARY KEY (team_id, user_id);`;
    const changes = await changesBetween(before, after);
    expect(summarize(changes)).toEqual([
      'column dropped public.team_members.id destructive',
      'constraint altered public.team_members.team_members_pkey locking',
    ]);
    expect(changes.find((c) => c.kind === 'constraint')!.detail).toBe(
      'was PRIMARY KEY (id); now PRIMARY KEY (team_id, user_id)',
    );
  });

  it('a primary key added under another name after the old one went with its column is added', async () => {
    const before = `CREATE TABLE public.t (id integer NOT NULL, code text NOT NULL);
ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);`;
    const after = `CREATE TABLE public.t (code text NOT NULL);
ALTER TABLE ONLY public.t ADD CONSTRAINT t_code_pk PRIMARY KEY (code);`;
    expect(summarize(await changesBetween(before, after))).toEqual([
      'column dropped public.t.id destructive',
      'constraint added public.t.t_code_pk locking',
    ]);
  });

  it('a primary key dropped with its column and not re-defined goes with the column', async () => {
    const before = `CREATE TABLE public.t (id integer NOT NULL, a integer);
ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY (id);`;
    expect(summarize(await changesBetween(before, 'CREATE TABLE public.t (a integer);'))).toEqual([
      'column dropped public.t.id destructive',
    ]);
  });
});

describe('canonical keys', () => {
  it('ignore where an ARRAY[…] list sits in the dump', async () => {
    const view = `CREATE VIEW public.v AS\n SELECT ARRAY[1, 2] AS xs;`;
    expect(await changesBetween(view, `CREATE TABLE public.pad (a integer);\n${view}`)).toMatchObject([
      { kind: 'table', action: 'added' },
    ]);
  });
});

describe('confidence', () => {
  it('is given for renames only', async () => {
    const changes = await changesBetween(LABEL, PROJECT_LABEL);
    for (const change of changes) expect(change.confidence !== undefined).toBe(change.action === 'renamed');
  });
});
