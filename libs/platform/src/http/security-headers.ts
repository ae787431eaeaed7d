import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Environment } from '../config/environment';

/**
 * The web app and the API: no inline script or style anywhere. Images may also come from
 * the photo store's public address, and `blob:` previews of a photo shrunk before upload.
 */
export function appHelmetOptions(env: Pick<Environment, 'PHOTO_STORAGE' | 'PHOTO_S3_PUBLIC_URL' | 'PHOTO_S3_ENDPOINT'>): HelmetOptions {
  const photoOrigins = env.PHOTO_STORAGE === 's3' ? [env.PHOTO_S3_PUBLIC_URL ?? env.PHOTO_S3_ENDPOINT].filter((url): url is string => Boolean(url)).map((url) => new URL(url).origin) : [];
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...photoOrigins],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
  };
}

/** The Swagger UI at /api/docs needs its inline script and styles; only its pages get these. */
export const DOCS_HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
    },
  },
};

/**
 * The headers helmet sets, computed once. None of ours depends on the request (no CSP
 * nonces), and @fastify/helmet rebuilds helmet on every request, which cost more than
 * the rest of the stack on a cheap route (see BENCHMARKS.md).
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously');
  return headers;
}
