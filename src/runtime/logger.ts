/**
 * The one logger every line of the action passes through. Text from outside (branch, snapshot and
 * object names, Neon's messages, rule values) is data: the runner reads `::command::` at the start of
 * a line (after leading white space) and the legacy `##[command]` anywhere in one, and a line break
 * starts a new line. `neutralize` makes every line inert, so no message can stop command processing
 * (and with it the `::add-mask::` lines that follow), forge an annotation or close a group.
 */
import * as core from '@actions/core';

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

/**
 * core.info writes the text as is, so it is neutralized here. The other levels are workflow commands
 * whose data @actions/core escapes (`%`, CR, LF), so they are one line the runner reads as one
 * command whatever they hold; they are neutralized as well, so a message reads the same at any level.
 * `redact` runs first: a joiner put inside a secret would keep the runner from masking it.
 */
export function createLogger(redact: (text: string) => string = (t) => t): Logger {
  const clean = (m: string) => neutralize(redact(m));
  return {
    info: (m) => core.info(clean(m)),
    debug: (m) => core.debug(clean(m)),
    warning: (m) => core.warning(clean(m)),
    notice: (m) => core.notice(clean(m)),
  };
}

export const coreLogger: Logger = createLogger();

/** A `core.group` per phase, so the log reads like a story; the title is neutralized like any line. */
export function phase<T>(title: string, fn: () => Promise<T>): Promise<T> {
  return core.group(neutralize(title).replace(/\n/g, ' '), fn);
}
