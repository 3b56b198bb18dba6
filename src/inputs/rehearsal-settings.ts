/** compare-schema's rehearsal settings: whether to run the PR's migration on a copy, for how long, where and as whom. */
import { bool, duration, given, oneOf, parseFields, type Reader } from './fields.js';

/** A GitHub-hosted job runs at most 6 hours. */
export const MAX_REHEARSAL_TIMEOUT_MS = 6 * 60 * 60_000;

export interface RehearsalSettings {
  rehearse: boolean;
  /** The whole rehearsal's budget, and each statement's statement_timeout. */
  timeoutMs: number;
  /** The database the migration runs in. */
  database: string;
  /** The role it runs as. */
  role: string;
  /** Postgres's error messages as they are (they can hold the parent's data); never on an anonymized preview. */
  errorDetails: boolean;
  /** Where the copy is taken: the base's head (what the deploy meets) or the preview's fork point. */
  at: 'head' | 'fork';
}

export function parseRehearsalSettings(read: Reader): RehearsalSettings {
  const f = parseFields(
    {
      rehearse: bool(),
      'rehearsal-timeout': duration({ maxMs: MAX_REHEARSAL_TIMEOUT_MS, minMs: 1_000 }),
      database: given(),
      role: given(),
      'rehearsal-error-details': bool(),
      'rehearse-at': oneOf(['head', 'fork'] as const),
    },
    read,
  );
  return {
    rehearse: f.rehearse,
    timeoutMs: f['rehearsal-timeout']!,
    database: f.database,
    role: f.role,
    errorDetails: f['rehearsal-error-details'],
    at: f['rehearse-at'],
  };
}
