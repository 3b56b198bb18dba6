import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  commentMarker,
  deleteStickyComment,
  listBotComments,
  MAX_COMMENT_LENGTH,
  sameContent,
  timestampLine,
  type UpsertOptions,
  upsertStickyComment,
} from '../../src/github/sticky-comment.js';
import type { GitHubDouble } from '../github-double/server.js';
import { double, OWNER, octokitFor, REPO, recordingLogger } from './helpers.js';

const PR = 42;
const marker = commentMarker('create-branch', 'gentle-frog-123456', 'preview/pr-42-feature-x');

function target(logger = recordingLogger(), extra: Partial<UpsertOptions> = {}): UpsertOptions {
  return { owner: OWNER, repo: REPO, issueNumber: PR, marker, body: '### Preview ready', logger, ...extra };
}

const writes = (d: GitHubDouble) => d.requests.filter((r) => r.method !== 'GET');
const listCalls = (d: GitHubDouble) => d.requests.filter((r) => r.method === 'GET' && r.path.includes('/comments'));

describe('commentMarker', () => {
  it('has the documented shape with the sha1 hex of the branch name', () => {
    const sha1 = createHash('sha1').update('preview/pr-42-feature-x').digest('hex');
    expect(marker).toBe(`<!-- neon-preview-action:create-branch:gentle-frog-123456:${sha1} -->`);
  });

  it('cannot be broken out of by the branch name or the project id', () => {
    const hostile = commentMarker('create-branch', 'p--><script>x</script>', 'x --> <img src=x onerror=alert(1)> <!--');
    expect(hostile).toMatch(/^<!-- neon-preview-action:create-branch:[A-Za-z0-9._-]+:[0-9a-f]{40} -->$/);
    expect(hostile.match(/-->/g)).toHaveLength(1);
    expect(hostile).not.toContain('<script');
  });

  it('differs per command, project and branch', () => {
    const all = new Set([
      commentMarker('create-branch', 'p', 'b'),
      commentMarker('compare-schema', 'p', 'b'),
      commentMarker('create-branch', 'q', 'b'),
      commentMarker('create-branch', 'p', 'c'),
    ]);
    expect(all.size).toBe(4);
  });
});

