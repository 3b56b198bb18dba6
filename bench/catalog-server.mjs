/**
 * One side's catalog for bench/identity.ts, served from this child process as a remote compute would serve it:
 * the parent forks this script, sends `{ type: 'serve', sql }` (the dump, already normalised), and gets back
 * `{ type: 'ready', port }` once PGlite holds it and listens on 127.0.0.1, or `{ type: 'error', message }`.
 * `{ type: 'stop' }`, or the parent going away (IPC channel closed), stops the server and ends the process.
 * Plain JavaScript, run by plain node (no tsx): nothing of the action's code runs here.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

let db;
let server;
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await server?.stop();
    await db?.close();
  } finally {
    process.exit(code);
  }
}

async function serve(sql) {
  db = await PGlite.create();
  await db.exec(sql);
  server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
  await server.start();
  return Number(server.getServerConn().split(':').at(-1));
}

process.on('message', (message) => {
  if (message?.type === 'serve') {
    serve(message.sql).then(
      (port) => process.send?.({ type: 'ready', port }),
      (e) => {
        process.send?.({ type: 'error', message: e instanceof Error ? e.message : String(e) });
        void stop(1);
      },
    );
  } else if (message?.type === 'stop') {
    void stop(0);
  }
});
// the parent ended (even killed): no orphan left serving
process.on('disconnect', () => void stop(0));
