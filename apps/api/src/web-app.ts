import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Environment } from '@psar/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPageRenderer } from './server-render';

// Paths the API answers itself; a miss there is the API's 404, never the app's page.
const API_PATHS = /^\/(api|health|metrics|socket\.io)(\/|$)/;
const HASHED_ASSET = /^\/assets\//;
// Files whose name stays the same from build to build must be asked for again each time.
const REVALIDATE = 'no-cache';
const FOREVER = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app (apps/web, built into WEB_DIST_DIR) on the API's own port: its
 * files with their pre-compressed .br/.gz copies, and index.html for every client route.
 * Returns false when the app is not built or SERVE_WEB_APP is false (the API alone).
 */
export async function serveWebApp(app: NestFastifyApplication, env: Environment): Promise<boolean> {
  if (!env.SERVE_WEB_APP) return false;
  const root = resolve(env.WEB_DIST_DIR);
  if (!existsSync(resolve(root, 'index.html'))) return false;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root,
    prefix: '/',
    // Routes for the files present at start-up only: no wildcard route, which would also
    // swallow the API's misses (and the router's 414 for an over-long path parameter).
    wildcard: false,
    preCompressed: true,
    index: false,
    cacheControl: false,
    setHeaders: (response, path) => {
      const relative = path.slice(root.length);
      response.setHeader('Cache-Control', HASHED_ASSET.test(relative) ? FOREVER : REVALIDATE);
    },
  });
  const drawPage = loadPageRenderer(fastify, env, root);
  // The app's routes (/listings/..., /my/...) are drawn in the browser: a page request no
  // route matched gets index.html, or the public pages (and a signed-in visitor's
  // conversation) that page drawn by the server, with the Cache-Control it says. A missing
  // file or a miss under the API's paths stays a 404.
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (!request.is404 || (request.method !== 'GET' && request.method !== 'HEAD') || API_PATHS.test(path) || /\.[a-z0-9]+$/i.test(path)) return;
    const page = request.method === 'GET' && drawPage ? await drawPage(request) : null;
    if (page) return reply.code(200).header('Cache-Control', REVALIDATE).headers(page.headers).send(page.body);
    return reply.code(200).header('Cache-Control', REVALIDATE).sendFile('index.html');
  });
  return true;
}
