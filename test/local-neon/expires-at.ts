/**
 * Neon's `expires_at` rules (SEMANTICS.md §2.2): RFC 3339 with a mandatory time zone (`Z` or an
 * offset, not both), in the future, at most 30 days ahead, stored to the second.
 */
import { isoSeconds } from './state.js';

export const MAX_EXPIRY_MS = 30 * 24 * 3600 * 1000;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export type ExpiryCheck = { ok: true; expiresAt: string; ttlSeconds: number } | { ok: false; message: string };

/** Validate an `expires_at` value at time `now`; normalises it to UTC seconds. */
export function checkExpiresAt(value: unknown, now: Date = new Date(), maxMs = MAX_EXPIRY_MS): ExpiryCheck {
  if (typeof value !== 'string' || !RFC3339.test(value)) {
    return {
      ok: false,
      message: 'expires_at must be an RFC 3339 timestamp with a time zone, e.g. 2025-06-09T18:02:16Z',
    };
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return { ok: false, message: `expires_at ${JSON.stringify(value)} is not a valid time` };
  const seconds = Math.floor(ms / 1000) * 1000;
  if (seconds <= now.getTime()) return { ok: false, message: 'expires_at must be in the future' };
  if (seconds - now.getTime() > maxMs) {
    return { ok: false, message: 'expires_at must be at most 30 days in the future' };
  }
  return {
    ok: true,
    expiresAt: isoSeconds(new Date(seconds)),
    ttlSeconds: Math.round((seconds - now.getTime()) / 1000),
  };
}
