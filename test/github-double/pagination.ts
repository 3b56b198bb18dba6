/**
 * GitHub's REST pagination, as the real API does it: `per_page` (default 30, at most 100) and `page`
 * (from 1) in the query; a `Link` header with `first`/`prev`/`next`/`last` only when there is more
 * than one page; a page past the end is an empty array.
 */

export interface Page<T> {
  items: T[];
  /** The Link header value, or undefined when everything fits one page. */
  link: string | undefined;
}

export function paginate<T>(all: readonly T[], requestUrl: URL, defaultPerPage = 30): Page<T> {
  const perPage = clamp(intParam(requestUrl, 'per_page') || defaultPerPage, 1, 100);
  const page = Math.max(1, intParam(requestUrl, 'page') ?? 1);
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  if (lastPage === 1) return { items, link: undefined };
  const at = (n: number) => {
    const u = new URL(requestUrl.href);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(n));
    return `<${u.href}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${at(Math.min(page - 1, lastPage))}; rel="prev"`);
  if (page < lastPage) rels.push(`${at(page + 1)}; rel="next"`);
  rels.push(`${at(lastPage)}; rel="last"`);
  if (page > 1) rels.push(`${at(1)}; rel="first"`);
  return { items, link: rels.join(', ') };
}

function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
