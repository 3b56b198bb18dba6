import { describe, expect, it } from 'vitest';
import { changesBetween, summarize } from './helpers.js';

/** Statements a real dump can hold beyond the everyday ones; the review must read them without tripping. */
const EXOTIC = `
CREATE SCHEMA app;
CREATE COLLATION app.ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TYPE app.span AS RANGE (subtype = integer);
CREATE DOMAIN app.nonempty AS text NOT NULL CONSTRAINT nonempty_check CHECK ((VALUE <> ''::text));
CREATE TYPE app.pair AS (a integer, b text);
CREATE FUNCTION app.pairs(n integer, OUT a integer, OUT b text) RETURNS SETOF record
    LANGUAGE sql STABLE
    AS $$ SELECT 1, 'x' $$;
CREATE FUNCTION app.tab(n integer) RETURNS TABLE(x integer, y text)
    LANGUAGE sql
    AS $$ SELECT 1, 'x' $$;
CREATE FUNCTION app.atomic(a integer, b integer DEFAULT 2) RETURNS integer
    LANGUAGE sql IMMUTABLE
    BEGIN ATOMIC
 SELECT (a + b);
END;
CREATE PROCEDURE app.proc(IN x integer, INOUT y integer)
    LANGUAGE plpgsql
    AS $$ BEGIN y := x; END $$;
CREATE AGGREGATE app.total(integer) (SFUNC = int4pl, STYPE = integer);
CREATE OPERATOR app.=== (FUNCTION = int4eq, LEFTARG = integer, RIGHTARG = integer);
CREATE TABLE app.parent (id integer NOT NULL, note text COLLATE app.ci, during app.span, body app.nonempty);
CREATE TABLE app.child (extra text) INHERITS (app.parent);
CREATE TABLE app.typed OF app.pair;
CREATE TABLE app.booking (room integer, during tsrange, total numeric GENERATED ALWAYS AS ((room * 2)) STORED)
WITH (fillfactor='70');
ALTER TABLE ONLY app.booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&);
ALTER TABLE ONLY app.parent ADD CONSTRAINT parent_pkey PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED;
CREATE UNIQUE INDEX parent_note_idx ON app.parent USING btree (note) INCLUDE (id) WHERE (note IS NOT NULL);
ALTER TABLE app.parent CLUSTER ON parent_note_idx;
ALTER TABLE app.parent ENABLE ROW LEVEL SECURITY;
ALTER TABLE ONLY app.parent REPLICA IDENTITY FULL;
CREATE POLICY parent_owner ON app.parent USING ((id > 0));
CREATE CONSTRAINT TRIGGER parent_check AFTER INSERT ON app.parent DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((new.id > 0)) EXECUTE FUNCTION suppress_redundant_updates_trigger();
CREATE RULE parent_rule AS ON DELETE TO app.parent DO INSTEAD NOTHING;
CREATE VIEW app.v WITH (security_barrier='true') AS
 SELECT id, note FROM app.parent
  WITH LOCAL CHECK OPTION;
CREATE RECURSIVE VIEW app.r (n) AS SELECT 1 UNION ALL SELECT n + 1 FROM app.r WHERE n < 5;
CREATE MATERIALIZED VIEW app.mv WITH (fillfactor='90') AS
 SELECT id FROM app.parent
  WITH NO DATA;
CREATE STATISTICS app.parent_stats (dependencies) ON id, note FROM app.parent;
CREATE PUBLICATION pub FOR TABLE app.parent;
CREATE EVENT TRIGGER ddl_log ON ddl_command_end EXECUTE FUNCTION app.atomic();
CREATE TEXT SEARCH CONFIGURATION app.simple_cfg (COPY = pg_catalog.simple);
CREATE FOREIGN DATA WRAPPER dummy;
CREATE SERVER srv FOREIGN DATA WRAPPER dummy;
CREATE FOREIGN TABLE app.remote (id integer) SERVER srv;
ALTER FOREIGN TABLE app.remote ALTER COLUMN id SET (n_distinct = 1);
CREATE CAST (app.pair AS text) WITH INOUT;
COMMENT ON TABLE app.parent IS 'parent';
GRANT SELECT ON TABLE app.parent TO PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC;
SECURITY LABEL FOR dummy ON TABLE app.parent IS 'x';
`;

describe('an exotic dump', () => {
  it('reads without error and gives no changes against itself', async () => {
    expect(await changesBetween(EXOTIC, EXOTIC)).toEqual([]);
  });

  it('ignores owners and privileges, which dumps made without --no-owner carry', async () => {
    const owned = (role: string) => `CREATE TABLE public.t (id integer);
ALTER TABLE public.t OWNER TO ${role};
CREATE FUNCTION public.f() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
ALTER FUNCTION public.f() OWNER TO ${role};
GRANT ALL ON TABLE public.t TO ${role};`;
    expect(await changesBetween(owned('alice'), owned('bob'))).toEqual([]);
  });

  it('lists what it adds, with function signatures from their input arguments only', async () => {
    expect(summarize(await changesBetween('', EXOTIC))).toEqual([
      'function added app.atomic(integer, integer) safe',
      'function added app.pairs(integer) safe',
      'function added app.proc(integer, integer) safe',
      'function added app.tab(integer) safe',
      'materialized_view added app.mv safe',
      'schema added app safe',
      'table added app.booking safe',
      'table added app.child safe',
      'table added app.parent safe',
      'table added app.remote safe',
      'table added app.typed safe',
      'type added app.nonempty safe',
      'type added app.pair safe',
      'type added app.span safe',
      'view added app.r safe',
      'view added app.v safe',
    ]);
  });
});
