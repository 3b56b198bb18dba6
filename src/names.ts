/**
 * Every name a workflow author sees: commands, inputs, outputs, their defaults and descriptions.
 * `action.yml` and the README's tables are written from this module by `scripts/sync-docs.ts`, and
 * `test/names.test.ts` fails when the three drift apart.
 */

export const COMMANDS = [
  'create-branch',
  'reset-branch',
  'compare-schema',
  'anonymize',
  'snapshot',
  'cleanup',
  'api',
] as const;
export type Command = (typeof COMMANDS)[number];

export interface InputSpec {
  description: string;
  /** The default as action.yml states it; `undefined` means no default (empty string at runtime). */
  default?: string;
  /** Where the input applies: `all` or the commands that read it. */
  commands: 'all' | Command[];
  required?: boolean;
}

const branchCommands: Command[] = ['create-branch', 'reset-branch', 'anonymize'];

export const INPUTS = {
  command: {
    description: 'What to do: create-branch, reset-branch, compare-schema, anonymize, snapshot, cleanup or api.',
    commands: 'all',
    required: true,
  },
  'api-key': {
    description: 'Neon API key. Defaults to the NEON_API_KEY environment variable. Masked at once.',
    commands: 'all',
  },
  'project-id': {
    description: 'Neon project id. Defaults to the NEON_PROJECT_ID environment variable.',
    commands: 'all',
  },
  'api-host': {
    description: 'Base URL of the Neon API. Plain http:// is refused unless the host is loopback.',
    default: 'https://console.neon.tech/api/v2',
    commands: 'all',
  },
  'github-token': {
    description:
      'Token for PR comments, PR states, labels and deployments (pull-requests: write for comments, deployments: write for deployment).',
    default: '${{ github.token }}',
    commands: 'all',
  },
  'branch-name': {
    description:
      'The preview branch. Default preview/pr-{number}-{head} (anonymize: with -anon); required outside pull requests.',
    commands: 'all',
  },
  'pr-number': {
    description:
      'Pull request number. Default: from the event (pull_request, pull_request_target, issue_comment, merge_group).',
    commands: 'all',
  },
  comment: {
    description:
      'Keep the PR comments (on pull request events only): the preview comment and the schema review, each command updating its own section. false writes none; the job summary always has the whole story.',
    default: 'true',
    commands: 'all',
  },
  deployment: {
    description:
      "Record a GitHub deployment of the PR head to the environment neon/pr-<n> (transient), its URL the branch's Neon console page; cleanup marks it inactive. Needs deployments: write.",
    default: 'false',
    commands: ['create-branch', 'reset-branch', 'cleanup'],
  },
  timeout: {
    description:
      'Time limit of the whole step (every request, wait and listing): a duration such as 90s, 10m, 2h or 7d.',
    default: '10m',
    commands: 'all',
  },
  'request-timeout': {
    description: 'Timeout of one HTTP request, from sending it to the last byte of the answer (a duration).',
    default: '30s',
    commands: 'all',
  },
  'max-requests-per-minute': {
    description: 'Pace requests below this rate (Neon allows 700 a minute; the rest is left to other jobs).',
    default: '600',
    commands: 'all',
  },
  'parent-branch': {
    description: "Parent branch, by name or id. Default: the project's default branch.",
    commands: branchCommands,
  },
  'parent-lsn': {
    description: 'Branch from the parent at this LSN (not with parent-timestamp).',
    commands: ['create-branch', 'reset-branch'],
  },
  'parent-timestamp': {
    description: 'Branch from the parent at this time, RFC 3339 (not with parent-lsn).',
    commands: ['create-branch', 'reset-branch'],
  },
  'schema-only': {
    description: "Create a schema-only branch (a new root branch with the parent's schema and no data).",
    default: 'false',
    commands: ['create-branch'],
  },
  'expires-in': {
    description:
      "Let Neon delete the branch after this duration (at most 30d); no default. Snapshot: the snapshot's expiry (create), the restored branch's (restore, default 7d).",
    commands: ['create-branch', 'reset-branch', 'anonymize', 'snapshot'],
  },
  'expires-at': {
    description: 'Absolute expiry, RFC 3339 with a time zone, at most 30 days ahead (not with expires-in).',
    commands: ['create-branch', 'reset-branch', 'anonymize'],
  },
  database: {
    description:
      'Database used for the connection outputs (compare-schema: the database a rehearsal runs the migration in).',
    default: 'neondb',
    commands: branchCommands.concat('snapshot', 'compare-schema'),
  },
  role: {
    description:
      'Role used for the connection outputs (compare-schema: the role that reads table sizes and runs a rehearsal).',
    default: 'neondb_owner',
    commands: branchCommands.concat('snapshot', 'compare-schema'),
  },
  'ssl-mode': {
    description:
      "Empty keeps Neon's own URI parameters; a value replaces sslmode (disable or omit also drop channel_binding).",
    commands: branchCommands.concat('snapshot'),
  },
  prisma: {
    description: 'Add Prisma parameters (connect_timeout, and pgbouncer/pool_timeout on the pooled URL).',
    default: 'false',
    commands: branchCommands.concat('snapshot'),
  },
  'cu-min': {
    description: 'Minimum compute units of the read_write endpoint (0.25 or more).',
    commands: branchCommands,
  },
  'cu-max': {
    description: 'Maximum compute units of the read_write endpoint.',
    commands: branchCommands,
  },
  'suspend-timeout': {
    description:
      "Seconds of inactivity before the compute suspends: 0 keeps Neon's default (300 s), -1 never, else 60 to 604800.",
    commands: branchCommands,
  },
  'get-auth-url': {
    description: "Also output the branch's Neon Auth URL (one GET; empty when not configured).",
    default: 'false',
    commands: ['create-branch', 'reset-branch'],
  },
  'get-data-api-url': {
    description: "Also output the branch's Data API URL (one GET; empty when not configured).",
    default: 'false',
    commands: ['create-branch', 'reset-branch'],
  },
  'base-branch': {
    description: "Branch to compare against, by name or id. Default: the preview branch's parent.",
    commands: ['compare-schema'],
  },
  'base-point': {
    description:
      "fork: the parent at the branch's creation point (parent_lsn), so later merges into the parent do not show; head: the parent's head.",
    default: 'fork',
    commands: ['compare-schema'],
  },
  lsn: {
    description: 'Point in time (LSN) on the compared branch (compare-schema) or the snapshot source (snapshot).',
    commands: ['compare-schema', 'snapshot'],
  },
  timestamp: {
    description: 'Point in time (RFC 3339) on the compared branch (compare-schema) or the snapshot source (snapshot).',
    commands: ['compare-schema', 'snapshot'],
  },
  'base-lsn': {
    description: 'Point in time (LSN) on the base branch; overrides base-point.',
    commands: ['compare-schema'],
  },
  'base-timestamp': {
    description: 'Point in time (RFC 3339) on the base branch; overrides base-point.',
    commands: ['compare-schema'],
  },
  databases: {
    description: 'Databases to compare, comma- or newline-separated. Default: all databases of the branch.',
    commands: ['compare-schema'],
  },
  'approve-label': {
    description:
      'A PR label that approves what fail-on flags: the step passes while the label is on, until a push flags a change the approval did not cover. Needs comment: true.',
    commands: ['compare-schema'],
  },
  'approve-label-allow-author': {
    description:
      "Let the PR's author approve their own change with approve-label. By default a label the author added does not count, and the review says so.",
    default: 'false',
    commands: ['compare-schema'],
  },
  'fail-on': {
    description: 'Fail the step after commenting: none, destructive (any destructive change) or any (any change).',
    default: 'none',
    commands: ['compare-schema'],
  },
  rehearse: {
    description:
      "Run the PR's migration files (needs migrations) on a throwaway branch of the base (at its head, or its fork point: rehearse-at), measuring time, locks, rewrites and rows per statement, and counting what each change costs (loses, violations) before it runs.",
    default: 'false',
    commands: ['compare-schema'],
  },
  'rehearsal-timeout': {
    description: "The rehearsal's whole budget, and each statement's statement_timeout (a duration, at most 6h).",
    default: '10m',
    commands: ['compare-schema'],
  },
  'rehearse-at': {
    description:
      "Where the rehearsal copies the base: head (the base as it is now, what the deploy will meet: rows written since the fork included, migrations merged since applied first) or fork (the point the preview was made at, the data the preview's own migration step saw).",
    default: 'head',
    commands: ['compare-schema'],
  },
  'rehearsal-error-details': {
    description:
      "Show Postgres's error messages from the rehearsal in the comment, the log and the outputs. They can hold the parent's data, so by default an error shows its SQLSTATE, its class and the statement's file and line only; never shown when the preview is anonymized.",
    default: 'false',
    commands: ['compare-schema'],
  },
  migrations: {
    description:
      "Glob(s), one per line, of the repository's migration SQL files (prisma/migrations/*/migration.sql, drizzle/*.sql, db/migrations/*.sql): the PR's files among them are matched to the changes, annotated and linked.",
    commands: ['compare-schema'],
  },
  'small-table-rows': {
    description:
      "A locking change on a table with fewer rows (the branch's estimate) is safe: its lock is brief. 0 keeps every locking change locking.",
    default: '10000',
    commands: ['compare-schema'],
  },
  'masking-rules': {
    description:
      'Masking rules, inline YAML or JSON: a list of {database_name, schema_name, table_name, column_name, masking_function | masking_value}.',
    commands: ['anonymize'],
  },
  'masking-rules-file': {
    description: 'Path in the workspace of a YAML or JSON file holding the masking rules.',
    commands: ['anonymize'],
  },
  recreate: {
    description: 'Delete an existing anonymized branch and create it anew (fresh data) instead of re-masking it.',
    default: 'false',
    commands: ['anonymize'],
  },
  'snapshot-action': {
    description: 'create, restore, list, delete or prune.',
    default: 'create',
    commands: ['snapshot'],
  },
  name: {
    description: 'Snapshot name (create), or the snapshot to restore or delete by name.',
    commands: ['snapshot'],
  },
  'snapshot-id': {
    description: 'The snapshot to restore or delete, by id.',
    commands: ['snapshot'],
  },
  'target-branch': {
    description: 'Restore into this branch (name or id) instead of a new branch; needs finalize to replace it.',
    commands: ['snapshot'],
  },
  finalize: {
    description:
      "Finalize the restore: the restored branch takes the target's name and computes (its id changes); writes made since the snapshot are lost.",
    default: 'false',
    commands: ['snapshot'],
  },
  'max-age': {
    description:
      'Age limit (a duration): cleanup sweeps older branches without an open PR; snapshot prune deletes older snapshots.',
    commands: ['cleanup', 'snapshot'],
  },
  'snapshot-pattern': {
    description: 'Glob on snapshot names for prune (both it and max-age must match when both are given).',
    commands: ['snapshot'],
  },
  'include-scheduled': {
    description: 'Let prune delete scheduled (non-manual) snapshots too.',
    default: 'false',
    commands: ['snapshot'],
  },
  'dry-run': {
    description: 'List what would be deleted and delete nothing (cleanup sweep, snapshot prune).',
    default: 'false',
    commands: ['cleanup', 'snapshot'],
  },
  'cleanup-mode': {
    description: 'auto (pr on pull request events, sweep otherwise), pr or sweep.',
    default: 'auto',
    commands: ['cleanup'],
  },
  'branch-pattern': {
    description: 'Glob of branch names a sweep may delete.',
    default: 'preview/pr-*',
    commands: ['cleanup'],
  },
  'require-annotations': {
    description:
      "A sweep deletes only branches annotated with this repository's github-commit-repo; false also takes unannotated ones (never another repository's).",
    default: 'true',
    commands: ['cleanup'],
  },
  'keep-snapshots': {
    description:
      "Keep a closed pull request's snapshots (those its comment shows and those of its branches); false deletes them with its branches and lists what it kept, and why, in kept.",
    default: 'false',
    commands: ['cleanup'],
  },
  operation: {
    description: 'An operationId of the Neon API v2 description, e.g. listProjectBranches.',
    commands: ['api'],
  },
  params: {
    description: 'Parameters as YAML or JSON: {path: {...}, query: {...}, body: {...}}.',
    commands: ['api'],
  },
  wait: {
    description: 'Wait for the operations the response returns.',
    default: 'false',
    commands: ['api'],
  },
} as const satisfies Record<string, InputSpec>;

