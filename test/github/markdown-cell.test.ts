import { describe, expect, it } from 'vitest';
import { breakAutolinks, code, codeBlock, escapeCell, escapeHtml, escapeInline } from '../../src/github/markdown.js';
import { mermaidLabel } from '../../src/schema/er-diagram.js';

const J = '\u2060';

describe('table-cell escaping', () => {
  it('keeps user data inside its cell and its code span', () => {
    const name = 'preview/pr-1-`x`|<!-- y -->\nz&';
    expect(escapeCell(name)).toBe('preview/pr-1-&#96;x&#96;&#124;&lt;&#33;-- y --&gt; z&amp;');
    expect(code(name)).toBe(`<code>${escapeCell(name)}</code>`);
    expect(code(name)).not.toMatch(/[|`\n]|<!--|-->/);
  });
});

/**
 * What GitHub would make of a rendered string: a mention is `@` then a name character; an autolink is
 * `scheme://`, `www.` or `local@domain`; emphasis or a link needs the raw punctuation. These checks
 * read the raw Markdown the way GitHub's filters do (they see neither entities nor joined text as such).
 */
function rendersAsData(markdown: string): string[] {
  const problems: string[] = [];
  if (/@[A-Za-z0-9]/.test(markdown)) problems.push('mention');
  if (/[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(markdown)) problems.push('url autolink');
  if (/\bwww\./i.test(markdown)) problems.push('www autolink');
  if (/(?<!\\)\*\*|(?<!\\)\[[^\]]*(?<!\\)\]\(/.test(markdown)) problems.push('emphasis or link');
  if (/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/.test(markdown)) problems.push('bidi control');
  return problems;
}

const HOSTILE = [
  '@octocat please look',
  'cc @acme/security-team',
  'see https://evil.example/phish and www.evil.example',
  'mail admin@evil.example',
  '**urgent** [click](https://evil.example)',
  'users\u202Egnp.exe',
  'a\u2066b\u2069c\u200Fd',
];

describe('user data renders as text only', () => {
  for (const [name, render] of [
    ['escapeInline', escapeInline],
    ['escapeHtml', escapeHtml],
    ['escapeCell', escapeCell],
    ['code', code],
  ] as const)
    it(`${name}: no mention, autolink, emphasis, link or bidi reordering`, () => {
      for (const text of HOSTILE) expect(rendersAsData(render(text)), `${name}(${JSON.stringify(text)})`).toEqual([]);
    });

  it('shows bidi controls as their code points, in code blocks too', () => {
    expect(escapeInline('a\u202Eb')).toBe('a&lt;U+202E&gt;b');
    expect(codeBlock('x\u2067y')).toBe('```\nx<U+2067>y\n```');
  });

  it('breaks mentions and autolinks with an invisible joiner, keeping the text', () => {
    expect(breakAutolinks('@a https://b www.c')).toBe(`@${J}a https:${J}//b www${J}.c`);
    expect(breakAutolinks('@a https://b www.c').replaceAll(J, '')).toBe('@a https://b www.c');
  });
});

describe('Mermaid labels', () => {
  it('carry no directive, comment, quote or line break', () => {
    const label = mermaidLabel('fk%%{init: {"theme": "dark"}}%%\n%% x #quot;');
    expect(label).not.toMatch(/%|"|\n/);
    expect(label).toContain('#37;#37;{init');
  });
});
