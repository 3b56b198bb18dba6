// `npm run flaky -- [--runs N] [--load K] [vitest arguments…]`: runs the test suite (scripts/test.mjs,
// both tiers unless told otherwise, e.g. `--project unit` or a file) N times in a row (default 2)
// with K CPU-bound processes beside it (default 2: a busy 2-core machine), then lists every test
// that failed at least once, how often, and how: a timeout, or the first line of what it asserted.
// A test that failed in every run fails on its own merits; one whose assertion failed is a finding
// to read whatever its count, never noise. No retries anywhere: each failure counts. Each run's log
// and JSON report stay in .tmp/flaky/; `--summary` lists the failures of the reports already there
// without running anything. Exits 1 when any test failed.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const argv = process.argv.slice(2);
function option(name, fallback) {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} takes a whole number, got "${argv[at + 1] ?? ''}"`);
    process.exit(1);
  }
  argv.splice(at, 2);
  return value;
}
const summaryOnly = argv.includes('--summary');
if (summaryOnly) argv.splice(argv.indexOf('--summary'), 1);
let runs = option('--runs', 2);
let load = option('--load', 2);
if (runs < 1) {
  console.error('--runs takes a number of 1 or more');
  process.exit(1);
}
const dir = `${root}.tmp/flaky`;
mkdirSync(dir, { recursive: true });

// the load: busy loops, ended by their own pids when the runs are done (or this script is stopped)
const hogs = Array.from({ length: summaryOnly ? 0 : load }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stopHogs = () => {
  for (const hog of hogs) if (hog.exitCode === null) hog.kill('SIGKILL');
};
process.on('exit', stopHogs);
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    stopHogs();
    process.exit(130);
  });

/** `file > describe > test` → number of runs it failed in. */
const failures = new Map();
/** `file > describe > test` → how it failed, each distinct way once. */
const how = new Map();
const notes = [];

/** A failure in one line: a timeout, or the first line of the assertion (colours and the stack left out). */
function firstLine(message, durationMs) {
  // vitest's JSON report gives a test timeout as the error that captured the stack
  if (/^Error: STACK_TRACE_ERROR/.test(String(message ?? '')))
    return `timed out${durationMs ? ` after ${(durationMs / 1000).toFixed(0)} s` : ''}`;
  const line = String(message ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .find((l) => l.trim() !== '');
  if (!line) return 'no message';
  if (/timed out in \d+ms/i.test(line)) return `timed out (${line.trim().slice(0, 120)})`;
  return line.trim().slice(0, 200);
}

/** Adds one run's report to the counts; undefined when there is none. */
function readReport(report) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const failedHere = new Set();
  for (const file of r.testResults) {
    const name = relative(root, file.name);
    const failed = file.assertionResults.filter((a) => a.status === 'failed');
    for (const a of failed) {
      const key = `${name} > ${a.ancestorTitles.concat(a.title).join(' > ')}`;
      failedHere.add(key);
      if (!how.has(key)) how.set(key, new Set());
      how.get(key).add(firstLine(a.failureMessages?.[0], a.duration));
    }
    if (file.status === 'failed' && failed.length === 0)
      failedHere.add(`${name} (outside its tests: ${firstLine(file.message)})`);
  }
  for (const key of failedHere) failures.set(key, (failures.get(key) ?? 0) + 1);
  return `${r.numPassedTests} passed, ${failedHere.size} failed`;
}

if (summaryOnly) {
  const reports = readdirSync(dir)
    .filter((f) => /^run-\d+\.json$/.test(f))
    .sort();
  for (const f of reports) console.log(`${f}: ${readReport(`${dir}/${f}`)}`);
  runs = reports.length;
  load = 'as run';
}
for (let run = 1; !summaryOnly && run <= runs; run++) {
  const report = `${dir}/run-${run}.json`;
  const log = `${dir}/run-${run}.log`;
  const started = Date.now();
  const child = spawn(process.execPath, [`${root}scripts/test.mjs`, ...argv], {
    cwd: root,
    env: { ...process.env, NPA_TEST_REPORT: report },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(log);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let lastLine = '';
  child.stdout.on('data', (d) => {
    const lines = String(d).trim().split('\n');
    lastLine = lines[lines.length - 1] || lastLine;
  });
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  let summary;
  try {
    summary = readReport(report);
  } catch {
    summary = `no report (exit code ${code}; see ${relative(root, log)})`;
    notes.push(`run ${run} ended without a report: ${lastLine}`);
    failures.set(`(run ${run} crashed)`, 1);
  }
  console.log(`run ${run}/${runs} with ${load} CPU-bound processes beside it: ${summary} in ${minutes} min`);
}
stopHogs();

for (const note of notes) console.log(note);
if (failures.size === 0) {
  console.log(`no test failed in ${runs} run(s) under load ${load}`);
  process.exit(0);
}
console.log(`tests that failed at least once in ${runs} run(s) under load ${load}:`);
for (const [name, count] of [...failures].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
  const ways = [...(how.get(name) ?? [])];
  const timedOut = ways.length > 0 && ways.every((w) => w.startsWith('timed out'));
  const verdict =
    runs > 1 && count === runs
      ? 'failed every run: it fails on its own merits'
      : timedOut
        ? `timed out in ${count} of ${runs} runs: find what it waits for`
        : `its assertion failed in ${count} of ${runs} runs: a finding, read it (an intermittent failure is a race somewhere, not noise)`;
  console.log(`  ${count}/${runs}  ${name}\n        ${verdict}`);
  for (const way of ways) console.log(`        - ${way}`);
}
process.exit(1);
