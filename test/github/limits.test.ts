/**
 * GitHub's size limits live in one place (src/github/limits.ts), and each renderer's budget is
 * imported from there and derived from them: a review rendered at its largest, with the largest gate block above it, fits the
 * whole comment (and the job summary) without a second, cruder cut.
 */
import { describe, expect, it } from 'vitest';
import { renderDocument } from '../../src/conversation/document.js';
import { renderComment, renderSummary } from '../../src/conversation/render-review.js';
import { reviewUpdate } from '../../src/conversation/review-comment.js';
import {
  COMMENT_MAX_CHARS,
  GITHUB_COMMENT_MAX_CHARS,
  GITHUB_SUMMARY_MAX_BYTES,
  REVIEW_COMMENT_MAX_CHARS as REVIEW_CHARS,
  REVIEW_SUMMARY_MAX_BYTES as REVIEW_BYTES,
  SUMMARY_MAX_BYTES,
} from '../../src/github/limits.js';
import { fitSummary } from '../../src/github/summary.js';
import type { Change, DatabaseReview } from '../../src/schema/types.js';

const destructive = (i: number): Change => ({
  kind: 'column',
  action: 'dropped',
  object: `public.table_with_a_long_name_${i}.column_with_a_long_name_${i}`,
  risk: 'destructive',
  reason: `drops public.table_with_a_long_name_${i}.column_with_a_long_name_${i}: 2.1 M rows, 1.3 GB of data that no later statement brings back`,
  destructive: true,
  database: 'neondb',
  detail: 'DROP COLUMN x'.repeat(20),
});

const HUGE: DatabaseReview = {
  database: 'neondb',
  changes: Array.from({ length: 400 }, (_, i) => destructive(i)),
  diff: `--- a\n+++ b\n@@ -1 +1,40000 @@\n${Array.from({ length: 40_000 }, (_, i) => `+    column_${i} text,`).join('\n')}\n`,
};

describe('one set of platform limits', () => {
  it("keeps each budget within the GitHub limit it serves: GitHub's own for the comment, room for the step's other lines in the summary", () => {
    expect(GITHUB_COMMENT_MAX_CHARS).toBe(65_536);
    expect(COMMENT_MAX_CHARS).toBe(GITHUB_COMMENT_MAX_CHARS);
    expect(REVIEW_CHARS).toBeLessThan(COMMENT_MAX_CHARS);
    expect(GITHUB_SUMMARY_MAX_BYTES).toBe(1024 * 1024);
    expect(SUMMARY_MAX_BYTES).toBeLessThan(GITHUB_SUMMARY_MAX_BYTES);
    expect(REVIEW_BYTES).toBeLessThan(SUMMARY_MAX_BYTES);
  });

  it('cuts a whole comment at the comment budget by default', () => {
    const body = renderDocument('preview', [{ key: 'preview:aaaaaaaaaaaa', attrs: {}, body: 'x'.repeat(100_000) }]);
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(body.length).toBeGreaterThan(COMMENT_MAX_CHARS - 1_000);
  });

  it('a review at its largest, under the largest gate block, fits the comment without the comment cutting it again', () => {
    const review = renderComment(HUGE);
    expect(review.length).toBeGreaterThan(REVIEW_CHARS - 3_000);
    const gate = { verdict: 'fail' as const, flagged: HUGE.changes };
    const update = reviewUpdate('steep-river-123456', `preview/${'pr-1-'.repeat(60)}`, review, gate, 'db-approved');
    const section = update.apply(undefined)!;
    const body = renderDocument('review', [section]);
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(body).not.toContain("This section was cut to fit GitHub's size limit");
    expect(body).toContain(review.slice(-200));
  });

  it('a review summary at its largest, under a gate block, fits the job summary uncut', () => {
    const wide = Array.from({ length: 200_000 }, (_, i) => `+ -- ünïcødé ✓ ${i}`).join('\n');
    const summary = renderSummary({ ...HUGE, diff: wide });
    const gateBlock = `> [!CAUTION]\n${'> - a flagged change with its reason, listed above the review\n'.repeat(20)}`;
    const fitted = fitSummary(`${gateBlock}\n\n${summary}`, SUMMARY_MAX_BYTES);
    expect(fitted.truncated).toBe(false);
  });
});
