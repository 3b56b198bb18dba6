// Builds dist/ from a clean folder: ncc bundle (minified, no source map, chunks minified too) plus
// libpg-query's wasm, which the compare-schema command loads explicitly from beside the bundle.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { transformSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { writeStamp } from './dist-stamp.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    `${root}node_modules/@vercel/ncc/dist/ncc/cli.js`,
    'build',
    'src/index.ts',
    '-o',
    'dist',
    '-m',
    '--no-source-map-register',
    '--license',
    'licenses.txt',
    '-q',
  ],
  { cwd: root, stdio: 'inherit' },
);
// ncc minifies only the entry; its dynamic-import chunks are minified here (same output every time)
for (const file of readdirSync(`${root}dist`).filter((f) => /^\d+\.index\.js$/.test(f))) {
  const path = `${root}dist/${file}`;
  writeFileSync(
    path,
    transformSync(readFileSync(path, 'utf8'), { minify: true, format: 'esm', target: 'node20' }).code,
  );
}
// the parser's wasm, brotli-compressed (src/schema/parser.ts unpacks it when compare-schema runs)
const wasm = readFileSync(`${root}node_modules/libpg-query/wasm/libpg-query.wasm`);
writeFileSync(
  `${root}dist/libpg-query.wasm.br`,
  brotliCompressSync(wasm, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
);
console.log(`dist/: ${readdirSync(`${root}dist`).join(', ')}`);
// what the end-to-end tests read to know dist/ is this src/ (test/setup/dist.ts)
writeStamp();
