/**
 * A tiny HTTP client for the local Neon's own tests (the action has its real client in src/neon).
 */
import type { LocalNeon } from './index.js';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
}

export function apiClient(neon: LocalNeon) {
  const call = async <T = any>(method: string, path: string, opts: CallOptions = {}): Promise<ApiAnswer<T>> => {
    const url = new URL(neon.apiUrl + path.replace('{project_id}', neon.projectId));
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${neon.apiKey}`,
        accept: 'application/json',
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.headers ?? {}),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  const p = `/projects/${neon.projectId}`;
  return {
    call,
    /** Path prefix `/projects/<id>`. */
    p,
    createBranch: (branch: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
      call('POST', `${p}/branches`, { body: { branch, ...extra } }),
    getBranch: (id: string) => call('GET', `${p}/branches/${id}`),
    deleteBranch: (id: string) => call('DELETE', `${p}/branches/${id}`),
    listBranches: (query: CallOptions['query'] = {}) => call('GET', `${p}/branches`, { query }),
    getOperation: (id: string) => call('GET', `${p}/operations/${id}`),
  };
}
