import type { CommandResult } from './types.js';

/** Not built yet: fails saying so rather than pretending to succeed. */
export async function run(): Promise<CommandResult> {
  return { failure: 'The compare-schema command is not available in this version of neon-preview-action yet.' };
}
