/**
 * The 2,000-table synthetic pair the bench times (`npm run bench`, bench/review.ts): every change its
 * migration makes is found. How long the review takes is the bench's figure, not a test's.
 */
import { describe, expect, it } from 'vitest';
import { reviewSchemas } from '../../src/schema/review.js';
import { parser } from './helpers.js';
import { makeSyntheticPair } from './synthetic.js';

describe('the 2,000-table pair', () => {
  it('is reviewed with every change its migration makes, by kind and action', async () => {
    const p = await parser();
    const pair = makeSyntheticPair(2000);
    const review = reviewSchemas(p, { database: 'neondb', beforeSql: pair.before, afterSql: pair.after });
    const found: Record<string, number> = {};
    for (const { kind, action } of review.changes) found[`${kind}.${action}`] = (found[`${kind}.${action}`] ?? 0) + 1;
    expect(found).toEqual(pair.expected);
  });
});
