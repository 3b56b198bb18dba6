/**
 * Escaping for user data (object names, SQL, branch names, Neon's messages) placed in GitHub
 * Markdown, so that it cannot break out of a table cell, a code fence or an HTML comment, start HTML
 * of its own, nor act as anything but text: no `@user` or `@org/team` mention, no link from a bare
 * URL, `www.` or e-mail address, no emphasis or link syntax, no bidirectional control reordering the
 * text around it (Mermaid labels: schema/er-diagram's mermaidLabel).
 */
import { showBidi } from '../basics/bidi.js';

/** U+2060 WORD JOINER: invisible; placed after `@`, inside `://` and after `www`, it stops mentions and autolinks. */
const JOINER = '\u2060';

/** Mentions (`@user`, `@org/team`), e-mail autolinks, bare `scheme://` URLs and `www.` autolinks broken up. */
export function breakAutolinks(text: string): string {
  return text
    .replace(/@/g, `@${JOINER}`)
    .replace(/:\/\//g, `:${JOINER}//`)
    .replace(/\b(www)\./gi, `$1${JOINER}.`);
}

/** Text for inline Markdown or a table cell: one line, no HTML, no table pipes, no code spans. */
export function escapeInline(text: string): string {
  return breakAutolinks(
    showBidi(text)
      .replace(/\r\n?|\n/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/`/g, '&#96;')
      .replace(/([\\|*_~[\]#!])/g, '\\$1'),
  );
}

/** Text inside an HTML element such as `<summary>` (entities for Markdown's punctuation too, should it be parsed). */
export function escapeHtml(text: string): string {
  return escapeCell(text);
}

/** A fenced code block whose fence is longer than any backtick run in the content; bidi controls shown. */
export function codeBlock(content: string, language = ''): string {
  const shown = showBidi(content);
  const longestRun = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const body = shown.endsWith('\n') ? shown : `${shown}\n`;
  return `${fence}${language}\n${body}${fence}`;
}

/** A collapsible section; the body is Markdown (blank lines keep GitHub rendering it). */
export function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/**
 * Entities for what HTML and Markdown would read: inline HTML such as `<code>` does not stop Markdown
 * inside it, so emphasis, link brackets and backslashes are entities too.
 */
const CELL: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '|': '&#124;',
  '`': '&#96;',
  '[': '&#91;',
  ']': '&#93;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '\\': '&#92;',
  '!': '&#33;',
};

/** Text for a table cell shown as is (inside `<code>` too): entities only, so no backslash shows. */
export function escapeCell(text: string): string {
  return breakAutolinks(
    showBidi(text)
      .replace(/[&<>"|`[\]*_~\\!]/g, (c) => CELL[c]!)
      .replace(/[\r\n]+/g, ' '),
  );
}

/** Inline code that user data cannot break out of, safe in a table cell. */
export function code(text: string): string {
  return `<code>${escapeCell(text)}</code>`;
}

/**
 * A quoted label in a Mermaid diagram: no quote, backslash or line break, and `%` as Mermaid's
 * entity `#37;`, so no `%%{init: …}%%` directive (Mermaid finds them anywhere in the text) and no
 * `%%` comment comes from a name.
 */
