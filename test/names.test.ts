import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderActionYml, renderInputsTable, renderOutputsTable } from '../scripts/docs.js';
import { loadCommand } from '../src/commands/registry.js';
import { parseCommon } from '../src/inputs/common.js';
import { defaultOf, type Reader } from '../src/inputs/fields.js';
import { COMMANDS, INPUTS, OUTPUTS } from '../src/names.js';
import { VERSION } from '../src/version.js';

const root = new URL('../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');

describe('names stay in step', () => {
  it('action.yml is what src/names.ts renders (run `npm run sync-docs`)', () => {
    expect(read('action.yml')).toBe(renderActionYml());
  });

  it('action.yml declares every input and output with its default, runs node24 from dist', () => {
    const action = parse(read('action.yml'));
    expect(Object.keys(action.inputs)).toEqual(Object.keys(INPUTS));
    expect(Object.keys(action.outputs)).toEqual(Object.keys(OUTPUTS));
    for (const [name, spec] of Object.entries(INPUTS) as [string, { default?: string }][])
      expect(action.inputs[name].default, name).toBe(spec.default);
    expect(action.inputs['github-token'].default).toBe('${{ github.token }}');
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it("the README's tables are what src/names.ts renders", () => {
    const readme = read('README.md');
    expect(readme).toContain(renderInputsTable());
    expect(readme).toContain(renderOutputsTable());
  });

  it("every input, output or command the README's prose names in backticks exists", () => {
    // Code blocks are checked by test/readme.test.ts; here the text around them, where a renamed input would linger.
    const prose = read('README.md').replace(/```[\s\S]*?```/g, '');
    const named = new Set([...prose.matchAll(/`([a-z]+(?:-[a-z]+)+)`/g)].map((m) => m[1]!));
    expect(named.size).toBeGreaterThan(40);
    const known = new Set<string>([...Object.keys(INPUTS), ...Object.keys(OUTPUTS), ...COMMANDS]);
    // Hyphenated names the README explains that are not the action's own: Neon annotation keys, HTTP headers, the package.
    const others = /^(github-(commit|pr)-[a-z-]+|retry-after|x-ratelimit-[a-z]+|neon-preview-action(-rehearsal)?)$/;
    expect([...named].filter((n) => !known.has(n) && !others.test(n))).toEqual([]);
  });

  it("the version constant is package.json's", () => {
    expect(VERSION).toBe(JSON.parse(read('package.json')).version);
  });
});

describe('a default is written once, in names.ts, and the parsers take it from there', () => {
  const action = parse(read('action.yml')) as { inputs: Record<string, { default?: string }> };
  /** The inputs as the runner hands them over when a workflow sets none: action.yml's defaults (an expression stays the runner's). */
  const actionDefaults: Reader = (name) => {
    const value = action.inputs[name]?.default;
    return typeof value === 'string' && !value.includes('${{') ? value : '';
  };
  const nothing: Reader = () => '';
  /** What each command needs beyond the defaults to parse at all. */
  const needed: Partial<Record<string, Record<string, string>>> = {
    anonymize: { 'masking-rules': '- table_name: users\n  column_name: email\n  masking_function: anon.fake_email()' },
    api: { operation: 'listProjectBranches' },
  };
  const withNeeded =
    (command: string, base: Reader): Reader =>
    (name) =>
      needed[command]?.[name] ?? base(name);
  const NOW = Date.parse('2026-11-27T12:00:00Z');

  it('defaultOf gives the literal default of every input, and nothing for a runner expression', () => {
    for (const [name, spec] of Object.entries(INPUTS) as [string, { default?: string }][])
      expect(defaultOf(name), name).toBe(spec.default?.includes('${{') ? '' : (spec.default ?? ''));
    expect(defaultOf('github-token')).toBe('');
    expect(defaultOf('timeout')).toBe('10m');
  });

  it.each(COMMANDS)("%s: its settings from no input at all are those from action.yml's defaults", async (command) => {
    const mod = await loadCommand(command);
    const source = (read: Reader) => ({
      read: withNeeded(command, read),
      common: { comment: true, timeoutMs: 600_000 },
      now: NOW,
      workspace: '/tmp',
    });
    const fromNothing = await mod.parseSettings(source(nothing));
    expect(fromNothing).toEqual(await mod.parseSettings(source(actionDefaults)));
    const common = (read: Reader) =>
      parseCommon((n) => (n === 'command' ? command : read(n)), { NEON_PROJECT_ID: 'p' }, 'k');
    expect(common(nothing)).toEqual(common(actionDefaults));
  });

  it('the common settings come out of the defaults as the README states them', () => {
    const common = parseCommon((n) => (n === 'command' ? 'create-branch' : ''), { NEON_PROJECT_ID: 'p' }, 'k');
    expect(common).toMatchObject({
      apiHost: INPUTS['api-host'].default,
      comment: true,
      timeoutMs: 10 * 60_000,
      requestTimeoutMs: 30_000,
      maxRequestsPerMinute: 600,
    });
  });
});
