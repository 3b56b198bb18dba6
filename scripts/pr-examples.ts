/**
 * `npx tsx scripts/pr-examples.ts` writes docs/pull-request.md: what the PR shows, rendered by the
 * action's own pure renderers from sample data (the same code the commands call), so the page never
 * drifts from the texts. The demo (`npm run demo`) prints the same comments from a real run.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decideGate } from '../src/conversation/approval.js';
import type { BranchReport } from '../src/conversation/branch-texts.js';
import { applyUpdates, renderDocument } from '../src/conversation/document.js';
import { branchUpdates, snapshotUpdate, teardownUpdates } from '../src/conversation/preview-comment.js';
import { renderComment } from '../src/conversation/render-review.js';
import { reviewUpdate } from '../src/conversation/review-comment.js';
import type { Change, DatabaseReview } from '../src/schema/types.js';

const projectId = 'gentle-frog-123456';
const name = 'preview/pr-42-feature-loyalty';
const preview: BranchReport = {
  command: 'create-branch',
  projectId,
  branchId: 'br-summer-water-912714',
  branchName: name,
  parentName: 'main',
  created: true,
  expiresAt: '2026-12-16T06:46:01Z',
  host: 'ep-cool-lake-a1b2c3.us-east-2.aws.neon.tech',
  pooledHost: 'ep-cool-lake-a1b2c3-pooler.us-east-2.aws.neon.tech',
};
const anon: BranchReport = { ...preview, command: 'anonymize', branchId: 'br-late-fog-765434', branchName: `${name}-anon`, expiresAt: undefined };
const restored: BranchReport = {
  ...preview,
  command: 'snapshot',
  branchId: 'br-crimson-violet-707308',
  branchName: `${name}-restored`,
  parentName: undefined,
  // a preview restore expires (expires-in, else in 7 days)
  expiresAt: '2026-12-09T06:47:17Z',
  snapshotName: 'before-seed',
};

const open = applyUpdates(
  [],
  [
    ...branchUpdates({ ...preview, command: 'reset-branch', created: false }),
    ...branchUpdates(anon),
    snapshotUpdate(projectId, { snapshotId: 'snap-frosty-credit-998247', snapshotName: 'before-seed', sourceBranch: name, reused: false }),
    ...branchUpdates(restored),
  ],
);
const deleted = [
  { name: anon.branchName, id: anon.branchId, computeTimeSeconds: 412, writtenDataBytes: 18_874_368 },
  { name, id: preview.branchId, computeTimeSeconds: 3725, writtenDataBytes: 92_274_688 },
];
const closed = applyUpdates(
  open,
  teardownUpdates(open, {
    projectId,
    branchName: name,
    deleted,
    kept: [],
    deletedIds: new Set(deleted.map((d) => d.id)),
    missingIds: new Set([restored.branchId]),
  }),
);

const change = (over: Partial<Change>): Change => ({
  kind: 'column',
  action: 'dropped',
  object: 'public.orders.legacy_code',
  risk: 'destructive',
  destructive: true,
  reason: "drops the column's data; code that reads or writes it breaks",
  database: 'neondb',
  detail: 'DROP COLUMN legacy_code (text)',
  ...over,
});
const approvedChanges = [
  change({}),
  change({ kind: 'table', action: 'added', object: 'public.loyalty_points', risk: 'safe', destructive: false, reason: 'new object; nothing existing depends on it', detail: 'CREATE TABLE public.loyalty_points (2 columns)' }),
];
const pushed = [...approvedChanges, change({ object: 'public.customers.phone', detail: 'DROP COLUMN phone (text)' })];
const review = (changes: Change[]): DatabaseReview => ({
  database: 'neondb',
  changes,
  diff: '--- a/neondb\n+++ b/neondb\n@@ -5,4 +5,3 @@\n CREATE TABLE public.orders (\n     id integer NOT NULL,\n-    legacy_code text\n );\n',
});
const header = { title: `Schema changes: ${name}`, basePoint: { mode: 'fork' as const, branch: 'main', lsn: '0/1A2B3C4' } };
const labeled = { eventId: 7000001, by: 'alice', at: '2026-12-02T06:47:09Z' };
const gate = (changes: Change[], record?: ReturnType<typeof decideGate>['record']) =>
  decideGate({ mode: 'destructive', changes, fails: true, label: 'db-approved', approval: labeled, record, author: 'pr-author' });
const approval = gate(approvedChanges);
const reviewDoc = (changes: Change[], g: ReturnType<typeof decideGate>) =>
  renderDocument('review', applyUpdates([], [reviewUpdate(projectId, name, renderComment(review(changes), header), g, 'db-approved')]));
const failing = decideGate({ mode: 'destructive', changes: approvedChanges, fails: true, label: 'db-approved', approval: undefined, record: undefined });

/** The page, as docs/pull-request.md holds it (a test keeps the two equal). */
export function examplesPage(): string {
  return `# What the pull request shows

<!-- Written by scripts/pr-examples.ts from the action's own renderers; do not edit by hand. -->

The action keeps **at most two comments** on a pull request, each found by its marker on the first line and written
only by the token's own identity: the **preview comment** (one section per thing the PR has) and the **schema
review**. Every command updates its own section in place; HTML comments (invisible on GitHub) carry each section's
key and the few facts a later run reads back. Below, each comment as GitHub renders it.

## The preview comment, while the PR is open

After create-branch (then reset-branch on a push), anonymize, a snapshot and its restore:

---

${renderDocument('preview', open)}

---

## The preview comment, after cleanup

cleanup turns every section whose branch is gone into a "gone" one (never a live host for a deleted branch) and adds
the teardown report; a rerun keeps the report it wrote first.

---

${renderDocument('preview', closed)}

---

## The schema review, failing \`fail-on\`

---

${reviewDoc(approvedChanges, failing)}

---

## The schema review, approved by the label

---

${reviewDoc(approvedChanges, approval)}

---

## The schema review, after a push adds a change the approval did not cover

---

${reviewDoc(pushed, gate(pushed, approval.record))}

---
`;
}

export const EXAMPLES_FILE = fileURLToPath(new URL('../docs/pull-request.md', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(EXAMPLES_FILE, examplesPage());
  console.log('wrote docs/pull-request.md');
}
