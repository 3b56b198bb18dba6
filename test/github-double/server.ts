/**
 * A GitHub REST double on 127.0.0.1 for the routes this action uses: issue comments (list with
 * GitHub's pagination, get, create, update, delete), pull requests (list, get), a PR's files (list,
 * paginated, at most 3,000 as GitHub lists), the token's identity (GraphQL `viewer`, `GET /user`,
 * which an installation token may not call), an issue's label events, and deployments with their
 * statuses. It checks the token, logs every request, and injects faults (a status N times, or a
 * read-only token) on demand.
 *
 *   const gh = await startGitHubDouble({ token: 't', owner: 'o', repo: 'r' });
 *   const octokit = createOctokit('t', { apiUrl: gh.url, logger });
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { paginate } from './pagination.js';

export interface GitHubDoubleOptions {
  token: string;
  owner: string;
  repo: string;
  /** Base of `html_url` links (`GITHUB_SERVER_URL`). Default `https://github.example`. */
  serverUrl?: string;
  /**
   * Delay before each response, so concurrent clients interleave as they would over a network: a fixed
   * time, or a time drawn anew for each request between `min` and `max` (GitHub's 100 to 300 ms, say).
   */
  latencyMs?: Latency;
  now?: () => Date;
  /** Serve under a prefix, as GitHub Enterprise Server does (`/api/v3`; GraphQL then at `/api/graphql`). */
  pathPrefix?: string;
  /** Whom the token acts as: the author of the comments it writes. Default the Actions bot. */
  identity?: User;
  /** `GET /user` answers 403, as for an installation token (GITHUB_TOKEN). Default true for a Bot identity. */
  userEndpointForbidden?: boolean;
}

export type Latency = number | { min: number; max: number };

export interface User {
  login: string;
  id: number;
  type: 'Bot' | 'User';
}

export const ACTIONS_BOT: User = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };

export interface CommentRecord {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: User;
  author_association: string;
  created_at: string;
  updated_at: string;
}

export interface PullInput {
  number: number;
  state?: 'open' | 'closed';
  merged?: boolean;
  title?: string;
  head: { ref: string; sha: string; repo: { full_name: string } | null };
  base?: { ref: string };
  /** The author's login (default `octocat`, the author of pullRequestEvent's payloads). */
  user?: string;
}

/** A file of a PR as `GET /repos/{o}/{r}/pulls/{n}/files` lists it (the fields this action reads, and a few more). */
export interface PullFileInput {
  filename: string;
  status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
}

export interface LabelEventRecord {
  id: number;
  event: 'labeled' | 'unlabeled';
  label: { name: string; color: string };
  actor: User;
  created_at: string;
}

export interface DeploymentRecord {
  id: number;
  ref: string;
  sha: string;
  environment: string;
  description: string | null;
  payload: unknown;
  transient_environment: boolean;
  production_environment: boolean;
  creator: User;
  created_at: string;
  statuses: {
    id: number;
    state: string;
    description: string;
    environment_url: string;
    log_url: string;
    created_at: string;
  }[];
}

export interface Fault {
  method?: string;
  /** Exact pathname (no query, no `pathPrefix`) or a pattern tested against it. */
  path: string | RegExp;
  status: number;
  /** How many matching requests fail; default 1. `Infinity` for all. */
  times?: number;
  message?: string;
  headers?: Record<string, string>;
}

export interface LoggedRequest {
  method: string;
  /** Pathname and query, as sent. */
  path: string;
  status: number;
  authorization: string | undefined;
  userAgent: string | undefined;
  /** When it arrived (epoch ms): for timelines of a run's requests. */
  at: number;
}

