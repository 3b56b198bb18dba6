import { describe, expect, it } from 'vitest';
import { getPull, listOpenPullNumbers, listPullFiles } from '../../src/github/pulls.js';
import { double, OWNER, octokitFor, REPO, recordingLogger } from './helpers.js';

const head = (n: number) => ({ ref: `feature/${n}`, sha: `sha${n}`, repo: { full_name: 'acme/shop' } });

describe('listOpenPullNumbers', () => {
  it('reads every open PR in one paginated sequence of 100-a-page requests', async () => {
    const d = await double();
    for (let n = 1; n <= 260; n++) d.addPull({ number: n, state: n % 10 === 0 ? 'closed' : 'open', head: head(n) });
    const open = await listOpenPullNumbers(octokitFor(d, recordingLogger()), OWNER, REPO);
    expect(open.size).toBe(234);
    expect(open.has(1)).toBe(true);
    expect(open.has(260)).toBe(false);
    expect(open.has(259)).toBe(true);
    expect(d.requests.map((r) => r.path)).toEqual([
      '/repos/acme/shop/pulls?state=open&per_page=100',
      '/repos/acme/shop/pulls?state=open&per_page=100&page=2',
      '/repos/acme/shop/pulls?state=open&per_page=100&page=3',
    ]);
  });

  it('makes exactly one request when there are no open PRs', async () => {
    const d = await double();
    d.addPull({ number: 1, state: 'closed', head: head(1) });
    expect((await listOpenPullNumbers(octokitFor(d, recordingLogger()), OWNER, REPO)).size).toBe(0);
    expect(d.requests).toHaveLength(1);
  });
});

describe('getPull', () => {
  it('summarises one PR: state, merge, head and base', async () => {
    const d = await double({ serverUrl: 'https://github.com' });
    d.addPull({
      number: 5,
      head: { ref: 'feat/y', sha: 'abc', repo: { full_name: 'fork/shop' } },
      base: { ref: 'develop' },
      user: 'carol',
    });
    d.addPull({ number: 6, state: 'closed', merged: true, head: { ref: 'gone', sha: 'def', repo: null } });
    const octokit = octokitFor(d, recordingLogger());
    expect(await getPull(octokit, OWNER, REPO, 5)).toEqual({
      number: 5,
      state: 'open',
      merged: false,
      headRef: 'feat/y',
      headSha: 'abc',
      headRepoFullName: 'fork/shop',
      baseRef: 'develop',
      htmlUrl: 'https://github.com/acme/shop/pull/5',
      author: 'carol',
    });
    expect(await getPull(octokit, OWNER, REPO, 6)).toMatchObject({
      state: 'closed',
      merged: true,
      headRepoFullName: undefined,
    });
  });

  it('returns undefined for a missing PR and throws on other errors', async () => {
    const d = await double();
    const octokit = octokitFor(d, recordingLogger(), { retries: 0 });
    expect(await getPull(octokit, OWNER, REPO, 999)).toBeUndefined();
    d.addPull({ number: 1, head: head(1) });
    d.fail({ path: '/repos/acme/shop/pulls/1', status: 500 });
    await expect(getPull(octokit, OWNER, REPO, 1)).rejects.toMatchObject({ status: 500 });
  });
});

describe('listPullFiles', () => {
  it("reads every file of the PR, 100 a page, with each file's status", async () => {
    const d = await double();
    const files = Array.from({ length: 230 }, (_, i) => ({
      filename: `db/migrations/${String(i).padStart(3, '0')}_m.sql`,
      status: 'added' as const,
    }));
    files[7] = { filename: 'db/migrations/007_m.sql', status: 'removed' as never };
    d.setPullFiles(9, files);
    const listed = await listPullFiles(octokitFor(d, recordingLogger()), OWNER, REPO, 9);
    expect(listed).toHaveLength(230);
    expect(listed[7]).toEqual({ filename: 'db/migrations/007_m.sql', status: 'removed' });
    expect(listed[229]).toEqual({ filename: 'db/migrations/229_m.sql', status: 'added' });
    expect(d.requests.map((r) => r.path)).toEqual([
      '/repos/acme/shop/pulls/9/files?per_page=100',
      '/repos/acme/shop/pulls/9/files?per_page=100&page=2',
      '/repos/acme/shop/pulls/9/files?per_page=100&page=3',
    ]);
  });

  it('fails with the status for a PR GitHub does not know, and lists nothing for a PR without files', async () => {
    const d = await double();
    await expect(listPullFiles(octokitFor(d, recordingLogger()), OWNER, REPO, 404)).rejects.toMatchObject({
      status: 404,
    });
    d.addPull({ number: 3, head: head(3) });
    expect(await listPullFiles(octokitFor(d, recordingLogger()), OWNER, REPO, 3)).toEqual([]);
  });
});
