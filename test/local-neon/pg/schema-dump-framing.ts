/**
 * Whole protocol messages for PGlite while pglite-tools' pg_dump talks to it.
 *
 * pglite-tools hands every write() of pg_dump's libpq straight to `PGlite.execProtocolRawStream`.
 * libpq sends a message that does not fit its 8 KB output buffer in pieces (8,192-byte multiples,
 * then the rest), and PGlite 0.5 runs each piece as if it were whole: given the first half of a
 * Query its main loop waits for the rest, which cannot come while it spins, and prints its
 * `backend> ` prompt into Emscripten's tty line buffer (a JS array, flushed only at a newline) until
 * V8 aborts the process ("Fatal JavaScript invalid size error" in Runtime_GrowArrayElements).
 * pg_dump 18 locks every table of the dump in one `LOCK TABLE a, b, ...` of up to 100 KB, so ~200
 * tables with long names are enough; with thousands, its `'{oid,...}'::oid[]` catalog queries pass
 * 8 KB too.
 *
 * The wrapper here keeps the bytes of an unfinished message until the rest arrives, and hands
 * pg_dump each reply as one chunk (pglite-tools copies its whole read buffer on every chunk it
 * gets, which for multi-megabyte replies in 8 KB chunks is quadratic).
 */
import type { ExecProtocolOptionsStream, PGlite } from '@electric-sql/pglite';

const NO_BYTES = new Uint8Array(0);

/**
 * How many bytes at the front of `bytes` are whole frontend messages. A message is a type byte and
 * an int32 length counting itself and the body; the startup-phase packets have no type byte and
 * begin with their length, whose first byte is 0 (a type byte never is). A declared length below 4
 * cannot be framed: everything is passed on for Postgres to reject.
 */
export function wholeMessagesLength(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.length) {
    const lengthAt = bytes[offset] === 0 ? offset : offset + 1;
    if (bytes.length < lengthAt + 4) return offset;
    const declared = view.getInt32(lengthAt);
    if (declared < 4) return bytes.length;
    const end = lengthAt + declared;
    if (end > bytes.length) return offset;
    offset = end;
  }
  return offset;
}

function joined(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Byte-stream side of one pg_dump connection: `write` takes what libpq wrote and runs the whole
 * messages among it (and what was kept from earlier writes) on `db`, synchronously as
 * pglite-tools expects; the reply reaches `onRawData` in one piece, or not at all while a message
 * is unfinished. The dump only reads, so the file system is not synced after each exchange.
 */
export class WholeMessageWriter {
  private pending: Uint8Array = NO_BYTES;

  constructor(private readonly db: PGlite) {}

  write(bytes: Uint8Array, onRawData: (data: Uint8Array) => void): Promise<void> {
    // `bytes` views pg_dump's wasm memory, and the reply PGlite's: both are reused, so copy.
    this.pending = this.pending.length === 0 ? bytes.slice() : joined([this.pending, bytes]);
    const whole = wholeMessagesLength(this.pending);
    if (whole === 0) return Promise.resolve();
    const messages = this.pending.subarray(0, whole);
    this.pending = this.pending.slice(whole);
    const reply: Uint8Array[] = [];
    const done = this.db.execProtocolRawStream(messages, { syncToFs: false, onRawData: (d) => reply.push(d.slice()) });
    if (reply.length > 0) onRawData(joined(reply));
    return done;
  }

  /** Bytes of a message still waiting for its end (0 once pg_dump is done). */
  pendingBytes(): number {
    return this.pending.length;
  }
}

/**
 * `db` as pgDump should see it: the same session, with `execProtocolRawStream` going through a
 * `WholeMessageWriter`. Other members are `db`'s own, bound to it (PGlite keeps its state in
 * private fields, which a proxy as `this` could not reach).
 */
export function withWholeMessages(db: PGlite, writer = new WholeMessageWriter(db)): PGlite {
  const execProtocolRawStream = (message: Uint8Array, options?: ExecProtocolOptionsStream) =>
    writer.write(message, options?.onRawData ?? (() => {}));
  return new Proxy(db, {
    get(target, property) {
      if (property === 'execProtocolRawStream') return execProtocolRawStream;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
