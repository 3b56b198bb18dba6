/**
 * compare-schema reads identity from the branches' catalogs, through dist/index.js on the local
 * Neon: the PR renames a table and changes its columns in the same migration (a default dropped, a
 * NOT NULL relaxed, a column renamed, one dropped and added again, one added), which the dumps alone
 * cannot tell from a drop and a create; the catalogs can, and the `changes` output says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.neon.dataPlane.query(
    world.neon.defaultBranchId,
    'neondb',
    `CREATE TABLE team (id int PRIMARY KEY, name text NOT NULL, slug text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), owner_id int NOT NULL);
     CREATE UNIQUE INDEX team_slug_key ON team (slug);
     CREATE TABLE member (id int PRIMARY KEY, team_id int NOT NULL REFERENCES team (id));
     INSERT INTO team VALUES (1, 'a', 'a', now(), 1);`,
  );
}, 120_000);
afterAll(async () => {
  await world?.close();
});

type Change = {
  kind: string;
  action: string;
  object: string;
  from?: string;
  risk: string;
  reason: string;
  identity?: string;
};

describe('compare-schema identity from the catalogs', () => {
  it('reports a table renamed with its columns changed as renamed, with identity catalog, and the changes inside it', async () => {
    const event = pullRequestEvent(71, 'rename-team');
    const created = await world.run({ command: 'create-branch', comment: 'false' }, { event });
    expect(created.code, created.output).toBe(0);
    await query(
      created.outputs['db-url']!,
      `ALTER TABLE team RENAME TO organisation;
       ALTER TABLE organisation ALTER COLUMN name DROP NOT NULL, ALTER COLUMN created_at DROP DEFAULT;
       ALTER TABLE organisation RENAME COLUMN slug TO handle;
       ALTER TABLE organisation DROP COLUMN owner_id;
       ALTER TABLE organisation ADD COLUMN owner_id int;
       ALTER TABLE organisation ADD COLUMN plan text;`,
    );

    const run = await world.run({ command: 'compare-schema' }, { event });
    expect(run.code, run.output).toBe(0);
    const changes = JSON.parse(run.outputs.changes!) as Change[];
    const summary = changes
      .map((c) => `${c.kind} ${c.action} ${c.object}${c.from ? ` <- ${c.from}` : ''} ${c.identity}`)
      .sort();
    expect(summary).toEqual([
      'column added public.organisation.owner_id catalog',
      'column added public.organisation.plan catalog',
      'column altered public.organisation.created_at catalog',
      'column altered public.organisation.name catalog',
      'column dropped public.organisation.owner_id catalog',
      'column renamed public.organisation.handle <- public.team.slug catalog',
      'table renamed public.organisation <- public.team catalog',
    ]);
    expect(changes.find((c) => c.kind === 'table')!.reason).toContain(
      'the catalogs of both branches show one object under a new name',
    );
    expect(run.output).toMatch(
      /neondb: identity read from the catalogs of main and preview\/pr-71-rename-team in \d+ ms/,
    );

    // without a connection, the dumps decide: the rename is a guess, said so
    const guessed = await world.run({ command: 'compare-schema', role: 'no_such_role' }, { event });
    expect(guessed.code, guessed.output).toBe(0);
    expect(guessed.output).toMatch(
      /neondb: identity not read from the catalogs \(.*\); renames are inferred from the dumps/,
    );
    const inferred = JSON.parse(guessed.outputs.changes!) as Change[];
    expect(inferred.every((c) => c.identity === 'inferred')).toBe(true);
  }, 240_000);

  it("reads the base at the review's point from a throwaway branch when the base changed since, and deletes it", async () => {
    const event = pullRequestEvent(72, 'rename-member');
    const created = await world.run({ command: 'create-branch', comment: 'false' }, { event });
    expect(created.code, created.output).toBe(0);
    // the base moves on after the fork: its head no longer stands for the fork point
    await world.neon.dataPlane.query(
      world.neon.defaultBranchId,
      'neondb',
      'CREATE TABLE audit (id int); ALTER TABLE member ADD COLUMN note text',
    );
    await query(
      created.outputs['db-url']!,
      'ALTER TABLE member RENAME TO membership; ALTER TABLE membership ALTER COLUMN team_id DROP NOT NULL; ALTER TABLE membership ADD COLUMN role text;',
    );

    const run = await world.run({ command: 'compare-schema' }, { event });
    expect(run.code, run.output).toBe(0);
    const changes = JSON.parse(run.outputs.changes!) as Change[];
    expect(
      changes.map((c) => `${c.kind} ${c.action} ${c.object}${c.from ? ` <- ${c.from}` : ''} ${c.identity}`).sort(),
    ).toEqual([
      'column added public.membership.role catalog',
      'column altered public.membership.team_id catalog',
      'table renamed public.membership <- public.member catalog',
    ]);
    expect(run.output).toMatch(
      /neondb: identity read from the catalogs of main at the review's point and preview\/pr-72-rename-member in \d+ ms/,
    );
    expect(run.stdout).toMatch(/Created throwaway branch preview\/pr-72-rename-member-rehearsal-[0-9a-f]{6} \(br-/);
    expect(run.stdout).toMatch(/Deleted throwaway branch preview\/pr-72-rename-member-rehearsal-[0-9a-f]{6} \(br-/);
    expect([...world.neon.state.branches.values()].filter((b) => b.name.includes('-rehearsal-'))).toEqual([]);
  }, 240_000);
});
