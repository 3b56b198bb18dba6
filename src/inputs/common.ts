/** Inputs every command reads, parsed once into one settings object. */
import { COMMANDS, type Command, INPUTS } from '../names.js';
import { isSecureOrLoopback, LOOPBACK_HOSTS_TEXT } from '../basics/loopback.js';
import { InputError, shown } from './errors.js';
import { bool, duration, given, integer, parseFields, type Reader, text } from './fields.js';

export interface CommonSettings {
  command: Command;
  /** Empty when neither the input nor NEON_API_KEY is set (fork PRs may skip; see main). */
  apiKey: string;
  projectId: string | undefined;
  apiHost: string;
  githubToken: string | undefined;
  branchName: string | undefined;
  prNumber: number | undefined;
  comment: boolean;
  timeoutMs: number;
  requestTimeoutMs: number;
  maxRequestsPerMinute: number;
}

export const DEFAULT_API_HOST: string = INPUTS['api-host'].default;

export function parseCommand(read: Reader): Command {
  const value = read('command').trim();
  if (!(COMMANDS as readonly string[]).includes(value))
    throw new InputError('command', `accepts ${COMMANDS.join(', ')}; got ${value === '' ? 'nothing' : shown(value)}`);
  return value as Command;
}

/** The API's base: the host, and the path of version 2 the client's paths start from. */
export function checkApiHost(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError('api-host', `accepts an https:// URL such as ${DEFAULT_API_HOST}; got ${shown(value)}`);
  }
  if (url.protocol === 'http:' && !isSecureOrLoopback(url))
    throw new InputError(
      'api-host',
      `must use https:// (plain http:// only for a loopback host: ${LOOPBACK_HOSTS_TEXT}); got ${shown(value)}`,
    );
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError('api-host', `accepts an https:// URL; got ${shown(value)}`);
  if (url.username || url.password) throw new InputError('api-host', 'must not carry credentials; use api-key');
  if (url.search || url.hash)
    throw new InputError(
      'api-host',
      `accepts the API's base URL without a query or fragment, such as ${DEFAULT_API_HOST}; got ${shown(value)}`,
    );
  if (!/\/api\/v2\/*$/.test(url.pathname))
    throw new InputError(
      'api-host',
      `accepts the base URL of the Neon API v2, ending in /api/v2, such as ${DEFAULT_API_HOST}; got ${shown(value)}`,
    );
  return value.replace(/\/+$/, '');
}

/** The Neon API key: the input, else NEON_API_KEY; empty when neither is set. Read once (main masks it first). */
export function apiKeyOf(read: Reader, env: NodeJS.ProcessEnv): string {
  return read('api-key').trim() || env.NEON_API_KEY?.trim() || '';
}

/** The inputs every command reads; `apiKey` is `apiKeyOf`'s answer (main masks it before parsing the rest). */
export function parseCommon(read: Reader, env: NodeJS.ProcessEnv, apiKey = apiKeyOf(read, env)): CommonSettings {
  const command = parseCommand(read);
  const f = parseFields(
    {
      'project-id': text(),
      'api-host': given(),
      'github-token': text(),
      'branch-name': text(),
      'pr-number': integer({ min: 1 }),
      comment: bool(),
      timeout: duration({ minMs: 1_000 }),
      'request-timeout': duration({ minMs: 100 }),
      'max-requests-per-minute': integer({ min: 1, max: 700 }),
    },
    read,
  );
  const projectId = f['project-id'] ?? (env.NEON_PROJECT_ID?.trim() || undefined);
  if (projectId !== undefined && !/^[a-z0-9-]{1,60}$/.test(projectId))
    throw new InputError(
      'project-id',
      `accepts a Neon project id such as spring-example-302709; got ${shown(projectId)}`,
    );
  if (projectId === undefined && command !== 'api')
    throw new InputError('project-id', 'is required (or set NEON_PROJECT_ID): the Neon project to work in');
  return {
    command,
    apiKey,
    projectId,
    apiHost: checkApiHost(f['api-host']),
    githubToken: f['github-token'],
    branchName: f['branch-name'],
    prNumber: f['pr-number'],
    comment: f.comment,
    timeoutMs: f.timeout!,
    requestTimeoutMs: f['request-timeout']!,
    maxRequestsPerMinute: f['max-requests-per-minute']!,
  };
}
