/**
 * The job summary: Markdown appended through @actions/core's `summary`, kept under GitHub's 1 MiB
 * limit per step (github/limits: 900 KiB, measured in UTF-8 bytes) and cut with a note when longer.
 */
import * as core from '@actions/core';
import { SUMMARY_MAX_BYTES } from './limits.js';
import { redact } from '../basics/redact.js';
import { truncateToBytes } from './truncate.js';

export interface SummaryOptions {
  maxBytes?: number;
  /** Replaced by `***` before writing (defence in depth; callers redact first). */
  secrets?: readonly string[];
  /** Where the text goes; @actions/core's summary by default (it needs `GITHUB_STEP_SUMMARY`). */
  sink?: { addRaw(text: string, addEOL?: boolean): { write(): Promise<unknown> } };
}

export interface SummaryResult {
  written: boolean;
  truncated: boolean;
  bytes: number;
}

/** Appends `markdown` to the step's summary. No-op (written=false) outside a runner. */
export async function writeJobSummary(markdown: string, options: SummaryOptions = {}): Promise<SummaryResult> {
  const maxBytes = options.maxBytes ?? SUMMARY_MAX_BYTES;
  const text = fitSummary(redact(markdown, options.secrets ?? []), maxBytes);
  const bytes = Buffer.byteLength(text.markdown, 'utf8');
  const sink = options.sink ?? (process.env.GITHUB_STEP_SUMMARY ? core.summary : undefined);
  if (!sink) return { written: false, truncated: text.truncated, bytes };
  await sink.addRaw(text.markdown, true).write();
  return { written: true, truncated: text.truncated, bytes };
}

const NOTE = '\n\n> [!NOTE]\n> This summary was cut to fit the size limit of a job summary.\n';

/** `markdown`, or its head cut at a line end within `maxBytes` of UTF-8, with a note. */
export function fitSummary(markdown: string, maxBytes: number): { markdown: string; truncated: boolean } {
  const fitted = truncateToBytes(markdown, maxBytes, NOTE);
  return { markdown: fitted, truncated: fitted !== markdown };
}
