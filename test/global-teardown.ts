import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import { withDatabase } from './support/database-url';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.PSAR_TEST_SERVER_URL;
  const template = process.env.PSAR_TEST_TEMPLATE;
  if (serverUrl && template && !globalThis.__PSAR_EMBEDDED__) {
    const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).finally(() => admin.end());
  }
  await globalThis.__PSAR_EMBEDDED__?.stop();
  if (globalThis.__PSAR_EMBEDDED_PARENT__) await rm(globalThis.__PSAR_EMBEDDED_PARENT__, { recursive: true, force: true });
}
