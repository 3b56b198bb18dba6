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
import { effectsOf } from '../src/migrations/effects.js';
import { splitMigration } from '../src/migrations/index.js';
import { matchChanges } from '../src/migrations/match.js';
import { loadParser } from '../src/schema/parser.js';
import { reviewSchemas } from '../src/schema/review.js';
import type { TableSize } from '../src/schema/risk.js';
import { settleChanges } from '../src/schema/settle.js';
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
const anon: BranchReport = {
  ...preview,
  command: 'anonymize',
  branchId: 'br-late-fog-765434',
  branchName: `${name}-anon`,
  expiresAt: undefined,
};
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
    snapshotUpdate(projectId, {
      snapshotId: 'snap-frosty-credit-998247',
      snapshotName: 'before-seed',
      sourceBranch: name,
      reused: false,
    }),
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
    // cleanup deletes the snapshot the PR's run took (keep-snapshots: false)
    snapshots: { deleted: [{ name: 'before-seed', id: 'snap-frosty-credit-998247' }], kept: [] },
    deletedIds: new Set(deleted.map((d) => d.id)),
    missingIds: new Set([restored.branchId]),
  }),
);

// The schema review: two dumps, the PR's migration files and the tables' sizes go through the same
// pipeline as compare-schema (reviewSchemas, splitMigration, effectsOf, matchChanges, settleChanges),
// so each sample's table, diff, diagram, sizes and migration links agree with each other.
const BASE_DUMP = `CREATE TABLE public.customers (
    id integer NOT NULL,
    email text NOT NULL,
    phone text
);
CREATE TABLE public.orders (
    id integer NOT NULL,
    customer_id integer NOT NULL,
    legacy_code text
);
ALTER TABLE ONLY public.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
`;
const LOYALTY = `-- loyalty points per customer; the old export code goes
CREATE TABLE loyalty_points (
  customer_id integer NOT NULL REFERENCES customers (id),
  points integer NOT NULL DEFAULT 0
);

ALTER TABLE orders DROP COLUMN legacy_code;
`;
const DROP_PHONE = 'ALTER TABLE customers DROP COLUMN phone;\n';
const FIRST_DUMP = `CREATE TABLE public.customers (
    id integer NOT NULL,
    email text NOT NULL,
    phone text
);
CREATE TABLE public.loyalty_points (
    customer_id integer NOT NULL,
    points integer DEFAULT 0 NOT NULL
);
CREATE TABLE public.orders (
    id integer NOT NULL,
    customer_id integer NOT NULL
);
ALTER TABLE ONLY public.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.loyalty_points ADD CONSTRAINT loyalty_points_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);
`;
const PUSHED_DUMP = FIRST_DUMP.replace('    email text NOT NULL,\n    phone text\n', '    email text NOT NULL\n');
/** As compare-schema reads them (pg_class estimates and sizes) on the preview branch. */
const SIZES = new Map<string, TableSize>([
  ['public.orders', { rows: 2_140_000, bytes: 1_395_864_371 }],
  ['public.customers', { rows: 48_210, bytes: 9_437_184 }],
  ['public.loyalty_points', { rows: 0, bytes: 8_192 }],
]);
const MIGRATIONS = {
  first: { 'db/migrations/0042_loyalty_points.sql': LOYALTY },
  pushed: {
    'db/migrations/0042_loyalty_points.sql': LOYALTY,
    'db/migrations/0043_drop_customer_phone.sql': DROP_PHONE,
  },
};

async function reviewOf(afterSql: string, files: Record<string, string>): Promise<DatabaseReview> {
  const parser = await loadParser();
  const review = reviewSchemas(parser, { database: 'neondb', beforeSql: BASE_DUMP, afterSql });
  const statements = [];
  for (const [file, text] of Object.entries(files))
    statements.push(...(await splitMigration(file, text, parser)).statements);
  const matched = matchChanges(review.changes, effectsOf(parser, statements));
  return {
    ...review,
    changes: settleChanges(matched.changes, { evidence: matched.evidence, sizes: SIZES, smallTableRows: 10_000 }),
  };
}

const header = {
  title: `Schema changes: ${name}`,
  basePoint: { mode: 'fork' as const, branch: 'main', lsn: '0/1A2B3C4' },
  blobUrl: `https://github.com/acme/shop/blob/${'3f9c2e1'.padEnd(40, '0')}`,
};
const labeled = { eventId: 7000001, by: 'alice', at: '2026-12-02T06:47:09Z' };

/** The page, as docs/pull-request.md holds it (a test keeps the two equal). */
export async function examplesPage(): Promise<string> {
  const [first, pushed] = [
    await reviewOf(FIRST_DUMP, MIGRATIONS.first),
    await reviewOf(PUSHED_DUMP, MIGRATIONS.pushed),
  ];
  const gate = (changes: Change[], record?: ReturnType<typeof decideGate>['record']) =>
    decideGate({
      mode: 'destructive',
      changes,
      fails: true,
      label: 'db-approved',
      approval: labeled,
      record,
      author: 'pr-author',
    });
  const approval = gate(first.changes);
  const failing = decideGate({
    mode: 'destructive',
    changes: first.changes,
    fails: true,
    label: 'db-approved',
    approval: undefined,
    record: undefined,
  });
  const reviewDoc = (review: DatabaseReview, g: ReturnType<typeof decideGate>) =>
    renderDocument(
      'review',
      applyUpdates([], [reviewUpdate(projectId, name, renderComment(review, header), g, 'db-approved')]),
    );
  return page({
    failing: reviewDoc(first, failing),
    approved: reviewDoc(first, approval),
    pushed: reviewDoc(pushed, gate(pushed.changes, approval.record)),
  });
}

function page(reviews: { failing: string; approved: string; pushed: string }): string {
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

${reviews.failing}

---

## The schema review, approved by the label

---

${reviews.approved}

---

## The schema review, after a push adds a change the approval did not cover

---

${reviews.pushed}

---
`;
}

export const EXAMPLES_FILE = fileURLToPath(new URL('../docs/pull-request.md', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(EXAMPLES_FILE, await examplesPage());
  console.log('wrote docs/pull-request.md');
}
