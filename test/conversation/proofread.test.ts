/**
 * Every text the PR conversation can show (comment sections, job summaries, deployment statuses,
 * the gate's lines), rendered in each of its variants and read the way a proofreader would.
 */
import { describe, expect, it } from 'vitest';
import { type ApprovalRecord, decideGate } from '../../src/conversation/approval.js';
import {
  appendToTeardown,
  type BranchReport,
  renderBranchReport,
  renderGoneBranch,
  renderSnapshotGone,
  renderSnapshotKept,
  renderSnapshot,
  renderSnapshotDeleted,
  renderTeardown,
} from '../../src/conversation/branch-texts.js';
import { deploymentLine, statusDescription } from '../../src/conversation/deployment.js';
import { parseSections, renderDocument } from '../../src/conversation/document.js';
import { branchUpdates, teardownUpdates } from '../../src/conversation/preview-comment.js';
import { renderComment, renderSummary } from '../../src/conversation/render-review.js';
import { gateNotice, gateText } from '../../src/conversation/review-comment.js';
import { failOnResult, gateFailure } from '../../src/review/decision.js';
import { applyUpdates } from '../../src/conversation/document.js';
import type { Change, DatabaseReview } from '../../src/schema/types.js';
import { proofread } from './proofread.js';

const base: BranchReport = {
  command: 'create-branch',
  projectId: 'p-1',
  branchId: 'br-cool-1',
  branchName: 'preview/pr-42-feature-x',
  parentName: 'main',
  created: true,
  expiresAt: '2026-12-09T06:00:00Z',
  host: 'ep-1.example.neon.tech',
  pooledHost: 'ep-1-pooler.example.neon.tech',
};

function change(over: Partial<Change>): Change {
  const risk = over.risk ?? 'destructive';
  return {
    kind: 'column',
    action: 'dropped',
    object: 'public.orders.legacy_code',
    risk,
    destructive: risk === 'destructive',
    reason: 'drops the column and its data',
    database: 'neondb',
    detail: '',
    ...over,
  };
}

const one = [change({})];
const two = [change({}), change({ kind: 'table', object: 'public.archive', reason: 'drops the table and its rows' })];
const event = { eventId: 7, by: 'alice', at: '2026-12-02T07:10:00Z' };
const record = (n: Change[]): ApprovalRecord | undefined =>
  decideGate({
    mode: 'destructive',
    changes: n,
    fails: true,
    label: 'db-approved',
    approval: event,
    record: undefined,
    author: 'pr-author',
  }).record;

