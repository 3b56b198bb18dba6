/**
 * Smoke-runs the committed dist/index.js as the runner does (INPUT_* variables, a GITHUB_OUTPUT
 * file) under Node 24 (NODE24) against an in-process local Neon. Fails when the bundle cannot start,
 * when a bad command does not end in one clean error line, or when commands cannot run.
 */
import { runAction } from '../test/e2e/run-action.js';
import { type FakeDataPlane, startLocalNeon } from '../test/local-neon/index.js';

function check(ok: boolean, what: string, detail: string): void {
  if (ok) {
    console.log(`ok   ${what}`);
    return;
  }
  console.error(`FAIL ${what}\n${detail}`);
  process.exitCode = 1;
}

const neon = await startLocalNeon({ operationMs: 0 });
try {
  const common = { 'api-key': neon.apiKey, 'project-id': neon.projectId, 'api-host': neon.apiUrl };
  const bad = await runAction({ inputs: { ...common, command: 'explode' } });
  const errorLines = bad.stdout.split('\n').filter((l) => l.startsWith('::error::'));
  check(
    bad.code === 1 &&
      errorLines.length === 1 &&
      errorLines[0]!.includes('Input "command"') &&
      !/\n\s+at /.test(bad.output),
    'a bad command fails with one line naming the input, exit 1, no stack trace',
    bad.output,
  );

  const api = await runAction({ inputs: { ...common, command: 'api', operation: 'listProjectBranches' } });
  let names: string[] = [];
  try {
    names = JSON.parse(api.outputs.response ?? '{}').branches.map((b: { name: string }) => b.name);
  } catch {}
  check(api.code === 0 && names.includes('main'), 'api lists the branches', api.output);

  const created = await runAction({ inputs: { ...common, command: 'create-branch', 'branch-name': 'smoke/1' } });
  check(
    created.code === 0 && created.outputs.created === 'true' && created.outputs['db-url']!.startsWith('postgresql://'),
    'create-branch creates a branch and outputs its URL',
    created.output,
  );
  // the bundled parser (dist/libpg-query.wasm) reviews a schema change
  const branchId = created.outputs['branch-id']!;
  (neon.dataPlane as FakeDataPlane).setSchema(branchId, 'neondb', 'CREATE TABLE public.smoke (id integer NOT NULL);\n');
  const review = await runAction({
    inputs: { ...common, command: 'compare-schema', 'branch-name': 'smoke/1', 'base-point': 'head' },
  });
  let kinds: string[] = [];
  try {
    kinds = JSON.parse(review.outputs.changes ?? '[]').map(
      (c: { kind: string; action: string; object: string }) => `${c.kind} ${c.action} ${c.object}`,
    );
  } catch {}
  check(
    review.code === 0 && kinds.includes('table added public.smoke'),
    'compare-schema parses SQL with the bundled wasm',
    review.output,
  );

  const cleaned = await runAction({
    inputs: { ...common, command: 'cleanup', 'cleanup-mode': 'pr', 'branch-name': 'smoke/1' },
  });
  check(
    cleaned.code === 0 && JSON.parse(cleaned.outputs.deleted ?? '[]').length === 1,
    'cleanup deletes it',
    cleaned.output,
  );
  console.log(`dist/index.js ran under ${process.env.NODE24 ? 'Node 24 (NODE24)' : `this Node (${process.version})`}`);
} finally {
  await neon.close();
}
