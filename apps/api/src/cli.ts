import 'reflect-metadata';
import { makeAdmin } from '@psar/identity';
import { dataSourceOptions, runMigrations, seedOnce } from '@psar/platform';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from './create-app';
import { connectDatabase, embeddedPostgres, loadEnvironment, say } from './database';
import { demoSeeders } from './demo-data';
import { schema } from './schema';

const USAGE = `usage: npm run cli -- <command>
  migrate                  apply pending migrations
  seed-demo                load the demo data (once per database)
  make-admin <login>       make the user with this phone or email a platform admin
  backup <file>            save the embedded database to <file> (also while the app runs)
  restore <file>           restore a backup into EMBEDDED_PG_DIR, which must hold no database yet`;

const COMMANDS = ['migrate', 'seed-demo', 'make-admin', 'backup', 'restore'];
const WITH_ARGUMENT = ['make-admin', 'backup', 'restore'];

async function main(argv: string[]): Promise<number> {
  const [command, argument] = argv;
  if (!command || !COMMANDS.includes(command) || (WITH_ARGUMENT.includes(command) && !argument)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (command === 'backup' || command === 'restore') return backupOrRestore(command, argument!);
  // Beside a running `npm start`, share its embedded Postgres rather than fail.
  const { env, embedded } = await connectDatabase(loadEnvironment(), { shareRunning: true });
  try {
    const applied = await runMigrations(env.DATABASE_URL!, schema);
    say(`migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`);
    if (command === 'seed-demo') {
      const app = await createApp(Object.assign(env, { OUTBOX_WORKER: false }));
      await app.init();
      try {
        const loaded = await seedOnce(app.get(DataSource), 'demo', demoSeeders);
        say(loaded ? 'demo data loaded' : 'demo data already present: nothing to do');
      } finally {
        await app.close();
      }
    }
    if (command === 'make-admin') {
      const dataSource = new DataSource(
        dataSourceOptions({ url: env.DATABASE_URL!, poolSize: 1, connectionTimeoutMs: 10_000, statementTimeoutMs: 0 }, schema),
      );
      await dataSource.initialize();
      try {
        const user = await makeAdmin(dataSource.manager, argument!);
        say(`${user.name} (${user.id}) is now a platform admin`);
      } finally {
        await dataSource.destroy();
      }
    }
    return 0;
  } finally {
    await embedded?.stop();
  }
}

/** Backups cover the embedded database; an own server has its own tools (pg_dump). */
async function backupOrRestore(command: 'backup' | 'restore', file: string): Promise<number> {
  const env = loadEnvironment();
  if (env.DATABASE_URL) {
    process.stderr.write(
      `psar: ${command} covers the embedded database; with DATABASE_URL use your server's own tools (pg_dump --format=custom, pg_restore).\n`,
    );
    return 1;
  }
  const target = resolve(file);
  const embedded = embeddedPostgres(env, { shareRunning: true });
  if (command === 'restore') {
    await embedded.restore(target);
    say(`restored ${target} into ${env.EMBEDDED_PG_DIR}; npm start serves it`);
    return 0;
  }
  if (existsSync(target)) {
    process.stderr.write(`psar: ${target} already exists; name a new file\n`);
    return 1;
  }
  if (!(await embedded.exists())) {
    process.stderr.write(`psar: there is no database in ${env.EMBEDDED_PG_DIR} to back up (EMBEDDED_PG_DIR)\n`);
    return 1;
  }
  await embedded.start();
  try {
    await embedded.backup(target);
    say(`backup written to ${target} (${Math.round(statSync(target).size / 1024)} KiB)`);
  } finally {
    await embedded.stop();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`psar: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
