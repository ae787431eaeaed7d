import 'reflect-metadata';
import { DEMO_PASSWORD, demoLogins } from '@psar/identity';
import { EmbeddedPostgresError, isConnectionLoss, runMigrations, seedOnce } from '@psar/platform';
import { DataSource } from 'typeorm';
import { createApp } from './create-app';
import { connectDatabase, loadEnvironment, say } from './database';
import { demoSeeders } from './demo-data';
import { schema } from './schema';

const SHUTDOWN_DEADLINE_MS = 9_000;

// pg-boss 10 does not await the query that completes or fails a job: when the database goes
// away at that moment its rejection is unhandled, and Node would end the process for it. The
// job is retried once the database is back (it expires), so that one is only noted; any
// other unhandled rejection still ends the process as Node's default does.
process.on('unhandledRejection', (reason) => {
  if (!isConnectionLoss(reason)) throw reason;
  say(`database unavailable during background work: ${reason instanceof Error ? reason.message : String(reason)}`);
});

async function main(): Promise<void> {
  const { env, embedded } = await connectDatabase(loadEnvironment());
  const stopDatabase = async () => embedded?.stop();
  try {
    if (env.MIGRATIONS_RUN) {
      const applied = await runMigrations(env.DATABASE_URL!, schema);
      say(applied.length ? `migrations applied: ${applied.length} new` : 'migrations applied: none pending');
    }
    const app = await createApp(env);
    await app.init();
    // Demo data by default only on the embedded database, and only once (seed_runs).
    if (env.SEED_DEMO ?? Boolean(embedded)) {
      const loaded = await seedOnce(app.get(DataSource), 'demo', demoSeeders);
      say(loaded ? 'demo data loaded' : 'demo data already present');
    }

    let stopping = false;
    const shutdown = async (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: finishing requests and shutting down`);
      setTimeout(() => {
        say('shutdown took too long; exiting');
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
      await app.close().catch((error: unknown) => say(`error while closing: ${String(error)}`));
      await stopDatabase();
      say('stopped');
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);

    await app.listen({ port: env.PORT, host: env.HOST });
    say(`listening at http://localhost:${env.PORT} (API docs at /api/docs)`);
    if (embedded) printDemoLogins();
  } catch (error) {
    await stopDatabase();
    throw error;
  }
}

function printDemoLogins(): void {
  say(`DEMO ONLY - these accounts exist in the local demo data, all with the password "${DEMO_PASSWORD}":`);
  for (const login of demoLogins) say(`  ${login.login.padEnd(34)} ${login.organization}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`psar: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  // An EmbeddedPostgresError says in its one line what to do; a stack would only bury it.
  const expected = error instanceof EmbeddedPostgresError;
  if (!expected && process.env.NODE_ENV !== 'production' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
