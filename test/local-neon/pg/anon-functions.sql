-- SQL stand-ins for the common PostgreSQL Anonymizer (anon) masking functions, same names and
-- arguments. Installed for one masking run, inside its transaction, and dropped again afterwards.
-- Fake values are a vocabulary word plus a tag made of a per-run counter and random hex, so they are
-- unique across rows (unique columns stay valid) and differ from any original value.

CREATE SCHEMA IF NOT EXISTS anon;
CREATE SEQUENCE IF NOT EXISTS anon.tag_counter;
CREATE TABLE IF NOT EXISTS anon.secret AS SELECT md5(random()::text) AS salt;

CREATE OR REPLACE FUNCTION anon.unique_tag() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT nextval('anon.tag_counter')::text || substr(md5(random()::text), 1, 5)
$$;

CREATE OR REPLACE FUNCTION anon.pick(words text[]) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT words[1 + floor(random() * array_length(words, 1))::int]
$$;

CREATE OR REPLACE FUNCTION anon.first_names() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['Amelia', 'Bruno', 'Chiara', 'Dmitri', 'Elif', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas',
               'Keiko', 'Lars', 'Mira', 'Nadia', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Stellan', 'Tamsin']
$$;

CREATE OR REPLACE FUNCTION anon.last_names() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['Abara', 'Bergstrom', 'Castellano', 'Dubois', 'Eriksen', 'Fontaine', 'Gallagher', 'Haddad',
               'Ivanova', 'Jablonski', 'Kowalczyk', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Petrov']
$$;

CREATE OR REPLACE FUNCTION anon.fake_first_name() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT anon.pick(anon.first_names()) || '-' || anon.unique_tag()
$$;

CREATE OR REPLACE FUNCTION anon.fake_last_name() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT anon.pick(anon.last_names()) || '-' || anon.unique_tag()
$$;

CREATE OR REPLACE FUNCTION anon.dummy_first_name() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT anon.fake_first_name()
$$;

CREATE OR REPLACE FUNCTION anon.dummy_last_name() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT anon.fake_last_name()
$$;

CREATE OR REPLACE FUNCTION anon.fake_email() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT lower(anon.pick(anon.first_names()) || '.' || anon.pick(anon.last_names())) || '.' || anon.unique_tag()
         || '@' || anon.pick(ARRAY['example.com', 'example.net', 'example.org'])
$$;

CREATE OR REPLACE FUNCTION anon.dummy_free_email() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT lower(anon.pick(anon.first_names())) || '.' || anon.unique_tag()
         || '@' || anon.pick(ARRAY['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com'])
$$;

CREATE OR REPLACE FUNCTION anon.dummy_safe_email() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT anon.fake_email()
$$;

CREATE OR REPLACE FUNCTION anon.fake_city() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT anon.pick(ARRAY['Aarhus', 'Bilbao', 'Cork', 'Dresden', 'Eindhoven', 'Faro', 'Ghent', 'Hobart']) || '-' || anon.unique_tag()
$$;

CREATE OR REPLACE FUNCTION anon.fake_country() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT anon.pick(ARRAY['Atlantis', 'Borduria', 'Carpania', 'Elbonia', 'Freedonia', 'Genovia']) || '-' || anon.unique_tag()
$$;

CREATE OR REPLACE FUNCTION anon.fake_company() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT anon.pick(ARRAY['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay']) || ' ' || anon.unique_tag()
         || ' ' || anon.pick(ARRAY['Ltd', 'GmbH', 'Inc', 'SA'])
$$;

CREATE OR REPLACE FUNCTION anon.fake_address() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT anon.unique_tag() || ' ' || anon.pick(ARRAY['Elm Street', 'Harbour Road', 'Mill Lane', 'Station Square'])
$$;

CREATE OR REPLACE FUNCTION anon.fake_iban() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT 'XX' || lpad(floor(random() * 100)::text, 2, '0') || 'NEON' || lpad(nextval('anon.tag_counter')::text, 6, '0')
         || lpad(floor(random() * 100000000)::text, 8, '0')
$$;

CREATE OR REPLACE FUNCTION anon.dummy_uuidv4() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT gen_random_uuid()
$$;

CREATE OR REPLACE FUNCTION anon.random_string(l integer) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 1 + floor(random() * 62)::int, 1), '')
  FROM generate_series(1, l)
$$;

CREATE OR REPLACE FUNCTION anon.random_zip() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT lpad(floor(random() * 100000)::text, 5, '0')
$$;

CREATE OR REPLACE FUNCTION anon.random_phone(phone_prefix text DEFAULT '0') RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT phone_prefix || lpad(floor(random() * 1000000000)::text, 9, '0')
$$;

CREATE OR REPLACE FUNCTION anon.random_int_between(int_start integer, int_stop integer) RETURNS integer LANGUAGE sql VOLATILE AS $$
  SELECT int_start + floor(random() * (int_stop - int_start + 1))::integer
$$;

