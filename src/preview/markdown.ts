/** Escaping for user data (branch names, hosts) inside comment and summary Markdown. */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '|': '&#124;', '`': '&#96;' };

/** Text safe in a table cell and outside code: no tags, pipes, backticks, newlines or HTML comments. */
export function escapeText(text: string): string {
  return text.replace(/[&<>"|`]/g, (c) => HTML[c]!).replace(/[\r\n]+/g, ' ');
}

/** Inline code that user data cannot break out of. */
export function code(text: string): string {
  return `<code>${escapeText(text)}</code>`;
}
