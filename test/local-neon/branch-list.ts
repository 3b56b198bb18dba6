/**
 * Listing branches as Neon does: `search` is a case-insensitive substring match on name or id;
 * sorted by `sort_by` (`updated_at` default, `created_at`, `name`) and `sort_order` (`desc`
 * default); keyset pagination through an opaque `cursor`, so deleting branches between pages
 * never skips one; `pagination.next` only when more remain.
 */
import { badRequest } from './errors.js';
import type { BranchRecord } from './state.js';

export type SortBy = 'updated_at' | 'created_at' | 'name';
export type SortOrder = 'asc' | 'desc';

export interface ListQuery {
  search?: string;
  sortBy: SortBy;
  sortOrder: SortOrder;
  cursor?: string;
  limit?: number;
}

export interface ListPage {
  branches: BranchRecord[];
  next?: string;
}

interface CursorKey {
  v: string;
  id: string;
}

export function parseListQuery(query: URLSearchParams): ListQuery {
  const sortBy = query.get('sort_by') ?? 'updated_at';
  if (sortBy !== 'updated_at' && sortBy !== 'created_at' && sortBy !== 'name') {
    throw badRequest('sort_by must be one of name, created_at, updated_at');
  }
  const sortOrder = query.get('sort_order') ?? 'desc';
  if (sortOrder !== 'asc' && sortOrder !== 'desc') throw badRequest('sort_order must be asc or desc');
  const limitText = query.get('limit');
  let limit: number | undefined;
  if (limitText !== null) {
    limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw badRequest('limit must be between 1 and 10000');
  }
  return {
    search: query.get('search') || undefined,
    sortBy,
    sortOrder,
    cursor: query.get('cursor') || undefined,
    limit,
  };
}

export function matchesSearch(b: BranchRecord, search: string | undefined): boolean {
  if (!search) return true;
  const needle = search.toLowerCase();
  return b.name.toLowerCase().includes(needle) || b.id.toLowerCase().includes(needle);
}

function sortValue(b: BranchRecord, sortBy: SortBy): string {
  if (sortBy === 'name') return b.name;
  return sortBy === 'created_at' ? b.createdAt : b.updatedAt;
}

function compareKeys(a: CursorKey, b: CursorKey): number {
  if (a.v !== b.v) return a.v < b.v ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): CursorKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key?.v === 'string' && typeof key?.id === 'string') return key;
  } catch {
    // fall through
  }
  throw badRequest('invalid cursor');
}

export function listBranches(all: Iterable<BranchRecord>, q: ListQuery): ListPage {
  const dir = q.sortOrder === 'asc' ? 1 : -1;
  const keyOf = (b: BranchRecord): CursorKey => ({ v: sortValue(b, q.sortBy), id: b.id });
  let rows = [...all].filter((b) => matchesSearch(b, q.search));
  rows.sort((a, b) => dir * compareKeys(keyOf(a), keyOf(b)));
  if (q.cursor) {
    const after = decodeCursor(q.cursor);
    rows = rows.filter((b) => dir * compareKeys(keyOf(b), after) > 0);
  }
  if (q.limit === undefined || rows.length <= q.limit) return { branches: rows };
  const page = rows.slice(0, q.limit);
  return { branches: page, next: encodeCursor(keyOf(page[page.length - 1])) };
}
