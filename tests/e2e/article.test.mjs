// A Hindi tutorial article on a second site (blog.test) with a strict CSP and three <prayog-lab>
// embeds: only the visible embed starts its worker and trains, scrolling starts the next and
// pauses the last, every frame reports its height, forged prayog:* messages change nothing, and
// neither the host nor a frame logs an error. Prints the memory of the embeds and the time from
// scroll-into-view to the first trained step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { repo, serveDist, screenshot } from './browser.mjs';

const LABS = ['attention', 'conv1x1', 'pretrain'];
const FIXTURES = path.join(repo, 'tests/e2e/fixtures/article');
// Two sites on this machine: the browser resolves both names to 127.0.0.1.
const HOST_NAME = 'blog.test';
const APP_NAME = 'prayog.test';

let browser, app, host, appOrigin, hostOrigin;

/** The ```html blocks of README.md's "Embedding" section. */
function readmeSnippets() {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Embedding'), readme.indexOf('## Licence'));
  return [...section.matchAll(/```html\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** The article's server: the fixture with {{APP}} filled in, embed.js self-hosted, strict CSP. */
function serveArticle(appBase, dist) {
  const csp = `default-src 'none'; script-src 'self'; frame-src ${new URL(appBase).origin}`;
  const files = {
    '/article.html': () =>
      fs.readFileSync(path.join(FIXTURES, 'article.html'), 'utf8').replaceAll('{{APP}}', appBase),
    '/bad.html': () =>
      fs.readFileSync(path.join(FIXTURES, 'bad.html'), 'utf8').replaceAll('{{APP}}', appBase),
    '/record.js': () => fs.readFileSync(path.join(FIXTURES, 'record.js')),
    // The README's HTML snippets pasted as they are (YOUR-HOST filled in), on a page without CSP:
    // the plain iframe snippet carries a style attribute, as pasted snippets do.
    '/readme.html': () =>
      `<!doctype html><html lang="hi"><head><meta charset="utf-8"><title>README</title>` +
      `<script src="record.js"></script></head><body>` +
      readmeSnippets()
        .map(
          (html) => `<section>${html.replaceAll('https://YOUR-HOST/prayog/', appBase)}</section>`,
        )
        .join('<p style="height:1200px">…</p>') +
      `</body></html>`,
    '/embed.js': () => fs.readFileSync(path.join(dist, 'embed.js')),
  };
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname;
    if (name === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const make = files[name];
    if (!make) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': name.endsWith('.js')
        ? 'text/javascript; charset=utf-8'
        : 'text/html; charset=utf-8',
      ...(name === '/readme.html' ? {} : { 'Content-Security-Policy': csp }),
      'Cache-Control': 'no-cache',
    });
    res.end(make());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: server.address().port,
        close: () => new Promise((done) => server.close(done)),
      }),
    );
  });
}

before(async () => {
  app = await serveDist();
  const appPort = new URL(app.url).port;
  appOrigin = `http://${APP_NAME}:${appPort}`;
  const dist = process.env.PRAYOG_DIST
    ? path.resolve(process.env.PRAYOG_DIST)
    : path.join(repo, 'dist');
  host = await serveArticle(`${appOrigin}/`, dist);
  hostOrigin = `http://${HOST_NAME}:${host.port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      `--host-resolver-rules=MAP ${HOST_NAME} 127.0.0.1, MAP ${APP_NAME} 127.0.0.1`,
    ],
  });
});
after(async () => {
  await browser?.close();
  await app?.close();
  await host?.close();
});

async function openArticle(file = 'article.html') {
  const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  const page = await context.newPage();
  const errors = [];
  const warnings = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
    if (msg.type() === 'warning') warnings.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) =>
    errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`),
  );
  await page.goto(`${hostOrigin}/${file}`);
  return { page, context, errors, warnings };
}

/** The frame of a lab's embed, once its document has loaded (lazy frames load near the view). */
function frameOf(page, lab) {
  return page
    .frames()
    .find(
      (f) => f !== page.mainFrame() && new URL(f.url(), 'http://x').searchParams.get('lab') === lab,
    );
}

