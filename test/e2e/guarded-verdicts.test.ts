/**
 * Issue 21 through dist/index.js on the local Neon's real Postgres: a PR's own text never lowers a
 * verdict, leaks a row, or keeps the step alive.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query, startWorld, type World } from './fixtures.js';
import { pullRequestEvent } from './run-action.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.neon.dataPlane.query(
    world.neon.defaultBranchId,
    'neondb',
    `CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, age int);
     INSERT INTO users SELECT g, 'user' || g || '@example.com', g % 90 FROM generate_series(1, 2000) g;`,
  );
});
afterAll(async () => {
  await world?.close();
});

type Change = { kind: string; action: string; object: string; risk: string; destructive: boolean; reason: string };
const changesOf = (outputs: Record<string, string>) => JSON.parse(outputs.changes ?? '[]') as Change[];

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'npa-ws-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('compare-schema always ends', () => {
  it.each([
    ['a new view only', 71, 'CREATE VIEW adults AS SELECT id FROM users WHERE age >= 18'],
    ['a dropped table', 72, 'CREATE TABLE scratch (id int); DROP TABLE scratch; CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$SELECT 1$$'],
  ])('exits once its outputs are written when no change touches a table that still exists (%s)', async (_, pr, sql) => {
    const event = pullRequestEvent(pr, `linger-${pr}`);
    const created = await world.run({ command: 'create-branch' }, { event });
    expect(created.code, created.output).toBe(0);
    await query(created.outputs['db-url']!, sql);
    // a process the size reader's socket keeps alive is killed here: code null
    const run = await world.run({ command: 'compare-schema' }, { event, timeoutMs: 90_000 });
    expect(run.code, run.output).toBe(0);
    expect(run.outputs['has-changes']).toBe('true');
  }, 200_000);
});
