/**
 * A review parses what both dumps share once (the base's tree serves the branch's unchanged
 * statements). Whatever the texts, the two models must be exactly those of parsing each dump alone,
 * and lines and errors must name the dump they come from.
 */
import { describe, expect, it } from 'vitest';
import type { SchemaModel } from '../../src/schema/model.js';
import { normalizeDump } from '../../src/schema/normalize-dump.js';
import { parseNormalizedPair } from '../../src/schema/parse-pair.js';
import { parseNormalizedSchema } from '../../src/schema/parse-schema.js';
import { parseNormalizedSides, parseNormalizedSidesInTurns } from '../../src/schema/review.js';
import type { Parser } from '../../src/schema/parser.js';
import { statementChunks } from '../../src/schema/statement-chunks.js';
import { parser } from './helpers.js';
import { makeSyntheticPair } from './synthetic.js';

/**
 * The pair's models against each dump parsed alone; returns how many statements were parsed beyond
 * the base's first whole parse. Byte positions left in stored nodes (a constraint's `location`) point
 * into whichever text was parsed and are read by nothing (keys leave them out), so they are not compared.
 */
function expectSameAsAlone(p: Parser, before: string, after: string): number {
  let parsed = -1;
  const counting: Parser = {
    parse: (sql) => {
      const tree = p.parse(sql);
      parsed += parsed < 0 ? 1 : tree.stmts.length;
      return tree;
    },
    scan: (sql) => p.scan(sql),
  };
  const pair = parseNormalizedPair(counting, before, after);
  const alone = { base: [] as number[], branch: [] as number[] };
  expect(comparable(pair.before)).toEqual(comparable(parseNormalizedSchema(p, before, alone.base)));
  expect(comparable(pair.after)).toEqual(comparable(parseNormalizedSchema(p, after, alone.branch)));
  expect(pair.unread).toEqual(alone);
  return parsed;
}

function comparable(model: SchemaModel): unknown {
  return JSON.parse(
    JSON.stringify(model, (key, value) =>
      key === 'location' ? undefined : value instanceof Map ? [...value] : value instanceof Set ? [...value] : value,
    ),
  );
}

const TABLE = (name: string, extra = '') =>
  `--\n-- Name: ${name}; Type: TABLE\n--\n\nCREATE TABLE public.${name} (\n    id integer NOT NULL,\n    note text DEFAULT 'a;b'${extra}\n);\n\n`;
const PK = (name: string) => `ALTER TABLE ONLY public.${name}\n    ADD CONSTRAINT ${name}_pkey PRIMARY KEY (id);\n\n`;