/** What a lab's frame shows (the frame itself, or the first of its lab): engine status, steps,
 * playing, wasm bytes, timing marks. */
async function frameState(page, lab, frame = frameOf(page, lab)) {
  if (!frame) return { loaded: false, engine: 'none', steps: 0 };
  try {
    return await frame.evaluate((name) => {
      const shell = document.querySelector(`[data-shell=${name}]`);
      const steps = shell?.querySelector('[data-metric=steps]');
      return {
        loaded: document.readyState !== 'loading',
        engine: document.documentElement.dataset.engine ?? 'none',
        steps: Number(steps?.dataset.value ?? 0),
        playing: shell?.dataset.playing === '1',
        wasmBytes: Number(shell?.dataset.wasmBytes ?? 0),
        shownAt: Number(document.documentElement.dataset.shownAt ?? NaN),
        firstStepAt: Number(shell?.dataset.firstStepAt ?? NaN),
        notices: [...document.querySelectorAll('.notices li')].map((li) => li.textContent),
        lang: document.documentElement.lang,
      };
    }, lab);
  } catch {
    return { loaded: false, engine: 'none', steps: 0 };
  }
}

async function waitFor(fn, what, timeout = 30000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function scrollToEmbed(page, index) {
  await page.evaluate((i) => {
    document.querySelectorAll('prayog-lab')[i].scrollIntoView({ block: 'start' });
  }, index);
}

async function scrollToId(page, id) {
  await page.evaluate((i) => document.getElementById(i).scrollIntoView({ block: 'start' }), id);
}

/** Main-thread JS heap of every frame of the page (CDP, each cross-site frame has its own). */
async function frameHeaps(page, context) {
  const out = {};
  for (const lab of LABS) {
    const frame = frameOf(page, lab);
    if (!frame) continue;
    const cdp = await context.newCDPSession(frame);
    try {
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      out[lab] = usedSize;
    } finally {
      await cdp.detach();
    }
  }
  return out;
}

const MB = (bytes) => (bytes / (1024 * 1024)).toFixed(1);

test('article with 3 embeds: lazy start, pause out of view, heights, forged messages, memory', async () => {
  const { page, context, errors } = await openArticle();
  try {
    // --- at load: only the first embed is in view; it starts by itself ---------------------------
    await waitFor(async () => (await frameState(page, 'attention')).steps > 0, 'attention trains');
    for (const lab of ['conv1x1', 'pretrain']) {
      const s = await frameState(page, lab);
      assert.ok(
        !s.loaded || s.engine === 'idle',
        `${lab} out of view has no engine yet: ${JSON.stringify(s)}`,
      );
      assert.equal(s.steps, 0, `${lab} does not train out of view`);
    }
    await screenshot(page, 'article-attention', { fullPage: false });
    const first = await frameState(page, 'attention');
    assert.equal(first.lang, 'hi');
    assert.deepEqual(first.notices, [], 'the README snippet gives no notice');
    const heapsAtLoad = await frameHeaps(page, context);

    // --- scrolling: the next embed starts, the one before pauses ---------------------------------
    const startTimes = {};
    for (const [i, lab] of LABS.entries()) {
      if (i === 0) {
        startTimes[lab] = first.firstStepAt - first.shownAt;
        continue;
      }
      const before = LABS[i - 1];
      await scrollToEmbed(page, i);
      const s = await waitFor(async () => {
        const st = await frameState(page, lab);
        return st.steps > 0 ? st : null;
      }, `${lab} trains after scrolling to it`);
      startTimes[lab] = s.firstStepAt - s.shownAt;
      assert.ok(s.playing, `${lab} is playing`);
      // The one scrolled away keeps its state but asks for no more steps.
      await page.waitForTimeout(400);
      const a = (await frameState(page, before)).steps;
      await page.waitForTimeout(1000);
      const b = (await frameState(page, before)).steps;
      assert.ok(a > 0 && a === b, `${before} paused out of view (${a} -> ${b})`);
      await screenshot(page, `article-${lab}`, { fullPage: false });
    }

    // --- heights: every frame reported one, and its iframe has it -------------------------------
    const heights = await page.evaluate(() => {
      const last = {};
      for (const m of window.prayogLog) if (m.type === 'prayog:height') last[m.lab] = m;
      return [...document.querySelectorAll('prayog-lab iframe')].map((f) => ({
        lab: new URL(f.src).searchParams.get('lab'),
        css: f.style.height,
        box: Math.round(f.getBoundingClientRect().height),
        reported: last[new URL(f.src).searchParams.get('lab')]?.height ?? null,
        origin: last[new URL(f.src).searchParams.get('lab')]?.origin ?? null,
      }));
    });
    for (const h of heights) {
      assert.ok(h.reported > 300, `${h.lab} reported its height: ${JSON.stringify(h)}`);
      assert.equal(h.css, `${h.reported}px`, `${h.lab} iframe follows its report`);
      assert.equal(h.origin, 'null', 'sandboxed frames post from an opaque origin');
    }

    // --- memory with every embed out of view (all three have run, all paused) -------------------
    await scrollToId(page, 'end');
    await page.waitForTimeout(800);
    const paused = {};
    for (const lab of LABS) paused[lab] = await frameState(page, lab);
    const heapsIdle = await frameHeaps(page, context);
    const wasmIdle = LABS.reduce((sum, lab) => sum + paused[lab].wasmBytes, 0);
    const heapIdle = Object.values(heapsIdle).reduce((a, b) => a + b, 0);
    const heapLoad = Object.values(heapsAtLoad).reduce((a, b) => a + b, 0);
    console.log(
      `article memory at load (1 of 3 in view and started): frame JS heaps ${MB(heapLoad)} MB ` +
        `(${Object.entries(heapsAtLoad)
          .map(([k, v]) => `${k} ${MB(v)}`)
          .join(', ')}), ` +
        `wasm ${MB(first.wasmBytes)} MB`,
    );
    console.log(
      `article memory, 3 idle embeds after each ran: frame JS heaps ${MB(heapIdle)} MB + wasm ` +
        `${MB(wasmIdle)} MB (${LABS.map((l) => `${l} ${MB(paused[l].wasmBytes)}`).join(', ')}) = ` +
        `${MB(heapIdle + wasmIdle)} MB`,
    );
    console.log(
      `scroll-into-view -> first trained step (ms): ${LABS.map((l) => `${l} ${startTimes[l]}`).join(', ')}`,
    );
    // The page as a reader opens it: one embed in view and running, two waiting below. Once all
    // three have run, each keeps its grown wasm memory (printed above; see the closing note).
    assert.ok(
      heapLoad + first.wasmBytes < 40 * 1024 * 1024,
      `three embeds at load stay under 40 MB (${MB(heapLoad + first.wasmBytes)} MB)`,
    );

    // --- forged messages: from the host to itself and into every frame ---------------------------
    const before = await page.evaluate(() =>
      [...document.querySelectorAll('prayog-lab iframe')].map((f) => f.style.height),
    );
    const stepsBefore = {};
    for (const lab of LABS) stepsBefore[lab] = (await frameState(page, lab)).steps;
    await page.evaluate(() => {
      const forged = [
        { type: 'prayog:height', height: 5000, lab: 'attention' },
        { type: 'prayog:height', height: 120 },
        { type: 'prayog:play' },
        { type: 'lab-step', id: 1, steps: 500 },
        { type: 'prayog:settings', settings: 'lr=1' },
      ];
      for (const m of forged) window.postMessage(m, '*');
      for (const f of document.querySelectorAll('prayog-lab iframe')) {
        for (const m of forged) f.contentWindow.postMessage(m, '*');
      }
    });
    await page.waitForTimeout(800);
    const after = await page.evaluate(() =>
      [...document.querySelectorAll('prayog-lab iframe')].map((f) => f.style.height),
    );
    assert.deepEqual(after, before, 'forged height messages change no iframe');
    for (const lab of LABS) {
      assert.equal((await frameState(page, lab)).steps, stepsBefore[lab], `${lab} did not train`);
    }

    assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'no CSP violations');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('bad attributes: ignored or explained inside the frame, the host never breaks', async () => {
  const { page, context, errors, warnings } = await openArticle('bad.html');
  try {
    assert.ok(await page.locator('#text').isVisible(), 'the article shows');
    const s = await waitFor(async () => {
      const st = await frameState(page, 'attention');
      return st.notices?.length >= 3 && st.steps > 0 ? st : null;
    }, 'the first embed explains its bad values and trains with the defaults');
    const text = s.notices.join('\n');
    assert.match(text, /nope/, 'the unknown preset is named');
    assert.match(text, /lr=“5”/);
    assert.match(text, /d_model=“abc”/);
    assert.match(text, /[\u0900-\u097F]/, 'in Hindi, as the embed asked');
    const values = await frameOf(page, 'attention').evaluate(() => ({
      lr: document.querySelector('#ctl-attention-lr').value,
      d: document.querySelector('#ctl-attention-d_model').value,
      seed: document.querySelector('#ctl-attention-seed').value,
    }));
    assert.deepEqual(values, { lr: '0.003', d: '32', seed: '3' }, 'defaults, the good seed kept');

    await scrollToEmbed(page, 1);
    const c = await waitFor(async () => {
      const st = await frameState(page, 'conv1x1');
      return st.steps > 0 ? st : null;
    }, 'the second embed trains');
    assert.equal(c.lang, 'en');
    assert.deepEqual(c.notices, [], 'a bad height is the host side only');
    const box = await page.evaluate(() =>
      Math.round(document.querySelectorAll('prayog-lab iframe')[1].getBoundingClientRect().height),
    );
    assert.ok(box > 300, `height="tall" fell back to auto (${box} px)`);

    const unknown = warnings.filter((w) => /unknown attribute/i.test(w));
    assert.equal(unknown.length, 1, `one warning for unknown attributes: ${unknown.join(' | ')}`);
    assert.match(unknown[0], /colour/);
    assert.match(unknown[0], /foo/);
    assert.ok(
      warnings.some((w) => /height/.test(w) && /tall/.test(w)),
      'the bad height is named',
    );
    await screenshot(page, 'article-bad-attributes');
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the README snippets work as pasted, and the article uses them', async () => {
  const snippets = readmeSnippets();
  assert.ok(snippets.length >= 3, `${snippets.length} html blocks`);
  const article = fs.readFileSync(path.join(FIXTURES, 'article.html'), 'utf8');
  const tags = article.match(/<prayog-lab [^>]*><\/prayog-lab>/g);
  assert.equal(tags.length, 3);
  for (const tag of tags) assert.ok(snippets.join('\n').includes(tag), `README shows ${tag}`);

  const { page, context, errors } = await openArticle('readme.html');
  try {
    const count = await page.evaluate(() => document.querySelectorAll('iframe').length);
    assert.equal(count, 4, 'three custom elements and one plain iframe');
    const labs = await page.evaluate(() =>
      [...document.querySelectorAll('iframe')].map((f) => new URL(f.src).searchParams.get('lab')),
    );
    assert.deepEqual(labs, ['attention', 'conv1x1', 'pretrain', 'attention']);
    for (let i = 0; i < count; i++) {
      await page.evaluate((k) => document.querySelectorAll('iframe')[k].scrollIntoView(), i);
      // The custom elements start by themselves in view; the plain iframe waits for its reader.
      if (i < 3) {
        const frame = await (await page.$$('iframe'))[i].contentFrame();
        await waitFor(
          async () => (await frameState(page, labs[i], frame)).steps > 0,
          `${labs[i]} trains`,
        );
      }
      await waitFor(
        () =>
          page.evaluate((k) => {
            const f = document.querySelectorAll('iframe')[k];
            return f.getBoundingClientRect().height > 700;
          }, i),
        `embed ${i} reports its height and its iframe follows`,
      );
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
