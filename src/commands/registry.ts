/**
 * Command modules load with dynamic imports, so create-branch never pays for the SQL parser or
 * the anonymize/snapshot/api code (ncc puts each in its own chunk).
 */
import type { Command } from '../names.js';
import type { CommandModule } from './types.js';

export async function loadCommand(command: Command): Promise<CommandModule> {
  switch (command) {
    case 'create-branch':
      return import('./create-branch.js');
    case 'reset-branch':
      return import('./reset-branch.js');
    case 'compare-schema':
      return import('./compare-schema.js');
    case 'anonymize':
      return import('./anonymize.js');
    case 'snapshot':
      return import('./snapshot.js');
    case 'cleanup':
      return import('./cleanup.js');
    case 'api':
      return import('./api.js');
  }
}
