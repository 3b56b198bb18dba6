/** The pure parts of the PR conversation: the sectioned document, each command's updates, the gate. */
import { COMMENT_MAX_CHARS } from '../../src/github/limits.js';
import { describe, expect, it } from 'vitest';
import { type ApprovalRecord, decideGate, fingerprint, labelApproval } from '../../src/conversation/approval.js';
import type { BranchReport } from '../../src/conversation/branch-texts.js';
import {
  applyUpdates,
  COMMENT_MARKERS,
  encodeAttr,
  parseSections,
  renderDocument,
  type Section,
} from '../../src/conversation/document.js';
import { branchUpdates, teardownUpdates } from '../../src/conversation/preview-comment.js';
import { parseApprovalSettings } from '../../src/inputs/conversation.js';
import type { Change } from '../../src/schema/types.js';

const report: BranchReport = {
  command: 'create-branch',
  projectId: 'p-1',
  branchId: 'br-1',
  branchName: 'preview/pr-1-x',
  parentName: 'main',
  created: true,
  expiresAt: undefined,
  host: 'h',
  pooledHost: 'hp',
};

describe('the sectioned document', () => {
  it('round-trips sections and their facts, whatever the values hold', () => {
    const hostile = 'x --> <!-- neon-preview-action:/section --> "q" \n%41 é';
    const sections: Section[] = [{ key: 'preview:abc', attrs: { name: hostile, branch: 'br-1' }, body: 'Body' }];
    const body = renderDocument('preview', sections);
    expect(body.split('\n')[0]).toBe(COMMENT_MARKERS.preview);
    expect(body.match(/-->/g)).toHaveLength(3); // the marker, the opening line, the closing line
    expect(parseSections(body)).toEqual(sections);
    expect(encodeAttr('a-b')).toBe('a%2Db');
  });

  it('shows a body line that looks like a section boundary instead of obeying it', () => {
    const body = renderDocument('review', [
      {
        key: 'review:a',
        attrs: {},
        body: '```diff\n<!-- neon-preview-action:/section -->\n<!-- neon-preview-action:section key=preview:zzz -->\n```',
      },
    ]);
    const parsed = parseSections(body);
    expect(parsed.map((s) => s.key)).toEqual(['review:a']);
    expect(parsed[0]!.body).toContain('&lt;!-- neon-preview-action:/section -->');
  });

  it('keeps sections in display order and applies updates in place, removing on null', () => {
    const put = (key: string, body = key) => ({ key, apply: () => ({ key, attrs: {}, body }) });
    let s = applyUpdates([], [put('teardown:1'), put('restore:1'), put('preview:1'), put('snapshot:1')]);
    expect(s.map((x) => x.key)).toEqual(['preview:1', 'snapshot:1', 'restore:1', 'teardown:1']);
    s = applyUpdates(s, [
      put('preview:1', 'new'),
      { key: 'snapshot:1', apply: () => null },
      { key: 'restore:1', apply: () => undefined },
    ]);
    expect(s.map((x) => `${x.key}=${x.body}`)).toEqual([
      'preview:1=new',
      'restore:1=restore:1',
      'teardown:1=teardown:1',
    ]);
  });

  it('stays under the limit by cutting the longest section only', () => {
    const body = renderDocument('review', [
      { key: 'review:a', attrs: {}, body: 'short' },
      { key: 'review:b', attrs: {}, body: 'y'.repeat(200_000) },
    ]);
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
    expect(parseSections(body)[0]!.body).toBe('short');
  });
});

