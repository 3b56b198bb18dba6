/**
 * Renders action.yml and the README's input/output tables from src/names.ts, so the three never
 * drift. `npm run sync-docs` writes them; test/names.test.ts checks they are in step.
 */
import { COMMANDS, INPUTS, type InputSpec, OUTPUTS, type OutputSpec } from '../src/names.js';

const yamlString = (s: string): string => JSON.stringify(s);

function appliesTo(spec: { commands: InputSpec['commands'] }): string {
  return spec.commands === 'all' ? 'all' : spec.commands.join(', ');
}

export function renderActionYml(): string {
  const lines = [
    '# Written by scripts/sync-docs.ts from src/names.ts; edit those, then run `npm run sync-docs`.',
    "name: 'Neon preview branches'",
    'description: >-',
    '  A Neon Postgres branch per pull request: create or reset it with working connection URIs, review the',
    '  schema changes in a sticky comment, anonymize, snapshot, and clean up when the PR closes.',
    "author: 'neon-preview-action'",
    'branding:',
    '  icon: database',
    '  color: green',
    'inputs:',
  ];
  for (const [name, spec] of Object.entries(INPUTS) as [string, InputSpec][]) {
    lines.push(`  ${name}:`);
    lines.push(`    description: ${yamlString(`${spec.description} (${appliesTo(spec)})`)}`);
    lines.push(`    required: ${spec.required ? 'true' : 'false'}`);
    if (spec.default !== undefined) lines.push(`    default: ${yamlString(spec.default)}`);
  }
  lines.push('outputs:');
  for (const [name, spec] of Object.entries(OUTPUTS) as [string, OutputSpec][]) {
    lines.push(`  ${name}:`);
    lines.push(`    description: ${yamlString(`${spec.description} (${appliesTo(spec)})`)}`);
  }
  lines.push('runs:', "  using: 'node24'", "  main: 'dist/index.js'", '');
  return lines.join('\n');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function renderInputsTable(): string {
  const rows = ['| input | default | commands | meaning |', '|---|---|---|---|'];
  for (const [name, spec] of Object.entries(INPUTS) as [string, InputSpec][]) {
    const def = spec.required ? 'required' : spec.default === undefined ? '' : `\`${spec.default}\``;
    rows.push(`| \`${name}\` | ${def} | ${appliesTo(spec)} | ${cell(spec.description)} |`);
  }
  return rows.join('\n');
}

export function renderOutputsTable(): string {
  const rows = ['| output | commands | meaning |', '|---|---|---|'];
  for (const [name, spec] of Object.entries(OUTPUTS) as [string, OutputSpec][]) {
    const secret = spec.secret ? ' Masked.' : '';
    rows.push(`| \`${name}\` | ${appliesTo(spec)} | ${cell(spec.description)}${secret} |`);
  }
  return rows.join('\n');
}

export const README_MARKERS = {
  inputs: ['<!-- inputs:start -->', '<!-- inputs:end -->'],
  outputs: ['<!-- outputs:start -->', '<!-- outputs:end -->'],
} as const;

/** Replaces the text between each pair of markers with the rendered table. */
export function syncReadme(readme: string): string {
  let out = readme;
  for (const [key, [start, end]] of Object.entries(README_MARKERS)) {
    const table = key === 'inputs' ? renderInputsTable() : renderOutputsTable();
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i < 0 || j < i) throw new Error(`README.md lacks the ${start} … ${end} markers`);
    out = `${out.slice(0, i + start.length)}\n${table}\n${out.slice(j)}`;
  }
  return out;
}

export { COMMANDS };