export type InputName = keyof typeof INPUTS;

export interface OutputSpec {
  description: string;
  commands: 'all' | Command[];
  /** Holds a secret: masked, and dropped by GitHub when passed between jobs. */
  secret?: boolean;
}

const connectionCommands: Command[] = ['create-branch', 'reset-branch', 'anonymize', 'snapshot'];

export const OUTPUTS = {
  skipped: {
    description: 'true when the step skipped (e.g. a fork PR without secrets), else false.',
    commands: 'all',
  },
  'comment-url': {
    description: 'URL of the PR comment this step wrote its section of, when it wrote one.',
    commands: 'all',
  },
  'branch-id': { description: 'Id of the branch.', commands: connectionCommands },
  'branch-name': { description: 'Name of the branch.', commands: connectionCommands },
  created: { description: 'true when this run created the branch.', commands: connectionCommands },
  'db-url': { description: 'Connection URI (direct), with password.', commands: connectionCommands, secret: true },
  'db-url-pooled': {
    description: 'Connection URI through the pooler, with password.',
    commands: connectionCommands,
    secret: true,
  },
  'db-host': { description: 'Host of the read_write endpoint.', commands: connectionCommands },
  'db-host-pooled': { description: 'Pooler host of the read_write endpoint.', commands: connectionCommands },
  password: { description: 'Password of the role.', commands: connectionCommands, secret: true },
  'expires-at': {
    description: 'When Neon deletes the branch (RFC 3339), empty if never.',
    commands: connectionCommands,
  },
  'auth-url': { description: 'Neon Auth URL (with get-auth-url).', commands: ['create-branch', 'reset-branch'] },
  'data-api-url': {
    description: 'Data API URL (with get-data-api-url).',
    commands: ['create-branch', 'reset-branch'],
  },
  changes: {
    description:
      "JSON array of schema changes with kind, action, object, risk, reason and identity (catalog, statement or inferred: where the object's identity came from), and loses / violations: the rows or values a change deletes, the rows that break a rule it adds (counts only; estimated: true where read from statistics).",
    commands: ['compare-schema'],
  },
  'has-changes': { description: 'true when the schema differs.', commands: ['compare-schema'] },
  destructive: { description: 'true when a change is destructive.', commands: ['compare-schema'] },
  diff: { description: 'The unified schema diff, capped at 512 KB.', commands: ['compare-schema'] },
  'diff-file': { description: 'Path of a file in RUNNER_TEMP holding the whole diff.', commands: ['compare-schema'] },
  summary: { description: 'One line summing up the schema changes.', commands: ['compare-schema'] },
  rehearsal: {
    description:
      'With rehearse: JSON report of the rehearsal: outcome, and per statement file, line, ms, locks [{relation, mode, heldMs, rows}], rewrite, error; base (branch, point, takenAt), costs counted on the copy, sinceFork.',
    commands: ['compare-schema'],
  },
  'anonymization-status': {
    description: 'State of the anonymization (anonymized when the data is masked).',
    commands: ['anonymize'],
  },
  'snapshot-id': { description: 'Id of the snapshot created, restored or deleted.', commands: ['snapshot'] },
  'snapshot-name': { description: 'Name of that snapshot.', commands: ['snapshot'] },
  snapshots: { description: 'JSON list of snapshots (list, prune).', commands: ['snapshot'] },
  'replaced-branch-id': {
    description: 'On a finalized restore, the id the replaced branch now has.',
    commands: ['snapshot'],
  },
  deleted: {
    description:
      'JSON list of the branches deleted (or, on a dry run, that would be), and in a PR its snapshots (kind: snapshot).',
    commands: ['cleanup'],
  },
  kept: {
    description:
      'JSON list of the branches cleanup looked at and kept, and in a PR the snapshots it kept (kind: snapshot), each with the reason.',
    commands: ['cleanup'],
  },
  response: { description: 'The JSON response, with passwords, URIs, keys and tokens masked.', commands: ['api'] },
} as const satisfies Record<string, OutputSpec>;

export type OutputName = keyof typeof OUTPUTS;

/** Annotation keys stamped on branches this action creates (Neon's own keys plus ours). */
export const ANNOTATION = {
  repo: 'github-commit-repo',
  prNumber: 'github-pr-number',
  sha: 'github-commit-sha',
  author: 'github-commit-author-login',
  ref: 'github-commit-ref',
  action: 'neon-preview-action',
  /** On a rehearsal's throwaway branch: the time (RFC 3339) its run is surely over; a sweep deletes it after. */
  rehearsal: 'neon-preview-action-rehearsal',
} as const;

export const ACTION_NAME = 'neon-preview-action';

/** Suffix of the branch a snapshot restore makes for a PR's preview branch (cleanup removes it with the PR). */
export const RESTORED_SUFFIX = '-restored';
