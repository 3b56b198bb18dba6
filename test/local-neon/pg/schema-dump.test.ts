import { describe, expect, it } from 'vitest';
import { normaliseDump } from './schema-dump.js';

const dump = (key: string, version: string) => `--
-- PostgreSQL database dump
--

\\restrict ${key}

-- Dumped from database version ${version}
-- Dumped by pg_dump version ${version}

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;

SET default_table_access_method = heap;

--
-- Name: t; Type: TABLE; Schema: public; Owner: neondb_owner
--

CREATE TABLE public.t (
    id integer NOT NULL
);



ALTER TABLE public.t OWNER TO neondb_owner;

--
-- PostgreSQL database dump complete
--

\\unrestrict ${key}

`;

describe('normaliseDump', () => {
  it('drops meta-commands, version comments, the session preamble and banners, and collapses blank runs', () => {
    expect(normaliseDump(dump('aBc123', '18.6'))).toBe(`--
-- Name: t; Type: TABLE; Schema: public; Owner: neondb_owner
--

CREATE TABLE public.t (
    id integer NOT NULL
);

ALTER TABLE public.t OWNER TO neondb_owner;
`);
  });

  it('makes two dumps differing only in their random restrict key and versions identical', () => {
    expect(normaliseDump(dump('first', '18.6'))).toBe(normaliseDump(dump('second', '18.3')));
  });

  it('keeps SET inside a function body, which is schema', () => {
    const body =
      "CREATE FUNCTION public.f() RETURNS void\n    LANGUAGE sql\n    SET search_path TO 'public'\n    AS $$ SELECT 1 $$;\n";
    expect(normaliseDump(body)).toBe(body);
  });

  it('gives an empty string for an empty database', () => {
    expect(
      normaliseDump(
        '--\n-- PostgreSQL database dump\n--\n\nSET lock_timeout = 0;\n\n--\n-- PostgreSQL database dump complete\n--\n\n',
      ),
    ).toBe('');
  });
});
