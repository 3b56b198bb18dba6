import type { PGlite } from '@electric-sql/pglite';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, templateArchive } from './cluster-templates.js';
import { dumpSchemaText, normaliseDump } from './schema-dump.js';
import { WholeMessageWriter, wholeMessagesLength } from './schema-dump-framing.js';
import { readTypedMessages } from './wire-protocol.js';

const typed = (type: string, body: string) => {
  const b = Buffer.from(body);
  const head = Buffer.alloc(5);
  head[0] = type.charCodeAt(0);
  head.writeInt32BE(4 + b.length, 1);
  return Buffer.concat([head, b]);
};
const query = (sql: string) => typed('Q', `${sql}\0`);
const startupPacket = () => {
  const body = Buffer.from('user\0postgres\0database\0neondb\0\0');
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
};

describe('wholeMessagesLength', () => {
  it('counts whole typed messages and stops before an unfinished one', () => {
    const one = query('SELECT 1');
    const two = query('SELECT 2');
    const both = Buffer.concat([one, two]);
    expect(wholeMessagesLength(both)).toBe(both.length);
    expect(wholeMessagesLength(both.subarray(0, both.length - 1))).toBe(one.length);
    expect(wholeMessagesLength(both.subarray(0, one.length + 3))).toBe(one.length); // cut inside the length
    expect(wholeMessagesLength(new Uint8Array(0))).toBe(0);
  });

  it('frames the startup packet, which has no type byte', () => {
    const startup = startupPacket();
    const stream = Buffer.concat([startup, query('SELECT 1')]);
    expect(wholeMessagesLength(stream)).toBe(stream.length);
    expect(wholeMessagesLength(stream.subarray(0, startup.length - 1))).toBe(0);
    expect(wholeMessagesLength(stream.subarray(0, startup.length + 2))).toBe(startup.length);
  });

  it('passes on everything after a length that cannot be framed', () => {
    const bad = Buffer.from([0x51, 0, 0, 0, 2, 0x51]);
    expect(wholeMessagesLength(bad)).toBe(bad.length);
  });

  it('reads the length where a view into a larger buffer starts', () => {
    const backing = Buffer.concat([Buffer.from('xyz'), query('SELECT 1')]);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 3, backing.length - 3);
    expect(wholeMessagesLength(view)).toBe(view.length);
  });
});

describe('WholeMessageWriter on a PGlite session', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await openArchive(await templateArchive('neondb', 'neondb_owner'), 'neondb');
  });
  afterAll(async () => db?.close());

  it('runs a query that libpq would send in pieces once its last piece arrives, and replies in one chunk', () => {
    const sql = `SELECT length('${'x'.repeat(20_000)}') AS n, repeat('y', 50000) AS reply_over_8_kb`;
    const message = query(sql);
    const writer = new WholeMessageWriter(db);
    const replies: Uint8Array[] = [];
    const pieces = [message.subarray(0, 8192), message.subarray(8192, 16_384), message.subarray(16_384)];
    for (const [i, piece] of pieces.entries()) {
      void writer.write(piece, (data) => replies.push(data));
      expect(replies).toHaveLength(i === pieces.length - 1 ? 1 : 0);
    }
    expect(writer.pendingBytes()).toBe(0);
    const { messages, rest } = readTypedMessages(Buffer.from(replies[0]));
    expect(rest).toHaveLength(0);
    expect(messages.map((m) => m.type)).toEqual(['T', 'D', 'C', 'Z']);
    expect(messages[1].bytes.toString('latin1')).toContain('20000');
  });
});

const COLUMNS = Array.from({ length: 12 }, (_, i) => `a_rather_long_column_name_number_${i}`);
const tableName = (i: number) => `wide_table_with_a_long_name_${i}`;
const createTables = (from: number, to: number) =>
  Array.from(
    { length: to - from },
    (_, k) => `CREATE TABLE ${tableName(from + k)} (${COLUMNS.map((c) => `${c} text`).join(', ')});`,
  ).join('\n');
/** What pg_dump prints for one of these tables (the small-schema test pins this shape against a plain pgDump). */
const tableBlock = (name: string) => `--
-- Name: ${name}; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.${name} (
${COLUMNS.map((c) => `    ${c} text`).join(',\n')}
);

ALTER TABLE public.${name} OWNER TO postgres;
`;
/** pg_dump orders tables of one schema by name, byte by byte. */
const expectedDump = (count: number) =>
  Array.from({ length: count }, (_, i) => tableName(i))
    .sort()
    .map(tableBlock)
    .join('\n');

describe('dumpSchemaText', () => {
  it('gives the same normalised text as a plain pgDump for a small, varied schema', async () => {
    const db = await openArchive(await templateArchive('neondb', 'neondb_owner'), 'neondb');
    try {
      await db.exec(`
        CREATE SCHEMA app;
        CREATE TYPE app.mood AS ENUM ('ok', 'sad');
        CREATE TABLE app.users (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text UNIQUE, mood app.mood);
        CREATE TABLE public.orders (id bigserial PRIMARY KEY, user_id int REFERENCES app.users (id), total numeric(10,2) CHECK (total >= 0));
        CREATE INDEX orders_user ON public.orders (user_id);
        COMMENT ON TABLE public.orders IS 'what people bought';
        CREATE VIEW public.big_orders AS SELECT * FROM public.orders WHERE total > 100;
        CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql SET search_path TO 'public' AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch();
        ${createTables(0, 3)}`);
      const framed = await dumpSchemaText(db);
      const plain = normaliseDump(await (await pgDump({ pg: db, args: ['--schema-only'] })).text());
      expect(plain).toContain('CREATE TRIGGER orders_touch');
      expect(framed).toBe(plain);
      expect(plain).toContain(expectedDump(3));
    } finally {
      await db.close();
    }
  });

  it('dumps 1,000 tables whose LOCK TABLE is far past 8 KB, and leaves the session usable', {
    timeout: 180_000,
  }, async () => {
    const db = await openArchive(await templateArchive('neondb', 'neondb_owner'), 'neondb');
    try {
      await db.exec(createTables(0, 500));
      await db.exec(createTables(500, 1000));
      const dump = await dumpSchemaText(db);
      expect(dump).toBe(expectedDump(1000));
      expect(db.isInTransaction()).toBe(false);
      expect(
        (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1', ['public']))
          .rows,
      ).toEqual([{ n: 1000 }]);
    } finally {
      await db.close();
    }
  });
});
