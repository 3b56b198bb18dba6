/**
 * Which of the PR's files are migrations: GitHub's list of the PR's files, filtered by the
 * `migrations` glob(s), in the order the migration tools apply them. Prisma, Drizzle, Flyway,
 * golang-migrate, dbmate and the rest name files (or folders) by a number or timestamp that sorts,
 * so the order is the paths sorted, digit runs compared as numbers (`2_x.sql` before `10_x.sql`).
 */
import picomatch from 'picomatch';
import { downFile } from './conventions.js';

/** A file of the PR as GitHub lists it (`GET /repos/{o}/{r}/pulls/{n}/files`), or just its path. */
export interface ChangedFile {
  filename: string;
  /** `added`, `modified`, `renamed`, `removed`, …: a removed file has nothing left to read. */
  status?: string;
}

/**
 * The PR's migration files: the changed paths that match a glob, removed ones and down migrations
 * (golang-migrate's `*.down.sql`, Flyway's `U…__` undo files, sqitch's revert/ and verify/) left
 * out, in apply order. `downs` collects the down files the globs matched.
 */
export function selectMigrationFiles(
  globs: string | readonly string[],
  changed: readonly (string | ChangedFile)[],
  downs: string[] = [],
): string[] {
  const patterns = (typeof globs === 'string' ? [globs] : [...globs])
    .map((g) => g.trim().replace(/^\.\//, ''))
    .filter(Boolean);
  if (patterns.length === 0) return [];
  const matches = picomatch(patterns, { dot: true });
  const paths = new Set<string>();
  for (const entry of changed) {
    const file = typeof entry === 'string' ? { filename: entry } : entry;
    if (file.status === 'removed') continue;
    if (matches(file.filename)) paths.add(file.filename);
  }
  const all = new Set(changed.map((entry) => (typeof entry === 'string' ? entry : entry.filename)));
  for (const path of paths) {
    if (downFile(path, all) === undefined) continue;
    paths.delete(path);
    downs.push(path);
  }
  return [...paths].sort(compareMigrationPaths);
}

/** Paths compared run by run: digit runs as numbers (then by length, so `01` and `1` stay apart), the rest by code point. */
export function compareMigrationPaths(a: string, b: string): number {
  const ra = a.match(RUNS) ?? [];
  const rb = b.match(RUNS) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const [x, y] = [ra[i], rb[i]];
    if (x === y) continue;
    if (DIGITS.test(x) && DIGITS.test(y)) {
      const [nx, ny] = [BigInt(x), BigInt(y)];
      if (nx !== ny) return nx < ny ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ra.length - rb.length;
}

const RUNS = /\d+|\D+/g;
const DIGITS = /^\d/;
