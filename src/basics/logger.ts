/**
 * The one Logger every line of the action passes through (runtime/logger wires it to @actions/core),
 * and `neutralize`, which makes text from outside inert before it reaches the runner's log.
 *
 * Text from outside (branch, snapshot and object names, Neon's messages, rule values) is data: the
 * runner reads `::command::` at the start of a line (after leading white space) and the legacy
 * `##[command]` anywhere in one, and a line break starts a new line.
 */

/** What the Neon client, the commands and the GitHub helpers log through. */
export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
  notice?(message: string): void;
}

/** U+2060 WORD JOINER: invisible, not white space to the runner (.NET `TrimStart` keeps it). */
const JOINER = '\u2060';

/**
 * Each line of `text` with `##[` broken up anywhere and a leading `::` broken up (after any white
 * space), so the runner sees no workflow command in it. Line breaks stay line breaks: every line
 * they make is neutralized the same way.
 */
export function neutralize(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/##\[/g, `##${JOINER}[`).replace(/^(\s*)::/, `$1:${JOINER}:`))
    .join('\n');
}
