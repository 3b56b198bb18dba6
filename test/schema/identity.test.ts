/**
 * Identity before inference: the three classes of issue 23 from the dumps alone, from the PR's
 * statements and from catalog fixtures; the view cast false alarm; a multi-column UNIQUE kept apart
 * from a dropped column's drop.
 */
import { describe, expect, it } from 'vitest';
import { effectsOf } from '../../src/migrations/effects.js';
import { identityFromStatements } from '../../src/migrations/identity.js';
import { splitMigration } from '../../src/migrations/split.js';
import { type CatalogSnapshot, catalogDescribes, matchCatalogs } from '../../src/schema/catalog-identity.js';
import type { IdentityMap } from '../../src/schema/identity.js';
import { parseSchema } from '../../src/schema/parse-schema.js';
import { diffSchemas } from '../../src/schema/review.js';
import type { Change } from '../../src/schema/types.js';
import { parser, summarize } from './helpers.js';

async function review(before: string, after: string, identity?: IdentityMap): Promise<Change[]> {
  const p = await parser();
  return diffSchemas(parseSchema(p, before), parseSchema(p, after), 'neondb', identity);
}

async function fromStatements(sql: string): Promise<IdentityMap> {
  const p = await parser();
  const { statements } = await splitMigration('prisma/migrations/1/migration.sql', sql, p);
  return identityFromStatements(effectsOf(p, statements));
}

const withIdentity = (changes: readonly Change[]) =>
  summarize(changes.map((c) => ({ ...c, risk: `${c.risk} ${c.identity}` as Change['risk'] })));

/** Prisma-style: a table renamed, its key and index renamed with it, a default dropped, a NOT NULL relaxed, a column added. */
const TEAM = `
CREATE TABLE public."Team" (id text NOT NULL, name text NOT NULL, slug text NOT NULL, "createdAt" timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL);
ALTER TABLE ONLY public."Team" ADD CONSTRAINT "Team_pkey" PRIMARY KEY (id);
CREATE UNIQUE INDEX "Team_slug_key" ON public."Team" USING btree (slug);
CREATE TABLE public."Member" (id text NOT NULL, "teamId" text NOT NULL);
ALTER TABLE ONLY public."Member" ADD CONSTRAINT "Member_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES public."Team"(id);
`;
const ORGANISATION = `
CREATE TABLE public."Organisation" (id text NOT NULL, name text, slug text NOT NULL, "createdAt" timestamp(3) without time zone NOT NULL, plan text);
ALTER TABLE ONLY public."Organisation" ADD CONSTRAINT "Organisation_pkey" PRIMARY KEY (id);
CREATE UNIQUE INDEX "Organisation_slug_key" ON public."Organisation" USING btree (slug);
CREATE TABLE public."Member" (id text NOT NULL, "teamId" text NOT NULL);
ALTER TABLE ONLY public."Member" ADD CONSTRAINT "Member_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES public."Organisation"(id);
`;
const TEAM_RENAMED_SQL = `ALTER TABLE "Team" RENAME TO "Organisation";
ALTER TABLE "Organisation" RENAME CONSTRAINT "Team_pkey" TO "Organisation_pkey";
ALTER INDEX "Team_slug_key" RENAME TO "Organisation_slug_key";
ALTER TABLE "Organisation" ALTER COLUMN "name" DROP NOT NULL, ALTER COLUMN "createdAt" DROP DEFAULT, ADD COLUMN "plan" TEXT;`;

/** Catalog rows for a side: oids given by hand, as a Neon branch keeps them. */
function catalog(c: Partial<CatalogSnapshot>): CatalogSnapshot {
  return { relations: [], columns: [], constraints: [], triggers: [], types: [], enumValues: [], functions: [], ...c };
}

