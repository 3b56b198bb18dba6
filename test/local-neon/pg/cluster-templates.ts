/**
 * Archives to start fresh clusters from. initdb takes seconds and making a database and its owner
 * about one more, while copying an archive takes milliseconds, so both are done once per PGlite
 * version and machine and kept in the system temp folder (written aside and renamed into place, so
 * concurrent test workers never read half of one).
 *
 * initdb uses 1 MB WAL segments and a small min_wal_size: a fresh data directory is about 30 MB
 * instead of 48 MB, which every branch, checkpoint and eviction would otherwise copy.
 */
import { existsSync, openAsBlob } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { quoteIdent } from './sql-text.js';

/** Write a live instance's data directory as an uncompressed tar archive, atomically. */
export async function writeArchive(db: PGlite, file: string): Promise<void> {
  const tarball = await db.dumpDataDir('none');
  const aside = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(aside, Buffer.from(await tarball.arrayBuffer()));
  await rename(aside, file);
}

/** Open an archive as a live instance (its data directory lives in memory until written back). */
export async function openArchive(file: string, database?: string): Promise<PGlite> {
  return PGlite.create({ loadDataDir: await openAsBlob(file), ...(database ? { database } : {}) });
}

const made = new Map<string, Promise<string>>();

/** An archive holding `database`, owned by the login role `owner`, and nothing else of ours. */
export function templateArchive(database: string, owner: string): Promise<string> {
  const id = `${encodeURIComponent(database)}.${encodeURIComponent(owner)}`;
  return cached(`${id}.tar`, async (file) => {
    const db = await openArchive(await initdbArchive());
    try {
      await db.exec(`CREATE ROLE ${quoteIdent(owner)} LOGIN`);
      await db.exec(`CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(owner)}`);
      await writeArchive(db, file);
    } finally {
      await db.close();
    }
  });
}

function initdbArchive(): Promise<string> {
  return cached('initdb.tar', async (file) => {
    const db = await PGlite.create({ initDbStartParams: ['--wal-segsize=1'] });
    try {
      await db.exec("ALTER SYSTEM SET min_wal_size = '2MB'");
      await db.exec("ALTER SYSTEM SET max_wal_size = '32MB'");
      await writeArchive(db, file);
    } finally {
      await db.close();
    }
  });
}

function cached(name: string, make: (file: string) => Promise<void>): Promise<string> {
  let archive = made.get(name);
  if (!archive) {
    archive = (async () => {
      const dir = join(tmpdir(), `local-neon-pglite-${await pgliteVersion()}`);
      const file = join(dir, name);
      if (!existsSync(file)) {
        await mkdir(dir, { recursive: true });
        await make(file);
      }
      return file;
    })();
    archive.catch(() => made.delete(name));
    made.set(name, archive);
  }
  return archive;
}

async function pgliteVersion(): Promise<string> {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const manifest = join(entry, '..', '..', 'package.json');
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}
