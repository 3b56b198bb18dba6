/**
 * Fault injection for tests: make the next N matching requests answer 429 (optionally with
 * `Retry-After`), 503 or 423, refuse them with a 4xx of the test's choosing, drop the socket, or
 * answer slowly. A fault matches by method plus
 * either an operationId of the official description or a path pattern (relative to `/api/v2`,
 * `*` or `{name}` standing for one path segment, or a RegExp).
 */

export type FaultKind = '429' | '503' | '423' | 'drop' | 'slow' | 'refuse';

export interface FaultSpec {
  method?: string;
  operationId?: string;
  pathPattern?: string | RegExp;
  kind: FaultKind;
  /** How many matching requests it affects (default 1). */
  times?: number;
  /** For 429: the `Retry-After` header value (seconds or an HTTP-date); omitted = no header. */
  retryAfter?: number | string;
  /** For 'slow': the delay before the normal answer (default 1000 ms). */
  delayMs?: number;
  /**
   * For 'slow': instead of a delay, hold the request until the client gives up on it (closes the
   * connection), then handle it as usual: an answer slower than any request timeout, whatever the
   * machine's speed. The answer goes nowhere; what it did stays done.
   */
  untilClientGone?: boolean;
  /** For 'drop': drop the socket after the request was applied instead of before (default false). */
  afterHandling?: boolean;
  /** For 'refuse': the answer, in Neon's error shape (default 403 "permission denied"). */
  status?: number;
  message?: string;
  code?: string;
}

export interface ActiveFault extends FaultSpec {
  remaining: number;
}

export interface RequestKey {
  method: string;
  path: string;
  operationId?: string;
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .split('/')
    .map((segment) =>
      segment === '*' || /^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${escaped}$`);
}

function matches(fault: FaultSpec, key: RequestKey): boolean {
  if (fault.method && fault.method.toUpperCase() !== key.method) return false;
  if (fault.operationId && fault.operationId !== key.operationId) return false;
  if (fault.pathPattern !== undefined) {
    const re = typeof fault.pathPattern === 'string' ? patternToRegExp(fault.pathPattern) : fault.pathPattern;
    if (!re.test(key.path)) return false;
  }
  return true;
}

export class FaultInjector {
  private readonly active: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    if (!spec.operationId && spec.pathPattern === undefined && !spec.method) {
      throw new Error('a fault needs a method, an operationId or a pathPattern');
    }
    this.active.push({ ...spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.active.length = 0;
  }

  /** Faults not used up yet. */
  pending(): readonly ActiveFault[] {
    return this.active.filter((f) => f.remaining > 0);
  }

  /** Consume the first fault matching this request (one use), if any. */
  take(key: RequestKey): ActiveFault | undefined {
    const fault = this.active.find((f) => f.remaining > 0 && matches(f, key));
    if (!fault) return undefined;
    fault.remaining -= 1;
    return fault;
  }
}
