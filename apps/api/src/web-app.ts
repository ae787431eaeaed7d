import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Environment } from '@psar/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// Paths the API answers itself; a miss there is the API's 404, never the app's page.
const API_PATHS = /^\/(api|health|metrics|socket\.io)(\/|$)/;
const HASHED_ASSET = /^\/assets\//;
// Files whose name stays the same from build to build must be asked for again each time.
const REVALIDATE = 'no-cache';
const FOREVER = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app (apps/web, built into WEB_DIST_DIR) on the API's own port: its
 * files with their pre-compressed .br/.gz copies, and index.html for every client route.
 * Returns false when the app is not built (the API still runs).
 */
export async function serveWebApp(app: NestFastifyApplication, env: Environment): Promise<boolean> {
  const root = resolve(env.WEB_DIST_DIR);
  if (!existsSync(resolve(root, 'index.html'))) return false;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    // Routes for the files present at start-up only; every other path falls to the handler below.
    wildcard: false,
    preCompressed: true,
    index: false,
    cacheControl: false,
    setHeaders: (response, path) => {
      const relative = path.slice(root.length);
      response.setHeader('Cache-Control', HASHED_ASSET.test(relative) ? FOREVER : REVALIDATE);
    },
  });
  // The app's routes (/listings/..., /my/...) are drawn in the browser: they all get index.html.
  const appRoute = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    // A file name that was not found, or the API's own paths: a real 404.
    if (API_PATHS.test(path) || /\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
    return reply.header('Cache-Control', REVALIDATE).sendFile('index.html');
  };
  fastify.get('/', appRoute);
  fastify.get('/*', appRoute);
  return true;
}
