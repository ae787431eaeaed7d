import { Logger } from '@nestjs/common';
import { appHelmetOptions, type Environment, securityHeaders } from '@psar/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

type Locale = 'km' | 'en';

/** What apps/web/src/entry-server.tsx exports (built by `vite build --ssr` into WEB_SSR_DIR). */
interface PageRenderer {
  drawPage(url: string, locale: Locale, signedIn?: boolean): Promise<{ html: string; data: Record<string, unknown> } | null>;
  serverDrawnKind(path: string): 'public' | 'signed-in' | null;
  screenSource(path: string): string | null;
  sendApiRequestsWith(send: (request: Request) => Promise<Response>): void;
}

export interface DrawnPage {
  body: Buffer;
  headers: Record<string, string>;
}

/** An entry of Vite's build manifest (apps/web/vite.config.ts: build.manifest). */
interface ManifestChunk {
  file: string;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

/** The files the chunk `key` needs before it runs: its own and those it imports, at any depth. */
function chunkFiles(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) chunkFiles(manifest, imported, into);
  return into;
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
// Quality 5: a few milliseconds for a page of listings, most of the bytes saved of quality 11.
const BROTLI_OPTIONS = { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } };
const STYLESHEET = /<link rel="stylesheet"[^>]*href="\/assets\/[^"]+\.css"[^>]*>/;
const APP_ELEMENT = '<div id="app"></div>';
// The access token the app keeps in this cookie for page requests (apps/web/src/session/tokens.ts): a JWT.
const ACCESS_COOKIE = /(?:^|;\s*)psar\.access=([\w-]+\.[\w-]+\.[\w-]+)(?:;|$)/;
// A page drawn with someone's own data: for their browser only, and kept nowhere.
const PERSONAL_CACHE_CONTROL = 'private, no-store';

/**
 * Draws the public pages (search, a listing, an organization, market prices, the home page)
 * on the server for someone opening them, so on a slow link the page shows as soon as its
 * HTML arrives, before any script (issue 14's budget: 5 s on Slow 3G). The page carries its
 * styles inline, allowed by their hash in the CSP (no 'unsafe-inline'), and the data it was
 * drawn with for the browser to take it over. The data comes from the API itself, through
 * Fastify's inject with the visitor's address, so it is validated, rate limited and logged
 * as the browser's own request would be. Null when the renderer is not built.
 *
 * A 'signed-in' page (a conversation) is drawn the same way for a visitor whose request
 * carries the app's `psar.access` cookie: that token goes on the page's API requests as
 * `Authorization: Bearer`, so the API decides what they may read exactly as it would for
 * the browser (no cookie, an expired token, someone else's conversation: not drawn, the
 * browser draws the page as before). The API itself never reads the cookie; the cookie is
 * SameSite=Strict and only GET requests are drawn, so it gives another site nothing to use.
 *
 * A page not drawn here that is a screen of its own chunk gets index.html with that chunk
 * and its imports named (`<link rel="modulepreload">`): they load beside the app's script
 * instead of one round trip after it (2 s each on Slow 3G). A signed-in page drawn here
 * names them too, at low priority (the page reads without them; its takeover waits for them).
 */
