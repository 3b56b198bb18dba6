import { expect, it } from 'vitest';
import { startWorld } from '../fixtures.js';
import { pullRequestEvent } from '../run-action.js';
it('probe', async () => {
  let t = Date.now();
  const world = await startWorld({ dataPlane: 'none', operationMs: 20 });
  console.log('start', Date.now() - t); t = Date.now();
  const w2 = await startWorld({ dataPlane: 'none', operationMs: 20 });
  console.log('start2', Date.now() - t); t = Date.now();
  const run = await world.run({ command: 'create-branch', 'request-timeout': '1s', timeout: '20s' }, { event: pullRequestEvent(1, 'x') });
  console.log('run', Date.now() - t, run.code); t = Date.now();
  console.log(run.stdout);
  console.log(JSON.stringify(run.outputs));
  for (const r of world.neon.requests) console.log(r.method, r.path, r.status, r.operationId);
  await world.close(); await w2.close();
  expect(1).toBe(1);
});
