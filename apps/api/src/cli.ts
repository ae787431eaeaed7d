import 'reflect-metadata';
import { makeAdmin } from '@psar/identity';
import { dataSourceOptions, runMigrations, seedOnce } from '@psar/platform';
import { DataSource } from 'typeorm';
import { createApp } from './create-app';
import { connectDatabase, loadEnvironment, say } from './database';
import { demoSeeders } from './demo-data';
import { schema } from './schema';

const USAGE = `usage: npm run cli -- <command>
  migrate                  apply pending migrations
  seed-demo                load the demo data (once per database)
  make-admin <login>       make the user with this phone or email a platform admin`;

async function main(argv: string[]): Promise<number> {
  const [command, argument] = argv;
  if (!command || !['migrate', 'seed-demo', 'make-admin'].includes(command) || (command === 'make-admin' && !argument)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { env, embedded } = await connectDatabase(loadEnvironment());
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`psar: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
