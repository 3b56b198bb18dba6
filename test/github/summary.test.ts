import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SUMMARY_MAX_BYTES as MAX_SUMMARY_BYTES } from '../../src/github/limits.js';
import { fitSummary, writeJobSummary } from '../../src/github/summary.js';

// @actions/core's summary resolves GITHUB_STEP_SUMMARY once per process, so one file serves the
// file and each test reads what it appended.
const file = join(mkdtempSync(join(tmpdir(), 'summary-')), 'step_summary.md');
writeFileSync(file, '');
process.env.GITHUB_STEP_SUMMARY = file;
let offset = 0;
function appended(): Buffer {
  const all = readFileSync(file);
  const fresh = all.subarray(offset);
  offset = all.length;
  return fresh;
}
afterEach(() => {
  process.env.GITHUB_STEP_SUMMARY = file;
  appended();
});

describe('writeJobSummary', () => {
  it("appends the Markdown to the step summary file through @actions/core's summary", async () => {
    const result = await writeJobSummary('### Preview\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(result).toMatchObject({ written: true, truncated: false });
    await writeJobSummary('second');
    expect(appended().toString('utf8')).toBe('### Preview\n\n| a | b |\n|---|---|\n| 1 | 2 |\nsecond\n');
  });

  it('keeps a long summary under the byte cap, with a note', async () => {
    const line = 'é🎉 row with multibyte characters\n';
    const huge = line.repeat(Math.ceil((MAX_SUMMARY_BYTES * 1.5) / Buffer.byteLength(line)));
    const result = await writeJobSummary(huge);
    const written = appended();
    expect(result.truncated).toBe(true);
    expect(written.length).toBeLessThanOrEqual(MAX_SUMMARY_BYTES + 1); // + the EOL core adds
    expect(written.toString('utf8')).toContain('This summary was cut');
    expect(written.toString('utf8')).not.toContain('\uFFFD');
  });

  it('redacts registered secrets', async () => {
    await writeJobSummary('uri postgresql://u:npg_abcdefgh@h/db', { secrets: ['npg_abcdefgh'] });
    expect(appended().toString('utf8')).toBe('uri postgresql://u:***@h/db\n');
  });

  it('does nothing outside a runner (no GITHUB_STEP_SUMMARY)', async () => {
    delete process.env.GITHUB_STEP_SUMMARY;
    expect(await writeJobSummary('x')).toMatchObject({ written: false });
  });

  it('writes to an injected sink', async () => {
    const seen: string[] = [];
    const sink = { addRaw: (t: string) => ({ write: async () => seen.push(t) }) };
    await writeJobSummary('hello', { sink, maxBytes: 100 });
    expect(seen).toEqual(['hello']);
  });
});

describe('fitSummary', () => {
  it('leaves a summary under the cap alone', () => {
    expect(fitSummary('short', 100)).toEqual({ markdown: 'short', truncated: false });
  });

  it('cuts at a line end, never inside a character, and closes an open code fence', () => {
    const md = `# Diff\n\n\`\`\`sql\n${'ALTER TABLE ünïcödé ADD COLUMN x int;\n'.repeat(500)}\`\`\`\n`;
    const { markdown, truncated } = fitSummary(md, 4096);
    expect(truncated).toBe(true);
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(4096);
    expect(markdown).toMatch(/ADD COLUMN x int;\n```\n\n> \[!NOTE\]/);
    expect(markdown).not.toContain('\uFFFD');
  });
});
