// A small static server for the built page (npm start), the e2e tests and the benchmark. It sets
// the headers any static host should set (README: "Hosting"): application/wasm, and
// Access-Control-Allow-Origin: * on scripts, wasm and fonts so that a sandboxed (opaque-origin)
// iframe can still load the worker and the module.
//
// --csp serves every response with STRICT_CSP, the policy a strict host would set (README:
// "Hosting"), so the page can be checked under it by hand; the e2e test csp.test.mjs does so too.
//
//   node scripts/serve.mjs <folder> [--port N] [--host 127.0.0.1] [--csp]
//   import { serveStatic } from './serve.mjs'  ->  { server, url, close() }
//     options: headers (added to every response), onReport (receives the JSON bodies POSTed to
//     /csp-report, where a policy's report-uri can point, so a test also hears of violations that
//     happen inside the worker)
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
const CORS_TYPES = new Set(['.js', '.mjs', '.cjs', '.wasm', '.woff2', '.woff', '.css', '.json']);

/** No inline script or style, no eval (only wasm compilation), no data: or blob: resources. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; worker-src 'self'";
export const REPORT_PATH = '/csp-report';

export function serveStatic(
  root,
  { port = 0, host = '127.0.0.1', headers: extra = {}, onReport = null } = {},
) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    if (onReport && req.method === 'POST' && req.url === REPORT_PATH) {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          onReport(JSON.parse(text));
        } catch {
          onReport({ unparsed: text });
        }
        res.writeHead(204).end();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(base, pathname);
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory())
      file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      const ext = path.extname(file).toLowerCase();
      const headers = {
        'Content-Type': TYPES[ext] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...extra,
      };
      if (CORS_TYPES.has(ext)) headers['Access-Control-Allow-Origin'] = '*';
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        server,
        url: `http://${host}:${actual}/`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const root = args.find((a) => !a.startsWith('--')) ?? 'dist';
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`serve: ${root}/index.html not found; build first with "npm run build".`);
    process.exit(2);
  }
  const { url } = await serveStatic(root, {
    port: Number(opt('port', process.env.PORT ?? 5173)),
    host: opt('host', '127.0.0.1'),
    headers: args.includes('--csp') ? { 'Content-Security-Policy': STRICT_CSP } : {},
  });
  if (args.includes('--csp')) console.log(`Content-Security-Policy: ${STRICT_CSP}`);
  console.log(`Prayog is served at ${url}  (Hindi: ${url}?lang=hi  English: ${url}?lang=en)`);
  console.log('Press Ctrl+C to stop.');
}
