import { Deadline } from '../../src/basics/deadline.js';
import { describe, expect, it } from 'vitest';
import { ownComments, type WriteOptions, writeSections } from '../../src/conversation/comment-store.js';
import { COMMENT_MARKERS, parseSections, type Section, type SectionUpdate } from '../../src/conversation/document.js';
import { listComments, tokenLogin } from '../../src/conversation/github.js';
import { ACTIONS_BOT, type GitHubDouble, type User } from '../github-double/server.js';
import { double, OWNER, octokitFor, REPO, recordingLogger } from '../github/helpers.js';

const PR = 42;
const marker = COMMENT_MARKERS.preview;
const OTHER_APP: User = { login: 'other-app[bot]', id: 99, type: 'Bot' };

const put = (key: string, body: string, attrs: Record<string, string> = {}): SectionUpdate => ({
  key,
  apply: () => ({ key, attrs, body }),
});

function options(
  extra: Partial<WriteOptions> & { updates: SectionUpdate[] },
  logger = recordingLogger(),
): WriteOptions {
  return {
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    logger,
    login: ACTIONS_BOT.login,
    kind: 'preview',
    deadline: Deadline.after(20_000),
    ...extra,
  };
}

const writes = (d: GitHubDouble) => d.requests.filter((r) => r.method !== 'GET');
const sectionsOf = (d: GitHubDouble): Section[] =>
  parseSections(d.comments(PR).find((c) => c.body.startsWith(marker))!.body);

