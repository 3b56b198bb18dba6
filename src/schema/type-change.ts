/**
 * The risk of `ALTER COLUMN … TYPE`: destructive when converting existing values can fail or lose
 * information (narrowing, text to a stricter type, bytea to text…); locking when every value fits
 * but Postgres rewrites the table (int -> bigint, timestamp -> timestamptz); safe when the change is
 * binary-coercible and needs no rewrite (varchar(n) -> varchar(m>=n) or text, numeric precision up).
 * Anything this table does not know is treated as destructive: better a false alarm than a miss.
 */
import type { TypeInfo } from './ast.js';
import type { Assessment } from './risk.js';

const STRINGS = new Set(['text', 'varchar', 'public.citext', 'citext']);
const INTEGER_RANK: Record<string, number> = { int2: 1, int4: 2, int8: 3, numeric: 4 };
const FLOAT_RANK: Record<string, number> = { float4: 1, float8: 2 };
const TIMES = new Set(['timestamp', 'timestamptz']);

const safe = (reason: string): Assessment => ({ risk: 'safe', reason });
const locking = (reason: string): Assessment => ({ risk: 'locking', reason });
const destructive = (reason: string): Assessment => ({ risk: 'destructive', reason });

const REWRITE = 'rewrites the table under an ACCESS EXCLUSIVE lock (not binary-coercible)';

export function assessTypeChange(before: TypeInfo, after: TypeInfo): Assessment {
  const change = `${before.display} -> ${after.display}`;
  if (before.arrayDims !== after.arrayDims)
    return destructive(`${change}: array shape changes; existing values may not convert`);
  const b = before.name;
  const a = after.name;
  const bLen = numberMod(before, 0);
  const aLen = numberMod(after, 0);

  if ((b === 'varchar' || STRINGS.has(b)) && (a === 'varchar' || STRINGS.has(a))) {
    if (a === 'varchar' && aLen !== undefined && (bLen === undefined || aLen < bLen)) {
      return destructive(`${change}: values longer than ${aLen} characters make the change fail`);
    }
    return safe(`${change}: binary-coercible widening, no rewrite`);
  }
  if (b === 'bpchar' && a === 'bpchar') {
    if (aLen !== undefined && bLen !== undefined && aLen < bLen) {
      return destructive(`${change}: values longer than ${aLen} characters make the change fail`);
    }
    return locking(`${change}: ${REWRITE}`);
  }
  if (b === 'bpchar' && (a === 'varchar' || STRINGS.has(a))) {
    if (a === 'varchar' && aLen !== undefined && (bLen === undefined || aLen < bLen)) {
      return destructive(`${change}: values longer than ${aLen} characters make the change fail`);
    }
    return locking(`${change}: ${REWRITE}; trailing spaces are trimmed`);
  }
  if (a === 'varchar' && aLen === undefined) return locking(`${change}: every value has a text form, but ${REWRITE}`);
  if (a === 'bpchar' || a === 'varchar') {
    return destructive(`${change}: values longer than ${aLen ?? 1} characters make the change fail`);
  }
  if (b === 'numeric' && a === 'numeric') return assessNumeric(before, after, change);
  if (INTEGER_RANK[b] && INTEGER_RANK[a]) {
    if (a === 'numeric' && after.mods.length > 0)
      return destructive(`${change}: values beyond numeric's precision fail`);
    return INTEGER_RANK[a] > INTEGER_RANK[b]
      ? locking(`${change}: widening, but ${REWRITE}`)
      : destructive(`${change}: values out of the new range make the change fail`);
  }
  if (FLOAT_RANK[b] && FLOAT_RANK[a]) {
    return FLOAT_RANK[a] > FLOAT_RANK[b]
      ? locking(`${change}: widening, but ${REWRITE}`)
      : destructive(`${change}: loses precision`);
  }
  if ((b === 'int2' || b === 'int4') && a === 'float8') return locking(`${change}: exact, but ${REWRITE}`);
  if (INTEGER_RANK[b] && FLOAT_RANK[a]) return destructive(`${change}: large values lose precision`);
  if (FLOAT_RANK[b] && a === 'numeric') {
    return after.mods.length > 0
      ? destructive(`${change}: values beyond numeric's precision fail or round`)
      : locking(`${change}: ${REWRITE}`);
  }
  if (TIMES.has(b) && TIMES.has(a)) {
    if (numberMod(after, 0) !== undefined && (numberMod(before, 0) ?? 6) > (numberMod(after, 0) ?? 6)) {
      return destructive(`${change}: fractional seconds are rounded`);
    }
    if (a === b) return safe(`${change}: no rewrite`);
    return locking(`${change}: ${REWRITE} unless the session time zone is UTC; values are reinterpreted`);
  }
  if (b === 'date' && TIMES.has(a)) return locking(`${change}: ${REWRITE}`);
  if (TIMES.has(b) && a === 'date') return destructive(`${change}: the time of day is dropped`);
  if (b === 'cidr' && a === 'inet') return safe(`${change}: binary-coercible, no rewrite`);
  if (b === 'json' && a === 'jsonb') return locking(`${change}: ${REWRITE}; duplicate object keys collapse`);
  if (b === 'jsonb' && a === 'json') return locking(`${change}: ${REWRITE}`);
  if (a === 'text' && b !== 'bytea') return locking(`${change}: every value has a text form, but ${REWRITE}`);
  if (b === 'bytea' && STRINGS.has(a))
    return destructive(`${change}: bytes that are not valid text make the change fail`);
  return destructive(`${change}: converting existing values can fail, and code reading them sees a new type`);
}

function assessNumeric(before: TypeInfo, after: TypeInfo, change: string): Assessment {
  if (after.mods.length === 0) return safe(`${change}: unconstrained numeric, no rewrite`);
  if (before.mods.length === 0) return destructive(`${change}: values beyond the new precision fail or round`);
  const [bp, bs] = [numberMod(before, 0) ?? 0, numberMod(before, 1) ?? 0];
  const [ap, as] = [numberMod(after, 0) ?? 0, numberMod(after, 1) ?? 0];
  if (as < bs) return destructive(`${change}: digits after the point are rounded away`);
  if (ap - as < bp - bs) return destructive(`${change}: values beyond the new precision fail`);
  if (as === bs) return safe(`${change}: precision grows with the same scale, no rewrite`);
  return locking(`${change}: every value fits, but ${REWRITE}`);
}

function numberMod(type: TypeInfo, index: number): number | undefined {
  const value = type.mods[index];
  return typeof value === 'number' ? value : undefined;
}
