/**
 * The PR's migration files, read and split: GitHub's list of the PR's files (pull-requests: read),
 * filtered by the `migrations` globs, read from the workspace (the checked-out repository), split
 * into statements. Whatever goes wrong is a note for the comment, never a failed step.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
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

export interface PrMigrationSources {
  /** GitHub's list of the PR's files. */
  listFiles(): Promise<{ filename: string; status?: string }[]>;
  /** The workspace (repository root). */
  workspace: string;
}

export async function readPrMigrations(globs: readonly string[], sources: PrMigrationSources, parser: Parser): Promise<PrMigrations> {
  const out: PrMigrations = { files: [], statements: [], parseErrors: [], notes: [], warnings: [] };
  let listed: { filename: string; status?: string }[];
  try {
    listed = await sources.listFiles();
  } catch (e) {
    out.notes.push(`Could not list the PR's files (${describe(e)}): the migrations input needs pull-requests: read; reviewed from the dumps alone.`);
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
  for (const file of out.files) {
    const path = resolve(sources.workspace, file);
    const inside = relative(sources.workspace, path);
    if (inside.startsWith('..') || isAbsolute(inside)) continue;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      missing.push(file);
      continue;
    }
    const split = await splitMigration(file, text, parser);
    out.statements.push(...split.statements);
    if (split.error) out.parseErrors.push({ file, ...split.error });
  }
  if (missing.length > 0) out.notes.push(`Migration files not in the workspace (check out the PR before compare-schema): ${list(missing)}.`);
  for (const e of out.parseErrors) out.notes.push(`${e.file}:${e.line} did not parse (${e.message}): that statement is reviewed from the dumps alone.`);
  return out;
}

/** The first three paths, and how many more. */
function list(paths: string[]): string {
  const more = paths.length > 3 ? ` and ${paths.length - 3} more` : '';
  return `${paths.slice(0, 3).join(', ')}${more}`;
}

function describe(e: unknown): string {
  const status = (e as { status?: number }).status;
  const message = ((e as Error).message ?? String(e)).split('\n')[0];
  return status ? `HTTP ${status}: ${message}` : message;
}
