import { Environment, fastifyOptions, validateEnvironment } from '@psar/platform';
import type { ModuleMetadata } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../apps/api/src/app.module';
import { APP_OPTIONS, createApp, setUpApp } from '../../apps/api/src/create-app';
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

/** A provider of the real app replaced by a test's own, e.g. `{ provide: SmsSender, useValue: recorder }`. */
export interface ProviderOverride {
  provide: unknown;
  useValue: unknown;
}

/** The app as createApp builds it, with some providers replaced (@nestjs/testing's overrideProvider). */
async function createAppWith(env: Environment, imports: ModuleMetadata['imports'], providers: ProviderOverride[]): Promise<NestFastifyApplication> {
  let builder = Test.createTestingModule({ imports: [AppModule.register(env, imports)] });
  for (const p of providers) builder = builder.overrideProvider(p.provide).useValue(p.useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(fastifyOptions(env)), APP_OPTIONS);
  await setUpApp(app, env);
  return app;
}

/**
 * The real app (Fastify, every global pipe, filter and hook) on this file's own database;
 * `providers` replaces some of its providers (a recording SmsSender).
 */
export async function createTestApp(
  overrides: Record<string, string> = {},
  options: { imports?: ModuleMetadata['imports']; database?: TestDatabase; providers?: ProviderOverride[] } = {},
): Promise<TestApp> {
  const db = options.database ?? (await createTestDatabase());
  const env = testEnvironment(db.url, overrides);
  const app = options.providers?.length ? await createAppWith(env, options.imports, options.providers) : await createApp(env, options.imports);
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
