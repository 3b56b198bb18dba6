/** Bad input: one line naming the input and what it accepts. Caught by `run()`, never with a stack. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly expectation: string,
  ) {
    super(`Input "${input}" ${expectation}`);
    this.name = 'InputError';
  }
}

/** Quote a value a user gave, cut short so a log line stays one line. */
export function shown(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ');
  // bidirectional controls would reorder the line around them: shown as escapes
  return JSON.stringify(oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine).replace(
    /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g,
    (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
  );
}
