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
  return JSON.stringify(oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine);
}
