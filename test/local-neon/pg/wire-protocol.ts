/**
 * The few pieces of the Postgres frontend/backend protocol (v3) that the endpoint front needs:
 * reading the untyped startup packets and typed messages from a byte stream, and writing the
 * authentication request, ErrorResponse and ReadyForQuery messages. Everything else is relayed as bytes.
 */

export const PROTOCOL_3_0 = 196608;
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

export type StartupPacket =
  | { kind: 'ssl' | 'gssenc' | 'cancel' }
  | { kind: 'startup'; params: Record<string, string>; bytes: Buffer }
  | { kind: 'unsupported'; code: number };

/** Reads one untyped startup-phase packet from the front of `buf`; null until it is complete. */
export function readStartupPacket(buf: Buffer): { packet: StartupPacket; rest: Buffer } | null {
  if (buf.length < 8) return null;
  const length = buf.readInt32BE(0);
  if (buf.length < length) return null;
  const code = buf.readInt32BE(4);
  const rest = buf.subarray(length);
  if (code === SSL_REQUEST) return { packet: { kind: 'ssl' }, rest };
  if (code === GSSENC_REQUEST) return { packet: { kind: 'gssenc' }, rest };
  if (code === CANCEL_REQUEST) return { packet: { kind: 'cancel' }, rest };
  if (code !== PROTOCOL_3_0) return { packet: { kind: 'unsupported', code }, rest };
  const fields = buf
    .subarray(8, length - 1)
    .toString('utf8')
    .split('\0');
  const params: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) params[fields[i]] = fields[i + 1];
  return { packet: { kind: 'startup', params, bytes: Buffer.from(buf.subarray(0, length)) }, rest };
}

export interface TypedMessage {
  type: string;
  /** The whole message: type byte, length and body. */
  bytes: Buffer;
}

/** Splits every complete typed message off the front of `buf`. */
export function readTypedMessages(buf: Buffer): { messages: TypedMessage[]; rest: Buffer } {
  const messages: TypedMessage[] = [];
  let offset = 0;
  while (buf.length - offset >= 5) {
    const end = offset + 1 + buf.readInt32BE(offset + 1);
    if (buf.length < end) break;
    messages.push({ type: String.fromCharCode(buf[offset]), bytes: Buffer.from(buf.subarray(offset, end)) });
    offset = end;
  }
  return { messages, rest: buf.subarray(offset) };
}

/** The C string at the start of a message body (a Query's SQL text, a PasswordMessage's password). */
export function messageText(message: TypedMessage): string {
  const body = message.bytes.subarray(5);
  const nul = body.indexOf(0);
  return body.subarray(0, nul === -1 ? body.length : nul).toString('utf8');
}

function typed(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = type.charCodeAt(0);
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

/** AuthenticationCleartextPassword (R, code 3). */
export function cleartextPasswordRequest(): Buffer {
  const body = Buffer.alloc(4);
  body.writeInt32BE(3);
  return typed('R', body);
}

export function errorResponse(severity: 'ERROR' | 'FATAL', code: string, message: string): Buffer {
  const fields = [`S${severity}`, `V${severity}`, `C${code}`, `M${message}`].map((f) => Buffer.from(`${f}\0`));
  return typed('E', Buffer.concat([...fields, Buffer.from([0])]));
}

export function readyForQuery(status: TransactionStatus): Buffer {
  return typed('Z', Buffer.from(status));
}

export type TransactionStatus = 'I' | 'T' | 'E';

/**
 * Keeps the last bytes of a backend reply so that, once it is complete, we know whether it ended
 * with ReadyForQuery and in which transaction state. A reply that does not end with ReadyForQuery
 * (after a Flush, say) leaves the session mid-protocol.
 */
export class ReplyTail {
  private tail = Buffer.alloc(0);

  push(chunk: Uint8Array): void {
    this.tail = Buffer.concat([this.tail, Buffer.from(chunk)]).subarray(-6);
  }

  /** The final ReadyForQuery status, or null when the reply stopped elsewhere. */
  status(): TransactionStatus | null {
    const t = this.tail;
    if (t.length === 6 && t[0] === 0x5a && t.readInt32BE(1) === 5)
      return String.fromCharCode(t[5]) as TransactionStatus;
    return null;
  }
}
