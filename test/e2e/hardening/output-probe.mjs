// Loaded into the action's process with `node --import`: before each write to the GITHUB_OUTPUT
// file it prints `##probe-output##<base64 of the write>` on stdout, so a test can see whether a
// secret's `::add-mask::` line came before the first output write holding it (stdout to a pipe is
// synchronous on Linux, so the order on stdout is the order of events).
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const target = process.env.GITHUB_OUTPUT;
const original = fs.appendFileSync;
fs.appendFileSync = function appendFileSyncProbe(file, data, ...rest) {
  if (target && String(file) === target)
    process.stdout.write(`##probe-output##${Buffer.from(String(data)).toString('base64')}\n`);
  return original.call(this, file, data, ...rest);
};
syncBuiltinESMExports();