export interface GitHubDouble {
  /** The API base URL (`GITHUB_API_URL`). */
  url: string;
  serverUrl: string;
  requests: LoggedRequest[];
  addPull(pull: PullInput): void;
  setPullState(number: number, state: 'open' | 'closed', merged?: boolean): void;
  /** The files `GET …/pulls/{n}/files` lists for the PR (a PR with none set and not added answers 404). */
  setPullFiles(number: number, files: PullFileInput[]): void;
  /** Seeds a comment as another author would write it (default: the Actions bot). */
  addComment(issueNumber: number, body: string, user?: User): CommentRecord;
  comments(issueNumber: number): CommentRecord[];
  /** A person adds or removes a label on an issue or PR (a label event is recorded). */
  addLabel(issueNumber: number, label: string, actor?: User): void;
  removeLabel(issueNumber: number, label: string, actor?: User): void;
  labels(issueNumber: number): string[];
  deployments(): DeploymentRecord[];
  fail(fault: Fault): void;
  /** Every POST, PATCH and DELETE answers 403 "Resource not accessible by integration". */
  readOnly(on?: boolean): void;
  /** Leaves matching comments out of listings (GitHub's lists can lag behind a create); undefined resets. */
  hideFromLists(predicate: ((comment: CommentRecord) => boolean) | undefined): void;
  /** Changes the delay before each response from now on (see `latencyMs`). */
  setLatencyMs(latency: Latency): void;
  /** Called for each authorised request before it is answered (to stage a race, say). */
  onRequest: ((request: { method: string; path: string }) => void) | undefined;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const MAX_BODY = 65_536;

export async function startGitHubDouble(options: GitHubDoubleOptions): Promise<GitHubDouble> {
  const serverUrl = (options.serverUrl ?? 'https://github.example').replace(/\/+$/, '');
  const now = options.now ?? (() => new Date());
  const comments = new Map<number, CommentRecord & { issue: number }>();
  const pulls = new Map<number, PullInput & { created: number }>();
  const pullFiles = new Map<number, PullFileInput[]>();
  const faults: (Fault & { left: number })[] = [];
  const requests: LoggedRequest[] = [];
  let nextCommentId = 1_000_001;
  let nextEventId = 7_000_001;
  let nextDeploymentId = 900_001;
  let nextStatusId = 950_001;
  const identity: User = { ...(options.identity ?? ACTIONS_BOT) };
  const userForbidden = options.userEndpointForbidden ?? identity.type === 'Bot';
  const labelEvents = new Map<number, LabelEventRecord[]>();
  const currentLabels = new Map<number, Set<string>>();
  const deployments: DeploymentRecord[] = [];
  let pullSeq = 0;
  let readOnly = false;
  let hidden: ((comment: CommentRecord) => boolean) | undefined;
  let latency: Latency = options.latencyMs ?? 0;
  const delayMs = () =>
    typeof latency === 'number' ? latency : latency.min + Math.random() * (latency.max - latency.min);
  let origin = '';
  let base = '';
  const prefix = (options.pathPrefix ?? '').replace(/\/+$/, '');
  const repoPath = `/repos/${options.owner}/${options.repo}`;
  // GitHub Enterprise Server serves GraphQL at /api/graphql beside the REST API's /api/v3
  const graphqlPath = prefix.endsWith('/v3') ? '/../graphql' : '/graphql';
  const timestamp = () => `${now().toISOString().slice(0, 19)}Z`;

  const newComment = (issue: number, body: string, user: User): CommentRecord & { issue: number } => {
    const id = nextCommentId++;
    const at = timestamp();
    const kind = pulls.has(issue) || !pulls.size ? 'pull' : 'issues';
    const record = {
      issue,
      id,
      node_id: `IC_${id}`,
      url: `${base}${repoPath}/issues/comments/${id}`,
      html_url: `${serverUrl}/${options.owner}/${options.repo}/${kind}/${issue}#issuecomment-${id}`,
      issue_url: `${base}${repoPath}/issues/${issue}`,
      body,
      user: { ...user },
      author_association: user.type === 'Bot' ? 'NONE' : 'MEMBER',
      created_at: at,
      updated_at: at,
    };
    comments.set(id, record);
    return record;
  };
  const publicComment = ({ issue: _issue, ...c }: CommentRecord & { issue: number }): CommentRecord => ({
    ...c,
    user: { ...c.user },
  });
  const deploymentJson = ({ statuses: _statuses, ...d }: DeploymentRecord) => ({
    ...d,
    url: `${base}${repoPath}/deployments/${d.id}`,
    statuses_url: `${base}${repoPath}/deployments/${d.id}/statuses`,
  });
  const labelEvent = (issue: number, event: 'labeled' | 'unlabeled', name: string, actor: User) => {
    const list = labelEvents.get(issue) ?? [];
    list.push({
      id: nextEventId++,
      event,
      label: { name, color: 'ededed' },
      actor: { ...actor },
      created_at: timestamp(),
    });
    labelEvents.set(issue, list);
  };
  const pullJson = (p: PullInput & { created: number }) => ({
    id: 500_000 + p.number,
    number: p.number,
    state: p.state ?? 'open',
    title: p.title ?? `PR ${p.number}`,
    html_url: `${serverUrl}/${options.owner}/${options.repo}/pull/${p.number}`,
    url: `${base}${repoPath}/pulls/${p.number}`,
    merged: p.merged ?? false,
    merged_at: p.merged ? timestamp() : null,
    head: { ref: p.head.ref, sha: p.head.sha, repo: p.head.repo ? { full_name: p.head.repo.full_name } : null },
    user: { login: p.user ?? 'octocat', type: 'User' },
    base: { ref: p.base?.ref ?? 'main', repo: { full_name: `${options.owner}/${options.repo}` } },
  });

  const fileJson = (pr: number, f: PullFileInput, i: number) => {
    const sha = `${pr.toString(16).padStart(8, '0')}${i.toString(16).padStart(32, '0')}`;
    const encoded = f.filename.split('/').map(encodeURIComponent).join('/');
    return {
      sha,
      filename: f.filename,
      status: f.status ?? 'modified',
      additions: 1,
      deletions: 0,
      changes: 1,
      blob_url: `${serverUrl}/${options.owner}/${options.repo}/blob/${sha}/${encoded}`,
      raw_url: `${serverUrl}/${options.owner}/${options.repo}/raw/${sha}/${encoded}`,
      contents_url: `${base}${repoPath}/contents/${encoded}?ref=${sha}`,
      ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
    };
  };

  const route = (method: string, path: string, url: URL, body: any): Reply => {
    const write = method !== 'GET';
    if (write && readOnly) return error(403, 'Resource not accessible by integration');
    let m = new RegExp(`^${escapeRe(repoPath)}/issues/(\\d+)/comments$`).exec(path);
    if (m) {
      const issue = Number(m[1]);
      if (method === 'GET') {
        const all = [...comments.values()].filter((c) => c.issue === issue).sort((a, b) => a.id - b.id);
        const listed = all.map(publicComment).filter((c) => !hidden?.(c));
        const page = paginate(listed, url);
        return { status: 200, body: page.items, headers: page.link ? { link: page.link } : {} };
      }
      if (method === 'POST') {
        const invalid = validateBody(body);
        if (invalid) return invalid;
        return { status: 201, body: publicComment(newComment(issue, body.body, identity)) };
      }
      return error(404, 'Not Found');
    }
    m = new RegExp(`^${escapeRe(repoPath)}/issues/comments/(\\d+)$`).exec(path);
    if (m) {
      const comment = comments.get(Number(m[1]));
      if (!comment) return error(404, 'Not Found');
      if (method === 'GET') return { status: 200, body: publicComment(comment) };
      if (method === 'PATCH') {
        const invalid = validateBody(body);
        if (invalid) return invalid;
        comment.body = body.body;
        comment.updated_at = timestamp();
        return { status: 200, body: publicComment(comment) };
      }
      if (method === 'DELETE') {
        comments.delete(comment.id);
        return { status: 204 };
      }
      return error(404, 'Not Found');
    }
    if (path === '/user' && method === 'GET') {
      if (userForbidden) return error(403, 'Resource not accessible by integration');
      return { status: 200, body: { ...identity } };
    }
    if (path === graphqlPath && method === 'POST') {
      const query = typeof body?.query === 'string' ? body.query : '';
      if (/\bviewer\s*\{\s*login\s*\}/.test(query))
        return { status: 200, body: { data: { viewer: { login: identity.login } } } };
      return { status: 200, body: { errors: [{ message: 'The double answers only `viewer { login }`' }] } };
    }
    m = new RegExp(`^${escapeRe(repoPath)}/issues/(\\d+)/events$`).exec(path);
    if (m && method === 'GET') {
      const page = paginate(labelEvents.get(Number(m[1])) ?? [], url);
      return { status: 200, body: page.items, headers: page.link ? { link: page.link } : {} };
    }
    if (path === `${repoPath}/deployments` && method === 'GET') {
      const env = url.searchParams.get('environment');
      const sha = url.searchParams.get('sha');
      const list = deployments
        .filter((d) => (env === null || d.environment === env) && (sha === null || d.sha === sha))
        .sort((a, b) => b.id - a.id)
        .map(deploymentJson);
      const page = paginate(list, url);
      return { status: 200, body: page.items, headers: page.link ? { link: page.link } : {} };
    }
    if (path === `${repoPath}/deployments` && method === 'POST') {
      if (typeof body?.ref !== 'string' || body.ref === '')
        return error(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
      if (body.required_contexts !== undefined && !Array.isArray(body.required_contexts))
        return error(422, 'required_contexts must be an array');
      if (Array.isArray(body.required_contexts) ? body.required_contexts.length > 0 : true)
        return error(409, 'Conflict: Commit status checks failed for the ref.');
      const d: DeploymentRecord = {
        id: nextDeploymentId++,
        ref: body.ref,
        sha: /^[0-9a-f]{40}$/.test(body.ref) ? body.ref : 'f'.repeat(40),
        environment: typeof body.environment === 'string' ? body.environment : 'production',
        description: typeof body.description === 'string' ? body.description : null,
        payload: body.payload ?? {},
        transient_environment: body.transient_environment === true,
        production_environment: body.production_environment ?? (body.environment ?? 'production') === 'production',
        creator: { ...identity },
        created_at: timestamp(),
        statuses: [],
      };
      deployments.push(d);
      return { status: 201, body: deploymentJson(d) };
    }
    m = new RegExp(`^${escapeRe(repoPath)}/deployments/(\\d+)/statuses$`).exec(path);
    if (m) {
      const d = deployments.find((x) => x.id === Number(m![1]));
      if (!d) return error(404, 'Not Found');
      if (method === 'GET') return { status: 200, body: [...d.statuses].reverse() };
      if (method === 'POST') {
        const states = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];
        if (!states.includes(body?.state)) return error(422, `Invalid request.\n\nstate is not included in the list`);
        if (typeof body.description === 'string' && body.description.length > 140)
          return error(422, 'description is too long (maximum is 140 characters)');
        const status = {
          id: nextStatusId++,
          state: body.state,
          description: body.description ?? '',
          environment_url: body.environment_url ?? '',
          log_url: body.log_url ?? '',
          created_at: timestamp(),
        };
        d.statuses.push(status);
        return { status: 201, body: status };
      }
      return error(404, 'Not Found');
    }
    if (path === `${repoPath}/pulls` && method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      const list = [...pulls.values()]
        .filter((p) => state === 'all' || (p.state ?? 'open') === state)
        .sort((a, b) => b.created - a.created)
        .map(pullJson);
      const page = paginate(list, url);
      return { status: 200, body: page.items, headers: page.link ? { link: page.link } : {} };
    }
    m = new RegExp(`^${escapeRe(repoPath)}/pulls/(\\d+)/files$`).exec(path);
    if (m && method === 'GET') {
      const number = Number(m[1]);
      const files = pullFiles.get(number);
      if (!files && !pulls.has(number)) return error(404, 'Not Found');
      // GitHub lists at most 3,000 files of a PR
      const listed = (files ?? []).slice(0, 3000).map((f, i) => fileJson(number, f, i));
      const page = paginate(listed, url);
      return { status: 200, body: page.items, headers: page.link ? { link: page.link } : {} };
    }
    m = new RegExp(`^${escapeRe(repoPath)}/pulls/(\\d+)$`).exec(path);
    if (m && method === 'GET') {
      const pull = pulls.get(Number(m[1]));
      return pull ? { status: 200, body: pullJson(pull) } : error(404, 'Not Found');
    }
    return error(404, 'Not Found');
  };

  const answer = (method: string, path: string, url: URL, raw: string): Reply => {
    let parsed: unknown;
    try {
      parsed = raw ? JSON.parse(raw) : undefined;
    } catch {
      return error(400, 'Problems parsing JSON');
    }
    return route(method, path, url, parsed);
  };

  const takeFault = (method: string, path: string): Reply | undefined => {
    const fault = faults.find(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
    );
    if (!fault) return undefined;
    fault.left--;
    return { ...error(fault.status, fault.message ?? `Injected fault ${fault.status}`), headers: fault.headers };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', origin);
    const raw = await readBody(req);
    const wait = delayMs();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const auth = req.headers.authorization;
    const gheGraphql = prefix.endsWith('/v3') && url.pathname === `${prefix.slice(0, -3)}/graphql`;
    const path = gheGraphql
      ? graphqlPath
      : url.pathname.startsWith(prefix)
        ? url.pathname.slice(prefix.length)
        : undefined;
    const authorized = path !== undefined && isAuthorized(auth, options.token);
    if (authorized) double.onRequest?.({ method, path });
    const reply =
      path === undefined
        ? error(404, 'Not Found')
        : authorized
          ? (takeFault(method, path) ?? answer(method, path, url, raw))
          : error(401, 'Bad credentials');
    requests.push({
      method,
      path: url.pathname + url.search,
      status: reply.status,
      authorization: auth,
      userAgent: req.headers['user-agent'],
      at: Date.now(),
    });
    const headers: Record<string, string> = {
      'x-github-request-id': `DOUBLE:${requests.length}`,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      ...reply.headers,
    };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    const json = JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(json);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `${origin}${prefix}`;

  const double: GitHubDouble = {
    onRequest: undefined,
    url: base,
    serverUrl,
    requests,
    addPull(pull) {
      pulls.set(pull.number, { ...pull, created: ++pullSeq });
    },
    setPullFiles(number, files) {
      pullFiles.set(
        number,
        files.map((f) => ({ ...f })),
      );
    },
    setPullState(number, state, merged) {
      const pull = pulls.get(number);
      if (!pull) throw new Error(`no pull request #${number} in the double`);
      pull.state = state;
      if (merged !== undefined) pull.merged = merged;
    },
    addComment(issueNumber, body, user = ACTIONS_BOT) {
      return publicComment(newComment(issueNumber, body, user));
    },
    comments(issueNumber) {
      return [...comments.values()]
        .filter((c) => c.issue === issueNumber)
        .sort((a, b) => a.id - b.id)
        .map(publicComment);
    },
    addLabel(issueNumber, label, actor = { login: 'octocat', id: 1, type: 'User' }) {
      const set = currentLabels.get(issueNumber) ?? new Set<string>();
      set.add(label);
      currentLabels.set(issueNumber, set);
      labelEvent(issueNumber, 'labeled', label, actor);
    },
    removeLabel(issueNumber, label, actor = { login: 'octocat', id: 1, type: 'User' }) {
      currentLabels.get(issueNumber)?.delete(label);
      labelEvent(issueNumber, 'unlabeled', label, actor);
    },
    labels(issueNumber) {
      return [...(currentLabels.get(issueNumber) ?? [])];
    },
    deployments() {
      return deployments.map((d) => ({ ...d, statuses: d.statuses.map((x) => ({ ...x })) }));
    },
    fail(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    readOnly(on = true) {
      readOnly = on;
    },
    hideFromLists(predicate) {
      hidden = predicate;
    },
    setLatencyMs(next) {
      latency = next;
    },
    close() {
      if (!server.listening) return Promise.resolve();
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
  return double;
}

function isAuthorized(header: string | undefined, token: string): boolean {
  const m = /^(token|bearer)\s+(\S+)$/i.exec(header ?? '');
  return m !== null && m[2] === token;
}

function validateBody(body: any): Reply | undefined {
  if (!body || typeof body.body !== 'string') return error(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
  if (body.body.length > MAX_BODY) {
    return {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'IssueComment',
            code: 'unprocessable',
            field: 'data',
            message: 'Body is too long (maximum is 65536 characters)',
          },
        ],
        documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
        status: '422',
      },
    };
  }
  return undefined;
}

function error(status: number, message: string): Reply {
  return { status, body: { message, documentation_url: 'https://docs.github.com/rest', status: String(status) } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
