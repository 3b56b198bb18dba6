/** One validated settings object per command, parsed once from the action's inputs. */
import { firstLine } from '../basics/errors.js';
import { parseApprovalSettings, type ApprovalSettings } from './conversation.js';
import { DAY_MS, durationInput } from './duration.js';
import { InputError, shown } from './errors.js';
import { checkName, MAX_BRANCH_NAME } from './identifiers.js';
import { parseRehearsalSettings, type RehearsalSettings } from './rehearsal-settings.js';
import { z } from 'zod';
import {
  bool,
  decimal,
  duration,
  exclusive,
  given,
  integer,
  lsn,
  list,
  oneOf,
  parseFields,
  type Reader,
  text,
  timestamp,
} from './fields.js';

const MAX_EXPIRY_MS = 30 * DAY_MS;

export interface ConnectionSettings {
  database: string;
  role: string;
  sslMode: string | undefined;
  prisma: boolean;
}

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'omit'] as const;

export function parseConnectionSettings(read: Reader): ConnectionSettings {
  const f = parseFields({ database: given(), role: given(), 'ssl-mode': text(), prisma: bool() }, read);
  const ssl = f['ssl-mode'];
  if (ssl !== undefined && !(SSL_MODES as readonly string[]).includes(ssl))
    throw new InputError(
      'ssl-mode',
      `accepts nothing (keep Neon's parameters) or ${SSL_MODES.join(', ')}; got "${ssl}"`,
    );
  return {
    database: checkName('database', f.database),
    role: checkName('role', f.role),
    sslMode: ssl,
    prisma: f.prisma,
  };
}

export interface ComputeSettings {
  cuMin: number | undefined;
  cuMax: number | undefined;
  suspendTimeout: number | undefined;
}

export function parseComputeSettings(read: Reader): ComputeSettings {
  const f = parseFields(
    {
      'cu-min': decimal({ min: 0.25, max: 56 }),
      'cu-max': decimal({ min: 0.25, max: 56 }),
      'suspend-timeout': integer({ min: 60, max: 604_800, extra: [0, -1] }),
    },
    read,
  );
  if (f['cu-min'] !== undefined && f['cu-max'] !== undefined && f['cu-min'] > f['cu-max'])
    throw new InputError('cu-min', `must not exceed cu-max (${f['cu-max']})`);
  return { cuMin: f['cu-min'], cuMax: f['cu-max'], suspendTimeout: f['suspend-timeout'] };
}

export interface ExpirySettings {
  /** Absolute expiry to send, computed from expires-in or taken from expires-at; undefined = leave as is. */
  expiresAt: string | undefined;
}

export function parseExpirySettings(read: Reader, now: number, withAbsolute = true): ExpirySettings {
  const f = parseFields(
    { 'expires-in': duration({ maxMs: MAX_EXPIRY_MS }), 'expires-at': withAbsolute ? timestamp() : text() },
    read,
  );
  exclusive(f, 'expires-in', 'expires-at');
  if (f['expires-in'] !== undefined)
    return { expiresAt: new Date(now + f['expires-in']).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  const at = f['expires-at'];
  if (at !== undefined) {
    const t = Date.parse(at);
    if (t <= now) throw new InputError('expires-at', `must be in the future; got "${at}"`);
    if (t - now > MAX_EXPIRY_MS) throw new InputError('expires-at', `must be at most 30 days ahead; got "${at}"`);
  }
  return { expiresAt: at };
}

export interface BranchSettings extends ConnectionSettings, ComputeSettings, ExpirySettings {
  parentBranch: string | undefined;
  parentLsn: string | undefined;
  parentTimestamp: string | undefined;
  schemaOnly: boolean;
  getAuthUrl: boolean;
  getDataApiUrl: boolean;
}

export function parseBranchSettings(read: Reader, now: number): BranchSettings {
  const f = parseFields(
    {
      'parent-branch': text(),
      'parent-lsn': lsn(),
      'parent-timestamp': timestamp(),
      'schema-only': bool(),
      'get-auth-url': bool(),
      'get-data-api-url': bool(),
    },
    read,
  );
  exclusive(f, 'parent-lsn', 'parent-timestamp');
  return {
    parentBranch: checkName('parent-branch', f['parent-branch'], MAX_BRANCH_NAME),
    parentLsn: f['parent-lsn'],
    parentTimestamp: f['parent-timestamp'],
    schemaOnly: f['schema-only'],
    getAuthUrl: f['get-auth-url'],
    getDataApiUrl: f['get-data-api-url'],
    ...parseConnectionSettings(read),
    ...parseComputeSettings(read),
    ...parseExpirySettings(read, now),
  };
}

/** Globs one per line (a comma may belong to a glob's {a,b}), relative to the repository root. */
const globs = () =>
  z.string().transform((s, ctx) => {
    const lines = s
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean);
    for (const line of lines) {
      if (line.startsWith('/') || /^[A-Za-z]:[\\/]/.test(line) || line.split('/').includes('..')) {
        ctx.addIssue({
          code: 'custom',
          message: `accepts globs relative to the repository root, one per line, such as prisma/migrations/*/migration.sql; got ${shown(line)}`,
        });
        return z.NEVER;
      }
    }
    return lines;
  });