describe('a renamed table whose columns also changed', () => {
  it('is the rename plus the changes inside it when a statement renames it, and the foreign key to it is no new constraint', async () => {
    const changes = await review(TEAM, ORGANISATION, await fromStatements(TEAM_RENAMED_SQL));
    expect(withIdentity(changes)).toEqual([
      'column added public.Organisation.plan safe statement',
      'column altered public.Organisation.createdAt safe inferred',
      'column altered public.Organisation.name safe inferred',
      'constraint renamed public.Organisation.Organisation_pkey <- public.Team.Team_pkey locking statement',
      'index renamed public.Organisation.Organisation_slug_key <- public.Team.Team_slug_key safe statement',
      'table renamed public.Organisation <- public.Team destructive statement',
    ]);
    expect(changes.find((c) => c.kind === 'table')!.reason).toContain('a migration statement renames it');
  });

  it('is read from the catalogs: the table kept its oid, its columns their attnums', async () => {
    const before = catalog({
      relations: [
        { oid: '100', schema: 'public', name: 'Team', kind: 'r' },
        { oid: '101', schema: 'public', name: 'Team_pkey', kind: 'i', table: '100' },
        { oid: '102', schema: 'public', name: 'Team_slug_key', kind: 'i', table: '100' },
        { oid: '200', schema: 'public', name: 'Member', kind: 'r' },
      ],
      columns: [
        ...['id', 'name', 'slug', 'createdAt'].map((name, i) => ({ table: '100', attnum: i + 1, name })),
        { table: '200', attnum: 1, name: 'id' },
        { table: '200', attnum: 2, name: 'teamId' },
      ],
      constraints: [
        { oid: '300', table: '100', name: 'Team_pkey' },
        { oid: '301', table: '200', name: 'Member_teamId_fkey' },
      ],
    });
    const after = catalog({
      relations: [
        { oid: '100', schema: 'public', name: 'Organisation', kind: 'r' },
        { oid: '101', schema: 'public', name: 'Organisation_pkey', kind: 'i', table: '100' },
        { oid: '102', schema: 'public', name: 'Organisation_slug_key', kind: 'i', table: '100' },
        { oid: '200', schema: 'public', name: 'Member', kind: 'r' },
      ],
      columns: [
        ...['id', 'name', 'slug', 'createdAt', 'plan'].map((name, i) => ({ table: '100', attnum: i + 1, name })),
        { table: '200', attnum: 1, name: 'id' },
        { table: '200', attnum: 2, name: 'teamId' },
      ],
      constraints: [
        { oid: '300', table: '100', name: 'Organisation_pkey' },
        { oid: '301', table: '200', name: 'Member_teamId_fkey' },
      ],
    });
    const p = await parser();
    expect(catalogDescribes(before, parseSchema(p, TEAM))).toBe(true);
    expect(catalogDescribes(after, parseSchema(p, ORGANISATION))).toBe(true);
    expect(catalogDescribes(after, parseSchema(p, TEAM))).toBe(false);
    const changes = await review(TEAM, ORGANISATION, matchCatalogs(before, after));
    expect(withIdentity(changes)).toEqual([
      'column added public.Organisation.plan safe catalog',
      'column altered public.Organisation.createdAt safe catalog',
      'column altered public.Organisation.name safe catalog',
      'constraint renamed public.Organisation.Organisation_pkey <- public.Team.Team_pkey locking catalog',
      'index renamed public.Organisation.Organisation_slug_key <- public.Team.Team_slug_key safe catalog',
      'table renamed public.Organisation <- public.Team destructive catalog',
    ]);
  });

  it('from the dumps alone, is a guess no better than a drop and an add (the corpus decides how far inference goes)', async () => {
    const changes = await review(TEAM, ORGANISATION);
    expect(changes.every((c) => c.identity === 'inferred')).toBe(true);
  });
});

const POST = (columns: string, fks: string) => `
CREATE TABLE public.users (id bigint NOT NULL);
ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);
CREATE TABLE public.teams (id bigint NOT NULL);
ALTER TABLE ONLY public.teams ADD CONSTRAINT teams_pkey PRIMARY KEY (id);
CREATE TABLE public.posts (id bigint NOT NULL,
${columns},
    title text);
${fks}`;

