// Builds dist/ from a clean folder: ncc bundle (minified, no source map) plus libpg-query's wasm,
// which the compare-schema command loads explicitly from beside the bundle.
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [`${root}node_modules/@vercel/ncc/dist/ncc/cli.js`, 'build', 'src/index.ts', '-o', 'dist', '-m', '--no-source-map-register', '--license', 'licenses.txt', '-q'],
  { cwd: root, stdio: 'inherit' },
);
copyFileSync(`${root}node_modules/libpg-query/wasm/libpg-query.wasm`, `${root}dist/libpg-query.wasm`);
console.log(`dist/: ${readdirSync(`${root}dist`).join(', ')}`);