export interface CompareSettings {
  baseBranch: string | undefined;
  basePoint: 'fork' | 'head';
  lsn: string | undefined;
  timestamp: string | undefined;
  baseLsn: string | undefined;
  baseTimestamp: string | undefined;
  databases: string[];
  failOn: 'none' | 'destructive' | 'any';
  /** Globs of the repository's migration files; empty: no file mapping. */
  migrations: string[];
  smallTableRows: number;
  /** The role that reads table sizes. */
  role: string;
  rehearsal: RehearsalSettings;
  approval: ApprovalSettings;
  /** Lines for the step's warnings: settings that are allowed but will not do what they seem to. */
  warnings: string[];
}

/**
 * compare-schema's settings, parsed once, with the rules across inputs: rehearse needs migrations,
 * approve-label needs comment, a rehearsal-timeout not shorter than timeout is a warning.
 */
export function parseCompareSettings(read: Reader, common: { comment: boolean; timeoutMs: number }): CompareSettings {
  const f = parseFields(
    {
      'base-branch': text(),
      'base-point': oneOf(['fork', 'head'] as const),
      lsn: lsn(),
      timestamp: timestamp(),
      'base-lsn': lsn(),
      'base-timestamp': timestamp(),
      databases: list(),
      'fail-on': oneOf(['none', 'destructive', 'any'] as const),
      migrations: globs(),
      'small-table-rows': integer({ min: 0 }),
      role: given(),
    },
    read,
  );
  exclusive(f, 'lsn', 'timestamp');
  exclusive(f, 'base-lsn', 'base-timestamp');
  const rehearsal = parseRehearsalSettings(read);
  if (rehearsal.rehearse && f.migrations.length === 0)
    throw new InputError(
      'rehearse',
      'needs migrations: the glob of the migration files to run, e.g. db/migrations/*.sql',
    );
  const warnings =
    rehearsal.rehearse && rehearsal.timeoutMs >= common.timeoutMs
      ? [
          `Input "rehearsal-timeout" (${durationInput(rehearsal.timeoutMs)}) is not shorter than timeout (${durationInput(common.timeoutMs)}), ` +
            "the whole step's budget: a rehearsal that runs that long is cut off by the step's timeout; set timeout above rehearsal-timeout",
        ]
      : [];
  return {
    rehearsal,
    approval: parseApprovalSettings(read, common.comment),
    warnings,
    baseBranch: checkName('base-branch', f['base-branch'], MAX_BRANCH_NAME),
    basePoint: f['base-point'],
    lsn: f.lsn,
    timestamp: f.timestamp,
    baseLsn: f['base-lsn'],
    baseTimestamp: f['base-timestamp'],
    // each database once: a name given twice would be reviewed (and counted) twice
    databases: [...new Set(f.databases.map((d) => checkName('databases', d)))],
    failOn: f['fail-on'],
    migrations: f.migrations,
    smallTableRows: f['small-table-rows']!,
    role: f.role,
  };
}

export const SNAPSHOT_ACTIONS = ['create', 'restore', 'list', 'delete', 'prune'] as const;