describe('a column dropped and another added with the same type, nullability and place', () => {
  const before = POST(
    '    author_id bigint NOT NULL',
    'ALTER TABLE ONLY public.posts ADD CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.users(id);',
  );
  const after = POST(
    '    team_id bigint NOT NULL',
    'ALTER TABLE ONLY public.posts ADD CONSTRAINT posts_team_id_fkey FOREIGN KEY (team_id) REFERENCES public.teams(id);',
  );

  it('is a drop and an add when its foreign key points at another table', async () => {
    expect(summarize(await review(before, after))).toEqual([
      'column added public.posts.team_id destructive',
      'column dropped public.posts.author_id destructive',
      'constraint added public.posts.posts_team_id_fkey locking',
    ]);
  });

  it('is still a rename when its foreign key points at the same table', async () => {
    const same = after.replace('REFERENCES public.teams(id)', 'REFERENCES public.users(id)');
    expect(summarize(await review(before, same))).toContain(
      'column renamed public.posts.team_id <- public.posts.author_id destructive',
    );
  });

  it('is a drop and an add when the migration says DROP COLUMN and ADD COLUMN, even with no foreign key', async () => {
    const a = POST('    author text', '');
    const b = POST('    editor text', '');
    expect(summarize(await review(a, b))).toContain(
      'column renamed public.posts.editor <- public.posts.author destructive',
    );
    const identity = await fromStatements(
      'ALTER TABLE posts DROP COLUMN author; ALTER TABLE posts ADD COLUMN editor text;',
    );
    const changes = await review(a, b, identity);
    expect(withIdentity(changes)).toEqual([
      'column added public.posts.editor safe statement',
      'column dropped public.posts.author destructive statement',
    ]);
  });

  it('is a drop and an add under the same name when the catalogs show another attnum', async () => {
    const a = POST('    author text', '');
    const b = POST('    author text', '');
    const rel = [{ oid: '5', schema: 'public', name: 'posts', kind: 'r' }];
    const cols = (attnum: number) => [
      { table: '5', attnum: 1, name: 'id' },
      { table: '5', attnum, name: 'author' },
      { table: '5', attnum: 3, name: 'title' },
    ];
    const changes = await review(
      a,
      b,
      matchCatalogs(catalog({ relations: rel, columns: cols(2) }), catalog({ relations: rel, columns: cols(4) })),
    );
    expect(withIdentity(changes)).toEqual([
      'column added public.posts.author safe catalog',
      'column dropped public.posts.author destructive catalog',
    ]);
  });
});

describe('a column renamed away while a new column takes its name', () => {
  const ENUMS = `CREATE TYPE public."Role" AS ENUM ('ADMIN', 'USER');
CREATE TYPE public."TeamRole" AS ENUM ('OWNER', 'MEMBER');`;
  const before = `${ENUMS}
CREATE TABLE public."User" (id integer NOT NULL, role public."Role" DEFAULT 'USER'::public."Role" NOT NULL, email text);`;
  const after = `${ENUMS}
CREATE TABLE public."User" (id integer NOT NULL, "deprecatedRole" public."Role" DEFAULT 'USER'::public."Role" NOT NULL, email text, role public."TeamRole");`;

  it('is a rename plus an add from the dumps alone', async () => {
    const changes = await review(before, after);
    expect(withIdentity(changes)).toEqual([
      'column added public.User.role safe inferred',
      'column renamed public.User.deprecatedRole <- public.User.role destructive inferred',
    ]);
    expect(changes.find((c) => c.action === 'renamed')!.reason).toContain("has role's old definition in its old place");
  });

  it('is a rename plus an add when the statements say so', async () => {
    const identity = await fromStatements(`ALTER TABLE "User" RENAME COLUMN "role" TO "deprecatedRole";
ALTER TABLE "User" ADD COLUMN "role" "TeamRole";`);
    expect(withIdentity(await review(before, after, identity))).toEqual([
      'column added public.User.role safe statement',
      'column renamed public.User.deprecatedRole <- public.User.role destructive statement',
    ]);
  });

  it('is a rename plus an add when the catalogs say so', async () => {
    const rel = [{ oid: '9', schema: 'public', name: 'User', kind: 'r' }];
    const b = catalog({
      relations: rel,
      columns: ['id', 'role', 'email'].map((name, i) => ({ table: '9', attnum: i + 1, name })),
    });
    const a = catalog({
      relations: rel,
      columns: ['id', 'deprecatedRole', 'email', 'role'].map((name, i) => ({ table: '9', attnum: i + 1, name })),
    });
    expect(withIdentity(await review(before, after, matchCatalogs(b, a)))).toEqual([
      'column added public.User.role safe catalog',
      'column renamed public.User.deprecatedRole <- public.User.role destructive catalog',
    ]);
  });

  it('is a type change when the new type stays in place and no column holds the old definition', async () => {
    const retyped = `${ENUMS}
CREATE TABLE public."User" (id integer NOT NULL, role public."TeamRole", email text);`;
    expect(summarize(await review(before, retyped))).toEqual(['column altered public.User.role destructive']);
  });
});

