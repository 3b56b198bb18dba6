import { describe, expect, it } from 'vitest';
import { adjustUri, connectionOutputs, poolerHost } from '../../src/preview/connection-outputs.js';

const neonUri =
  'postgresql://neondb_owner:npg_a%2Fb@ep-cool-1.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require';
const pooled =
  'postgresql://neondb_owner:npg_a%2Fb@ep-cool-1-pooler.us-east-2.aws.neon.tech/neondb?sslmode=require&channel_binding=require';

describe('connection outputs', () => {
  it("keeps Neon's own parameters when ssl-mode is empty", () => {
    const out = connectionOutputs({ direct: neonUri, pooled }, { sslMode: undefined, prisma: false });
    expect(out['db-url']).toBe(neonUri);
    expect(out['db-host']).toBe('ep-cool-1.us-east-2.aws.neon.tech');
    expect(out['db-host-pooled']).toBe('ep-cool-1-pooler.us-east-2.aws.neon.tech');
    expect(out.password).toBe('npg_a/b');
  });
  it('replaces sslmode, and disable or omit drop channel_binding', () => {
    expect(adjustUri(neonUri, { sslMode: 'verify-full', prisma: false }, false)).toContain(
      'sslmode=verify-full&channel_binding=require',
    );
    expect(adjustUri(neonUri, { sslMode: 'disable', prisma: false }, false)).toMatch(/\?sslmode=disable$/);
    expect(adjustUri(neonUri, { sslMode: 'omit', prisma: false }, false)).not.toMatch(/sslmode|channel_binding/);
  });
  it('adds Prisma parameters, pgbouncer only on the pooled URL', () => {
    expect(adjustUri(neonUri, { sslMode: undefined, prisma: true }, false)).toContain('connect_timeout=30');
    expect(adjustUri(neonUri, { sslMode: undefined, prisma: true }, false)).not.toContain('pgbouncer');
    expect(adjustUri(pooled, { sslMode: undefined, prisma: true }, true)).toContain('pool_timeout=30&pgbouncer=true');
  });
  it('keeps a port in the host output (the local Neon serves on loopback ports)', () => {
    const local = 'postgresql://r:pw_longer_1@127.0.0.1:5433/neondb?sslmode=disable';
    expect(
      connectionOutputs(
        { direct: local, pooled: local.replace('5433', '5434') },
        { sslMode: undefined, prisma: false },
      )['db-host-pooled'],
    ).toBe('127.0.0.1:5434');
  });
  it('derives the pooler host from the endpoint id', () => {
    expect(poolerHost('ep-cool-1.c-2.us-east-2.aws.neon.tech', 'ep-cool-1')).toBe(
      'ep-cool-1-pooler.c-2.us-east-2.aws.neon.tech',
    );
  });
});
