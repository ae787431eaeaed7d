import { Environment, validateEnvironment } from '@psar/platform';
import type { ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { type AppBuilder, createApp } from '../../apps/api/src/create-app';
import { withDatabase } from './database-url';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new Client({ connectionString: withDatabase(process.env.PSAR_TEST_SERVER_URL!, 'postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A database of this test file's own, cloned from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.PSAR_TEST_SERVER_URL;
  const template = process.env.PSAR_TEST_TEMPLATE;
  if (!serverUrl || !template) throw new Error('test database: run through jest (test/global-setup.ts)');
  const name = `psar_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return { name, url: withDatabase(serverUrl, name), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export function testEnvironment(databaseUrl: string, overrides: Record<string, string> = {}): Environment {
  return validateEnvironment({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // The API alone, whether or not the web app happens to be built (its tests: apps/web/e2e).
    SERVE_WEB_APP: 'false',
    ...overrides,
    DATABASE_URL: databaseUrl,
  });
}

export interface TestApp {
  app: NestFastifyApplication;
  env: Environment;
  db: TestDatabase;
  http: () => TestAgent;
  /** Closes the app and drops its database unless `keepDatabase` (to start another app on it). */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/** A provider the test replaces, e.g. SmsSender by one that records what would be sent. */
export interface ProviderOverride {
  provide: unknown;
  useValue: unknown;
}

/** Builds the app through Nest's testing module, which can replace providers. */
function withOverrides(overrides: ProviderOverride[]): AppBuilder {
  return async (root, adapter, appOptions) => {
    let builder = Test.createTestingModule({ imports: [root] });
    for (const o of overrides) builder = builder.overrideProvider(o.provide).useValue(o.useValue);
    return (await builder.compile()).createNestApplication<NestFastifyApplication>(adapter, appOptions);
  };
}

/** The real app (Fastify, every global pipe, filter and hook) on this file's own database. */
export async function createTestApp(
  overrides: Record<string, string> = {},
  options: { imports?: ModuleMetadata['imports']; database?: TestDatabase; overrides?: ProviderOverride[] } = {},
): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const env = testEnvironment(db.url, overrides);
  const app = await createApp(env, options.imports, options.overrides?.length ? withOverrides(options.overrides) : undefined);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    env,
    db,
    http: () => request(app.getHttpServer()),
    async close({ keepDatabase = false } = {}) {
      await app.close();
      if (!keepDatabase) await db.drop();
    },
  };
}
