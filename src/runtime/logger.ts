import * as core from '@actions/core';

/** What the Neon client, the commands and the GitHub helpers log through. */
export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
  notice?(message: string): void;
}

export const coreLogger: Logger = {
  info: (m) => core.info(m),
  debug: (m) => core.debug(m),
  warning: (m) => core.warning(m),
  notice: (m) => core.notice(m),
};

/** A `core.group` per phase, so the log reads like a story. */
export function phase<T>(title: string, fn: () => Promise<T>): Promise<T> {
  return core.group(title, fn);
}
