import { registerPhotoUploads } from '@psar/media';
import { RealtimeIoAdapter } from '@psar/messaging';
import { configureApp, Environment, fastifyOptions } from '@psar/platform';
import type { DynamicModule, ModuleMetadata, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { serveWebApp } from './web-app';

/** Builds the Nest application from the root module; tests pass one that replaces providers. */
export type AppBuilder = (root: DynamicModule, adapter: FastifyAdapter, options: NestApplicationOptions) => Promise<NestFastifyApplication>;

const nestFactory: AppBuilder = (root, adapter, options) => NestFactory.create<NestFastifyApplication>(root, adapter, options);

/**
 * The app as main.ts serves it; the tests and benchmarks build it the same way.
 * `extraImports` lets a test add a probe module beside the real ones.
 */
export async function createApp(env: Environment, extraImports: ModuleMetadata['imports'] = [], build: AppBuilder = nestFactory): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter(fastifyOptions(env));
  const app = await build(AppModule.register(env, extraImports), adapter, { bufferLogs: true, abortOnError: false });
  await configureApp(app, env);
  // Photo uploads are multipart, with their own size limit (PHOTO_MAX_BYTES) instead of the JSON one.
  await registerPhotoUploads(app, env);
  // socket.io (with the cross-replica Postgres adapter) on Fastify's HTTP server.
  app.useWebSocketAdapter(new RealtimeIoAdapter(app));
  await serveWebApp(app, env);
  return app;
}
