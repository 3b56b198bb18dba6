/**
 * Command modules load with dynamic imports, so create-branch never pays for the SQL parser or
 * the anonymize/snapshot/api code (ncc puts each in its own chunk). Each pairs `parseSettings` with
 * `run`: main.ts parses the settings once, before any request, and hands them to `run`.
 */
import type { Command } from '../names.js';
import type { CommandModule } from './types.js';

/** A module whose `parseSettings` and `run` agree on their settings, seen from main.ts (which only passes them on). */
const command = <S>(module: CommandModule<S>) => module as CommandModule<unknown>;

export async function loadCommand(name: Command): Promise<CommandModule<unknown>> {
  switch (name) {
    case 'create-branch':
      return command(await import('./create-branch.js'));
    case 'reset-branch':
      return command(await import('./reset-branch.js'));
    case 'compare-schema':
      return command(await import('./compare-schema.js'));
    case 'anonymize':
      return command(await import('./anonymize.js'));
    case 'snapshot':
      return command(await import('./snapshot.js'));
    case 'cleanup':
      return command(await import('./cleanup.js'));
    case 'api':
      return command(await import('./api.js'));
  }
}
