/**
 * The PR's migration files, read and split: GitHub's list of the PR's files (pull-requests: read),
 * filtered by the `migrations` globs, read from the workspace (the checked-out repository), split
 * into statements. Whatever goes wrong is a note for the comment, never a failed step.
 */
import type { Parser } from '../schema/parser.js';
import { selectMigrationFiles } from './select.js';
import { type MigrationStatement, splitMigration } from './split.js';

export interface PrMigrations {
  /** The PR's migration files, in apply order. */
  files: string[];
  statements: MigrationStatement[];
  /** One per file that did not parse: where and why. */
  parseErrors: { file: string; line: number; message: string }[];
  /** Lines for the comment and the log: files missing, the listing refused… */
  notes: string[];
  /** Notes that are also the step's warnings (`::warning::`): the globs match no file of the PR. */
  warnings: string[];
}

/** A file read, or why it was not (runtime/workspace-file's WorkspaceRead). */
export type FileRead = { text: string } | { problem: 'outside' | 'missing' | 'not-a-file' | 'too-big'; size?: number };

export interface PrMigrationSources {
  /** GitHub's list of the PR's files. */
  listFiles(): Promise<{ filename: string; status?: string }[]>;
  /**
   * Reads a file of the workspace (the checked-out repository) as anything a PR controls is read
   * (runtime/workspace-file's readWorkspaceFile): inside the workspace, a regular file, at most `maxBytes`.
   */
  readFile(path: string, maxBytes: number): FileRead;
  /** The largest migration file read (default MAX_MIGRATION_FILE_BYTES). */
  maxFileBytes?: number;
}

/** A migration file larger than this is not read (a note says so): 2 MB is far beyond a hand-written migration, and reads in seconds. */
export const MAX_MIGRATION_FILE_BYTES = 2 * 1024 * 1024;

export async function readPrMigrations(
  globs: readonly string[],
  sources: PrMigrationSources,
  parser: Parser,
): Promise<PrMigrations> {
  const out: PrMigrations = { files: [], statements: [], parseErrors: [], notes: [], warnings: [] };
  let listed: { filename: string; status?: string }[];
  try {
    listed = await sources.listFiles();
  } catch (e) {
    out.notes.push(
      `Could not list the PR's files (${describe(e)}): the migrations input needs pull-requests: read; reviewed from the dumps alone.`,
    );
    return out;
  }
  const downs: string[] = [];
  out.files = selectMigrationFiles(globs, listed, downs);
  if (downs.length > 0) out.notes.push(`Down migrations left out (only the up part migrates): ${list(downs)}.`);
  if (out.files.length === 0) {
    const none = `Input "migrations" (${globs.join(', ')}) matches no file this PR adds or changes: reviewed from the dumps alone.`;
    out.notes.push(none);
    out.warnings.push(none);
    return out;
  }
  const missing: string[] = [];
  const refused: string[] = [];
  const maxBytes = sources.maxFileBytes ?? MAX_MIGRATION_FILE_BYTES;
  for (const file of out.files) {
    // read as the rules file is: a regular file inside the workspace, links resolved, size-capped
    const read = sources.readFile(file, maxBytes);
    if ('problem' in read) {
      if (read.problem === 'missing') missing.push(file);
      else refused.push(`${file} (${refusal(read.problem, maxBytes, read.size)})`);
      continue;
    }
    const text = read.text;
    let split: Awaited<ReturnType<typeof splitMigration>>;
    try {
      split = await splitMigration(file, text, parser);
    } catch (e) {
      out.notes.push(`${file} could not be read as SQL (${describe(e)}): it is reviewed from the dumps alone.`);
      continue;
    }
    out.statements.push(...split.statements);
    if (split.error) out.parseErrors.push({ file, ...split.error });
  }
  for (const r of refused) out.notes.push(`Migration file not read: ${r}; it is reviewed from the dumps alone.`);
  if (missing.length > 0)
    out.notes.push(`Migration files not in the workspace (check out the PR before compare-schema): ${list(missing)}.`);
  for (const e of out.parseErrors)
    out.notes.push(
      `${e.file}:${e.line} did not parse (${e.message}): that statement is reviewed from the dumps alone.`,
    );
  return out;
}

/** The first three paths, and how many more. */
function list(paths: string[]): string {
  const more = paths.length > 3 ? ` and ${paths.length - 3} more` : '';
  return `${paths.slice(0, 3).join(', ')}${more}`;
}

function refusal(problem: 'outside' | 'not-a-file' | 'too-big', maxBytes: number, size?: number): string {
  if (problem === 'outside') return 'it leads outside the workspace';
  if (problem === 'not-a-file') return 'not a regular file';
  const cap =
    maxBytes >= 1024 * 1024
      ? `${(maxBytes / 1024 / 1024).toLocaleString('en-US')} MB`
      : `${maxBytes.toLocaleString('en-US')} bytes`;
  return `${size === undefined ? 'grew past the cap' : `${size.toLocaleString('en-US')} bytes`}: a migration file is read up to ${cap}`;
}

function describe(e: unknown): string {
  const status = (e as { status?: number } | null)?.status;
  const raw = (e as Error | null)?.message;
  // never `[object Object]`: a thrown non-Error (a wasm abort) says what failed instead
  const message = (typeof raw === 'string' && raw ? raw : e instanceof Error ? e.name : 'an unexpected failure').split(
    '\n',
  )[0];
  return status ? `HTTP ${status}: ${message}` : message;
}