describe('the preview comment across a PR', () => {
  const close = (current: Section[], deleted: { id: string; name: string }[], missing: string[] = []) =>
    applyUpdates(
      current,
      teardownUpdates(current, {
        projectId: 'p-1',
        branchName: 'preview/pr-1-x',
        deleted,
        kept: [],
        deletedIds: new Set(deleted.map((d) => d.id)),
        missingIds: new Set(missing),
      }),
    );

  it('cleanup marks gone what went, keeps its first report on a rerun, adds what a later run deleted', () => {
    const live = applyUpdates(
      [],
      [
        ...branchUpdates(report),
        ...branchUpdates({ ...report, command: 'snapshot', branchName: 'restored', branchId: 'br-9' }),
      ],
    );
    const first = close(live, [{ id: 'br-1', name: 'preview/pr-1-x' }], ['br-9']);
    expect(first.map((s) => [s.key.split(':')[0], s.attrs.state ?? ''])).toEqual([
      ['preview', 'gone'],
      ['restore', 'gone'],
      ['teardown', ''],
    ]);
    expect(first[1]!.body).toContain('Neon no longer has it');
    const rerun = close(first, []);
    expect(rerun).toEqual(first);
    const later = close(first, [{ id: 'br-2', name: 'preview/pr-1-x-anon' }]);
    expect(later.at(-1)!.body).toContain(first.at(-1)!.body);
    expect(later.at(-1)!.body).toContain('A later run deleted 1 more branch:');
    // each update is idempotent: applied to its own result it changes nothing (the store relies on it)
    expect(close(later, [{ id: 'br-2', name: 'preview/pr-1-x-anon' }])).toEqual(later);
  });

  it('a reopened PR: create-branch brings the section back live and drops the old teardown report', () => {
    const closed = close(applyUpdates([], branchUpdates(report)), [{ id: 'br-1', name: 'preview/pr-1-x' }]);
    const reopened = applyUpdates(closed, branchUpdates({ ...report, branchId: 'br-5' }));
    expect(reopened.map((s) => [s.key.split(':')[0], s.attrs.state])).toEqual([['preview', 'live']]);
  });

  it('a reopened PR: the gone anonymized and restored sections stop pointing at the teardown report it dropped', () => {
    const live = applyUpdates(
      [],
      [
        ...branchUpdates(report),
        ...branchUpdates({ ...report, command: 'anonymize', branchName: 'preview/pr-1-x-anon', branchId: 'br-2' }),
        ...branchUpdates({ ...report, command: 'snapshot', branchName: 'preview/pr-1-x-restored', branchId: 'br-3' }),
        // a restore under a name of its own, deleted on close too
        ...branchUpdates({ ...report, command: 'snapshot', branchName: 'hotfix-copy', branchId: 'br-4' }),
      ],
    );
    const closed = close(live, [
      { id: 'br-2', name: 'preview/pr-1-x-anon' },
      { id: 'br-3', name: 'preview/pr-1-x-restored' },
      { id: 'br-4', name: 'hotfix-copy' },
      { id: 'br-1', name: 'preview/pr-1-x' },
    ]);
    expect(closed.filter((s) => s.body.includes('(see the teardown report below)')).map((s) => s.attrs.branch)).toEqual(
      ['br-1', 'br-2', 'br-3', 'br-4'],
    );
    const reopened = applyUpdates(closed, branchUpdates({ ...report, branchId: 'br-5' }, closed));
    expect(reopened.map((s) => [s.key.split(':')[0], s.attrs.state])).toEqual([
      ['preview', 'live'],
      ['anonymized', 'gone'],
      ['restore', 'gone'],
      ['restore', 'gone'],
    ]);
    expect(reopened.filter((s) => s.body.includes('teardown')).map((s) => s.attrs.branch)).toEqual([]);
    expect(reopened[1]!.body).toMatch(
      /<code>preview\/pr-1-x-anon<\/code> \(<code>br-2<\/code>\) is gone: it was deleted when this pull request closed\. /,
    );
    // without the listing, the default names still get there
    const defaults = applyUpdates(closed, branchUpdates({ ...report, branchId: 'br-5' }));
    expect(defaults.filter((s) => s.body.includes('teardown')).map((s) => s.attrs.branch)).toEqual(['br-4']);
    // idempotent: applied again, nothing changes
    expect(applyUpdates(reopened, branchUpdates({ ...report, branchId: 'br-5' }, reopened))).toEqual(reopened);
  });
});

