// Vite config of the page. Build from the repo root: `npx vite build --config web/vite.config.ts`.
// base './' keeps every URL relative, so dist/ works from any sub-path of any static host; the
// worker is a classic (iife) script so it can importScripts the Emscripten glue, also from a blob:
// URL inside a sandboxed iframe.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repoDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Dev server only: workers are ES modules there and cannot importScripts, so serve the Emscripten
 * glue (copied to web/public/engine/) also as an ES module, engine/prayog.mjs.
 */
function devEngineModule(): Plugin {
  return {
    name: 'prayog-dev-engine-module',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!(req.url ?? '').split('?')[0].endsWith('/engine/prayog.mjs')) return next();
        const glue = path.join(webDir, 'public/engine/prayog.js');
        if (!fs.existsSync(glue)) {
          res.statusCode = 404;
          res.end(
            'web/public/engine/prayog.js missing: copy build/wasm/wasm/prayog.{js,wasm} there',
          );
          return;
        }
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.end(`${fs.readFileSync(glue, 'utf8')}\nexport default PrayogModule;\n`);
      });
    },
  };
}

export default defineConfig({
  root: webDir,
  base: './',
  publicDir: 'public',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: ['chrome91', 'edge91', 'firefox89', 'safari16'],
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  plugins: [devEngineModule()],
  worker: { format: 'iife' },
  server: { fs: { allow: [repoDir] } },
});