function allTexts(): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const command of ['create-branch', 'reset-branch', 'anonymize', 'snapshot'] as const)
    for (const created of [true, false])
      for (const extra of [
        {},
        { parentName: undefined, expiresAt: undefined, schemaOnly: true, snapshotName: 'before-deploy' },
      ])
        texts[`${command} created=${created} ${Object.keys(extra).length ? 'bare' : 'full'}`] = renderBranchReport({
          ...base,
          ...extra,
          command,
          created,
        });
  for (const kind of ['preview', 'anonymized', 'restore'] as const)
    for (const reason of ['deleted-on-close', 'missing'] as const) {
      texts[`gone ${kind} ${reason}`] = renderGoneBranch(kind, 'preview/pr-42-x', 'br-1', reason);
      texts[`gone ${kind} ${reason} no id`] = renderGoneBranch(kind, 'preview/pr-42-x', undefined, reason);
    }
  for (const reused of [true, false])
    texts[`snapshot reused=${reused}`] = renderSnapshot({
      snapshotId: 'snap-1',
      snapshotName: 'before',
      sourceBranch: 'main',
      reused,
    });
  texts['snapshot deleted'] = renderSnapshotDeleted('before', 'snap-1');
  const d1 = { name: 'preview/pr-42-x', id: 'br-1', computeTimeSeconds: 3725, writtenDataBytes: 5_000_000 };
  const d2 = { name: 'preview/pr-42-x-anon', id: 'br-2' };
  const kept = [{ name: 'preview/pr-42-x-anon', id: 'br-3', reason: 'protected' }];
  texts['teardown nothing'] = renderTeardown({ branchName: 'preview/pr-42-x', deleted: [], kept: [] });
  texts['teardown one'] = renderTeardown({ branchName: 'preview/pr-42-x', deleted: [d1], kept: [] });
  texts['teardown two kept one'] = renderTeardown({ branchName: 'preview/pr-42-x', deleted: [d1, d2], kept });
  texts['teardown kept two'] = renderTeardown({ branchName: 'x', deleted: [d2], kept: [...kept, ...kept] });
  texts['teardown appended one'] = appendToTeardown(texts['teardown one']!, [d2]);
  texts['teardown appended two'] = appendToTeardown(texts['teardown one']!, [d2, d2]);
  const s1 = { name: 'before', id: 'snap-1' };
  const s2 = { name: 'nightly', id: 'snap-2', reason: 'keep-snapshots is true' };
  texts['teardown snapshots one deleted one kept'] = renderTeardown({
    branchName: 'x',
    deleted: [d1],
    kept: [],
    snapshots: { deleted: [s1], kept: [s2] },
  });
  texts['teardown snapshots two deleted two kept'] = renderTeardown({
    branchName: 'x',
    deleted: [],
    kept: [],
    snapshots: { deleted: [s1, s1], kept: [s2, s2] },
  });
  texts['teardown appended snapshots'] = appendToTeardown(texts['teardown one']!, [], [s1, s1]);
  texts['teardown appended one snapshot'] = appendToTeardown(texts['teardown one']!, [d2], [s1]);
  for (const reason of ['deleted-on-close', 'missing'] as const)
    texts[`snapshot gone ${reason}`] = renderSnapshotGone('before', 'snap-1', reason);
  texts['snapshot kept'] = renderSnapshotKept('before', 'snap-1', 'keep-snapshots is true');
  for (const [name, changes] of [
    ['one', one],
    ['two', two],
  ] as const) {
    const fail = decideGate({
      mode: 'destructive',
      changes,
      fails: true,
      label: 'db-approved',
      approval: undefined,
      record: undefined,
    });
    const approved = decideGate({
      mode: 'destructive',
      changes,
      fails: true,
      label: 'db-approved',
      approval: event,
      record: undefined,
      author: 'pr-author',
    });
    texts[`gate fail ${name}`] = gateText(fail, 'db-approved');
    texts[`gate fail ${name} no label`] = gateText(fail, undefined);
    texts[`gate approved ${name}`] = gateText(approved, 'db-approved');
    texts[`gate approved ${name} notice`] = gateNotice(approved, 'db-approved')!;
    texts[`gate fail ${name} line`] = gateFailure(fail, failOnResult('destructive', changes, '')!, 'db-approved')!;
  }
  for (const [name, old, now] of [
    ['one new of one', one, [...one, change({ object: 'public.orders.note' })]],
    ['two new of two', two, [...two, change({ object: 'public.a.b' }), change({ object: 'public.a.c' })]],
  ] as const) {
    const gate = decideGate({
      mode: 'destructive',
      changes: now,
      fails: true,
      label: 'db-approved',
      approval: event,
      record: record([...old]),
    });
    texts[`gate ${name}`] = gateText(gate, 'db-approved');
    texts[`gate ${name} line`] = gateFailure(gate, failOnResult('destructive', now, '')!, 'db-approved')!;
  }
  const unparsed = decideGate({
    mode: 'any',
    changes: [],
    fails: true,
    label: 'ok',
    approval: event,
    record: undefined,
  });
  texts['gate approved diff only'] = gateText(unparsed, 'ok');
  texts['gate fail diff only'] = gateText(
    decideGate({ mode: 'any', changes: [], fails: true, label: 'ok', approval: undefined, record: undefined }),
    'ok',
  );
  for (const state of ['in_progress', 'success', 'failure', 'inactive'] as const) {
    texts[`deployment ${state}`] = statusDescription(state, 'preview/pr-42-x');
    texts[`deployment line ${state}`] = deploymentLine('neon/pr-42', state);
  }
  const review = (changes: Change[]): DatabaseReview => ({
    database: 'neondb',
    changes,
    diff: changes.length ? '-    legacy_code text\n' : '',
  });
  for (const [name, changes] of [
    ['none', []],
    ['one', one],
    ['two', two],
  ] as const) {
    texts[`review ${name}`] = renderComment(review([...changes]), {
      title: 'Schema changes: preview/pr-42-x',
      basePoint: { mode: 'fork', branch: 'main', lsn: '0/1' },
    });
    texts[`review summary ${name}`] = renderSummary(review([...changes]), {
      basePoint: { mode: 'head', branch: 'main', fallbackReason: 'Neon refused the fork point' },
    });
  }
  // whole documents, as cleanup leaves the preview comment
  const live = applyUpdates(
    [],
    [
      ...branchUpdates(base),
      ...branchUpdates({ ...base, command: 'anonymize', branchName: `${base.branchName}-anon`, branchId: 'br-2' }),
    ],
  );
  const closed = applyUpdates(
    live,
    teardownUpdates(live, {
      projectId: 'p-1',
      branchName: base.branchName,
      deleted: [d1, d2],
      kept: [],
      deletedIds: new Set(['br-cool-1', 'br-2']),
      missingIds: new Set(),
    }),
  );
  texts['preview comment live'] = renderDocument('preview', live);
  texts['preview comment closed'] = renderDocument('preview', closed);
  return texts;
}

describe('the PR texts, read by a proofreader', () => {
  const texts = allTexts();

  it('renders every variant (and the proofreader reads prose, not code)', () => {
    expect(Object.keys(texts).length).toBeGreaterThan(60);
    for (const [name, text] of Object.entries(texts)) expect(text.trim(), name).not.toBe('');
    expect(parseSections(texts['preview comment closed']!).map((s) => s.key.split(':')[0])).toEqual([
      'preview',
      'anonymized',
      'teardown',
    ]);
  });

  it.each(Object.keys(texts))('%s', (name) => {
    expect(proofread(texts[name]!)).toEqual([]);
  });

  it('catches the mistakes it is there for', () => {
    const marked = (text: string) => proofread(text).map((f) => f.rule);
    expect(marked('The branch <code>x</code> was already existed and is reused.')).toContain(
      '"was" with a past tense ("was already existed")',
    );
    expect(marked('3 schema change(s) in neondb.')).toContain('a count with "(s)" instead of the right noun form');
    expect(marked('Deleted 1 branches.')).toContain('"1" with a plural noun');
    expect(marked('2 branches of it was deleted.')).toContain('a plural count with "was" or "is"');
    expect(marked('Add the the label.')).toContain('a word twice in a row');
    expect(marked('It is a error.')).toContain('"a" before a vowel sound');
    expect(marked('Approved by undefined.')).toContain('a placeholder left in a sentence');
    // code is not prose
    expect(marked('The branch `was already existed` is <code>1 branches</code>.')).toEqual([]);
  });
});
