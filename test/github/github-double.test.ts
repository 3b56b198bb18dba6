/** The double answers as GitHub does, so tests against it mean something. */
import { describe, expect, it } from 'vitest';
import { double, TOKEN } from './helpers.js';

const get = (url: string, auth = `Bearer ${TOKEN}`) => fetch(url, { headers: { authorization: auth } });

describe('GitHub double', () => {
  it('paginates like GitHub: 30 by default, at most 100, Link with prev/next/last/first', async () => {
    const d = await double();
    for (let i = 0; i < 250; i++) d.addComment(7, `c${i}`);
    const first = await get(`${d.url}/repos/acme/shop/issues/7/comments`);
    expect(((await first.json()) as unknown[]).length).toBe(30);
    expect(first.headers.get('link')).toBe(
      `<${d.url}/repos/acme/shop/issues/7/comments?per_page=30&page=2>; rel="next", <${d.url}/repos/acme/shop/issues/7/comments?per_page=30&page=9>; rel="last"`,
    );
    const middle = await get(`${d.url}/repos/acme/shop/issues/7/comments?per_page=500&page=2`);
    const bodies = ((await middle.json()) as { body: string }[]).map((c) => c.body);
    expect(bodies[0]).toBe('c100');
    expect(bodies).toHaveLength(100);
    expect(middle.headers.get('link')).toMatch(
      /page=1>; rel="prev".*page=3>; rel="next".*page=3>; rel="last".*page=1>; rel="first"/,
    );
    const past = await get(`${d.url}/repos/acme/shop/issues/7/comments?per_page=100&page=4`);
    expect(await past.json()).toEqual([]);
  });

  it('sends no Link header when one page holds everything', async () => {
    const d = await double();
    d.addComment(7, 'only');
    const res = await get(`${d.url}/repos/acme/shop/issues/7/comments?per_page=100`);
    expect(res.headers.get('link')).toBeNull();
  });

  it('accepts token and Bearer schemes, and answers 401 otherwise', async () => {
    const d = await double();
    expect((await get(`${d.url}/repos/acme/shop/pulls`, `token ${TOKEN}`)).status).toBe(200);
    expect((await get(`${d.url}/repos/acme/shop/pulls`)).status).toBe(200);
    expect((await get(`${d.url}/repos/acme/shop/pulls`, 'token nope')).status).toBe(401);
    expect((await fetch(`${d.url}/repos/acme/shop/pulls`)).status).toBe(401);
  });

  it('refuses a body over 65,536 characters with 422', async () => {
    const d = await double();
    const res = await fetch(`${d.url}/repos/acme/shop/issues/7/comments`, {
      method: 'POST',
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'x'.repeat(65_537) }),
    });
    expect(res.status).toBe(422);
    expect(d.comments(7)).toHaveLength(0);
  });

  it('injects a fault the given number of times, then answers normally', async () => {
    const d = await double();
    d.fail({ method: 'GET', path: '/repos/acme/shop/pulls', status: 500, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(`${d.url}/repos/acme/shop/pulls`)).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('writes comments as the token identity, and says who that is as GitHub does per token kind', async () => {
    const send = (d: { url: string }, path: string, body: unknown) =>
      fetch(`${d.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const app = await double();
    expect(await (await send(app, '/graphql', { query: 'query { viewer { login } }' })).json()).toEqual({
      data: { viewer: { login: 'github-actions[bot]' } },
    });
    expect((await get(`${app.url}/user`)).status).toBe(403); // an installation token cannot call GET /user
    const person = await double({ identity: { login: 'alice', id: 3, type: 'User' } });
    expect(((await (await get(`${person.url}/user`)).json()) as { login: string }).login).toBe('alice');
    const made = (await (await send(person, '/repos/acme/shop/issues/1/comments', { body: 'hi' })).json()) as {
      user: { login: string };
    };
    expect(made.user.login).toBe('alice');
  });

  it('records label events and serves them paginated', async () => {
    const d = await double();
    d.addLabel(3, 'db-approved', { login: 'alice', id: 3, type: 'User' });
    d.removeLabel(3, 'db-approved');
    const events = (await (await get(`${d.url}/repos/acme/shop/issues/3/events?per_page=100`)).json()) as {
      event: string;
      label: { name: string };
      actor: { login: string };
    }[];
    expect(events.map((e) => `${e.event} ${e.label.name} ${e.actor.login}`)).toEqual([
      'labeled db-approved alice',
      'unlabeled db-approved octocat',
    ]);
    expect(d.labels(3)).toEqual([]);
  });

  it('serves deployments and their statuses, refusing what GitHub refuses', async () => {
    const d = await double();
    const post = (path: string, body: unknown) =>
      fetch(`${d.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // required status contexts that have not passed: 409, as GitHub answers
    expect((await post('/repos/acme/shop/deployments', { ref: 'b'.repeat(40), environment: 'neon/pr-1' })).status).toBe(
      409,
    );
    const made = await post('/repos/acme/shop/deployments', {
      ref: 'b'.repeat(40),
      environment: 'neon/pr-1',
      required_contexts: [],
      transient_environment: true,
      production_environment: false,
    });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: number };
    expect((await post(`/repos/acme/shop/deployments/${id}/statuses`, { state: 'nonsense' })).status).toBe(422);
    expect(
      (await post(`/repos/acme/shop/deployments/${id}/statuses`, { state: 'success', description: 'x'.repeat(141) }))
        .status,
    ).toBe(422);
    expect(
      (
        await post(`/repos/acme/shop/deployments/${id}/statuses`, {
          state: 'success',
          environment_url: 'https://console.neon.tech/x',
        })
      ).status,
    ).toBe(201);
    const listed = (await (await get(`${d.url}/repos/acme/shop/deployments?environment=neon/pr-1`)).json()) as {
      id: number;
    }[];
    expect(listed.map((x) => x.id)).toEqual([id]);
    expect(d.deployments()[0]!.statuses.map((x) => x.state)).toEqual(['success']);
    expect(
      (await (await get(`${d.url}/repos/acme/shop/deployments?environment=neon/pr-2`)).json()) as unknown[],
    ).toEqual([]);
  });
});