describe('parsing a pair of dumps', () => {
  it('parses of the branch only the statements the base does not hold, on the 2,000-table pair', async () => {
    const p = await parser();
    const synthetic = makeSyntheticPair(2000);
    const [before, after] = [normalizeDump(synthetic.before), normalizeDump(synthetic.after)];
    const own = expectSameAsAlone(p, before, after);
    const all = p.parse(after).stmts.length;
    expect(own).toBeGreaterThan(0);
    expect(own).toBeLessThan(all / 20);
  });

  it('in turns gives the same sides, letting the event loop turn every few hundred statements', async () => {
    const p = await parser();
    const synthetic = makeSyntheticPair(2000);
    const [before, after] = [normalizeDump(synthetic.before), normalizeDump(synthetic.after)];
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const inTurns = await parseNormalizedSidesInTurns(p, before, after);
    counting = false;
    const straight = parseNormalizedSides(p, before, after);
    expect(comparable(inTurns.before)).toEqual(comparable(straight.before));
    expect(comparable(inTurns.after)).toEqual(comparable(straight.after));
    // 8,300 statements a side, read 500 a step
    expect(turns).toBeGreaterThanOrEqual(30);
  });

  it('gives each side its own model when the texts are equal, and when they share nothing', async () => {
    const p = await parser();
    const base = TABLE('a') + PK('a') + TABLE('b');
    expect(expectSameAsAlone(p, base, base)).toBe(0);
    expect(expectSameAsAlone(p, base, TABLE('c') + PK('c'))).toBe(2);
  });

  it('reads a shared statement against the base text and an own one against its own, in the branch order', async () => {
    const p = await parser();
    const before = TABLE('a') + PK('a') + TABLE('b') + PK('b');
    // b moves before a (its first chunk loses the blank line before it: b's table is parsed again),
    // a gains a column, c appears between them
    const after = TABLE('b') + PK('b') + TABLE('c') + TABLE('a', ',\n    extra text') + PK('a');
    expect(expectSameAsAlone(p, before, after)).toBe(3);
  });

  it('stays right where the line cut is wrong (a quote escaped with a backslash, two statements on a line)', async () => {
    const p = await parser();
    // the line scanner does not know E'…\'…' and sees a string left open: its cut no longer follows statements
    const odd =
      "CREATE TABLE public.q (v text DEFAULT E'it\\'s');\nCREATE TABLE public.r (id int); CREATE INDEX r_i ON public.r (id);\n";
    const before = TABLE('a') + odd + TABLE('b') + PK('b');
    const after = TABLE('a', ',\n    more int') + odd + TABLE('b') + PK('b') + TABLE('z');
    expectSameAsAlone(p, before, after);
    expectSameAsAlone(p, after, before);
  });

  it('does not share a chunk that a base statement only passes through', async () => {
    const p = await parser();
    // in the base, the line scanner ends a statement inside E'…' (at its `;`): the cut falls mid-statement,
    // and the chunk "CREATE TABLE public.fake" is string content there but a real table in the branch
    const before = "CREATE TABLE public.q (v text DEFAULT E'\\';\nCREATE TABLE public.fake (id int);\n');\n";
    const after =
      'CREATE TABLE public.q (v text);\nCREATE TABLE public.fake (id int);\nCREATE TABLE public.z (id int);\n';
    expectSameAsAlone(p, before, after);
    expect([...parseNormalizedPair(p, before, after).after.tables.keys()]).toEqual([
      'public.q',
      'public.fake',
      'public.z',
    ]);
  });

  it('names branch lines for statements too deep to read, whether the base or the branch holds them', async () => {
    const p = await parser();
    const deep = `CREATE VIEW public.v AS SELECT ${Array(10_000).fill('1').join('+')} AS n;\n`;
    const before = TABLE('a') + PK('a');
    const after = TABLE('a') + deep + PK('a') + TABLE('b');
    expectSameAsAlone(p, before, after);
    expectSameAsAlone(p, after, before);
    expectSameAsAlone(p, after, `${TABLE('x')}${after}`);
    const pair = parseNormalizedPair(p, before, `${TABLE('x')}${after}`);
    expect(pair.unread.branch).toEqual([19]);
    // parsed, but too deep to walk: found while reading the branch's own statements, at the branch's line
    const walked = `CREATE VIEW public.w AS SELECT ${'coalesce('.repeat(3_000)}1${', 2)'.repeat(3_000)} AS n;\n`;
    const branch = `${TABLE('a')}${PK('a')}CREATE TABLE public.c (id int);\n${walked}`;
    expect(expectSameAsAlone(p, before, branch)).toBe(2);
    expect(parseNormalizedPair(p, before, branch).unread).toEqual({ base: [], branch: [14] });
  });

  it('reports a syntax error of the branch at the line of the branch dump', async () => {
    const p = await parser();
    const before = TABLE('a') + PK('a');
    const after = `${TABLE('a')}${PK('a')}CREATE TABLE public.broken (id int,);\n`;
    expect(() => parseNormalizedPair(p, before, after)).toThrow(/line 13 of the dump/);
  });
});

describe('statement chunks', () => {
  it('cut a dump after each statement, the comments before a statement going with it', () => {
    const sql = `--\n-- Name: a\n--\n\nCREATE TABLE a (x int);\n\n-- c\nALTER TABLE ONLY a\n    ADD CONSTRAINT p PRIMARY KEY (x);\nCREATE FUNCTION f() RETURNS int\n    LANGUAGE sql AS $$ SELECT 1;\nSELECT 2; $$;\n`;
    const chunks = statementChunks(sql);
    expect(chunks.map((c) => c.text)).toEqual([
      '--\n-- Name: a\n--\n\nCREATE TABLE a (x int);\n',
      '\n-- c\nALTER TABLE ONLY a\n    ADD CONSTRAINT p PRIMARY KEY (x);\n',
      'CREATE FUNCTION f() RETURNS int\n    LANGUAGE sql AS $$ SELECT 1;\nSELECT 2; $$;\n',
    ]);
    expect(chunks.map((c) => c.line)).toEqual([1, 6, 10]);
    const ends = chunks.map((c) => sql.indexOf(c.text) + c.text.length);
    expect(chunks.map((c) => [c.start, c.end])).toEqual([
      [0, ends[0]],
      [ends[0], ends[1]],
      [ends[1], sql.length],
    ]);
  });

  it('count bytes, not characters, and keep a last line without a newline', () => {
    const sql = "CREATE TABLE ü (x text DEFAULT 'é');\nCREATE TABLE b (x int)";
    const chunks = statementChunks(sql);
    expect(chunks.map((c) => c.text).join('')).toBe(sql);
    expect(chunks[1]).toMatchObject({ start: Buffer.byteLength(chunks[0]!.text), end: Buffer.byteLength(sql) });
  });
});
