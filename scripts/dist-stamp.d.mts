/** A hash of what dist/ is built from: src/, package.json, the lockfile, tsconfig.json, scripts/build.mjs. */
export function sourceHash(): string;
/** A hash of dist/ as it is. */
export function distHash(): string;
/** Records both hashes in .tmp/dist-stamp.json (scripts/build.mjs, once dist/ is written). */
export function writeStamp(): void;
/** Why dist/ is not the bundle of this src/, or undefined when it is. */
export function staleReason(): string | undefined;
