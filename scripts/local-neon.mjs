#!/usr/bin/env node
/**
 * `npm run local-neon`: start the local Neon standalone and print its API URL, API key and project
 * id; runs until Ctrl-C. Options:
 *   --data-plane=pglite|none   real Postgres per branch (default pglite when available) or metadata only
 *   --operation-ms=N           how long operations run (default 300)
 *   --port=N                   API port (default: any free port)
 *   --api-key=KEY              fixed API key (default: random)
 *   --write-env=PATH           also write LOCAL_NEON_API_URL, LOCAL_NEON_API_KEY and LOCAL_NEON_PROJECT_ID there
 *                              (not --env-file: Node takes that flag as its own, even after the script name)
 */
import { existsSync, writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();

const FLAGS = ['data-plane', 'operation-ms', 'port', 'api-key', 'write-env'];
for (const arg of process.argv.slice(2)) {
  const name = /^--([a-z-]+)=/.exec(arg)?.[1];
  if (name === undefined || !FLAGS.includes(name)) {
    console.error(`Unknown option ${arg}: expected ${FLAGS.map((f) => `--${f}=…`).join(', ')}`);
    process.exit(2);
  }
}

function flag(name) {
  const prefix = `--${name}=`;
  const arg = process.argv.slice(2).find((a) => a.startsWith(prefix));
  return arg === undefined ? undefined : arg.slice(prefix.length);
}

const pgliteAvailable = existsSync(new URL('../test/local-neon/pglite-data-plane.ts', import.meta.url));
const dataPlane = flag('data-plane') ?? (pgliteAvailable ? 'pglite' : 'none');
const { startLocalNeon } = await import('../test/local-neon/index.ts');
const neon = await startLocalNeon({
  dataPlane,
  operationMs: flag('operation-ms') === undefined ? undefined : Number(flag('operation-ms')),
  port: flag('port') === undefined ? undefined : Number(flag('port')),
  apiKey: flag('api-key'),
});

process.stdout.write(
  [
    `Local Neon is running (data plane: ${dataPlane}).`,
    `  API URL:        ${neon.apiUrl}`,
    `  API key:        ${neon.apiKey}`,
    `  Project id:     ${neon.projectId}`,
    `  Default branch: ${neon.defaultBranchId} (main; role neondb_owner, database neondb)`,
    '',
    'Use it from the action with:',
    `  api-host: ${neon.apiUrl}`,
    `  NEON_API_KEY=${neon.apiKey} NEON_PROJECT_ID=${neon.projectId}`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

const envFile = flag('write-env');
if (envFile) {
  writeFileSync(
    envFile,
    `LOCAL_NEON_API_URL=${neon.apiUrl}\nLOCAL_NEON_API_KEY=${neon.apiKey}\nLOCAL_NEON_PROJECT_ID=${neon.projectId}\n`,
  );
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping the local Neon…\n');
  await neon.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
