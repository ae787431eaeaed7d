import { createReadStream, createWriteStream } from 'node:fs';
import { chown, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { readTar, TAR_END, tarHeader, tarPadding } from './tar-archive';

/**
 * Backups of the embedded cluster. The embedded package has no pg_dump or pg_basebackup, so
 * this does what pg_basebackup does, with the server's own backup functions: a temporary
 * replication slot keeps the WAL, pg_backup_start() marks the start, the data files are
 * copied while the server runs (pages changed meanwhile are repaired by the WAL), and
 * pg_backup_stop() returns the backup_label; the WAL from start to stop goes in too. The
 * result is a gzipped tar of a data folder that starts as is: Postgres replays the WAL to
 * the backup's end point and opens a consistent database.
 */

const MANIFEST = 'psar-backup.json';
export const BACKUP_FORMAT = 'psar-embedded-postgres-cluster';

// What pg_basebackup leaves out: run-time state, and folders whose contents a start rebuilds.
const SKIPPED_FILES = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'tablespace_map',
  'current_logfiles',
  'psar-owner.pid',
  'postgres.log',
]);
const EMPTIED_FOLDERS = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const CHUNK = 1024 * 1024;
const WAL_SEGMENT = /^[0-9A-F]{24}$/;

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  serverVersion: string;
}

export async function backupCluster(options: { adminUrl: string; dataDir: string; file: string }): Promise<void> {
  const client = new Client({ connectionString: options.adminUrl });
  await client.connect();
  const slot = `psar_backup_${process.pid}`;
  const partial = `${options.file}.partial`;
  try {
    const { rows: [server] } = await client.query<{ server_version: string }>('SHOW server_version');
    await client.query('SELECT pg_create_physical_replication_slot($1, true, true)', [slot]);
    const { rows: [start] } = await client.query<{ wal: string }>(
      "SELECT pg_walfile_name(lsn) AS wal FROM pg_backup_start('psar backup', true) AS lsn",
    );
    const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), serverVersion: server!.server_version };

    async function* archive(): AsyncGenerator<Buffer> {
      yield* memoryFile(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
      yield* folderContents(options.dataDir, '');
      const { rows: [stop] } = await client.query<{ wal: string; labelfile: string; spcmapfile: string }>(
        'SELECT pg_walfile_name(lsn) AS wal, labelfile, spcmapfile FROM pg_backup_stop(false)',
      );
      yield* memoryFile('backup_label', stop!.labelfile);
      if (stop!.spcmapfile) yield* memoryFile('tablespace_map', stop!.spcmapfile);
      const wal = (await readdir(join(options.dataDir, 'pg_wal'))).filter(
        (name) => name.endsWith('.history') || (WAL_SEGMENT.test(name) && name >= start!.wal && name <= stop!.wal),
      );
      for (const name of wal.sort()) yield* diskFile(join(options.dataDir, 'pg_wal', name), `pg_wal/${name}`);
      yield TAR_END;
    }

    await pipeline(Readable.from(archive()), createGzip(), createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, options.file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    // Temporary slots go with the session anyway; this frees the WAL at once.
    await client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot]).catch(() => undefined);
    await client.end();
  }
}

/** Unpacks a backup into an empty data folder (as the given owner when running as root). */
export async function restoreCluster(options: { file: string; dataDir: string; owner?: { uid: number; gid: number } }): Promise<BackupManifest> {
  let manifest: BackupManifest | undefined;
  let manifestText = '';
  let current: { name: string; handle?: FileHandle } | undefined;
  const close = async () => {
    await current?.handle?.close();
    current = undefined;
  };
  const owned = async (path: string) => {
    if (options.owner) await chown(path, options.owner.uid, options.owner.gid);
  };
  let entries = 0;
  try {
    for await (const item of readTar(createReadStream(options.file).pipe(createGunzip()))) {
      if (item.kind === 'data') {
        if (current?.name === MANIFEST) manifestText += item.data.toString('utf8');
        else await current?.handle?.write(item.data);
        continue;
      }
      await close();
      const { entry } = item;
      if (entries++ === 0) {
        if (entry.name !== MANIFEST) throw new Error('it is not a Psar backup');
        current = { name: MANIFEST };
        continue;
      }
      manifest ??= parseManifest(manifestText);
      const path = join(options.dataDir, entry.name);
      if (entry.type === 'directory') {
        await mkdir(path, { recursive: true, mode: 0o700 });
        await owned(path);
      } else {
        current = { name: entry.name, handle: await open(path, 'w', 0o600) };
        await owned(path);
      }
    }
    await close();
    manifest ??= parseManifest(manifestText);
  } catch (error) {
    await close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${options.file} could not be restored: ${reason.includes('incorrect header check') ? 'it is not a Psar backup' : reason}`);
  }
  return manifest;
}

function parseManifest(text: string): BackupManifest {
  try {
    const manifest = JSON.parse(text) as BackupManifest;
    if (manifest.format === BACKUP_FORMAT) return manifest;
  } catch {
    // reported below
  }
  throw new Error('it is not a Psar backup');
}

async function* memoryFile(name: string, text: string): AsyncGenerator<Buffer> {
  const data = Buffer.from(text, 'utf8');
  yield tarHeader({ name, type: 'file', mode: 0o600, size: data.length, mtime: new Date() });
  yield data;
  yield tarPadding(data.length);
}

async function* folderContents(root: string, relative: string): AsyncGenerator<Buffer> {
  const entries = await readdir(join(root, relative), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []; // dropped meanwhile; the WAL knows
    throw error;
  });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.name === 'pg_internal.init' || entry.name.startsWith('pgsql_tmp')) continue;
    if (!relative && SKIPPED_FILES.has(entry.name)) continue;
    if (entry.isDirectory()) {
      const { mode, mtime } = await stat(join(root, name));
      yield tarHeader({ name: `${name}/`, type: 'directory', mode, size: 0, mtime });
      // pg_wal keeps its own folders (archive_status, summaries); the slots are the server's.
      if (!relative && entry.name === 'pg_wal') yield* emptySubfolders(root, name);
      else if (!(!relative && EMPTIED_FOLDERS.has(entry.name))) yield* folderContents(root, name);
    } else if (entry.isFile()) {
      yield* diskFile(join(root, name), name);
    } else if (entry.isSymbolicLink() && relative === 'pg_tblspc') {
      throw new Error('the cluster has tablespaces, which this backup does not cover');
    }
  }
}

/** The folders inside, without their files. */
async function* emptySubfolders(root: string, relative: string): AsyncGenerator<Buffer> {
  for (const entry of await readdir(join(root, relative), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const { mode, mtime } = await stat(join(root, relative, entry.name));
    yield tarHeader({ name: `${relative}/${entry.name}/`, type: 'directory', mode, size: 0, mtime });
  }
}

/**
 * A file as it is now. It may change while it is read, as in pg_basebackup: the size is
 * fixed when it is opened, a file that shrinks is padded with zeros, and the WAL replayed at
 * start repairs what changed.
 */
async function* diskFile(path: string, name: string): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined; // dropped meanwhile
    throw error;
  });
  if (!handle) return;
  try {
    const { size, mode, mtime } = await handle.stat();
    yield tarHeader({ name, type: 'file', mode, size, mtime });
    let position = 0;
    while (position < size) {
      const buffer = Buffer.alloc(Math.min(CHUNK, size - position));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) {
        yield Buffer.alloc(size - position);
        break;
      }
      position += bytesRead;
      yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
    yield tarPadding(size);
  } finally {
    await handle.close();
  }
}

