/**
 * `npm run demo`: plays a whole pull request on the embedded local Neon (real Postgres through
 * PGlite) and a GitHub double, running the committed dist/index.js for every step, as a runner would:
 * create (with a deployment), a migration in two files, the schema review with table sizes, file:line
 * links and a rehearsal on a copy of main, its approval gate, a reset, a snapshot and its restore,
 * anonymize, and cleanup. It ends by printing the PR's two comments.
 * No account, no database server. Secrets are shown as ***.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ACTIONS_BOT, startGitHubDouble } from '../test/github-double/server.js';
import { type ActionRun, pullRequestEvent, runAction } from '../test/e2e/run-action.js';
import { startLocalNeon } from '../test/local-neon/index.js';

const started = Date.now();
const TOKEN = 'ghs_demo_token_0123456789';
const say = (text: string) => console.log(`\n\x1b[1m== ${text}\x1b[0m`);

const neon = await startLocalNeon({ dataPlane: 'pglite', operationMs: 200 });
const github = await startGitHubDouble({ token: TOKEN, owner: 'acme', repo: 'shop' });
const secrets = new Set<string>([neon.apiKey]);
const hide = (text: string) => [...secrets].reduce((t, s) => t.split(s).join('***'), text);

const pr = (action: string) => pullRequestEvent(42, 'feature/loyalty', { repo: 'acme/shop', action });

// the PR's checkout: the migration files compare-schema reads
const workspace = mkdtempSync(join(tmpdir(), 'npa-demo-'));

async function step(
  title: string,
  inputs: Record<string, string>,
  event = pr('synchronize'),
  expectCode = 0,
): Promise<ActionRun> {
  say(title);
  const run = await runAction({
    inputs: {
      'api-key': neon.apiKey,
      'project-id': neon.projectId,
      'api-host': neon.apiUrl,
      'github-token': TOKEN,
      ...inputs,
    },
    event,
    env: { GITHUB_WORKSPACE: workspace },
    repository: 'acme/shop',
    githubApiUrl: github.url,
  });
  for (const m of run.masks) secrets.add(m);
  for (const [name, value] of Object.entries(run.outputs)) {
    const shown = value.length > 300 ? `${value.slice(0, 300)}… (${value.length} chars)` : value;
    console.log(`  ${name} = ${hide(shown)}`);
  }
  for (const line of run.stdout.split('\n'))
    if (/^::(error|notice|warning)::/.test(line)) console.log(`  ${hide(line)}`);
  if (run.code !== expectCode) {
    console.log(hide(run.output));
    throw new Error(`${title} exited ${run.code}, not ${expectCode}`);
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

  const created = await step(
    'create-branch: a preview branch for PR #42, shown as a deployment',
    { command: 'create-branch', 'expires-in': '7d', deployment: 'true' },
    pr('opened'),
  );

  // the PR's migration files, as the checkout holds them and as the PR's file list names them
  mkdirSync(join(workspace, 'db/migrations'), { recursive: true });
  const files: string[] = [];
  const migrate = async (name: string, sql: string, what: string) => {
    say(`The PR's migration ${name}, applied through the db-url output with node-postgres`);
    writeFileSync(join(workspace, name), sql);
    const statements = sql
      .split(/;\s*\n/)
      .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
      .filter(Boolean);
    if (!files.includes(name)) files.push(name);
    const client = new pg.Client({ connectionString: created.outputs['db-url'] });
    await client.connect();
    // one statement at a time: CREATE INDEX CONCURRENTLY refuses a multi-statement batch
    for (const statement of statements) await client.query(statement);
    await client.end();
    github.setPullFiles(42, [
      ...files.map((filename) => ({ filename, status: 'added' as const })),
      { filename: 'src/loyalty.ts', status: 'added' as const },
    ]);
    console.log(`  ${what}`);
  };
  await migrate(
    'db/migrations/001_loyalty.sql',
    `-- 001: loyalty points
CREATE TABLE loyalty_points (
    customer_id int PRIMARY KEY REFERENCES customers(id),
    points int NOT NULL DEFAULT 0
);
ALTER TABLE orders DROP COLUMN legacy_code;
CREATE INDEX orders_customer_idx ON orders (customer_id);

-- 002: look-ups by customer and by time
CREATE INDEX page_views_customer_idx ON page_views (customer_id);

-- built without blocking writes
CREATE INDEX CONCURRENTLY page_views_viewed_at_idx
    ON page_views (viewed_at);
`,
    'created loyalty_points, dropped orders.legacy_code, indexed orders (2 rows) and page_views (50,000 rows, one index CONCURRENTLY)',
  );

  const gate = {
    command: 'compare-schema',
    migrations: 'db/migrations/*.sql',
    'fail-on': 'destructive',
    'approve-label': 'db-approved',
  };
  const review = await step(
    'compare-schema: risks weighed by table sizes, pinned to file:line; fails on the dropped column',
    gate,
    pr('synchronize'),
    1,
  );
  say('The annotations on the migration lines');
  for (const line of review.stdout.split('\n').filter((l) => /^::(error|warning) .*file=/.test(l)))
    console.log(`  ${hide(line)}`);
  say('A reviewer adds the label db-approved');
  github.addLabel(42, 'db-approved', { login: 'alice', id: 11, type: 'User' });
  await step('compare-schema (labeled): the approval covers the dropped column', gate, pr('labeled'));
  say('The schema review comment: sizes, file:line links, the approval');
  const reviewComment = github
    .comments(42)
    .find((c) => c.user.login === ACTIONS_BOT.login && c.body.includes('neon-preview-action:review'));
  console.log(reviewComment ? hide(reviewComment.body) : '(no comment)');

  // a new push: the preview starts again from main, and the whole migration runs on it again
  await step('reset-branch: a new push resets the preview to main', { command: 'reset-branch', deployment: 'true' });
  files.length = 0;
  await migrate(
    'db/migrations/001_loyalty.sql',
    readFileSync(join(workspace, 'db/migrations/001_loyalty.sql'), 'utf8'),
    'the first file again',
  );
  await migrate(
    'db/migrations/002_drop_phone.sql',
    '-- 002: phones are no longer kept\nALTER TABLE customers DROP COLUMN phone;\n',
    'and a second file: customers.phone dropped',
  );
  await step(
    'compare-schema with rehearse: the migration measured on a copy of main; the push adds a destructive change the approval did not cover',
    { ...gate, rehearse: 'true' },
    pr('synchronize'),
    1,
  );

  await step('snapshot: a safety net of the preview branch', { command: 'snapshot', name: 'before-seed' });
  await step('snapshot restore: the preview as it was', {
    command: 'snapshot',
    'snapshot-action': 'restore',
    name: 'before-seed',
  });
  await step('anonymize: a masked copy for the PR', {
    command: 'anonymize',
    'masking-rules': `
- table_name: customers
  column_name: email
  masking_function: anon.fake_email()`,
  });

  await step(
    'cleanup: PR #42 closed (its preview and anonymized branches, its deployments)',
    { command: 'cleanup', deployment: 'true' },
    pr('closed'),
  );

  const mine = github.comments(42).filter((c) => c.user.login === ACTIONS_BOT.login);
  say(`The PR's comments from the action: ${mine.length}`);
  for (const c of mine) console.log(`\n---- ${c.html_url}\n${hide(c.body)}`);
  say('Deployments');
  for (const d of github.deployments())
    console.log(
      `  ${d.id} ${d.environment} ${d.sha.slice(0, 7)}: ${d.statuses.map((x) => x.state).join(' -> ')} (${d.statuses.find((x) => x.environment_url)?.environment_url ?? ''})`,
    );

  say(
    `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: branches left: ${[...neon.state.branches.values()].map((b) => b.name).join(', ')}`,
  );
} finally {
  rmSync(workspace, { recursive: true, force: true });
  await github.close();
  await neon.close();
}
