/**
 * The Logger (basics/logger) written to the runner through @actions/core. Every line is neutralized,
 * so no message can stop command processing (and with it the `::add-mask::` lines that follow), forge
 * an annotation or close a group.
 */
import * as core from '@actions/core';
import { type Logger, neutralize } from '../basics/logger.js';

export { type Logger, neutralize };

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
