import { registerPhotoUploads } from '@psar/media';
import { RealtimeIoAdapter } from '@psar/messaging';
import { configureApp, Environment, fastifyOptions } from '@psar/platform';
import type { ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { serveWebApp } from './web-app';

/**
 * The app as main.ts serves it; the tests and benchmarks build it the same way.
 * `extraImports` lets a test add a probe module beside the real ones.
 */
export async function createApp(env: Environment, extraImports: ModuleMetadata['imports'] = []): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(env, extraImports), new FastifyAdapter(fastifyOptions(env)), APP_OPTIONS);
  await setUpApp(app, env);
  return app;
}

export const APP_OPTIONS = { bufferLogs: true, abortOnError: false };

/** Everything after the module is built: the tests that override a provider build it with @nestjs/testing, then call this. */
export async function setUpApp(app: NestFastifyApplication, env: Environment): Promise<void> {
  await configureApp(app, env);
  // Photo uploads are multipart, with their own size limit (PHOTO_MAX_BYTES) instead of the JSON one.
  await registerPhotoUploads(app, env);
  // socket.io (with the cross-replica Postgres adapter) on Fastify's HTTP server.
  app.useWebSocketAdapter(new RealtimeIoAdapter(app));
  await serveWebApp(app, env);
}