describe('upsertStickyComment against the GitHub double', () => {
  it('creates one comment with the marker on its first line and a timestamp line', async () => {
    const d = await double({ serverUrl: 'https://ghe.example.com' });
    const result = await upsertStickyComment(octokitFor(d, recordingLogger()), target(undefined, { updatedAt: new Date('2026-11-27T07:30:05Z') }));
    const [comment, ...rest] = d.comments(PR);
    expect(rest).toHaveLength(0);
    expect(result).toEqual({ url: comment!.html_url, action: 'created' });
    expect(result.url).toMatch(/^https:\/\/ghe\.example\.com\/acme\/shop\/pull\/42#issuecomment-\d+$/);
    expect(comment!.body.split('\n')[0]).toBe(marker);
    expect(comment!.body).toContain('### Preview ready');
    expect(comment!.body.endsWith('<sub>Updated 2026-11-27 07:30 UTC</sub>')).toBe(true);
  });

  it('finds its comment on page 2 and beyond (100 a page) and updates it in place', async () => {
    const d = await double();
    for (let i = 0; i < 150; i++) d.addComment(PR, `chatter ${i}`, { login: `dev${i % 3}`, id: i + 1, type: 'User' });
    const ours = d.addComment(PR, `${marker}\nold body`);
    for (let i = 0; i < 120; i++) d.addComment(PR, `${i % 2 ? 'bot' : 'human'} noise ${i}`);
    const result = await upsertStickyComment(octokitFor(d, recordingLogger()), target(undefined, { body: 'new body' }));
    expect(result).toEqual({ url: ours.html_url, action: 'updated' });
    expect(d.comments(PR)).toHaveLength(271);
    expect(d.comments(PR).find((c) => c.id === ours.id)!.body).toContain('new body');
    expect(listCalls(d).map((r) => r.path)).toEqual([
      `/repos/acme/shop/issues/42/comments?per_page=100`,
      `/repos/acme/shop/issues/42/comments?per_page=100&page=2`,
      `/repos/acme/shop/issues/42/comments?per_page=100&page=3`,
    ]);
    expect(writes(d).map((r) => r.method)).toEqual(['PATCH']);
  });

  it('writes nothing when only the timestamp would change', async () => {
    const d = await double();
    const octokit = octokitFor(d, recordingLogger());
    const first = await upsertStickyComment(octokit, target(undefined, { updatedAt: new Date('2026-01-01T00:00:00Z') }));
    const before = d.comments(PR)[0]!.body;
    const second = await upsertStickyComment(
      octokit,
      target(undefined, { updatedAt: new Date('2026-06-30T12:34:00Z'), runUrl: 'https://github.com/acme/shop/actions/runs/9' }),
    );
    expect(second).toEqual({ url: first.url, action: 'unchanged' });
    expect(writes(d).map((r) => r.method)).toEqual(['POST']);
    expect(d.comments(PR)[0]!.body).toBe(before);
  });

  it('updates when the content changes, keeping the same comment', async () => {
    const d = await double();
    const octokit = octokitFor(d, recordingLogger());
    const first = await upsertStickyComment(octokit, target(undefined, { body: 'v1' }));
    const second = await upsertStickyComment(octokit, target(undefined, { body: 'v2' }));
    expect(second).toEqual({ url: first.url, action: 'updated' });
    expect(d.comments(PR)).toHaveLength(1);
    expect(d.comments(PR)[0]!.body).toContain('v2');
  });

  it('converges to one comment when 5 runs upsert at once', async () => {
    for (const round of [1, 2, 3]) {
      const d = await double({ latencyMs: round * 3 });
      const runs = Array.from({ length: 5 }, (_, i) =>
        upsertStickyComment(octokitFor(d, recordingLogger()), target(undefined, { body: `same report (round ${round}, run ${i})` })),
      );
      const results = await Promise.all(runs);
      const left = d.comments(PR);
      expect(left).toHaveLength(1);
      expect(new Set(results.map((r) => r.url))).toEqual(new Set([left[0]!.html_url]));
      expect(results.some((r) => r.action === 'created')).toBe(true);
      // the race really happened: several runs created a copy before converging
      expect(writes(d).filter((r) => r.method === 'POST').length).toBeGreaterThan(1);
      await d.close();
    }
  });

  it('converges even when the re-listing lags behind its own create', async () => {
    const d = await double();
    let other: { id: number } | undefined;
    d.onRequest = ({ method }) => {
      // another run's copy lands just before ours
      if (method === 'POST' && !other) other = d.addComment(PR, `${marker}\nother run's report`);
    };
    d.hideFromLists((c) => c.body.includes('our report'));
    const result = await upsertStickyComment(octokitFor(d, recordingLogger()), target(undefined, { body: 'our report' }));
    expect(result.action).toBe('updated');
    const left = d.comments(PR);
    expect(left.map((c) => c.id)).toEqual([other!.id]);
    expect(left[0]!.body).toContain('our report');
  });

  it('takes its first lookup from a listing made beforehand, and still converges on a copy made since', async () => {
    const d = await double();
    const logger = recordingLogger();
    const octokit = octokitFor(d, logger);
    const listed = listBotComments(octokit, { owner: OWNER, repo: REPO, issueNumber: PR, logger });
    await listed;
    // another run creates its copy after our listing, before our create
    const other = d.addComment(PR, `${marker}\nother run's report`);
    const before = listCalls(d).length;
    const result = await upsertStickyComment(octokit, target(logger, { body: 'our report', listed }));
    // no second listing before the create; the one after it finds the other copy
    expect(d.requests.slice(-4).map((r) => r.method)).toEqual(['POST', 'GET', 'DELETE', 'PATCH']);
    expect(listCalls(d).length - before).toBe(1);
    expect(result.action).toBe('updated');
    expect(d.comments(PR).map((c) => c.id)).toEqual([other.id]);
    expect(d.comments(PR)[0]!.body).toContain('our report');
  });

  it('writes the comment anew when the one a listing made beforehand found was deleted since', async () => {
    const d = await double();
    const logger = recordingLogger();
    const octokit = octokitFor(d, logger);
    const first = await upsertStickyComment(octokit, target(logger, { body: 'v1' }));
    const listed = listBotComments(octokit, { owner: OWNER, repo: REPO, issueNumber: PR, logger });
    await listed;
    // someone deletes it while the command still works
    await octokit.rest.issues.deleteComment({ owner: OWNER, repo: REPO, comment_id: Number(first.url!.split('-').pop()) });
    const result = await upsertStickyComment(octokit, target(logger, { body: 'v2', listed }));
    expect(result.action).toBe('created');
    expect(d.comments(PR).map((c) => c.body.includes('v2'))).toEqual([true]);
    expect(d.requests.slice(-3).map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH 404', 'POST 201', 'GET 200']);
  });

  it('deletes leftover duplicates of its marker, keeping the oldest', async () => {
    const d = await double();
    const oldest = d.addComment(PR, `${marker}\nfirst`);
    d.addComment(PR, `${marker}\nsecond`);
    d.addComment(PR, `${marker}\nthird`);
    const result = await upsertStickyComment(octokitFor(d, recordingLogger()), target(undefined, { body: 'now' }));
    expect(result.url).toBe(oldest.html_url);
    expect(d.comments(PR).map((c) => c.id)).toEqual([oldest.id]);
  });

  it('ignores a user-authored comment carrying the same marker (and a marker not on the first line)', async () => {
    const d = await double();
    const impostor = d.addComment(PR, `${marker}\nI copied your marker`, { login: 'mallory', id: 666, type: 'User' });
    const quoted = d.addComment(PR, `> quoting\n${marker}\nnot ours either`);
    const result = await upsertStickyComment(octokitFor(d, recordingLogger()), target());
    expect(result.action).toBe('created');
    const all = d.comments(PR);
    expect(all).toHaveLength(3);
    expect(all.find((c) => c.id === impostor.id)!.body).toBe(`${marker}\nI copied your marker`);
    expect(all.find((c) => c.id === quoted.id)!.body).toBe(`> quoting\n${marker}\nnot ours either`);
  });

  it('accepts a named login as author when asked (a personal token)', async () => {
    const d = await double();
    const mine = d.addComment(PR, `${marker}\nold`, { login: 'release-bot-user', id: 7, type: 'User' });
    const result = await upsertStickyComment(
      octokitFor(d, recordingLogger()),
      target(undefined, { body: 'new', authorLogins: ['release-bot-user'] }),
    );
    expect(result).toEqual({ url: mine.html_url, action: 'updated' });
  });

  it('turns a 403 on write (read-only token on a fork PR) into one warning and skipped', async () => {
    const d = await double();
    d.readOnly();
    const logger = recordingLogger();
    const result = await upsertStickyComment(octokitFor(d, logger), target(logger));
    expect(result).toEqual({ url: undefined, action: 'skipped' });
    expect(logger.warnings()).toHaveLength(1);
    expect(logger.warnings()[0]).toMatch(/403.*Resource not accessible by integration/);
    expect(d.comments(PR)).toHaveLength(0);
  });

  it('still fails on errors other than 403', async () => {
    const d = await double();
    d.fail({ method: 'POST', path: '/repos/acme/shop/issues/42/comments', status: 422, message: 'Validation Failed' });
    await expect(upsertStickyComment(octokitFor(d, recordingLogger()), target())).rejects.toMatchObject({ status: 422 });
  });

  it('cuts a body over the limit with a note, closing an open code fence, and GitHub accepts it', async () => {
    const d = await double();
    const logger = recordingLogger();
    const huge = `intro\n\n\`\`\`diff\n${'+ added line 0123456789\n'.repeat(6000)}`;
    const result = await upsertStickyComment(octokitFor(d, logger), target(logger, { body: huge }));
    expect(result.action).toBe('created');
    const body = d.comments(PR)[0]!.body;
    expect(body.length).toBeLessThan(65_536);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(body.split('\n')[0]).toBe(marker);
    expect(body).toMatch(/\n```\n\n> \[!NOTE\]\n> This comment was cut/);
    expect(body).toMatch(/<sub>Updated .* UTC<\/sub>$/);
    expect(logger.warnings()[0]).toMatch(/cutting it/);
  });

  it('redacts registered secrets from the body before sending', async () => {
    const d = await double();
    const password = 'npg_S3cr3t/Pass';
    await upsertStickyComment(
      octokitFor(d, recordingLogger()),
      target(undefined, { body: `raw ${password} and ${encodeURIComponent(password)}`, secrets: [password] }),
    );
    const body = d.comments(PR)[0]!.body;
    expect(body).toContain('raw *** and ***');
    expect(body).not.toContain('S3cr3t');
  });
});

describe('deleteStickyComment', () => {
  it('deletes every bot copy of the marker and nothing else', async () => {
    const d = await double();
    d.addComment(PR, `${marker}\na`);
    d.addComment(PR, `${marker}\nb`);
    const user = d.addComment(PR, `${marker}\nhuman`, { login: 'dev', id: 1, type: 'User' });
    const other = d.addComment(PR, `${commentMarker('compare-schema', 'gentle-frog-123456', 'preview/pr-42-feature-x')}\nx`);
    const result = await deleteStickyComment(octokitFor(d, recordingLogger()), { owner: OWNER, repo: REPO, issueNumber: PR, marker, logger: recordingLogger() });
    expect(result).toEqual({ deleted: 2, action: 'deleted' });
    expect(d.comments(PR).map((c) => c.id)).toEqual([user.id, other.id]);
  });

  it('reports none, and skipped on 403', async () => {
    const d = await double();
    const logger = recordingLogger();
    const t = { owner: OWNER, repo: REPO, issueNumber: PR, marker, logger };
    expect(await deleteStickyComment(octokitFor(d, logger), t)).toEqual({ deleted: 0, action: 'none' });
    d.addComment(PR, `${marker}\na`);
    d.readOnly();
    expect(await deleteStickyComment(octokitFor(d, logger), t)).toEqual({ deleted: 0, action: 'skipped' });
    expect(logger.warnings()).toHaveLength(1);
  });
});

describe('sameContent', () => {
  it('ignores timestamp lines, line endings and trailing blanks, and nothing else', () => {
    const a = `${marker}\nbody\n\n${timestampLine(new Date('2026-01-01T00:00:00Z'))}`;
    const b = `${marker}\r\nbody  \r\n\r\n${timestampLine(new Date('2027-02-02T10:10:00Z'), 'https://github.com/a/b/actions/runs/1')}\n`;
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, a.replace('body', 'body!'))).toBe(false);
    // a sub line that is not a timestamp still counts
    expect(sameContent(`${marker}\n<sub>note A</sub>`, `${marker}\n<sub>note B</sub>`)).toBe(false);
  });
});