describe('tokenLogin', () => {
  it('asks GraphQL viewer (an installation token cannot call GET /user), once per client', async () => {
    const d = await double();
    const octokit = octokitFor(d, recordingLogger());
    expect(await tokenLogin(octokit)).toBe('github-actions[bot]');
    expect(await tokenLogin(octokit)).toBe('github-actions[bot]');
    expect(d.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /graphql']);
  });

  it('falls back to GET /user when GraphQL fails, and is undefined when neither answers', async () => {
    const d = await double({ identity: { login: 'release-person', id: 5, type: 'User' } });
    d.fail({ method: 'POST', path: '/graphql', status: 502, times: Infinity });
    expect(await tokenLogin(octokitFor(d, recordingLogger(), { retries: 0 }))).toBe('release-person');
    const bot = await double();
    bot.fail({ method: 'POST', path: '/graphql', status: 403, times: Infinity });
    expect(await tokenLogin(octokitFor(bot, recordingLogger(), { retries: 0 }))).toBeUndefined();
  });

  it('finds GraphQL at /api/graphql on GitHub Enterprise Server', async () => {
    const d = await double({ pathPrefix: '/api/v3' });
    expect(await tokenLogin(octokitFor(d, recordingLogger()))).toBe('github-actions[bot]');
    expect(d.requests.map((r) => r.path)).toEqual(['/api/graphql']);
  });
});

describe('writeSections against the GitHub double', () => {
  it('creates one comment with the marker first, then updates only its own section in place', async () => {
    const d = await double();
    const octokit = octokitFor(d, recordingLogger());
    const first = await writeSections(
      octokit,
      options({ updates: [put('preview:aaa', '### Preview ready', { branch: 'br-1' })] }),
    );
    expect(first.action).toBe('created');
    const second = await writeSections(octokit, options({ updates: [put('anonymized:bbb', '### Masked')] }));
    expect(second).toEqual({ url: first.url, action: 'updated' });
    const [comment, ...rest] = d.comments(PR);
    expect(rest).toHaveLength(0);
    expect(comment!.body.split('\n')[0]).toBe(marker);
    expect(sectionsOf(d).map((s) => [s.key, s.body, s.attrs])).toEqual([
      ['preview:aaa', '### Preview ready', { branch: 'br-1' }],
      ['anonymized:bbb', '### Masked', {}],
    ]);
  });

  it('writes nothing when its sections already read so, and finds its comment on page 3', async () => {
    const d = await double();
    const octokit = octokitFor(d, recordingLogger());
    for (let i = 0; i < 150; i++) d.addComment(PR, `chatter ${i}`, { login: `dev${i % 3}`, id: i + 1, type: 'User' });
    const made = await writeSections(octokit, options({ updates: [put('preview:aaa', 'same')] }));
    for (let i = 0; i < 120; i++) d.addComment(PR, `noise ${i}`);
    const before = writes(d).length;
    const again = await writeSections(octokit, options({ updates: [put('preview:aaa', 'same')] }));
    expect(again).toEqual({ url: made.url, action: 'unchanged' });
    expect(writes(d).length).toBe(before);
  });

  it("counts only comments of the token identity: another app's copy of the marker is left alone", async () => {
    const d = await double();
    const impostor = d.addComment(
      PR,
      `${marker}\n<!-- neon-preview-action:section key=preview:aaa -->\nfrozen\n<!-- neon-preview-action:/section -->`,
      OTHER_APP,
    );
    const quoted = d.addComment(PR, `> quoting\n${marker}\nnot ours either`);
    const result = await writeSections(
      octokitFor(d, recordingLogger()),
      options({ updates: [put('preview:aaa', 'fresh')] }),
    );
    expect(result.action).toBe('created');
    const all = d.comments(PR);
    expect(all).toHaveLength(3);
    expect(all.find((c) => c.id === impostor.id)!.body).toContain('frozen');
    expect(all.find((c) => c.id === quoted.id)!.body).toBe(`> quoting\n${marker}\nnot ours either`);
    expect(ownComments(all, ACTIONS_BOT.login, marker).map((c) => c.body)).toEqual([expect.stringContaining('fresh')]);
  });

  it('with a personal token (a User identity), every run edits the same comment', async () => {
    const person: User = { login: 'release-person', id: 5, type: 'User' };
    const d = await double({ identity: person });
    const octokit = octokitFor(d, recordingLogger());
    const login = (await tokenLogin(octokit))!;
    expect(login).toBe('release-person');
    for (const n of [1, 2, 3])
      await writeSections(octokit, options({ login, updates: [put('preview:aaa', `run ${n}`)] }));
    expect(d.comments(PR)).toHaveLength(1);
    expect(sectionsOf(d)[0]!.body).toBe('run 3');
  });

  it("deletes the first round's per-command comments of its identity, not other authors' ones", async () => {
    const d = await double();
    const legacy = '<!-- neon-preview-action:create-branch:p-1:0123456789abcdef0123456789abcdef01234567 -->';
    d.addComment(PR, `${legacy}\n### Neon preview branch`);
    const foreign = d.addComment(PR, `${legacy}\nnot ours`, OTHER_APP);
    await writeSections(octokitFor(d, recordingLogger()), options({ updates: [put('preview:aaa', 'now')] }));
    expect(d.comments(PR).map((c) => c.id)).toEqual([foreign.id, expect.any(Number)]);
    expect(d.comments(PR)[1]!.body.startsWith(marker)).toBe(true);
  });

  it('two jobs updating different sections at the same moment both land (read back, merge, retry)', async () => {
    for (const latencyMs of [2, 9, 20]) {
      const d = await double({ latencyMs });
      const seed = await writeSections(
        octokitFor(d, recordingLogger()),
        options({ updates: [put('preview:aaa', 'preview')] }),
      );
      expect(seed.action).toBe('created');
      const keys = ['anonymized:b1', 'restore:c1', 'snapshot:d1', 'teardown:e1'];
      const runs = keys.map((key) =>
        writeSections(octokitFor(d, recordingLogger()), options({ updates: [put(key, `from ${key}`)] })),
      );
      await Promise.all(runs);
      const comments = d.comments(PR);
      expect(comments).toHaveLength(1);
      expect(
        sectionsOf(d)
          .map((s) => s.key)
          .sort(),
      ).toEqual(['anonymized:b1', 'preview:aaa', 'restore:c1', 'snapshot:d1', 'teardown:e1']);
      // the race really happened: more writes than jobs
      expect(writes(d).filter((r) => r.method === 'PATCH').length).toBeGreaterThan(keys.length);
      await d.close();
    }
  });

  it('concurrent first writes converge on one comment holding every section', async () => {
    for (const latencyMs of [1, 5, 12]) {
      const d = await double({ latencyMs });
      const keys = ['preview:a', 'anonymized:b', 'restore:c', 'snapshot:d', 'teardown:e'];
      await Promise.all(
        keys.map((key) => writeSections(octokitFor(d, recordingLogger()), options({ updates: [put(key, key)] }))),
      );
      expect(d.comments(PR)).toHaveLength(1);
      expect(sectionsOf(d).map((s) => s.key)).toEqual([
        'preview:a',
        'anonymized:b',
        'snapshot:d',
        'restore:c',
        'teardown:e',
      ]);
      expect(writes(d).filter((r) => r.method === 'POST').length).toBeGreaterThan(1);
      await d.close();
    }
  });

  it('merges the sections of a copy left by a job that is gone into the oldest copy before deleting it', async () => {
    // GitHub created both comments minutes before it answers: the job of the newer one is gone
    const d = await double({ now: () => new Date(Date.now() - 5 * 60_000) });
    const open = (key: string) => `<!-- neon-preview-action:section key=${key} -->`;
    const oldest = d.addComment(PR, `${marker}\n\n${open('preview:a')}\nA\n<!-- neon-preview-action:/section -->`);
    d.addComment(PR, `${marker}\n\n${open('restore:b')}\nB\n<!-- neon-preview-action:/section -->`);
    const result = await writeSections(
      octokitFor(d, recordingLogger()),
      options({ updates: [put('teardown:c', 'C')] }),
    );
    expect(result.url).toBe(oldest.html_url);
    expect(d.comments(PR).map((c) => c.id)).toEqual([oldest.id]);
    expect(sectionsOf(d).map((s) => s.body)).toEqual(['A', 'B', 'C']);
  });

  it("waits for another job's fresh copy to be merged before its own write counts, and writes again when that job wrote over it", async () => {
    const d = await double();
    const open = (key: string) => `<!-- neon-preview-action:section key=${key} -->`;
    const close = '<!-- neon-preview-action:/section -->';
    const oldest = d.addComment(PR, `${marker}\n\n${open('preview:a')}\nA\n${close}`);
    // another job's copy, made a moment ago: that job will write into the oldest from what it read before our write
    const theirs = d.addComment(PR, `${marker}\n\n${open('restore:b')}\nB\n${close}`);
    const other = octokitFor(d, recordingLogger());
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      if (waits.length !== 1) return;
      expect(d.comments(PR).map((c) => c.id)).toEqual([oldest.id, theirs.id]); // their copy is left to them
      await other.rest.issues.updateComment({
        owner: OWNER,
        repo: REPO,
        comment_id: oldest.id,
        body: `${marker}\n\n${open('preview:a')}\nA\n${close}\n\n${open('restore:b')}\nB\n${close}`,
      });
      await other.rest.issues.deleteComment({ owner: OWNER, repo: REPO, comment_id: theirs.id });
    };
    const result = await writeSections(
      octokitFor(d, recordingLogger()),
      options({ updates: [put('teardown:c', 'C')], sleep }),
    );
    expect(result.url).toBe(oldest.html_url);
    expect(waits.length).toBeGreaterThan(0);
    expect(d.comments(PR).map((c) => c.id)).toEqual([oldest.id]);
    expect(sectionsOf(d).map((s) => s.body)).toEqual(['A', 'B', 'C']);
  });

  it('writes the comment anew when the one listed beforehand was deleted since', async () => {
    const d = await double();
    const logger = recordingLogger();
    const octokit = octokitFor(d, logger);
    const first = await writeSections(octokit, options({ updates: [put('preview:a', 'v1')] }));
    const listed = listComments(octokit, { owner: OWNER, repo: REPO, issueNumber: PR });
    await listed;
    await octokit.rest.issues.deleteComment({
      owner: OWNER,
      repo: REPO,
      comment_id: Number(first.url!.split('-').pop()),
    });
    const result = await writeSections(octokit, options({ updates: [put('preview:a', 'v2')], listed }));
    expect(result.action).toBe('created');
    expect(d.comments(PR).map((c) => c.body.includes('v2'))).toEqual([true]);
  });

  it('existingOnly makes no comment', async () => {
    const d = await double();
    const result = await writeSections(
      octokitFor(d, recordingLogger()),
      options({ updates: [put('teardown:a', 'x')], existingOnly: true }),
    );
    expect(result).toEqual({ url: undefined, action: 'none' });
    expect(writes(d)).toHaveLength(0);
  });

  it('turns a 403 on write (read-only token on a fork PR) into one warning and skipped', async () => {
    const d = await double();
    d.readOnly();
    const logger = recordingLogger();
    const result = await writeSections(octokitFor(d, logger), options({ updates: [put('preview:a', 'x')] }, logger));
    expect(result).toEqual({ url: undefined, action: 'skipped' });
    expect(logger.warnings()).toHaveLength(1);
    expect(logger.warnings()[0]).toMatch(/403.*Resource not accessible by integration.*pull-requests: write/);
  });

  it('still fails on errors other than 403', async () => {
    const d = await double();
    d.fail({ method: 'POST', path: '/repos/acme/shop/issues/42/comments', status: 422, message: 'Validation Failed' });
    await expect(
      writeSections(octokitFor(d, recordingLogger()), options({ updates: [put('preview:a', 'x')] })),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('cuts an oversized section with a note, closing its code fence, and GitHub accepts it', async () => {
    const d = await double();
    const huge = `intro\n\n\`\`\`diff\n${'+ added line 0123456789\n'.repeat(6000)}`;
    const result = await writeSections(
      octokitFor(d, recordingLogger()),
      options({ updates: [put('preview:a', 'small'), put('review:b', huge)] }),
    );
    expect(result.action).toBe('created');
    const body = d.comments(PR)[0]!.body;
    expect(body.length).toBeLessThan(65_536);
    expect(body).toMatch(/\n```\n\n> \[!NOTE\]\n> This section was cut/);
    expect(parseSections(body).map((s) => s.body.slice(0, 5))).toEqual(['small', 'intro']);
  });

  it('redacts registered secrets before sending', async () => {
    const d = await double();
    const password = 'npg_S3cr3t/Pass';
    await writeSections(
      octokitFor(d, recordingLogger()),
      options({ updates: [put('preview:a', `raw ${password}`)], secrets: [password] }),
    );
    expect(d.comments(PR)[0]!.body).toContain('raw ***');
    expect(d.comments(PR)[0]!.body).not.toContain('S3cr3t');
  });
});