describe('views and constraints', () => {
  it('a cast to the type a view column already had is no type change', async () => {
    const table = 'CREATE TABLE public.t (id integer, name text);';
    const before = `${table}\nCREATE VIEW public.v AS\n SELECT t.id,\n    t.name\n   FROM public.t;`;
    const after = `${table}\nCREATE VIEW public.v AS\n SELECT t.id,\n    (t.name)::text AS name\n   FROM public.t;`;
    const changes = await review(before, after);
    expect(summarize(changes)).toEqual(['view altered public.v safe']);
    const retyped = `${table}\nCREATE VIEW public.v AS\n SELECT t.id,\n    (t.name)::integer AS name\n   FROM public.t;`;
    expect(summarize(await review(before, retyped))).toEqual(['view altered public.v destructive']);
  });

  it('a multi-column UNIQUE that also covers a kept column is its own drop, not part of the column drop', async () => {
    const before = `CREATE TABLE public.m (id integer NOT NULL, org integer NOT NULL, email text NOT NULL);
ALTER TABLE ONLY public.m ADD CONSTRAINT m_org_email_key UNIQUE (org, email);
CREATE INDEX m_email_idx ON public.m USING btree (email);`;
    const after = 'CREATE TABLE public.m (id integer NOT NULL, org integer NOT NULL);';
    expect(summarize(await review(before, after))).toEqual([
      'column dropped public.m.email destructive',
      'constraint dropped public.m.m_org_email_key safe',
    ]);
  });
});

describe('identity from statements', () => {
  it('follows a table renamed before its column is renamed, and a column dropped and added again', async () => {
    const map = await fromStatements(`ALTER TABLE a RENAME TO b;
ALTER TABLE b RENAME COLUMN x TO y;
ALTER TABLE b DROP COLUMN z;
ALTER TABLE b ADD COLUMN z integer;`);
    expect(map.of('table').renames.get('public.a')).toEqual({ to: 'public.b', source: 'statement' });
    expect(map.of('column').renames.get('public.a.x')).toEqual({ to: 'public.b.y', source: 'statement' });
    expect([...map.of('column').replaced.keys()].sort()).toEqual(['public.a.z', 'public.b.z']);
  });
});

