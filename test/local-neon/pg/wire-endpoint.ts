/**
 * One endpoint's Postgres front: two loopback ports (direct and "-pooler", same behaviour) that speak
 * the wire protocol, answer SSLRequest/GSSENCRequest with 'N', ask for a cleartext password, check
 * user, password and database like Postgres does (28P01, then 3D000), and then relay the session to
 * the branch's PGlite. Client messages are relayed in batches that end where the client waits for an
 * answer (Query, Sync, Flush, FunctionCall); each batch runs with the PGlite session to itself, which
 * stays pinned to the connection while it is inside a transaction (see SessionGate).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import type { EndpointPorts, RoleCredential } from '../data-plane.js';
import type { Holder } from './cluster-store.js';
import {
  cleartextPasswordRequest,
  errorResponse,
  messageText,
  ReplyTail,
  readStartupPacket,
  readTypedMessages,
  readyForQuery,
  type TransactionStatus,
  type TypedMessage,
} from './wire-protocol.js';

export interface EndpointAuth {
  credentials: () => RoleCredential[];
  databases: () => string[];
}

/** The branch behind a connection, as the data plane gives it. */
export interface SessionBackend {
  run<T>(
    database: string,
    holder: Holder,
    fn: (db: PGlite) => Promise<T>,
    keepPinned: (result: T) => boolean,
  ): Promise<T>;
  /** Hand back a session a vanished connection left pinned (rolling back its transaction). */
  abandon(database: string, holderId: string): Promise<void>;
  newHolderId(): string;
}

/** Messages after which the client waits for the server: the batch so far goes to PGlite. */
const BATCH_END = new Set(['Q', 'S', 'H', 'F']);
/** PGlite's backend exits on COPY FROM STDIN (it has no stdin), so it is refused up front. */
const COPY_FROM_STDIN = /\bcopy\b[\s\S]*\bfrom\s+stdin\b/i;

export class WireEndpoint {
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly auth: EndpointAuth,
    /** Resolved per connection, so moving the endpoint affects new connections. */
    private readonly backend: () => SessionBackend,
  ) {}

  async listen(): Promise<EndpointPorts> {
    const [port, pooledPort] = [await this.listenOne(), await this.listenOne()];
    return { port, pooledPort };
  }

  /** Drop every client connection (the compute restarted); the ports stay open. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private listenOne(): Promise<number> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      new WireConnection(socket, this.auth, this.backend());
    });
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  }
}

class WireConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private phase: 'startup' | 'password' | 'ready' | 'closed' = 'startup';
  private startup: { params: Record<string, string>; bytes: Buffer } | undefined;
  private pending: TypedMessage[] = [];
  private status: TransactionStatus | null = 'I';
  private work: Promise<void> = Promise.resolve();
  private readonly holder: Holder;

  constructor(
    private readonly socket: Socket,
    private readonly auth: EndpointAuth,
    private readonly backend: SessionBackend,
  ) {
    this.holder = { id: backend.newHolderId(), role: null };
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.enqueue(() => this.drain());
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      const wasReady = this.phase === 'ready';
      this.phase = 'closed';
      if (wasReady) this.enqueue(() => this.releaseSession());
    });
  }

  private get database(): string {
    return this.startup?.params.database || this.startup?.params.user || '';
  }

  private enqueue(step: () => Promise<void>): void {
    this.work = this.work.then(step).catch(() => {
      this.socket.destroy();
    });
  }

  private write(bytes: Uint8Array): void {
    if (this.socket.writable) this.socket.write(bytes);
  }

  private fail(code: string, message: string): void {
    this.write(errorResponse('FATAL', code, message));
    this.phase = 'closed';
    this.socket.end();
  }

  private async drain(): Promise<void> {
    while (this.phase === 'startup') {
      const read = readStartupPacket(this.buffer);
      if (!read) return;
      this.buffer = read.rest;
      const { packet } = read;
      if (packet.kind === 'ssl' || packet.kind === 'gssenc') this.write(Buffer.from('N'));
      else if (packet.kind === 'cancel') return void this.socket.destroy();
      else if (packet.kind === 'unsupported') return this.fail('08P01', `unsupported frontend protocol ${packet.code}`);
      else if (packet.kind === 'startup') {
        this.startup = packet;
        this.phase = 'password';
        this.write(cleartextPasswordRequest());
      }
    }
    const { messages, rest } = readTypedMessages(this.buffer);
    this.buffer = rest;
    for (const message of messages) {
      if (this.phase === 'password') await this.authenticate(message);
      else if (this.phase !== 'ready') return;
      else if (message.type === 'X') return void this.socket.end();
      else {
        this.pending.push(message);
        if (BATCH_END.has(message.type)) await this.relay();
      }
    }
  }

  private async authenticate(message: TypedMessage): Promise<void> {
    const user = this.startup?.params.user ?? '';
    const password = message.type === 'p' ? messageText(message) : undefined;
    const known = this.auth.credentials().some((c) => c.name === user && c.password === password);
    if (!known) return this.fail('28P01', `password authentication failed for user "${user}"`);
    if (!this.auth.databases().includes(this.database))
      return this.fail('3D000', `database "${this.database}" does not exist`);
    this.holder.role = user;
    const startupBytes = this.startup!.bytes;
    await this.backend.run(
      this.database,
      this.holder,
      (db) => this.stream(db, startupBytes),
      () => false,
    );
    this.phase = 'ready';
  }

  private async relay(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const copyIn = batch.find((m) => m.type === 'Q' && COPY_FROM_STDIN.test(messageText(m)));
    if (copyIn) {
      this.write(errorResponse('ERROR', '0A000', 'COPY FROM STDIN is not supported by the local Neon (PGlite)'));
      return this.write(readyForQuery(this.status ?? 'I'));
    }
    const bytes = Buffer.concat(batch.map((m) => m.bytes));
    try {
      this.status = await this.backend.run(
        this.database,
        this.holder,
        (db) => this.stream(db, bytes),
        (s) => s !== 'I',
      );
    } catch {
      this.fail('57P01', 'terminating connection: the branch is no longer served here');
    }
  }

  /** Run raw protocol bytes on PGlite, streaming the reply to the client; the final transaction status. */
  private async stream(db: PGlite, bytes: Uint8Array): Promise<TransactionStatus | null> {
    const tail = new ReplyTail();
    await db.runExclusive(() =>
      db.execProtocolRawStream(bytes, {
        onRawData: (chunk) => {
          tail.push(chunk);
          this.write(chunk);
        },
      }),
    );
    return tail.status();
  }

  private async releaseSession(): Promise<void> {
    if (this.status !== 'I') await this.backend.abandon(this.database, this.holder.id);
  }
}
