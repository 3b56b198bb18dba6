/**
 * Escaping for user data (object names, SQL, branch names) placed in GitHub Markdown, so that it
 * cannot break out of a table cell, a code fence or an HTML comment, nor start HTML of its own.
 */

/** Text for inline Markdown or a table cell: one line, no HTML, no table pipes, no code spans. */
export function escapeInline(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, '&#96;')
    .replace(/([\\|*_~[\]#])/g, '\\$1');
}

/** Text inside an HTML element such as `<summary>`. */
export function escapeHtml(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A fenced code block whose fence is longer than any backtick run in the content. */
export function codeBlock(content: string, language = ''): string {
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const body = content.endsWith('\n') ? content : `${content}\n`;
  return `${fence}${language}\n${body}${fence}`;
}

/** A collapsible section; the body is Markdown (blank lines keep GitHub rendering it). */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

const CELL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '|': '&#124;', '`': '&#96;' };

/** Text for a table cell shown as is (inside `<code>` too): entities only, so no backslash shows. */
export function escapeCell(text: string): string {
  return text.replace(/[&<>"|`]/g, (c) => CELL[c]!).replace(/[\r\n]+/g, ' ');
}

/** Inline code that user data cannot break out of, safe in a table cell. */
export function code(text: string): string {
  return `<code>${escapeCell(text)}</code>`;
}
