import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderActionYml, renderInputsTable, renderOutputsTable } from '../scripts/docs.js';
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
