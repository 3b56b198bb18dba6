// The Node that runs the action on GitHub's runners (action.yml: node24), for running dist/ as the
// runner does: $NODE24 when set, else .tmp/node24, installed there from the npm registry's `node`
// package on first use. As a command it prints the binary's path (.ci/run exports it as NODE24).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../.tmp/node24/', import.meta.url));
const BIN = `${DIR}node_modules/.bin/node`;

/** The runner's Node binary; installs it when missing (a minute at most, once). */
export function runnerNode() {
  if (process.env.NODE24) return process.env.NODE24;
  if (!existsSync(BIN)) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(`${DIR}package.json`, '{"private":true}\n');
    process.stderr.write("installing Node 24 (the runner's) from the npm registry into .tmp/node24…\n");
    execFileSync('npm', ['i', '--no-audit', '--no-fund', '--silent', 'node@24'], {
      cwd: DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return BIN;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(runnerNode());
