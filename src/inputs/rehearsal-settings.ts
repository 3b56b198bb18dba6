/** compare-schema's rehearsal settings: whether to run the PR's migration on a copy, for how long, where and as whom. */
import { bool, duration, oneOf, parseFields, type Reader, textOr } from './fields.js';

export const DEFAULT_REHEARSAL_TIMEOUT_MS = 10 * 60_000;
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
      rehearse: bool(false),
      'rehearsal-timeout': duration({
        fallback: DEFAULT_REHEARSAL_TIMEOUT_MS,
        maxMs: MAX_REHEARSAL_TIMEOUT_MS,
        minMs: 1_000,
      }),
      database: textOr('neondb'),
      role: textOr('neondb_owner'),
      'rehearsal-error-details': bool(false),
      'rehearse-at': oneOf(['head', 'fork'] as const, 'head'),
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
