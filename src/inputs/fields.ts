/**
 * zod field builders that turn one input string into a typed value, each failing with a message
 * that says what the input accepts. `parseFields` reads a whole shape at once, an empty input as its
 * default in names.ts (what action.yml gives the runner), and turns the first problem into an
 * InputError naming the input. So a default is written once, in names.ts: a builder has none.
 */
import { z } from 'zod';
import { INPUTS, type InputSpec } from '../names.js';
import { durationInput, parseDuration } from './duration.js';
import { InputError, shown } from './errors.js';

export type Reader = (name: string) => string;

type Field<T> = z.ZodType<T, string>;

const fail = (ctx: z.RefinementCtx, message: string): typeof z.NEVER => {
  ctx.addIssue({ code: 'custom', message });
  return z.NEVER;
};

export const text = (): Field<string | undefined> =>
  z.string().transform((s) => (s.trim() === '' ? undefined : s.trim()));

/** A text input that has a default in names.ts: never empty once `parseFields` read it. */
export const given = (): Field<string> =>
  z.string().transform((s, ctx) => (s.trim() === '' ? fail(ctx, 'is required') : s.trim()));

const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

/** true or false (an input with a default in names.ts, so never empty once `parseFields` read it). */
export const bool = (): Field<boolean> =>
  z.string().transform((s, ctx) => {
    const v = s.trim();
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    return fail(ctx, `accepts true or false; got ${shown(v)}`);
  });

export function oneOf<const T extends readonly string[]>(values: T): Field<T[number]> {
  return z.string().transform((s, ctx) => {
    const v = s.trim();
    if ((values as readonly string[]).includes(v)) return v as T[number];
    return fail(ctx, `accepts ${values.join(', ')}; got ${shown(v)}`);
  });
}

export function duration(opts: { maxMs?: number; minMs?: number } = {}): Field<number | undefined> {
  return z.string().transform((s, ctx) => {
    const v = s.trim();
    if (v === '') return undefined;
    const ms = parseDuration(v);
    const max = opts.maxMs === undefined ? '' : `, at most ${durationInput(opts.maxMs)}`;
    const expectation = `accepts a duration such as 90s, 10m, 2h or 7d${max}; got ${shown(v)}`;
    if (ms === null || ms <= 0) return fail(ctx, expectation);
    if (opts.maxMs !== undefined && ms > opts.maxMs) return fail(ctx, expectation);
    if (opts.minMs !== undefined && ms < opts.minMs)
      return fail(ctx, `must be at least ${durationInput(opts.minMs)}; got ${shown(v)}`);
    return ms;
  });
}

export function integer(opts: { min?: number; max?: number; extra?: number[] }): Field<number | undefined> {
  return z.string().transform((s, ctx) => {
    const v = s.trim();
    if (v === '') return undefined;
    const n = Number(v);
    // a safe integer: a larger one has no exact value (a pr-number of 1e20 names no pull request)
    const inRange =
      Number.isSafeInteger(n) &&
      (opts.extra?.includes(n) ||
        ((opts.min === undefined || n >= opts.min) && (opts.max === undefined || n <= opts.max)));
    if (!/^-?\d+$/.test(v) || !inRange) {
      const range = [opts.extra?.join(', '), `${opts.min ?? '…'} to ${opts.max ?? '…'}`].filter(Boolean).join(' or ');
      return fail(ctx, `accepts a whole number (${range}); got ${shown(v)}`);
    }
    return n;
  });
}

export function decimal(opts: { min: number; max: number }): Field<number | undefined> {
  return z.string().transform((s, ctx) => {
    const v = s.trim();
    if (v === '') return undefined;
    const n = Number(v);
    if (!/^\d+(\.\d+)?$/.test(v) || n < opts.min || n > opts.max)
      return fail(ctx, `accepts a number from ${opts.min} to ${opts.max}; got ${shown(v)}`);
    return n;
  });
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const timestamp = (): Field<string | undefined> =>
  z.string().transform((s, ctx) => {
    const v = s.trim();
    if (v === '') return undefined;
    if (!RFC3339.test(v) || Number.isNaN(Date.parse(v)))
      return fail(ctx, `accepts an RFC 3339 time with a time zone, e.g. 2026-01-31T12:00:00Z; got ${shown(v)}`);
    return v;
  });

export const lsn = (): Field<string | undefined> =>
  z.string().transform((s, ctx) => {
    const v = s.trim();
    if (v === '') return undefined;
    if (!/^[0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8}$/.test(v))
      return fail(ctx, `accepts an LSN such as 0/1DE2850; got ${shown(v)}`);
    return v.toUpperCase();
  });

/** Comma- or newline-separated list. */
export const list = (): Field<string[]> =>
  z.string().transform((s) =>
    s
      .split(/[\n,]/)
      .map((x) => x.trim())
      .filter(Boolean),
  );

/**
 * The default action.yml gives the input (names.ts), as the runner fills it in for an input left
 * out; empty for none, and for an expression such as `${{ github.token }}`, which only the runner evaluates.
 */
export function defaultOf(name: string): string {
  const value = (INPUTS as Record<string, InputSpec>)[name]?.default ?? '';
  return value.includes('${{') ? '' : value;
}

/** Reads every input of `shape` (an empty one as its default) and parses it; the first problem becomes an InputError. */
export function parseFields<S extends Record<string, Field<unknown>>>(
  shape: S,
  read: Reader,
): { [K in keyof S]: z.output<S[K]> } {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(shape)) {
    const value = read(name);
    raw[name] = value.trim() === '' ? defaultOf(name) : value;
  }
  const result = z.object(shape).safeParse(raw);
  if (result.success) return result.data as { [K in keyof S]: z.output<S[K]> };
  const issue = result.error.issues[0]!;
  throw new InputError(String(issue.path[0]), issue.message);
}

/** Two inputs that exclude each other. */
export function exclusive(values: Record<string, unknown>, a: string, b: string): void {
  if (values[a] !== undefined && values[b] !== undefined)
    throw new InputError(a, `cannot be combined with "${b}"; give one of them`);
}
