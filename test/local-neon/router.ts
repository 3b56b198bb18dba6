/**
 * The route table: (method, path template of the official description, operationId) → handler.
 * Literal segments win over `{param}` segments, so `/branches/count` is not a branch id.
 */
import type { LocalNeonCore } from './core.js';

export interface RouteContext {
  core: LocalNeonCore;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface Route {
  method: string;
  path: string;
  operationId: string;
  handler: (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

function literalCount(path: string): number {
  return path.split('/').filter((s) => s && !s.startsWith('{')).length;
}

export class Router {
  private readonly routes: Route[] = [];

  add(...routes: Route[]): void {
    this.routes.push(...routes);
    this.routes.sort((a, b) => literalCount(b.path) - literalCount(a.path));
  }

  list(): readonly Route[] {
    return this.routes;
  }

  /** The route for `method` and `path` (relative to /api/v2), or undefined. */
  match(method: string, path: string): RouteMatch | undefined {
    const parts = path.split('/').filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const template = route.path.split('/').filter(Boolean);
      if (template.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < template.length && ok; i++) {
        const t = template[i];
        if (t.startsWith('{') && t.endsWith('}')) {
          try {
            params[t.slice(1, -1)] = decodeURIComponent(parts[i]);
          } catch {
            ok = false;
          }
        } else if (t !== parts[i]) {
          ok = false;
        }
      }
      if (ok) return { route, params };
    }
    return undefined;
  }
}
