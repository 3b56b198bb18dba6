/**
 * The before/after pairs the review is measured on: the shared Synapse corpus, read in place from
 * `../shared/schema-corpus` next to the repository (or SCHEMA_CORPUS_DIR), and this project's own
 * pairs in test/fixtures/schema-pairs. Real-history corpora kept outside the repository (windows of
 * a project's migrations, with the files in `migrations/`) are found through SCHEMA_CORPUS.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS_DIR = process.env.SCHEMA_CORPUS_DIR ?? resolve(REPO_ROOT, '../shared/schema-corpus');
export const OWN_PAIRS_DIR = join(REPO_ROOT, 'test/fixtures/schema-pairs');

export interface ExpectedChange {
  kind: string;
  action: string;
  object: string;
  /** Corpus functions carry their argument list here; own pairs put it in `object`. */
  signature?: string;
  from?: string;
  destructive: boolean;
  /** Own pairs also state the expected risk. */
  risk?: string;
  debatable?: boolean;
  /** Sub-objects that go with an added or dropped table, column or type: not changes of their own. */
  children?: string[];
  /** The migration file(s) that made the change (corpus lists). */
  migration?: string;
  /**
   * The change leaves both dumps as they were (a table dropped and re-created identically): only the
   * statements or the catalogs can show it, so the dumps-alone way is not scored on it.
   */
  invisible_in_dumps?: boolean;
  /** A data step (DELETE, UPDATE … SET col = NULL) that removes data: the statement shows it, no dump does. */
  data_step?: boolean;
  /**
   * Why the dumps cannot tell this change from another reading of them (an index dropped and another
   * of the same definition created on the renamed table and column reads exactly as a rename): the
   * entry is not scored in the dumps-alone way, nor is the found change of the other reading. Set on
   * both entries of such a dropped + added pair; the statements and the catalogs do tell.
   */
  ambiguous_in_dumps?: string;
}

export interface Pair {
  name: string;
  source: 'corpus' | 'own';
  dir: string;
  expected: ExpectedChange[];
}

/** A corpus pair of a real project's history; `migrations` holds the window's files, when the corpus has them. */
export interface CorpusWindow extends Pair {
  /** Absolute paths of the window's migration files in apply order (empty when the corpus has none). */
  migrations: string[];
}

/** The corpus roots: ../shared/schema-corpus (or SCHEMA_CORPUS_DIR) and each path of SCHEMA_CORPUS (colon-separated). */
export function corpusRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.SCHEMA_CORPUS ?? '')
    .split(':')
    .filter(Boolean)
    .map((p) => resolve(p));
  return [CORPUS_DIR, ...extra].filter((dir, i, all) => existsSync(dir) && all.indexOf(dir) === i);
}

/** Every window under the corpus roots: `<root>/<project>/<window>/` holding expected.json, before.sql and after.sql. */
export function loadCorpusWindows(roots: readonly string[] = corpusRoots()): CorpusWindow[] {
  const windows: CorpusWindow[] = [];
  for (const root of roots) {
    for (const project of readdirSync(root, { withFileTypes: true })) {
      if (!project.isDirectory()) continue;
      for (const name of readdirSync(join(root, project.name)).sort()) {
        const dir = join(root, project.name, name);
        if (!existsSync(join(dir, 'expected.json'))) continue;
        const files = existsSync(join(dir, 'migrations'))
          ? readdirSync(join(dir, 'migrations'))
              .filter((f) => f.endsWith('.sql'))
              .sort()
          : [];
        windows.push({
          ...readPair(dir, `${project.name}/${name}`, 'corpus'),
          migrations: files.map((f) => join(dir, 'migrations', f)),
        });
      }
    }
  }
  return windows;
}

export function corpusAvailable(): boolean {
  return existsSync(CORPUS_DIR);
}

export function loadPairs(): Pair[] {
  const pairs: Pair[] = [];
  if (corpusAvailable()) {
    for (const project of readdirSync(CORPUS_DIR, { withFileTypes: true })) {
      if (!project.isDirectory()) continue;
      for (const name of readdirSync(join(CORPUS_DIR, project.name)).sort()) {
        pairs.push(readPair(join(CORPUS_DIR, project.name, name), `${project.name}/${name}`, 'corpus'));
      }
    }
  }
  for (const name of readdirSync(OWN_PAIRS_DIR).sort()) {
    if (existsSync(join(OWN_PAIRS_DIR, name, 'expected.json')))
      pairs.push(readPair(join(OWN_PAIRS_DIR, name), name, 'own'));
  }
  return pairs;
}

function readPair(dir: string, name: string, source: Pair['source']): Pair {
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')).changes as ExpectedChange[];
  return { name, source, dir, expected };
}

export function readDumps(pair: Pair): { before: string; after: string } {
  return {
    before: readFileSync(join(pair.dir, 'before.sql'), 'utf8'),
    after: readFileSync(join(pair.dir, 'after.sql'), 'utf8'),
  };
}
