/**
 * Bad input through dist/index.js: one line naming the input, exit code 1, no stack trace, and no
 * mutating request at the local Neon.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalNeon, startLocalNeon } from '../local-neon/index.js';
import { pullRequestEvent, runAction } from './run-action.js';

let neon: LocalNeon;
beforeAll(async () => {
  neon = await startLocalNeon({ operationMs: 0 });
  neon.seedBranches(1, { namePrefix: 'preview/pr-9-existing-' });
});
afterAll(async () => {
  await neon?.close();
});

const pr = pullRequestEvent(42, 'feature/x');
const push = { name: 'push', payload: {} };

type Case = [
  string,
  Record<string, string>,
  string,
  { event?: typeof pr | typeof push; env?: Record<string, string | undefined> }?,
];

const cases: Case[] = [
  ['unknown command', { command: 'deploy' }, 'command'],
  ['missing command', { command: '' }, 'command'],
  ['expires-in: 40d', { command: 'create-branch', 'expires-in': '40d' }, 'expires-in'],
  ['expires-in: soon', { command: 'create-branch', 'expires-in': 'soon' }, 'expires-in'],
  ['expires-at without a zone', { command: 'create-branch', 'expires-at': '2030-01-01 10:00' }, 'expires-at'],
  [
    'expires-in and expires-at',
    { command: 'create-branch', 'expires-in': '1d', 'expires-at': '2030-01-01T00:00:00Z' },
    'expires-in',
  ],
  ['fail-on: maybe', { command: 'compare-schema', 'fail-on': 'maybe' }, 'fail-on'],
  ['base-point: middle', { command: 'compare-schema', 'base-point': 'middle' }, 'base-point'],
  ['snapshot-action: explode', { command: 'snapshot', 'snapshot-action': 'explode' }, 'snapshot-action'],
  ['prune without max-age or pattern', { command: 'snapshot', 'snapshot-action': 'prune' }, 'max-age'],
  ['restore without a snapshot', { command: 'snapshot', 'snapshot-action': 'restore' }, 'snapshot-id'],
  ['malformed masking rules', { command: 'anonymize', 'masking-rules': '- [unclosed' }, 'masking-rules'],
  [
    'a rule with both a function and a value',
    {
      command: 'anonymize',
      'masking-rules': '- {table_name: t, column_name: c, masking_function: anon.hash(c), masking_value: x}',
    },
    'masking-rules',
  ],
  [
    'a rule without its column',
    { command: 'anonymize', 'masking-rules': '- {table_name: t, masking_value: x}' },
    'masking-rules',
  ],
  [
    'masking-rules-file outside the workspace',
    { command: 'anonymize', 'masking-rules-file': '../../etc/passwd' },
    'masking-rules-file',
  ],
  ['no masking rules at all', { command: 'anonymize' }, 'masking-rules'],
  ['an unknown parent branch', { command: 'create-branch', 'parent-branch': 'no-such-parent' }, 'parent-branch'],
  ['an unknown branch to compare', { command: 'compare-schema', 'branch-name': 'nope/never' }, 'branch-name'],
  [
    'an unknown base branch',
    { command: 'compare-schema', 'branch-name': 'preview/pr-9-existing-1', 'base-branch': 'ghost' },
    'base-branch',
  ],
  ['a missing key on a same-repository PR', { command: 'create-branch', 'api-key': '' }, 'api-key'],
  ['a plain-http api-host', { command: 'create-branch', 'api-host': 'http://console.neon.tech/api/v2' }, 'api-host'],
  [
    'a branch-pattern that matches the default branch',
    { command: 'cleanup', 'branch-pattern': 'ma*' },
    'branch-pattern',
    { event: push },
  ],
  [
    'params with an unknown parameter',
    { command: 'api', operation: 'listProjectBranches', params: '{query: {colour: red}}' },
    'params',
  ],
  ['an unknown operation', { command: 'api', operation: 'dropEverything' }, 'operation'],
  ['params that are not a mapping', { command: 'api', operation: 'listProjectBranches', params: '[1, 2]' }, 'params'],
  ['timeout: forever', { command: 'create-branch', timeout: 'forever' }, 'timeout'],
  ['request-timeout: 0s', { command: 'create-branch', 'request-timeout': '0s' }, 'request-timeout'],
  [
    'max-requests-per-minute: 5000',
    { command: 'create-branch', 'max-requests-per-minute': '5000' },
    'max-requests-per-minute',
  ],
  ['comment: sometimes', { command: 'create-branch', comment: 'sometimes' }, 'comment'],
  ['pr-number: abc', { command: 'create-branch', 'pr-number': 'abc' }, 'pr-number'],
  [
    'a branch name with a control character',
    { command: 'create-branch', 'branch-name': 'bad\u0007name' },
    'branch-name',
  ],
  ['no branch outside a PR', { command: 'create-branch' }, 'branch-name', { event: push }],
  ['cu-min above cu-max', { command: 'create-branch', 'cu-min': '4', 'cu-max': '1' }, 'cu-min'],
  ['suspend-timeout: 10', { command: 'create-branch', 'suspend-timeout': '10' }, 'suspend-timeout'],
  ['ssl-mode: strict', { command: 'create-branch', 'ssl-mode': 'strict' }, 'ssl-mode'],
  ['cleanup-mode: everything', { command: 'cleanup', 'cleanup-mode': 'everything' }, 'cleanup-mode'],
  ['dry-run: perhaps', { command: 'cleanup', 'dry-run': 'perhaps' }, 'dry-run'],
  ['a malformed project-id', { command: 'create-branch', 'project-id': 'Not A Project!' }, 'project-id'],
  ['parent-lsn: yesterday', { command: 'create-branch', 'parent-lsn': 'yesterday' }, 'parent-lsn'],
];

describe('bad input', () => {
  it.each(cases)('%s', async (_title, inputs, input, opts = {}) => {
    const before = neon.requests.filter((r) => r.method !== 'GET').length;
    const run = await runAction({
      inputs: { 'api-key': neon.apiKey, 'project-id': neon.projectId, 'api-host': neon.apiUrl, ...inputs },
      event: opts.event ?? pr,
      env: opts.env,
    });
    expect(run.code, run.output).toBe(1);
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors, run.output).toHaveLength(1);
    expect(errors[0]).toContain(`Input "${input}"`);
    expect(run.output).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(run.stderr.trim()).toBe('');
    expect(neon.requests.filter((r) => r.method !== 'GET').length).toBe(before);
  });

  it('refuses an api-host without /api/v2 naming api-host, before any request (not "project-id names no project")', async () => {
    const before = neon.requests.length;
    const run = await runAction({
      inputs: {
        'api-key': neon.apiKey,
        'project-id': neon.projectId,
        'api-host': new URL(neon.apiUrl).origin,
        command: 'create-branch',
      },
      event: pr,
    });
    expect(run.code, run.output).toBe(1);
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toEqual([
      expect.stringContaining('Input "api-host" accepts the base URL of the Neon API v2, ending in /api/v2'),
    ]);
    expect(run.output).not.toContain('project-id');
    expect(neon.requests.length).toBe(before);
  });

  it('warns at the start when rehearsal-timeout is not shorter than timeout, and not when it is', async () => {
    const inputs = {
      'api-key': neon.apiKey,
      'project-id': neon.projectId,
      'api-host': neon.apiUrl,
      command: 'compare-schema',
    };
    const rehearsal = {
      rehearse: 'true',
      migrations: 'db/migrations/*.sql',
      'rehearsal-timeout': '15m',
      'branch-name': 'nope/never',
    };
    const long = await runAction({ inputs: { ...inputs, ...rehearsal }, event: pr });
    const warning = long.stdout.split('\n').find((l) => l.startsWith('::warning::Input "rehearsal-timeout"'));
    expect(warning, long.output).toContain('Input "rehearsal-timeout" (15m) is not shorter than timeout (10m)');
    expect(long.stdout.indexOf(warning!)).toBeLessThan(long.stdout.indexOf('::error::'));
    const fits = await runAction({ inputs: { ...inputs, ...rehearsal, timeout: '20m' }, event: pr });
    expect(fits.stdout, fits.output).not.toContain('rehearsal-timeout');
  });

  it('skips with a notice when the key is missing on a fork PR', async () => {
    const fork = pullRequestEvent(43, 'patch-1', { forkRepo: 'stranger/app' });
    const run = await runAction({
      inputs: { 'api-key': '', 'project-id': neon.projectId, command: 'create-branch' },
      event: fork,
    });
    expect(run.code, run.output).toBe(0);
    expect(run.outputs.skipped).toBe('true');
    expect(run.stdout).toContain('::notice::');
  });
});
