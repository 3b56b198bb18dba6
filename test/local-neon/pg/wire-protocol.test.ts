import { describe, expect, it } from 'vitest';
import { errorResponse, ReplyTail, readStartupPacket, readTypedMessages, readyForQuery } from './wire-protocol.js';

function startupPacket(params: Record<string, string>): Buffer {
  const body = Buffer.from(`${Object.entries(params).flat().join('\0')}\0\0`);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
}

describe('wire protocol pieces', () => {
  it('reads an SSLRequest, then a startup packet with user and database, leaving what follows', () => {
    const ssl = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
    const bytes = Buffer.concat([ssl, startupPacket({ user: 'neondb_owner', database: 'neondb' }), Buffer.from('p')]);
    const first = readStartupPacket(bytes)!;
    expect(first.packet).toEqual({ kind: 'ssl' });
    const second = readStartupPacket(first.rest)!;
    expect(second.packet).toMatchObject({ kind: 'startup', params: { user: 'neondb_owner', database: 'neondb' } });
    expect(second.rest.toString()).toBe('p');
  });

  it('waits for a whole packet or message', () => {
    expect(readStartupPacket(startupPacket({ user: 'u' }).subarray(0, 10))).toBeNull();
    const query = Buffer.concat([Buffer.from('Q'), Buffer.from([0, 0, 0, 13]), Buffer.from('SELECT 1\0')]);
    expect(readTypedMessages(query.subarray(0, 7)).messages).toEqual([]);
    const both = readTypedMessages(Buffer.concat([query, query.subarray(0, 3)]));
    expect(both.messages.map((m) => m.type)).toEqual(['Q']);
    expect(both.rest).toHaveLength(3);
  });

  it('writes an ErrorResponse with severity, SQLSTATE and message', () => {
    const e = errorResponse('FATAL', '28P01', 'password authentication failed for user "x"');
    expect(e.subarray(0, 1).toString()).toBe('E');
    expect(e.readInt32BE(1)).toBe(e.length - 1);
    expect(e.subarray(5).toString()).toBe('SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user "x"\0\0');
  });

  it('tells the transaction status a reply ended with, or that it ended elsewhere', () => {
    const tail = new ReplyTail();
    tail.push(Buffer.from('C\0\0\0\x0bSELECT\0'));
    expect(tail.status()).toBeNull();
    const z = readyForQuery('T');
    tail.push(z.subarray(0, 2));
    tail.push(z.subarray(2));
    expect(tail.status()).toBe('T');
  });
});
