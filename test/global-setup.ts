import 'tsconfig-paths/register';
import { EmbeddedPostgres, runMigrations } from '@psar/platform';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { schema } from '../apps/api/src/schema';
import { withDatabase } from './support/database-url';

declare global {
   
  var __PSAR_EMBEDDED__: EmbeddedPostgres | undefined;
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
    // A non-root user's tmpdir works; as root the postgres user needs to reach the folder.
    const dataDir = join(await mkdtemp(join(tmpdir(), 'psar-test-pg-')), 'data');
    const embedded = new EmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres', persistent: false });
    if (process.getuid?.() === 0) {
      const { chmod } = await import('node:fs/promises');
      await chmod(join(dataDir, '..'), 0o777);
    }
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
