import { describe, expect, it } from 'vitest';
import { renderErDiagram } from '../../src/schema/er-diagram.js';
import { parseSchema } from '../../src/schema/parse-schema.js';
import { diffSchemas } from '../../src/schema/review.js';
import { parser } from './helpers.js';

const BEFORE = `
CREATE TABLE public.users (id bigint NOT NULL, email text, legacy integer);
ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE TABLE public.orders (id bigint NOT NULL, user_id bigint, total numeric(12,2));
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);
CREATE TABLE public.unrelated (id integer);
CREATE TABLE public."a-b" (id integer);
CREATE TABLE public.a_b (id integer);
`;

async function diagram(before: string, after: string) {
  const p = await parser();
  const [b, a] = [parseSchema(p, before), parseSchema(p, after)];
  return renderErDiagram(b, a, diffSchemas(b, a, 'neondb'));
}

describe('renderErDiagram', () => {
  it('draws touched tables with marked columns, and foreign-key neighbours with their keys only', async () => {
    const after = BEFORE.replace('email text, legacy integer', 'email character varying(200), phone text');
    expect(await diagram(BEFORE, after)).toBe(
      [
        'erDiagram',
        '  public_users {',
        '    bigint id PK',
        '    character_varying_200 email "altered"',
        '    text phone "added"',
        '    integer legacy "dropped"',
        '  }',
        '  public_orders {',
        '    bigint id PK',
        '    bigint user_id FK',
        '  }',
        '  public_orders }o--|| public_users : "orders_user_id_fkey"',
        '',
      ].join('\n'),
    );
  });

  it('gives names that sanitise alike distinct entities', async () => {
    const after = BEFORE.replace('"a-b" (id integer)', '"a-b" (id integer, x text)').replace(
      'a_b (id integer)',
      'a_b (id integer, y text)',
    );
    const text = await diagram(BEFORE, after);
    expect(text).toContain('  public_a_b {\n    integer id\n    text x "added"\n  }');
    expect(text).toContain('  public_a_b_2 {\n    integer id\n    text y "added"\n  }');
  });

  it('draws nothing when no table is touched', async () => {
    expect(await diagram(BEFORE, BEFORE)).toBeUndefined();
  });
});
