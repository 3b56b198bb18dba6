// The Neon API v2 OpenAPI description, read where Neon publishes it: the npm package
// @neondatabase/api-client (exact-pinned in devDependencies), file public-v2-for-users.gen.yaml.
// Version 2.7.3 describes the 163 operations the client covers (one, a function deployment, takes a
// multipart body the client refuses by name). The generator, the local
// Neon's contract check and the tests all read it through this module.
//
// NEON_OPENAPI_SPEC names another copy (YAML or JSON) instead.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';

export const SPEC_PACKAGE = '@neondatabase/api-client';
export const SPEC_FILE = 'public-v2-for-users.gen.yaml';
/** How the generated files name their source. */
export const SPEC_SOURCE = `${SPEC_PACKAGE}/${SPEC_FILE}`;

const require = createRequire(import.meta.url);

/** The description's path on disk. */
export function specPath() {
  if (process.env.NEON_OPENAPI_SPEC) return path.resolve(process.env.NEON_OPENAPI_SPEC);
  let manifest;
  try {
    manifest = require.resolve(`${SPEC_PACKAGE}/package.json`);
  } catch {
    throw new Error(`${SPEC_PACKAGE} is not installed: run \`npm ci\` (it ships the Neon OpenAPI description)`);
  }
  return path.join(path.dirname(manifest), SPEC_FILE);
}

/** The description as a plain object (YAML 1.2 core schema: dates stay strings). */
export function loadSpec(file = specPath()) {
  const text = readFileSync(file, 'utf8');
  return file.endsWith('.json') ? JSON.parse(text) : parse(text, { maxAliasCount: -1 });
}
