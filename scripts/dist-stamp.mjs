// Whether dist/ is the bundle of the src/ beside it, by content (file times say nothing after a
// checkout): `npm run build` records a hash of its inputs (src/, the lockfile, the build script) and
// of what it wrote in .tmp/dist-stamp.json; dist/ is current while both hashes still match.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const STAMP = join(root, '.tmp/dist-stamp.json');
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];

function hashOf(paths) {
  const hash = createHash('sha256');
  const files = [];
  for (const path of paths) {
    const full = join(root, path);
    if (!existsSync(full)) continue;
    if (readdirSafe(full)) {
      for (const entry of readdirSync(full, { recursive: true, withFileTypes: true }))
        if (entry.isFile()) files.push(join(entry.parentPath, entry.name));
    } else files.push(full);
  }
  for (const file of files.sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function readdirSafe(path) {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
}

export const sourceHash = () => hashOf(INPUTS);
export const distHash = () => hashOf(['dist']);

/** Called by scripts/build.mjs once dist/ is written. */
export function writeStamp() {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  writeFileSync(STAMP, `${JSON.stringify({ source: sourceHash(), dist: distHash() }, null, 2)}\n`);
}

/** Why dist/ is not the bundle of this src/, or undefined when it is. */
export function staleReason() {
  if (!existsSync(join(root, 'dist/index.js'))) return 'dist/index.js is missing';
  if (!existsSync(STAMP)) return 'dist/ was not built in this checkout';
  const stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  if (stamp.source !== sourceHash()) return 'src/ (or the lockfile, or the build script) changed since dist/ was built';
  if (stamp.dist !== distHash()) return 'dist/ changed since it was built (a checkout or an edit)';
  return undefined;
}
