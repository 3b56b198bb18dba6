/**
 * Global setup of the full tier: the end-to-end tests run dist/index.js, so dist/ must be the bundle
 * of the src/ beside it, or a change to src/ would be tested by the old code. When it is not (by
 * content: scripts/dist-stamp.mjs), `npm run build` runs first (seconds; a minute or two on a loaded
 * 2-core machine). With NPA_NO_BUILD=1 a stale dist/ fails the run at once instead, naming the command.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { staleReason } from '../../scripts/dist-stamp.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default function buildDistWhenStale(): void {
  const reason = staleReason();
  if (reason === undefined) return;
  if (process.env.NPA_NO_BUILD === '1') {
    throw new Error(`dist/ is not the bundle of src/ (${reason}): run \`npm run build\` first`);
  }
  process.stdout.write(`building dist/ before the end-to-end tests: ${reason}\n`);
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const still = staleReason();
  if (still !== undefined) throw new Error(`dist/ is still not current after \`npm run build\`: ${still}`);
}