export interface SnapshotSettings extends ConnectionSettings {
  action: (typeof SNAPSHOT_ACTIONS)[number];
  name: string | undefined;
  expiresAt: string | undefined;
  lsn: string | undefined;
  timestamp: string | undefined;
  snapshotId: string | undefined;
  targetBranch: string | undefined;
  finalize: boolean;
  maxAgeMs: number | undefined;
  snapshotPattern: string | undefined;
  includeScheduled: boolean;
  dryRun: boolean;
}

export function parseSnapshotSettings(read: Reader, now: number): SnapshotSettings {
  const f = parseFields(
    {
      'snapshot-action': oneOf(SNAPSHOT_ACTIONS),
      name: text(),
      lsn: lsn(),
      timestamp: timestamp(),
      'snapshot-id': text(),
      'target-branch': text(),
      finalize: bool(),
      'max-age': duration(),
      'snapshot-pattern': text(),
      'include-scheduled': bool(),
      'dry-run': bool(),
    },
    read,
  );
  exclusive(f, 'lsn', 'timestamp');
  const action = f['snapshot-action'];
  if (action === 'prune' && f['max-age'] === undefined && f['snapshot-pattern'] === undefined)
    throw new InputError('max-age', 'or snapshot-pattern is required for snapshot-action: prune');
  if ((action === 'restore' || action === 'delete') && f['snapshot-id'] === undefined && f.name === undefined)
    throw new InputError('snapshot-id', `or name is required for snapshot-action: ${action}`);
  if (f.finalize && action !== 'restore') throw new InputError('finalize', 'applies only to snapshot-action: restore');
  return {
    action,
    name: checkName('name', f.name),
    ...parseExpirySettings(read, now, false),
    lsn: f.lsn,
    timestamp: f.timestamp,
    snapshotId: checkName('snapshot-id', f['snapshot-id']),
    targetBranch: checkName('target-branch', f['target-branch'], MAX_BRANCH_NAME),
    finalize: f.finalize,
    maxAgeMs: f['max-age'],
    snapshotPattern: f['snapshot-pattern'],
    includeScheduled: f['include-scheduled'],
    dryRun: f['dry-run'],
    ...parseConnectionSettings(read),
  };
}

export interface CleanupSettings {
  mode: 'auto' | 'pr' | 'sweep';
  branchPattern: string;
  requireAnnotations: boolean;
  maxAgeMs: number | undefined;
  dryRun: boolean;
  /** In a PR: keep its snapshots (else deleted with its branches). */
  keepSnapshots: boolean;
}

export function parseCleanupSettings(read: Reader): CleanupSettings {
  const f = parseFields(
    {
      'cleanup-mode': oneOf(['auto', 'pr', 'sweep'] as const),
      'branch-pattern': given(),
      'require-annotations': bool(),
      'max-age': duration(),
      'dry-run': bool(),
      'keep-snapshots': bool(),
    },
    read,
  );
  return {
    mode: f['cleanup-mode'],
    branchPattern: f['branch-pattern'],
    requireAnnotations: f['require-annotations'],
    maxAgeMs: f['max-age'],
    dryRun: f['dry-run'],
    keepSnapshots: f['keep-snapshots'],
  };
}

export interface ApiSettings {
  operation: string;
  params: { path?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
  wait: boolean;
}

export async function parseApiSettings(read: Reader): Promise<ApiSettings> {
  const { parse } = await import('yaml');
  const f = parseFields({ operation: text(), params: text(), wait: bool() }, read);
  if (f.operation === undefined)
    throw new InputError('operation', 'is required for command: api (an operationId such as listProjectBranches)');
  let params: unknown = {};
  if (f.params !== undefined) {
    try {
      params = parse(f.params) ?? {};
    } catch (e) {
      throw new InputError('params', `accepts YAML or JSON {path, query, body}; it does not parse: ${firstLine(e)}`);
    }
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new InputError('params', 'accepts a mapping {path, query, body}');
  for (const key of Object.keys(params))
    if (!['path', 'query', 'body'].includes(key))
      throw new InputError('params', `accepts only the keys path, query and body; got "${key}"`);
  const p = params as ApiSettings['params'];
  for (const key of ['path', 'query'] as const)
    if (p[key] !== undefined && (typeof p[key] !== 'object' || p[key] === null || Array.isArray(p[key])))
      throw new InputError('params', `${key} must be a mapping of parameter names to values`);
  return { operation: f.operation, params: p, wait: f.wait };
}
