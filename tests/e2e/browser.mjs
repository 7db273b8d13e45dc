// Headless Debian Chromium driven by playwright-core (never a downloaded browser), and the built
// page served on 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serveStatic } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { fileURLToPath } from 'node:url';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(repo, 'tests/e2e/artifacts');

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * The built page: dist/, or PRAYOG_DIST (a build in another folder, e.g. a second checkout's).
 * `options` go to serveStatic (extra response headers, a CSP report sink).
 */
export async function serveDist(options = {}) {
  const dist = process.env.PRAYOG_DIST
    ? path.resolve(process.env.PRAYOG_DIST)
    : path.join(repo, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html')))
    throw new Error('dist/ missing: npm run build');
  return serveStatic(dist, options);
}

/** A page that records console errors and page errors; `errors` must stay empty. */
export async function openPage(
  browser,
  url,
  { viewport = { width: 1280, height: 900 }, init } = {},
) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => {
    errors.push(`pageerror: ${err.message}`);
    // The stack says where; the message alone is what tests compare.
    process.stderr.write(`[pageerror] ${err.stack ?? err.message}\n`);
  });
  page.on('requestfailed', (req) =>
    errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`),
  );
  if (init) await page.addInitScript(init);
  await page.goto(url);
  return { page, context, errors };
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  fs.mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage });
}

/** One browser and the built page served for a whole test file (before/after hooks). */
export function useBrowserAndPage() {
  const env = { browser: null, app: null };
  before(async () => {
    env.browser = await launch();
    env.app = await serveDist();
  });
  after(async () => {
    await env.browser?.close();
    await env.app?.close();
  });
  return env;
}
