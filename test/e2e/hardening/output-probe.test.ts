/** The Secrets checker itself: it must catch each way a secret can leak, and pass a clean run. */
import { describe, expect, it } from 'vitest';
import type { ActionRun } from '../run-action.js';
import { escapeCommandData, outputWrites, secretLeaks } from './output-probe.js';

const SECRET = 'pa%ss/word-123456';

function fakeRun(stdout: string, extra: Partial<ActionRun> = {}): ActionRun {
  return { code: 0, stdout, stderr: '', outputs: {}, summary: '', masks: [], output: stdout, signals: [], ...extra };
}
const write = (text: string) => `##probe-output##${Buffer.from(text).toString('base64')}\n`;
const mask = `::add-mask::${escapeCommandData(SECRET)}\n`;
const check = (run: ActionRun, extra: Record<string, string> = {}) =>
  secretLeaks(run, { mustMask: [], others: [SECRET] }, ['branch-id'], extra);

describe('secretLeaks', () => {
  it('passes a run that masks first, then writes the secret output', () => {
    expect(check(fakeRun(`${mask}${write(`password<<D\n${SECRET}\nD\n`)}`, { outputs: { password: SECRET } }))).toEqual(
      [],
    );
  });

  it('passes a secret that never appears, and needs no mask for it', () => {
    expect(check(fakeRun('hello\n'))).toEqual([]);
  });

  it('insists on masking a must-mask secret that never appears', () => {
    expect(secretLeaks(fakeRun('hello\n'), { mustMask: [SECRET], others: [] }, [])).toEqual([
      `a secret of ${SECRET.length} chars was never masked`,
    ]);
  });

  it('catches an output write before the mask', () => {
    expect(check(fakeRun(`${write(`password<<D\n${SECRET}\nD\n`)}${mask}`))).toContain(
      `a secret of ${SECRET.length} chars was written to GITHUB_OUTPUT before its mask`,
    );
  });

  it('catches a log line before the mask, also escaped inside a command', () => {
    expect(check(fakeRun(`url ${SECRET}\n${mask}`))).toContain(
      `a secret of ${SECRET.length} chars appeared on stdout before its mask`,
    );
    expect(check(fakeRun(`::warning::${escapeCommandData(SECRET)}\n${mask}`))).toContain(
      `a secret of ${SECRET.length} chars appeared on stdout before its mask`,
    );
  });

  it('catches a secret never masked, on stderr, in a non-secret output, the summary or a comment', () => {
    expect(check(fakeRun(`x ${SECRET}\n`))).toContain(`a secret of ${SECRET.length} chars was never masked`);
    const leaky = fakeRun(mask, { stderr: SECRET, outputs: { 'branch-id': SECRET }, summary: SECRET });
    expect(check(leaky, { 'the comment': `see ${SECRET}` })).toEqual([
      `a secret of ${SECRET.length} chars appeared on stderr`,
      `a secret of ${SECRET.length} chars is in the non-secret output branch-id`,
      `a secret of ${SECRET.length} chars is in the job summary`,
      `a secret of ${SECRET.length} chars is in the comment`,
    ]);
  });

  it('decodes the probe lines in order', () => {
    expect(outputWrites(fakeRun(`a\n${write('one')}b\n${write('two')}`)).map((w) => w.text)).toEqual(['one', 'two']);
  });
});