CREATE OR REPLACE FUNCTION anon.random_bigint_between(int_start bigint, int_stop bigint) RETURNS bigint LANGUAGE sql VOLATILE AS $$
  SELECT int_start + floor(random() * (int_stop - int_start + 1))::bigint
$$;

CREATE OR REPLACE FUNCTION anon.random_date_between(date_start timestamptz, date_end timestamptz) RETURNS timestamptz LANGUAGE sql VOLATILE AS $$
  SELECT date_start + random() * (date_end - date_start)
$$;

CREATE OR REPLACE FUNCTION anon.random_date() RETURNS timestamptz LANGUAGE sql VOLATILE AS $$
  SELECT anon.random_date_between('1970-01-01'::timestamptz, now())
$$;

CREATE OR REPLACE FUNCTION anon.random_in(a anyarray) RETURNS anyelement LANGUAGE sql VOLATILE AS $$
  SELECT a[1 + floor(random() * array_length(a, 1))::int]
$$;

CREATE OR REPLACE FUNCTION anon.partial(ov text, prefix integer, padding text, suffix integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT left(ov, prefix) || padding || right(ov, suffix)
$$;

CREATE OR REPLACE FUNCTION anon.partial_email(ov text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT left(split_part(ov, '@', 1), 2) || '******@' || left(split_part(ov, '@', 2), 2) || '******.'
         || coalesce(substring(split_part(ov, '@', 2) from '\.([^.]*)$'), '')
$$;

CREATE OR REPLACE FUNCTION anon.hash(seed text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to((SELECT salt FROM anon.secret) || seed, 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION anon.digest(seed text, salt text, algorithm text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(CASE lower(algorithm) WHEN 'sha512' THEN sha512(convert_to(seed || salt, 'UTF8'))
                                      WHEN 'md5' THEN decode(md5(seed || salt), 'hex')
                                      ELSE sha256(convert_to(seed || salt, 'UTF8')) END, 'hex')
$$;

CREATE OR REPLACE FUNCTION anon.noise(noise_value anyelement, ratio double precision) RETURNS anyelement LANGUAGE plpgsql VOLATILE AS $$
DECLARE result noise_value%TYPE;
BEGIN
  EXECUTE format('SELECT ($1::numeric * (1 + $2 * (2 * random() - 1)))::%s', pg_typeof(noise_value))
    INTO result USING noise_value, ratio;
  RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION anon.dnoise(noise_value anyelement, noise_range interval) RETURNS anyelement LANGUAGE plpgsql VOLATILE AS $$
DECLARE result noise_value%TYPE;
BEGIN
  EXECUTE format('SELECT ($1 + $2 * (2 * random() - 1))::%s', pg_typeof(noise_value)) INTO result USING noise_value, noise_range;
  RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION anon.generalize_int4range(val integer, step integer DEFAULT 10) RETURNS int4range LANGUAGE sql IMMUTABLE AS $$
  SELECT int4range(val / step * step, (val / step + 1) * step)
$$;

CREATE OR REPLACE FUNCTION anon.lorem_ipsum(paragraphs integer DEFAULT 5, words integer DEFAULT 0, characters integer DEFAULT 0)
RETURNS text LANGUAGE sql VOLATILE AS $$
  WITH vocabulary AS (
    SELECT ARRAY['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'sed', 'do', 'eiusmod',
                 'tempor', 'incididunt', 'ut', 'labore', 'et', 'dolore', 'magna', 'aliqua'] AS w
  ), text_of AS (
    SELECT CASE
      WHEN words > 0 THEN (SELECT string_agg(anon.pick(w), ' ') FROM vocabulary, generate_series(1, words))
      ELSE (SELECT string_agg(p, E'\n') FROM (
              SELECT (SELECT string_agg(anon.pick(w), ' ') FROM vocabulary, generate_series(1, 30 + g * 0)) AS p
              FROM generate_series(1, greatest(paragraphs, 1)) g) ps)
    END AS t
  )
  SELECT CASE WHEN characters > 0 THEN left(t, characters) ELSE t END FROM text_of
$$;

CREATE OR REPLACE FUNCTION anon.pseudo_first_name(seed anyelement, salt text DEFAULT NULL) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (anon.first_names())[1 + abs(hashtext(seed::text || coalesce(salt, ''))) % 20] || '-' || substr(md5(seed::text || coalesce(salt, '')), 1, 6)
$$;

CREATE OR REPLACE FUNCTION anon.pseudo_last_name(seed anyelement, salt text DEFAULT NULL) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (anon.last_names())[1 + abs(hashtext(seed::text || coalesce(salt, ''))) % 16] || '-' || substr(md5(seed::text || coalesce(salt, '')), 1, 6)
$$;

CREATE OR REPLACE FUNCTION anon.pseudo_email(seed anyelement, salt text DEFAULT NULL) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT substr(md5(seed::text || coalesce(salt, '')), 1, 12) || '@example.com'
$$;
