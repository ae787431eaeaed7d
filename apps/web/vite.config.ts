import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const api = process.env.PSAR_API_URL ?? 'http://localhost:3000';

/**
 * Asks for the Khmer 400 font from index.html, so it downloads beside the script instead of
 * after the script has run and the stylesheet's @font-face is first used: the text appears
 * in its own font at once, and little shifts when it swaps in. Build only (dev serves it unhashed).
 */
function preloadKhmerFont(): Plugin {
  return {
    name: 'psar:preload-khmer-font',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const font = Object.values(bundle ?? {}).find((file) => /noto-sans-khmer-khmer-400-normal-[\w-]+\.woff2$/.test(file.fileName));
        if (!font) throw new Error('psar:preload-khmer-font: the Khmer 400 woff2 is not in the bundle');
        return [
          {
            tag: 'link',
            attrs: { rel: 'preload', as: 'font', type: 'font/woff2', href: `/${font.fileName}`, crossorigin: '' },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}

/**
 * The server's renderer of the public pages (src/entry-server.tsx), built by `vite build --ssr`
 * into one CommonJS file the API process requires (apps/api/src/server-render.ts): every
 * dependency inside it, no styles or assets of its own (the browser build has them).
 */
const serverRenderer = defineConfig({
  root: here('.'),
  publicDir: false,
  build: {
    ssr: 'src/entry-server.tsx',
    outDir: here('../../dist/web-ssr'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { format: 'cjs', entryFileNames: 'entry-server.cjs' } },
  },
  ssr: { noExternal: true },
  resolve: {
    alias: { '@fonts': here('../../node_modules/@fontsource/noto-sans-khmer/files') },
  },
  plugins: [preact()],
});

export default defineConfig(({ isSsrBuild }) => (isSsrBuild ? serverRenderer : browserApp));

const browserApp = defineConfig({
  root: here('.'),
  build: {
    // `nest build` empties dist/, so the web app is built after it (see package.json).
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    target: 'es2020',
    // Fonts and icons stay files: inlined as data: URLs they would be downloaded on every route.
    assetsInlineLimit: 0,
    // One stylesheet for every screen (about 3 KB compressed): a server-drawn page carries it
    // inline, and a screen's chunk then loads no stylesheet of its own to take the page over
    // (on a slow link, a round trip each, and the page's styles worked out again).
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    // .vite/manifest.json: which chunk each screen is and what it imports, for the server's
    // preload hints (apps/api/src/server-render.ts). Never served (a dot folder), never precached.
    manifest: true,
  },
  resolve: {
    alias: { '@fonts': here('../../node_modules/@fontsource/noto-sans-khmer/files') },
  },
  plugins: [
    preact(),
    preloadKhmerFont(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/offline',
      filename: 'sw.ts',
      // Registered from src/offline/register.ts: no inline script, so the CSP stays strict.
      injectRegister: false,
      manifest: {
        name: 'ផ្សារ Psar',
        short_name: 'Psar',
        description: 'Psar: the marketplace of producers, buyers, suppliers and trade fairs in Cambodia',
        lang: 'km',
        start_url: '/',
        display: 'standalone',
        background_color: '#fffaf5',
        theme_color: '#8a3b12',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,woff2,svg,webmanifest}', 'icons/icon-192.png'],
      },
    }),
    // Pre-compressed copies; @fastify/static serves the .br or .gz the browser accepts.
    compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.(png|jpe?g|webp|woff2?)$/], threshold: 512 }),
  ],
  server: {
    port: 5173,
    proxy: {
      '/api': api,
      '/health': api,
      '/socket.io': { target: api, ws: true },
    },
  },
});
