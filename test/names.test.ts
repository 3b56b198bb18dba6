import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderActionYml, renderInputsTable, renderOutputsTable } from '../scripts/docs.js';
import { INPUTS, OUTPUTS } from '../src/names.js';
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

  it('every input and output that INTERFACE.md names exists', () => {
    const iface = readFileSync(new URL('../../shared/INTERFACE.md', import.meta.url), 'utf8');
    const names = new Set<string>();
    for (const m of iface.matchAll(/^(?:Inputs|Outputs): (.*)$/gm)) for (const n of m[1]!.matchAll(/`([a-z-]+)`/g)) names.add(n[1]!);
    for (const m of iface.matchAll(/^\| `([a-z-]+)` \|/gm)) names.add(m[1]!);
    expect(names.size).toBeGreaterThan(40);
    const known = new Set([...Object.keys(INPUTS), ...Object.keys(OUTPUTS)]);
    const values = new Set(['fork', 'head', 'none', 'destructive', 'any', 'create', 'restore', 'list', 'delete', 'prune', 'auto', 'pr', 'sweep']);
    const missing = [...names].filter((n) => !known.has(n) && !values.has(n));
    expect(missing).toEqual([]);
  });

  it('the version constant is package.json\'s', () => {
    expect(VERSION).toBe(JSON.parse(read('package.json')).version);
  });
});
