import { Deadline } from '../../src/basics/deadline.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { parseAnonymizeSettings } from '../../src/inputs/anonymize-settings.js';
import {
  parseApiSettings,
  parseBranchSettings,
  parseCleanupSettings,
  parseCompareSettings,
  parseSnapshotSettings,
} from '../../src/inputs/commands.js';
import { parseCommon } from '../../src/inputs/common.js';
import { durationInput, parseDuration } from '../../src/inputs/duration.js';
import { InputError } from '../../src/inputs/errors.js';
import { NeonClient } from '../../src/neon/client.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';
const base = { command: 'create-branch', 'project-id': 'proj-123', 'api-key': 'napi_secret_key' };

/** A Neon client that sends nothing (its dispatcher is never used). */
const client = (apiHost: string) =>
  new NeonClient({
    apiKey: 'k',
    apiHost,
    dispatcher: new MockAgent(),
    requestTimeoutMs: 1_000,
    deadline: Deadline.after(1_000),
    maxRequestsPerMinute: 1,
    userAgent: 'test',
    logger: { info() {}, debug() {}, warning() {} },
  });

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['7d', 604_800_000],
    ['1h30m', 5_400_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['soon', '10', 'm10', '-5m', '', '10 minutes'])('%s is refused', (text) =>
    expect(parseDuration(text)).toBeNull(),
  );
  it('formats for humans', () => {
    expect(durationInput(90_500)).toBe('1m 31s');
    expect(durationInput(3 * 86_400_000 + 7_200_000)).toBe('3d 2h');
  });
});

describe('common inputs', () => {
  it('applies the documented defaults', () => {
    const s = parseCommon(reader(base), {});
    expect(s).toMatchObject({
      command: 'create-branch',
      apiHost: 'https://console.neon.tech/api/v2',
      comment: true,
      timeoutMs: 600_000,
      requestTimeoutMs: 30_000,
      maxRequestsPerMinute: 600,
    });
  });
  it('falls back to NEON_API_KEY and NEON_PROJECT_ID', () => {
    const s = parseCommon(reader({ command: 'cleanup' }), { NEON_API_KEY: 'k-from-env', NEON_PROJECT_ID: 'p-env' });
    expect(s.apiKey).toBe('k-from-env');
    expect(s.projectId).toBe('p-env');
  });
  it.each<[Record<string, string>, string, string]>([
    [{ command: 'explode' }, 'command', 'accepts create-branch, reset-branch'],
    [{ command: '' }, 'command', 'got nothing'],
    [{ 'api-host': 'http://console.neon.tech/api/v2' }, 'api-host', 'must use https://'],
    [{ 'api-host': 'not a url' }, 'api-host', 'accepts an https:// URL'],
    [{ timeout: 'forever' }, 'timeout', 'accepts a duration'],
    [{ 'request-timeout': '0s' }, 'request-timeout', 'accepts a duration'],
    [{ 'max-requests-per-minute': '900' }, 'max-requests-per-minute', '1 to 700'],
    [{ comment: 'maybe' }, 'comment', 'accepts true or false'],
    [{ 'pr-number': 'abc' }, 'pr-number', 'whole number'],
    // parsed once, here: main hands the number to resolvePrNumber as it is
    ...['0', '-3', '4.5', '12abc', '99999999999999999999'].map((bad): [Record<string, string>, string, string] => [
      { 'pr-number': bad },
      'pr-number',
      'whole number',
    ]),
    [{ 'project-id': 'Bad Project!' }, 'project-id', 'accepts a Neon project id'],
  ])('%j is refused naming %s', (values, input, text) => {
    const e = errorOf(() => parseCommon(reader({ ...base, ...values }), {}));
    expect(e.input).toBe(input);
    expect(e.message).toContain(text);
    expect(e.message).not.toContain('\n');
  });
  it('allows plain http only on loopback', () => {
    expect(parseCommon(reader({ ...base, 'api-host': 'http://127.0.0.1:4000/api/v2/' }), {}).apiHost).toBe(
      'http://127.0.0.1:4000/api/v2',
    );
  });
  it('refuses an api-host without /api/v2 naming api-host and what it expects (not a missing project later)', () => {
    for (const host of [
      'https://console.neon.tech',
      'https://console.neon.tech/',
      'https://console.neon.tech/api',
      'https://console.neon.tech/api/v1',
    ]) {
      const e = errorOf(() => parseCommon(reader({ ...base, 'api-host': host }), {}));
      expect(e.input, host).toBe('api-host');
      expect(e.message).toContain('ending in /api/v2, such as https://console.neon.tech/api/v2');
    }
    expect(
      parseCommon(reader({ ...base, 'api-host': 'https://neon.internal.example/proxy/api/v2/' }), {}).apiHost,
    ).toBe('https://neon.internal.example/proxy/api/v2');
  });
  it('takes the loopback rule the Neon client takes: 127.0.0.0/8, ::1 and localhost, and nothing else over http', () => {
    for (const host of ['127.0.0.2', '127.255.1.9', 'localhost', 'LOCALHOST', '[::1]']) {
      const apiHost = `http://${host}:4000/api/v2`;
      expect(parseCommon(reader({ ...base, 'api-host': apiHost }), {}).apiHost, host).toBe(apiHost);
      // the client accepts what the input accepted, instead of throwing a plain Error later
      expect(() => client(apiHost), host).not.toThrow();
    }
    for (const host of ['127.0.0.1.example', '127.evil.example', '10.0.0.1', 'localhost.example', '[::2]']) {
      const e = errorOf(() => parseCommon(reader({ ...base, 'api-host': `http://${host}/api/v2` }), {}));
      expect(e.input, host).toBe('api-host');
      expect(e.message).toContain('plain http:// only for a loopback host: localhost, 127.0.0.0/8 or [::1]');
      const fromClient = errorOf(() => client(`http://${host}/api/v2`));
      expect(fromClient.input).toBe('api-host');
      expect(fromClient.message.split('; got ')[0]).toBe(e.message.split('; got ')[0]);
    }
  });
  it('requires a project id except for api', () => {
    expect(errorOf(() => parseCommon(reader({ command: 'cleanup' }), {})).input).toBe('project-id');
    expect(parseCommon(reader({ command: 'api' }), {}).projectId).toBeUndefined();
  });
});