export function loadPageRenderer(fastify: FastifyInstance, env: Environment, webRoot: string): ((request: FastifyRequest) => Promise<DrawnPage | null>) | null {
  const file = resolve(env.WEB_SSR_DIR, 'entry-server.cjs');
  if (!existsSync(file)) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS bundle found at run time
  const renderer = require(file) as PageRenderer;
  const logger = new Logger('PageRenderer');

  const template = readFileSync(resolve(webRoot, 'index.html'), 'utf8');
  if (!template.includes(APP_ELEMENT) || !STYLESHEET.test(template)) throw new Error(`${webRoot}/index.html is not the app's page: no ${APP_ELEMENT} or stylesheet`);
  // Every stylesheet of the app, the main one first: a few KB, and one hash for every page.
  const cssDir = resolve(webRoot, 'assets');
  const main = template.match(STYLESHEET)![0].match(/href="\/assets\/([^"]+)"/)![1];
  const others = readdirSync(cssDir).filter((name) => name.endsWith('.css') && name !== main).sort();
  const css = [main, ...others].map((name) => readFileSync(resolve(cssDir, name), 'utf8')).join('\n');
  const hash = createHash('sha256').update(css).digest('base64');
  const options = appHelmetOptions(env);
  const directives = { ...(options.contentSecurityPolicy as { directives: Record<string, string[]> }).directives, styleSrc: ["'self'", `'sha256-${hash}'`] };
  const csp = securityHeaders({ ...options, contentSecurityPolicy: { directives } })['content-security-policy'];
  const [head, tail] = template
    .replace(STYLESHEET, `<style>${css}</style>`)
    // The page reads without its script: on a slow link its photo and font come first.
    .replace(/<script type="module"/g, '<script type="module" fetchpriority="low"')
    .replace(/<noscript>.*?<\/noscript>/s, '')
    .split(APP_ELEMENT);

  // Without the manifest (an older build), pages simply name no chunks.
  const manifestFile = resolve(webRoot, '.vite/manifest.json');
  const manifest = existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest) : {};
  // What index.html loads already (the app's script and its imports).
  const inShell = chunkFiles(manifest, 'index.html');
  const missing = new Set<string>();
  const preloadLinks = (path: string, priority: 'high' | 'low'): string => {
    const source = renderer.screenSource(path);
    if (!source) return '';
    if (!manifest[source]) {
      if (!missing.has(source)) logger.warn(`no chunk for ${source} in ${manifestFile}: its pages name none to preload`);
      missing.add(source);
      return '';
    }
    const files = [...chunkFiles(manifest, source)].filter((name) => !inShell.has(name));
    return files.map((name) => `<link rel="modulepreload" crossorigin href="/${name}"${priority === 'low' ? ' fetchpriority="low"' : ''}>`).join('');
  };
  // index.html for each screen, with its chunks named: the same for everyone, made once.
  const shells = new Map<string, Promise<Record<'br' | 'gzip' | 'identity', Buffer>>>();
  const shellFor = async (path: string, accepts: string): Promise<DrawnPage | null> => {
    const links = preloadLinks(path, 'high');
    if (!links) return null;
    let shell = shells.get(links);
    if (!shell) {
      const html = template.replace('</head>', `${links}</head>`);
      shell = Promise.all([brotli(html, BROTLI_OPTIONS), gzipped(html)]).then(([br, gzip]) => ({ br, gzip, identity: Buffer.from(html) }));
      shells.set(links, shell);
    }
    const bodies = await shell;
    // At an address drawn for whoever the cookie says, this page too depends on the cookie.
    const vary = renderer.serverDrawnKind(path) === 'signed-in' ? 'Accept-Encoding, Cookie' : 'Accept-Encoding';
    const headers = { 'content-type': 'text/html; charset=utf-8', vary };
    if (/\bbr\b/.test(accepts)) return { body: bodies.br, headers: { ...headers, 'content-encoding': 'br' } };
    if (/\bgzip\b/.test(accepts)) return { body: bodies.gzip, headers: { ...headers, 'content-encoding': 'gzip' } };
    return { body: bodies.identity, headers };
  };

  const visitor = new AsyncLocalStorage<{ ip: string; locale: Locale; token: string | null }>();
  renderer.sendApiRequestsWith(async (apiRequest) => {
    const url = new URL(apiRequest.url);
    const { ip, locale, token } = visitor.getStore()!;
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': locale };
    if (token) headers.authorization = `Bearer ${token}`;
    const answer = await fastify.inject({ method: 'GET', url: url.pathname + url.search, remoteAddress: ip, headers });
    return new Response(answer.rawPayload, { status: answer.statusCode, headers: { 'content-type': String(answer.headers['content-type'] ?? 'application/json') } });
  });

  return async (request) => {
    const page = await draw(request);
    return page ?? shellFor(new URL(request.url, 'http://psar.invalid').pathname, String(request.headers['accept-encoding'] ?? ''));
  };

  async function draw(request: FastifyRequest): Promise<DrawnPage | null> {
    // The language switch is a plain form (it works before the script has arrived): `?lang=en`
    // draws the page in English and keeps the choice in the cookie, as the app itself does.
    const address = new URL(request.url, 'http://psar.invalid');
    const asked = address.searchParams.get('lang');
    // (Only then: deleting rewrites the query's encoding, and the page is drawn at its own address.)
    if (asked !== null) address.searchParams.delete('lang');
    const chosen = asked === 'km' || asked === 'en' ? asked : undefined;
    const locale: Locale = chosen ?? (/(?:^|;\s*)psar\.locale=en(?:;|$)/.test(request.headers.cookie ?? '') ? 'en' : 'km');
    const kind = renderer.serverDrawnKind(address.pathname);
    if (!kind) return null;
    // Only a 'signed-in' page is drawn with the visitor's token; a public one is the same for everyone.
    const token = kind === 'signed-in' ? (ACCESS_COOKIE.exec(request.headers.cookie ?? '')?.[1] ?? null) : null;
    if (kind === 'signed-in' && !token) return null;
    let page: Awaited<ReturnType<PageRenderer['drawPage']>>;
    try {
      page = await visitor.run({ ip: request.ip, locale, token }, () => renderer.drawPage(address.pathname + address.search, locale, token !== null));
    } catch (error) {
      // A listing that is gone, an API that is down: the browser draws the page and says so.
      // A token refused, or a conversation not theirs, is no fault here: the browser deals with it.
      const status = (error as { status?: unknown }).status;
      if (token && (status === 400 || status === 401 || status === 403 || status === 404)) logger.debug(`signed-in page not drawn: ${status} for ${address.pathname}`);
      else logger.warn({ err: error, url: request.url }, 'page not drawn on the server');
      return null;
    }
    if (!page) return null;
    // In a JSON script block only `</script` could end it early; \u003c keeps every `<` out.
    const data = JSON.stringify(page.data).replace(/</g, '\\u003c');
    const links = token ? preloadLinks(address.pathname, 'low') : '';
    const html = `${head.replace('<html lang="km">', `<html lang="${locale}">`).replace('</head>', `${links}</head>`)}<div id="app">${page.html}</div><script type="application/json" id="psar-data">${data}</script>${tail}`;
    const accepts = String(request.headers['accept-encoding'] ?? '');
    const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp, vary: 'Accept-Encoding, Cookie' };
    if (token) headers['cache-control'] = PERSONAL_CACHE_CONTROL;
    if (chosen) headers['set-cookie'] = `psar.locale=${chosen}; Path=/; Max-Age=31536000; SameSite=Lax`;
    if (/\bbr\b/.test(accepts)) return { body: await brotli(html, BROTLI_OPTIONS), headers: { ...headers, 'content-encoding': 'br' } };
    if (/\bgzip\b/.test(accepts)) return { body: await gzipped(html), headers: { ...headers, 'content-encoding': 'gzip' } };
    return { body: Buffer.from(html), headers };
  }
}
