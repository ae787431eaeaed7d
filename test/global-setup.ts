import 'tsconfig-paths/register';
import { EmbeddedPostgres, runMigrations } from '@psar/platform';
import { chmod, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { schema } from '../apps/api/src/schema';
import { withDatabase } from './support/database-url';

declare global {
   
  var __PSAR_EMBEDDED__: EmbeddedPostgres | undefined;
  var __PSAR_EMBEDDED_PARENT__: string | undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Once per `npm test`: a Postgres (DATABASE_URL's server, else a throwaway embedded one),
 * and a template database migrated once. Each e2e file clones the template
 * (test/support/test-app.ts), so files run in parallel without seeing each other's rows.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // As root the cluster runs as the postgres user, which must enter the folder: mkdtemp
    // makes it 0700, so open it to 0755. Where that user still cannot reach it (a TMPDIR under
    // /root) or cannot reach the binaries (a clone in a 0700 folder), EmbeddedPostgres places
    // the throwaway cluster and a copy of the binaries where it can.
    const parent = await mkdtemp(join(tmpdir(), 'psar-test-pg-'));
    if (process.getuid?.() === 0) await chmod(parent, 0o755);
    const embedded = new EmbeddedPostgres({ dataDir: join(parent, 'data'), port: await freePort(), database: 'postgres', persistent: false });
    globalThis.__PSAR_EMBEDDED_PARENT__ = parent;
    await embedded.start();
    globalThis.__PSAR_EMBEDDED__ = embedded;
    serverUrl = embedded.url;
  }
  const template = `psar_template_${process.pid}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const templateUrl = withDatabase(serverUrl, template);
  await runMigrations(templateUrl, schema);
  // pg-boss creates its schema on first start; do it once here rather than in every file.
  const boss = new PgBoss({ connectionString: templateUrl, supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });

  process.env.PSAR_TEST_SERVER_URL = serverUrl;
  process.env.PSAR_TEST_TEMPLATE = template;
}