describe('inference learnt from real histories', () => {
  it('pairs tables and columns renamed to a naming convention (case, underscores, a plural s), with the foreign keys dropped', async () => {
    const before = `CREATE TABLE public."Poll" (id text NOT NULL, "userId" text NOT NULL, "createdAt" timestamp(3) without time zone NOT NULL, title text);
CREATE TABLE public."Vote" (id text NOT NULL, "pollId" text NOT NULL, "createdAt" timestamp(3) without time zone NOT NULL);
ALTER TABLE ONLY public."Vote" ADD CONSTRAINT "Vote_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES public."Poll"(id);`;
    const after = `CREATE TABLE public.polls (id text NOT NULL, user_id text NOT NULL, created_at timestamp(3) without time zone NOT NULL, title text, deleted boolean);
CREATE TABLE public.votes (id text NOT NULL, poll_id text NOT NULL, created_at timestamp(3) without time zone NOT NULL);`;
    const changes = await review(before, after);
    expect(summarize(changes)).toEqual([
      'column added public.polls.deleted safe',
      'column renamed public.polls.created_at <- public.Poll.createdAt destructive',
      'column renamed public.polls.user_id <- public.Poll.userId destructive',
      'column renamed public.votes.created_at <- public.Vote.createdAt destructive',
      'column renamed public.votes.poll_id <- public.Vote.pollId destructive',
      'constraint dropped public.votes.Vote_pollId_fkey safe',
      'table renamed public.polls <- public.Poll destructive',
      'table renamed public.votes <- public.Vote destructive',
    ]);
    expect(changes.find((c) => c.object === 'public.polls' && c.kind === 'table')!.reason).toContain(
      'differs only in case, underscores or a plural s (Poll -> polls)',
    );
  });

  it('takes a block of columns replaced wholesale for drops and adds, whatever two of them share by chance', async () => {
    const before =
      'CREATE TABLE public.p (id text NOT NULL, name text, origin text, counts jsonb, tags jsonb, org_id text);';
    const after =
      'CREATE TABLE public.p (id text NOT NULL, attributes jsonb, meta jsonb, organization_id text, relationships jsonb, type text);';
    const changes = await review(before, after);
    expect(changes.filter((c) => c.action === 'renamed')).toEqual([]);
    expect(changes.filter((c) => c.action === 'dropped')).toHaveLength(5);
  });

  it('takes an enum whose columns all went with their table, and another like it for a new table, for a drop and an add', async () => {
    const before = `CREATE TYPE public."TeamInviteStatus" AS ENUM ('PENDING', 'ACCEPTED');
CREATE TABLE public."TeamInvite" (id text NOT NULL, status public."TeamInviteStatus" NOT NULL);`;
    const after = `CREATE TYPE public."OrgInviteStatus" AS ENUM ('PENDING', 'ACCEPTED');
CREATE TABLE public."OrgInvite" (id text NOT NULL, status public."OrgInviteStatus" NOT NULL, email text);`;
    expect(summarize(await review(before, after))).toEqual([
      'table added public.OrgInvite safe',
      'table dropped public.TeamInvite destructive',
      'type added public.OrgInviteStatus safe',
      'type dropped public.TeamInviteStatus destructive',
    ]);
    // the same enum renamed under a table that stays: a rename
    const kept = after.replace(/OrgInvite"/g, 'TeamInvite"');
    expect(summarize(await review(before, kept))).toContain(
      'type renamed public.OrgInviteStatus <- public.TeamInviteStatus destructive',
    );
  });
});

describe('sequences', () => {
  it('a sequence renamed on its own is a rename when the catalogs or a statement say so, a drop and an add otherwise', async () => {
    const before = 'CREATE SEQUENCE public.invoice_no START WITH 1000;';
    const after = 'CREATE SEQUENCE public.invoice_number START WITH 1000;';
    expect(summarize(await review(before, after))).toEqual([
      'sequence added public.invoice_number safe',
      'sequence dropped public.invoice_no destructive',
    ]);
    const identity = await fromStatements('ALTER SEQUENCE invoice_no RENAME TO invoice_number;');
    expect(withIdentity(await review(before, after, identity))).toEqual([
      'sequence renamed public.invoice_number <- public.invoice_no destructive statement',
    ]);
    const rel = (name: string) => catalog({ relations: [{ oid: '7', schema: 'public', name, kind: 'S' }] });
    expect(withIdentity(await review(before, after, matchCatalogs(rel('invoice_no'), rel('invoice_number'))))).toEqual([
      'sequence renamed public.invoice_number <- public.invoice_no destructive catalog',
    ]);
  });
});
