/**
 * The README's workflow examples are what a user copies: each ```yaml block must be YAML that
 * GitHub would accept, and every step that uses this action may pass only inputs action.yml
 * declares, a `command` the action has, and read only outputs it declares.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { COMMANDS } from '../src/names.js';

const root = new URL('../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');
const action = parseDocument(read('action.yml')).toJS() as { inputs: object; outputs: object };
const INPUT_NAMES = new Set(Object.keys(action.inputs));
const OUTPUT_NAMES = new Set(Object.keys(action.outputs));
/** How the README refers to this action: the published name, or `./` in a workflow of this repository. */
const OURS = /^(neon-preview-action\/neon-preview-action@|\.\/?$)/;

interface Block {
  line: number;
  text: string;
}

function yamlBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```yaml') continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1]!.trim() !== '```') i++;
    blocks.push({ line: start + 1, text: lines.slice(start, i + 1).join('\n') });
    i++;
  }
  return blocks;
}

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}

/** Every mapping with a `uses:` key anywhere in the document: the steps, whether in a job or a bare list. */
function stepsOf(node: unknown, out: Step[] = []): Step[] {
  if (Array.isArray(node)) for (const item of node) stepsOf(item, out);
  else if (node && typeof node === 'object') {
    if (typeof (node as Step).uses === 'string') out.push(node as Step);
    for (const value of Object.values(node)) stepsOf(value, out);
  }
  return out;
}

/** Problems with one block, as readable lines (empty when it is right). */
export function checkBlock(text: string): string[] {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) return [`not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`];
  const problems: string[] = [];
  const ourIds = new Set<string>();
  for (const step of stepsOf(doc.toJS())) {
    if (!OURS.test(step.uses!)) continue;
    if (step.id) ourIds.add(step.id);
    const inputs = step.with ?? {};
    for (const key of Object.keys(inputs)) if (!INPUT_NAMES.has(key)) problems.push(`unknown input "${key}"`);
    const command = inputs.command;
    if (typeof command !== 'string') problems.push(`a step of ${step.uses} without a command`);
    else if (!(COMMANDS as readonly string[]).includes(command)) problems.push(`unknown command "${command}"`);
  }
  for (const m of text.matchAll(/steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)) {
    if (ourIds.has(m[1]!) && !OUTPUT_NAMES.has(m[2]!)) problems.push(`unknown output "${m[2]}" of step "${m[1]}"`);
  }
  return problems;
}

describe("the README's YAML examples", () => {
  const blocks = yamlBlocks(read('README.md'));

  it('has examples to check', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it.each(blocks.map((b) => [b.line, b]))(
    'the block at README.md line %i parses and uses only real names',
    (_, block) => {
      expect(checkBlock((block as Block).text)).toEqual([]);
    },
  );
});

describe("this repository's workflows", () => {
  it.each(['test.yml', 'release.yml'])(
    '.github/workflows/%s parses and its steps of ./ use only real names',
    (file) => {
      expect(checkBlock(read(`.github/workflows/${file}`))).toEqual([]);
    },
  );
});

describe('the checker', () => {
  const step = (extra: string) =>
    `steps:\n  - id: db\n    uses: neon-preview-action/neon-preview-action@v1\n    with:\n      command: create-branch\n${extra}`;

  it('accepts a right step and refuses a flow mapping holding an expression, as GitHub does', () => {
    expect(checkBlock(step('      api-key: ${{ secrets.NEON_API_KEY }}\n'))).toEqual([]);
    expect(checkBlock('env: { DATABASE_URL: ${{ secrets.X }} }\n')[0]).toMatch(/^not valid YAML/);
  });

  it('names an unknown input, command or output', () => {
    expect(checkBlock(step('      api_key: x\n'))).toEqual(['unknown input "api_key"']);
    expect(checkBlock(step('').replace('create-branch', 'make-branch'))).toEqual(['unknown command "make-branch"']);
    expect(checkBlock(`${step('')}  - run: echo \${{ steps.db.outputs.db_url }}\n`)).toEqual([
      'unknown output "db_url" of step "db"',
    ]);
  });
});
