import { describe, expect, it } from 'vitest';
import { NeonApiError } from '../../src/neon/errors.js';
import { outsideHistory } from '../../src/neon/index.js';
import { createLogger, neutralize } from '../../src/runtime/logger.js';
import { Secrets } from '../../src/runtime/secrets.js';
import { fitOutput } from '../../src/runtime/outputs.js';
import { runnerCommands } from '../e2e/hardening/runner-commands.js';

describe('neutralize', () => {
  it('leaves no runner command in any line, keeping the text readable', () => {
    const hostile = [
      'preview/x##[stop-commands]zz',
      '::error::FORGED',
      '   ::add-mask::nothing',
      'a\n::endgroup::\r::error::x\r\n\t::warning::y',
      '##[group]z',
    ];
    for (const text of hostile) {
      const out = neutralize(text);
      expect(runnerCommands(out), JSON.stringify(out)).toEqual([]);
      expect(out.replaceAll('\u2060', '')).toBe(text.split(/\r\n|\r|\n/).join('\n'));
    }
  });

  it('redacts before it neutralizes: a secret holding ##[ is still replaced whole', () => {
    const secrets = new Secrets({ setSecret: () => {} });
    secrets.add('pw##[stop-commands]x1');
    const lines: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      createLogger((t) => secrets.redact(t)).info('could not start with pw##[stop-commands]x1');
    } finally {
      process.stdout.write = write;
    }
    expect(lines.join('')).toBe('could not start with ***\n');
  });

  it('changes nothing in plain text', () => {
    expect(neutralize('Created branch preview/pr-1-x (br-a): 3 :: 4 # [x]')).toBe(
      'Created branch preview/pr-1-x (br-a): 3 :: 4 # [x]',
    );
  });
});

describe('fitOutput', () => {
  it('keeps a JSON list valid, as its first entries, with a notice', () => {
    const list = Array.from({ length: 1000 }, (_, i) => ({ i, text: 'x'.repeat(100) }));
    const fitted = fitOutput('changes', JSON.stringify(list), 10_000);
    expect(Buffer.byteLength(fitted.value)).toBeLessThanOrEqual(10_000);
    const kept = JSON.parse(fitted.value) as typeof list;
    expect(kept).toEqual(list.slice(0, kept.length));
    expect(fitted.notice).toMatch(new RegExp(`first ${kept.length} of 1000 entries`));
  });

  it('cuts other text at a line end, under the limit, and leaves short values alone', () => {
    const fitted = fitOutput('diff', 'line\n'.repeat(10_000), 1_000);
    expect(Buffer.byteLength(fitted.value)).toBeLessThanOrEqual(1_000);
    expect(fitted.value.endsWith('\n')).toBe(true);
    expect(fitOutput('summary', 'short')).toEqual({ value: 'short' });
  });
});

describe("compare-schema's fork-point fallback", () => {
  const error = (status: number, apiMessage: string) =>
    new NeonApiError({
      status,
      code: '',
      apiMessage,
      requestId: 'r',
      method: 'GET',
      path: '/projects/p/branches/b/schema',
    });
  it('falls back only for an answer about the point in time', () => {
    expect(outsideHistory(error(400, 'point-in-time not supported locally'))).toBe(true);
    expect(outsideHistory(error(422, 'requested LSN is before the history retention'))).toBe(true);
    expect(outsideHistory(error(404, 'database not found'))).toBe(false);
    expect(outsideHistory(error(403, 'forbidden'))).toBe(false);
    expect(outsideHistory(error(400, 'db_name is required'))).toBe(false);
  });
});
