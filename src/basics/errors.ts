/** How an error is told in one line: a log line, a warning, a failure, never a stack trace. */

/** The first line of an error's message (or of the value thrown), trimmed; the error's name when that is empty. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error ?? '');
  const line = (text.split(/\r\n|\r|\n/)[0] ?? '').trim();
  return line || (error instanceof Error ? error.name : '');
}
