import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClusterStore } from './cluster-store.js';

describe('ClusterStore', () => {
  const root = mkdtemp(join(tmpdir(), 'cluster-store-test-'));
  afterAll(async () => rm(await root, { recursive: true, force: true }));

  it('keeps at most maxLive instances open, and an evicted cluster keeps its data', async () => {
    const store = new ClusterStore(await root, 1);
    const owner = { id: 'test', role: 'neondb_owner' };
    await store.createFresh('a', 'neondb', 'neondb_owner');
    await store.session('a', owner, (db) => db.exec('CREATE TABLE t (v text); INSERT INTO t VALUES ($$a$$)'));
    await store.copy('a', 'b');
    await store.session('b', owner, (db) => db.exec('INSERT INTO t VALUES ($$b$$)'));
    expect(store.liveCount()).toBe(1);
    const rows = async (key: string) =>
      store.session(key, owner, async (db) =>
        (await db.query<{ v: string }>('SELECT v FROM t ORDER BY v')).rows.map((r) => r.v),
      );
    expect(await rows('a')).toEqual(['a']);
    expect(store.liveCount()).toBe(1);
    expect(await rows('b')).toEqual(['a', 'b']);
    const who = async (role: string | null) =>
      store.session('b', { id: `as-${role}`, role }, async (db) => (await db.query('SELECT current_user AS u')).rows);
    expect(await who(null)).toEqual([{ u: 'postgres' }]);
    expect(await who('app_reader')).toEqual([{ u: 'app_reader' }]); // a role the API added later
    await store.closeAll();
  });
});
