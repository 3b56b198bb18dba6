/**
 * `npm run demo`: plays a whole pull request on the embedded local Neon (real Postgres through
 * PGlite) and a GitHub double, running the committed dist/index.js for every step, as a runner would.
 * No account, no database server. Secrets are shown as ***.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startGitHubDouble } from '../test/github-double/server.js';
import { type ActionRun, pullRequestEvent, runAction } from '../test/e2e/run-action.js';
import { startLocalNeon } from '../test/local-neon/index.js';

const started = Date.now();
const TOKEN = 'ghs_demo_token_0123456789';
const say = (text: string) => console.log(`\n\x1b[1m== ${text}\x1b[0m`);

const neon = await startLocalNeon({ dataPlane: 'pglite', operationMs: 200 });
const github = await startGitHubDouble({ token: TOKEN, owner: 'acme', repo: 'shop' });
const secrets = new Set<string>([neon.apiKey]);
const hide = (text: string) => [...secrets].reduce((t, s) => t.split(s).join('***'), text);

async function step(
  title: string,
  inputs: Record<string, string>,
  event = pullRequestEvent(42, 'feature/loyalty', { repo: 'acme/shop' }),
  env: Record<string, string> = {},
): Promise<ActionRun> {
  say(title);
  const run = await runAction({
    inputs: { 'api-key': neon.apiKey, 'project-id': neon.projectId, 'api-host': neon.apiUrl, 'github-token': TOKEN, ...inputs },
    event,
    env,
    repository: 'acme/shop',
    githubApiUrl: github.url,
  });
  for (const m of run.masks) secrets.add(m);
  for (const [name, value] of Object.entries(run.outputs)) {
    const shown = value.length > 300 ? `${value.slice(0, 300)}… (${value.length} chars)` : value;
    console.log(`  ${name} = ${hide(shown)}`);
  }
  if (run.code !== 0) {
    console.log(hide(run.output));
    throw new Error(`${title} failed (exit ${run.code})`);
  }
  return run;
}

try {
  say('The project: main holds customers and orders');
  await neon.dataPlane.query(
    neon.defaultBranchId,
    'neondb',
    `CREATE TABLE customers (id serial PRIMARY KEY, email text UNIQUE NOT NULL, name text NOT NULL, phone text);
     CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customers(id), total numeric(10,2), legacy_code text);
     INSERT INTO customers (email, name, phone) VALUES ('ada@example.com','Ada Lovelace','555-0100'), ('alan@example.com','Alan Turing','555-0101');
     INSERT INTO orders (customer_id, total, legacy_code) VALUES (1, 12.50, 'A1'), (2, 99.00, 'B2');`,
  );
  // main also holds page views: enough rows for a lock on them to matter
  await neon.dataPlane.query(
    neon.defaultBranchId,
    'neondb',
    `CREATE TABLE page_views (id bigserial PRIMARY KEY, customer_id int, path text NOT NULL, viewed_at timestamptz NOT NULL DEFAULT now());
     INSERT INTO page_views (customer_id, path, viewed_at) SELECT 1 + g % 2, '/p/' || (g % 500), now() - g * interval '1 minute' FROM generate_series(1, 50000) g;
     ANALYZE page_views;`,
  );
  console.log('  and 50,000 page views');
  console.log('  PR #42 "feature/loyalty" opened in acme/shop');

  const created = await step('create-branch: a preview branch for PR #42', { command: 'create-branch', 'expires-in': '7d' });

  say('The PR\'s migration, applied through the db-url output with node-postgres');
  const client = new pg.Client({ connectionString: created.outputs['db-url'] });
  await client.connect();
  await client.query(`CREATE TABLE loyalty_points (customer_id int PRIMARY KEY REFERENCES customers(id), points int NOT NULL DEFAULT 0);
                      ALTER TABLE orders DROP COLUMN legacy_code;
                      CREATE INDEX orders_customer_idx ON orders (customer_id);`);
  await client.end();
  console.log('  created loyalty_points, dropped orders.legacy_code, indexed orders.customer_id');

  const review = await step('compare-schema: the review', { command: 'compare-schema' });
  say('The comment compare-schema posted on PR #42');
  const comment = github.comments(42).find((c) => c.body.includes('compare-schema'));
  console.log(comment ? hide(comment.body) : '(no comment)');
  void review;

  say("The PR's migration files: the one above, and a second commit that indexes page views and orders");
  const workspace = mkdtempSync(join(tmpdir(), 'npa-demo-'));
  mkdirSync(join(workspace, 'db/migrations'), { recursive: true });
  writeFileSync(
    join(workspace, 'db/migrations/001_loyalty.sql'),
    `-- 001: loyalty points
CREATE TABLE loyalty_points (
    customer_id int PRIMARY KEY REFERENCES customers(id),
    points int NOT NULL DEFAULT 0
);
ALTER TABLE orders DROP COLUMN legacy_code;
CREATE INDEX orders_customer_idx ON orders (customer_id);
`,
  );
  const indexes = `-- 002: look-ups by customer and by time
CREATE INDEX page_views_customer_idx ON page_views (customer_id);

-- built without blocking writes
CREATE INDEX CONCURRENTLY page_views_viewed_at_idx
    ON page_views (viewed_at);
`;
  writeFileSync(join(workspace, 'db/migrations/002_page_view_indexes.sql'), indexes);
  const second = new pg.Client({ connectionString: created.outputs['db-url'] });
  await second.connect();
  // one statement at a time: CREATE INDEX CONCURRENTLY refuses a multi-statement batch
  await second.query('CREATE INDEX page_views_customer_idx ON page_views (customer_id)');
  await second.query('CREATE INDEX CONCURRENTLY page_views_viewed_at_idx ON page_views (viewed_at)');
  await second.end();
  github.setPullFiles(42, [
    { filename: 'db/migrations/001_loyalty.sql', status: 'added' },
    { filename: 'db/migrations/002_page_view_indexes.sql', status: 'added' },
    { filename: 'src/loyalty.ts', status: 'added' },
  ]);
  console.log('  db/migrations/001_loyalty.sql and 002_page_view_indexes.sql, in the PR and checked out in the workspace');
  const mapped = await step(
    'compare-schema: the review with migrations (db/migrations/*.sql), the branch\'s table sizes, and the migration rehearsed on a copy of main',
    { command: 'compare-schema', migrations: 'db/migrations/*.sql', rehearse: 'true' },
    undefined,
    { GITHUB_WORKSPACE: workspace },
  );
  say('The annotations on the migration lines');
  for (const line of mapped.stdout.split('\n').filter((l) => /^::(error|warning) .*file=/.test(l))) console.log(`  ${hide(line)}`);
  say('The comment, updated in place');
  const updated = github.comments(42).find((c) => c.body.includes('compare-schema'));
  console.log(updated ? hide(updated.body) : '(no comment)');

  await step('snapshot: a safety net of main', { command: 'snapshot', 'branch-name': 'main', name: 'before-deploy' });
  await step('anonymize: a masked copy for the PR', {
    command: 'anonymize',
    'masking-rules': `
- table_name: customers
  column_name: email
  masking_function: anon.fake_email()
- table_name: customers
  column_name: phone
  masking_value: "'REDACTED'"`,
  });

  const closed = pullRequestEvent(42, 'feature/loyalty', { action: 'closed', repo: 'acme/shop' });
  await step('cleanup: PR #42 closed (its preview and anonymized branches)', { command: 'cleanup' }, closed);

  say(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s: branches left: ${[...neon.state.branches.values()].map((b) => b.name).join(', ')}`);
} finally {
  await github.close();
  await neon.close();
}