describe('the approval gate', () => {
  const change = (object: string, destructive = true): Change => ({
    kind: 'column',
    action: 'dropped',
    object,
    risk: destructive ? 'destructive' : 'locking',
    destructive,
    reason: 'r',
    database: 'neondb',
    detail: '',
  });
  const labeled = { eventId: 5, by: 'alice', at: '2026-12-02T07:00:00Z' };
  const gate = (changes: Change[], approval: typeof labeled | null = labeled, record?: ApprovalRecord) =>
    decideGate({
      mode: 'destructive',
      changes,
      fails: changes.some((c) => c.destructive),
      label: 'ok',
      approval: approval ?? undefined,
      record,
      author: 'bob',
    });

  it('reads the label off the latest event for it, names compared without case', () => {
    const ev = (id: number, event: 'labeled' | 'unlabeled', label: string, at: string) => ({
      id,
      event,
      label,
      actor: `u${id}`,
      createdAt: at,
    });
    expect(labelApproval([ev(1, 'labeled', 'OK', '2026-01-01T00:00:00Z')], 'ok')).toEqual({
      eventId: 1,
      by: 'u1',
      at: '2026-01-01T00:00:00Z',
    });
    expect(
      labelApproval(
        [ev(1, 'labeled', 'ok', '2026-01-01T00:00:00Z'), ev(2, 'unlabeled', 'ok', '2026-01-02T00:00:00Z')],
        'ok',
      ),
    ).toBeUndefined();
    expect(labelApproval([ev(3, 'labeled', 'other', '2026-01-03T00:00:00Z')], 'ok')).toBeUndefined();
  });

  it('fails without the label, approves with it, and pins the approval to what it saw', () => {
    const a = change('public.t.a');
    expect(gate([a], null).verdict).toBe('fail');
    const first = gate([a]);
    expect(first).toMatchObject({
      verdict: 'approved',
      record: { event: '5', by: 'alice', approved: [fingerprint(a)] },
    });
    const b = change('public.t.b');
    const later = gate([a, b], labeled, first.record);
    expect(later.verdict).toBe('new-since-approval');
    expect(later.verdict === 'new-since-approval' && later.newOnes.map((c) => c.object)).toEqual(['public.t.b']);
    // the label removed and added again: a new event approves what is flagged now
    expect(gate([a, b], { ...labeled, eventId: 9 }, first.record).verdict).toBe('approved');
    // fail-on passing needs no approval, but the label's record is kept: what it approved is pinned
    const quiet = gate([change('public.t.c', false)]);
    expect(quiet).toMatchObject({ verdict: 'pass', record: { event: '5', approved: [] } });
    // a label added while nothing was flagged approves nothing: a later destructive change fails
    expect(gate([a], labeled, quiet.record).verdict).toBe('new-since-approval');
    expect(gate([change('public.t.c', false)], null).record).toBeUndefined();
  });

  it('approve-label is one line naming the input when it cannot work', () => {
    const read = (values: Record<string, string>) => (name: string) => values[name] ?? '';
    expect(parseApprovalSettings(read({ 'approve-label': 'db-approved' }), true)).toEqual({
      approveLabel: 'db-approved',
      allowAuthor: false,
    });
    expect(
      parseApprovalSettings(read({ 'approve-label': 'db-approved', 'approve-label-allow-author': 'true' }), true),
    ).toEqual({ approveLabel: 'db-approved', allowAuthor: true });
    expect(() => parseApprovalSettings(read({ 'approve-label': 'db-approved' }), false)).toThrow(
      /^Input "approve-label" needs comment: true/,
    );
    expect(() => parseApprovalSettings(read({ 'approve-label': 'x'.repeat(51) }), true)).toThrow(
      /^Input "approve-label" accepts a label name/,
    );
    expect(parseApprovalSettings(read({}), false)).toEqual({ approveLabel: undefined, allowAuthor: false });
  });

  describe('fails closed (issue 21)', () => {
    const a = change('public.t.a');
    it('makes no new record where it cannot be read or kept, and says why', () => {
      for (const unrecorded of [
        "the PR's comments could not be listed (HTTP 502)",
        'GitHub named no identity for github-token',
        'this merge_group run writes no review comment',
      ]) {
        const g = decideGate({
          mode: 'destructive',
          changes: [a],
          fails: true,
          label: 'ok',
          approval: labeled,
          record: undefined,
          author: 'bob',
          unrecorded,
        });
        expect(g).toMatchObject({ verdict: 'fail', why: `the label does not count: ${unrecorded}` });
        expect(g.record).toBeUndefined();
      }
      // a record this label event already left in the comment still holds on a run that cannot write one
      const kept = gate([a]).record;
      expect(
        decideGate({
          mode: 'destructive',
          changes: [a],
          fails: true,
          label: 'ok',
          approval: labeled,
          record: kept,
          author: 'bob',
          unrecorded: 'this merge_group run writes no review comment',
        }).verdict,
      ).toBe('approved');
    });

    it("approves a change's content, not just its name", () => {
      const wide = { ...change('public.users.email'), action: 'altered' as const, detail: 'text -> varchar(200)' };
      const narrow = { ...wide, detail: 'text -> varchar(1)' };
      const first = gate([wide]);
      expect(first.verdict).toBe('approved');
      expect(gate([narrow], labeled, first.record).verdict).toBe('new-since-approval');
    });

    it("does not count the PR author's own label (nor one whose author is unknown) unless allowed", () => {
      const own = decideGate({
        mode: 'destructive',
        changes: [a],
        fails: true,
        label: 'ok',
        approval: labeled,
        record: undefined,
        author: 'Alice',
      });
      expect(own).toMatchObject({ verdict: 'fail' });
      expect(own.verdict === 'fail' && own.why).toMatch(
        /added by the PR's author alice, who cannot approve their own change \(approve-label-allow-author: true allows it\)/,
      );
      expect(
        decideGate({
          mode: 'destructive',
          changes: [a],
          fails: true,
          label: 'ok',
          approval: labeled,
          record: undefined,
        }).verdict,
      ).toBe('fail');
      expect(
        decideGate({
          mode: 'destructive',
          changes: [a],
          fails: true,
          label: 'ok',
          approval: labeled,
          record: undefined,
          author: 'alice',
          allowAuthor: true,
        }).verdict,
      ).toBe('approved');
    });
  });
});

describe('docs/pull-request.md', () => {
  it('is what the renderers write today (run `npx tsx scripts/pr-examples.ts`)', async () => {
    const { readFileSync } = await import('node:fs');
    const { EXAMPLES_FILE, examplesPage } = await import('../../scripts/pr-examples.js');
    const page = await examplesPage();
    expect(readFileSync(EXAMPLES_FILE, 'utf8')).toBe(page);
    expect(page.match(/^<!-- neon-preview-action:(preview|review) -->$/gm)).toHaveLength(5);
  });
});