describe('branch inputs', () => {
  it('turns expires-in into an absolute time', () => {
    expect(parseBranchSettings(reader({ 'expires-in': '2h' }), NOW).expiresAt).toBe('2026-11-27T14:00:00Z');
  });
  it('has no expiry by default and the documented connection defaults', () => {
    expect(parseBranchSettings(reader({}), NOW)).toMatchObject({
      expiresAt: undefined,
      database: 'neondb',
      role: 'neondb_owner',
      sslMode: undefined,
      prisma: false,
    });
  });
  it.each([
    [{ 'expires-in': '40d' }, 'expires-in', 'at most 30d'],
    [{ 'expires-in': 'soon' }, 'expires-in', 'accepts a duration'],
    [{ 'expires-in': '1d', 'expires-at': '2026-11-28T00:00:00Z' }, 'expires-in', 'cannot be combined'],
    [{ 'expires-at': '2026-11-28 00:00' }, 'expires-at', 'RFC 3339'],
    [{ 'expires-at': '2026-11-01T00:00:00Z' }, 'expires-at', 'in the future'],
    [{ 'expires-at': '2027-02-01T00:00:00Z' }, 'expires-at', 'at most 30 days'],
    [{ 'parent-lsn': 'zz' }, 'parent-lsn', 'accepts an LSN'],
    [{ 'parent-lsn': '0/16B3748', 'parent-timestamp': '2026-11-01T00:00:00Z' }, 'parent-lsn', 'cannot be combined'],
    [{ 'ssl-mode': 'strict' }, 'ssl-mode', 'verify-full'],
    [{ 'cu-min': '0.1' }, 'cu-min', 'from 0.25'],
    [{ 'cu-min': '2', 'cu-max': '1' }, 'cu-min', 'must not exceed cu-max'],
    [{ 'suspend-timeout': '30' }, 'suspend-timeout', '0, -1 or 60 to 604800'],
    [{ 'schema-only': 'yes please' }, 'schema-only', 'true or false'],
  ])('%j is refused naming %s', (values, input, text) => {
    const e = errorOf(() => parseBranchSettings(reader(values), NOW));
    expect(e.input).toBe(input);
    expect(e.message).toContain(text);
  });
  it('accepts suspend-timeout 0 and -1', () => {
    expect(parseBranchSettings(reader({ 'suspend-timeout': '-1' }), NOW).suspendTimeout).toBe(-1);
    expect(parseBranchSettings(reader({ 'suspend-timeout': '0' }), NOW).suspendTimeout).toBe(0);
  });
});

