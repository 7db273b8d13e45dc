// Vite config of the benchmark page (bench/ -> build/bench-page/). `node bench/run.mjs` builds with
// it, then copies our wasm module and TF.js's wasm binaries beside the output and serves it.
import { defineConfig } from 'vite';

const benchDir = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: benchDir,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: `${benchDir}../build/bench-page`,
    emptyOutDir: true,
    target: 'es2022',
    // Readable stack traces if a contender throws; size does not matter for a local bench page.
    minify: false,
    sourcemap: false,
    chunkSizeWarningLimit: 4096,
  },
  // Classic worker: it loads our Emscripten MODULARIZE glue with importScripts().
  worker: { format: 'iife' },
});