describe('compare-schema inputs', () => {
  const COMMON = { comment: true, timeoutMs: 30 * 60_000 };
  it('defaults to the fork point and fail-on none', () => {
    expect(parseCompareSettings(reader({}), COMMON)).toMatchObject({
      basePoint: 'fork',
      failOn: 'none',
      databases: [],
    });
  });
  it('reads a database list', () => {
    expect(parseCompareSettings(reader({ databases: 'a, b\nc' }), COMMON).databases).toEqual(['a', 'b', 'c']);
  });
  it.each([
    [{ 'fail-on': 'maybe' }, 'fail-on'],
    [{ 'base-point': 'tail' }, 'base-point'],
    [{ 'base-lsn': '0/1', 'base-timestamp': '2026-11-01T00:00:00Z' }, 'base-lsn'],
  ])('%j is refused naming %s', (values, input) => {
    expect(errorOf(() => parseCompareSettings(reader(values), COMMON)).input).toBe(input);
  });
  it('parses the rehearsal and the approval settings with the rest, once', () => {
    const s = parseCompareSettings(
      reader({ rehearse: 'true', migrations: 'db/*.sql', 'approve-label': 'db-ok', 'rehearsal-timeout': '2m' }),
      COMMON,
    );
    expect(s.rehearsal).toMatchObject({ rehearse: true, timeoutMs: 120_000, database: 'neondb' });
    expect(s.approval).toEqual({ approveLabel: 'db-ok', allowAuthor: false });
    expect(s.warnings).toEqual([]);
  });
  it('refuses rehearse without migrations, naming rehearse', () => {
    const e = errorOf(() => parseCompareSettings(reader({ rehearse: 'true' }), COMMON));
    expect([e.input, e.message]).toEqual([
      'rehearse',
      'Input "rehearse" needs migrations: the glob of the migration files to run, e.g. db/migrations/*.sql',
    ]);
  });
  it('refuses approve-label without comment', () => {
    const e = errorOf(() => parseCompareSettings(reader({ 'approve-label': 'ok' }), { ...COMMON, comment: false }));
    expect(e.input).toBe('approve-label');
  });
  it('warns when rehearsal-timeout is not shorter than timeout', () => {
    const s = parseCompareSettings(
      reader({ rehearse: 'true', migrations: 'db/*.sql', 'rehearsal-timeout': '30m' }),
      COMMON,
    );
    expect(s.warnings).toEqual([
      expect.stringMatching(/^Input "rehearsal-timeout" \(30m\) is not shorter than timeout \(30m\)/),
    ]);
  });
});

describe('anonymize inputs', () => {
  const rules = '- table_name: users\n  column_name: email\n  masking_function: anon.fake_email()';
  it('parses YAML rules with Neon defaults', () => {
    const s = parseAnonymizeSettings(reader({ 'masking-rules': rules }), NOW, '/tmp');
    expect(s.maskingRules).toEqual([
      {
        database_name: 'neondb',
        schema_name: 'public',
        table_name: 'users',
        column_name: 'email',
        masking_function: 'anon.fake_email()',
      },
    ]);
  });
  it('reads a rules file inside the workspace and refuses one outside', () => {
    const ws = mkdtempSync(join(tmpdir(), 'ws-'));
    writeFileSync(
      join(ws, 'rules.json'),
      JSON.stringify([{ table_name: 't', column_name: 'c', masking_value: "'x'" }]),
    );
    expect(
      parseAnonymizeSettings(reader({ 'masking-rules-file': 'rules.json' }), NOW, ws).maskingRules[0]!.masking_value,
    ).toBe("'x'");
    expect(
      errorOf(() => parseAnonymizeSettings(reader({ 'masking-rules-file': '../etc/passwd' }), NOW, ws)).input,
    ).toBe('masking-rules-file');
  });
  it.each([
    ['- table_name: users\n  column_name: email\n  masking_function: f()\n  masking_value: x', 'exactly one of'],
    ['- table_name: users\n  column_name: email', 'exactly one of'],
    ['- table: users', 'unknown key'],
    ['{{{', 'does not parse'],
    ['[]', 'non-empty list'],
    ['- column_name: email\n  masking_value: x', 'needs table_name'],
  ])('refuses %j', (value, text) => {
    const e = errorOf(() => parseAnonymizeSettings(reader({ 'masking-rules': value }), NOW, '/tmp'));
    expect(e.input).toBe('masking-rules');
    expect(e.message).toContain(text);
  });
  it('requires rules', () => {
    expect(errorOf(() => parseAnonymizeSettings(reader({}), NOW, '/tmp')).input).toBe('masking-rules');
  });
});

describe('snapshot, cleanup and api inputs', () => {
  it.each([
    [{ 'snapshot-action': 'explode' }, 'snapshot-action'],
    [{ 'snapshot-action': 'prune' }, 'max-age'],
    [{ 'snapshot-action': 'restore' }, 'snapshot-id'],
    [{ 'snapshot-action': 'create', finalize: 'true' }, 'finalize'],
    [{ 'max-age': 'old' }, 'max-age'],
  ])('snapshot %j is refused naming %s', (values, input) => {
    expect(errorOf(() => parseSnapshotSettings(reader(values), NOW)).input).toBe(input);
  });
  it('cleanup defaults', () => {
    expect(parseCleanupSettings(reader({}))).toEqual({
      mode: 'auto',
      branchPattern: 'preview/pr-*',
      requireAnnotations: true,
      maxAgeMs: undefined,
      dryRun: false,
      keepSnapshots: false,
    });
    expect(errorOf(() => parseCleanupSettings(reader({ 'cleanup-mode': 'all' }))).input).toBe('cleanup-mode');
  });
  it('api params', async () => {
    const s = await parseApiSettings(
      reader({ operation: 'listProjectBranches', params: 'path: {project_id: p}\nquery: {limit: 5}' }),
    );
    expect(s.params).toEqual({ path: { project_id: 'p' }, query: { limit: 5 } });
    await expect(parseApiSettings(reader({ operation: 'x', params: 'headers: {}' }))).rejects.toThrow(
      /only the keys path, query and body/,
    );
    await expect(parseApiSettings(reader({}))).rejects.toThrow(/"operation" is required/);
  });
});
