// The page under the strictest CSP a host is likely to set (scripts/serve.mjs STRICT_CSP: no
// 'unsafe-inline', no data: or blob:, only 'wasm-unsafe-eval'): every lab in Hindi and English
// loads, trains and draws, KaTeX typesets with its CSS and fonts, the benchmark, glossary, embed
// dialog and a tour step work, and nothing is blocked (each lab loads in one language and switches
// live to the other). Also: a landing page in embed mode, and a sandboxed iframe, which needs
// worker-src blob: (its only way to a worker). A violation is heard on four channels,
// since each misses some: the page's securitypolicyviolation event, the worker's (attached once
// it exists), Chromium's console message, and the policy's report-uri (which also covers what
// the worker did before a listener could be attached). The first test proves the channels hear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { REPORT_PATH, STRICT_CSP } from '../../scripts/serve.mjs';
import { launch, openPage, screenshot, serveDist } from './browser.mjs';
import { DEVANAGARI, labTools } from './lab-helpers.mjs';

const LABS = ['attention', 'conv1x1', 'pretrain'];
// Enforcing, not Report-Only; report-uri only adds a report of what was blocked.
const POLICY = `${STRICT_CSP}; report-uri ${REPORT_PATH}`;
let browser, app;
const reports = [];

before(async () => {
  browser = await launch();
  app = await serveDist({
    headers: { 'Content-Security-Policy': POLICY },
    onReport: (r) => reports.push(r['csp-report'] ?? r),
  });
});
after(async () => {
  await browser?.close();
  await app?.close();
});

/** Opens `url` with every violation channel recorded; `violations()` lists what was heard. */
async function openStrict(url, options) {
  reports.length = 0;
  const heard = [];
  const workers = [];
  const init = () => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  };
  const opened = await openPage(browser, 'about:blank', { ...options, init });
  const { page } = opened;
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) heard.push(`console: ${msg.text()}`);
  });
  page.on('worker', async (worker) => {
    workers.push(worker);
    await worker
      .evaluate(() => {
        self.__csp = [];
        self.addEventListener('securitypolicyviolation', (e) =>
          self.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`),
        );
      })
      .catch(() => {}); // a worker that already ended has nothing to report
  });
  await page.goto(url);
  const violations = async () => {
    // report-uri reports are sent after the fact.
    await page.waitForTimeout(300);
    const inPage = await page.evaluate(() => window.__csp ?? []);
    const inWorkers = [];
    for (const w of workers)
      inWorkers.push(...(await w.evaluate(() => self.__csp ?? []).catch(() => [])));
    return [
      ...heard,
      ...inPage.map((v) => `page: ${v}`),
      ...inWorkers.map((v) => `worker: ${v}`),
      ...reports.map(
        (r) => `report: ${r['effective-directive']} ${r['blocked-uri']} in ${r['document-uri']}`,
      ),
    ];
  };
  return { ...opened, workers, violations };
}

test('the harness hears a blocked inline style, inline script and data: fetch', async () => {
  const { page, context, workers, violations } = await openStrict(
    `${app.url}index.html?lab=attention&lang=en`,
  );
  try {
    // No need to wait for the lab: only for the worker and its listener.
    const deadline = Date.now() + 30000;
    while (!(await workers[0]?.evaluate(() => Array.isArray(self.__csp)).catch(() => false))) {
      assert.ok(Date.now() < deadline, 'the engine worker started');
      await page.waitForTimeout(50);
    }
    await page.evaluate(() => {
      const div = document.createElement('div');
      div.setAttribute('style', 'color: red');
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true;';
      document.body.append(div, script);
    });
    assert.equal(await page.evaluate(() => window.inlineRan), undefined, 'inline script ran');
    await workers[0].evaluate(() => fetch('data:text/plain,x').catch(() => null));
    const v = (await violations()).join('\n');
    assert.match(v, /^console: .*style-src/m);
    assert.match(v, /^page: style-src-attr inline/m);
    assert.match(v, /^page: script-src-elem inline/m);
    assert.match(v, /^worker: connect-src data/m);
    assert.match(v, /^report: connect-src data in .*worker/m);
    assert.match(v, /^report: style-src-attr inline/m);
  } finally {
    await context.close();
  }
});

/** The lab's canvases as one fingerprint: it changes when any of them is redrawn differently. */
function canvasPrint(page, lab) {
  return page.evaluate((sel) => {
    let h = 0;
    let ink = 0;
    for (const c of document.querySelectorAll(`${sel} canvas`)) {
      if (!c.width || !c.height) continue;
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      for (let i = 0; i < data.length; i += 16) {
        h = (h * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2] + data[i + 3]) >>> 0;
        if (data[i + 3] > 0) ink++;
      }
    }
    return { h, ink };
  }, lab);
}

/** KaTeX's output in `sel`: laid out, styled by its stylesheet, its CSSOM styles applied. */
function katexState(page, sel) {
  return page.evaluate(async (sel) => {
    await document.fonts.ready;
    const root = document.querySelector(`${sel} .katex`);
    if (!root) return null;
    const html = root.querySelector('.katex-html');
    const mathml = root.querySelector('.katex-mathml');
    // KaTeX sets sizes (struts, vlists) through element.style, which style-src allows; a style=""
    // attribute from markup would be present but empty of declarations.
    const styled = [...root.querySelectorAll('.katex-html [style]')];
    return {
      width: html?.getBoundingClientRect().width ?? 0,
      height: html?.getBoundingClientRect().height ?? 0,
      family: getComputedStyle(root).fontFamily,
      mathmlHidden: mathml ? getComputedStyle(mathml).position === 'absolute' : false,
      styled: styled.length,
      applied: styled.filter((el) => el.style.length > 0).length,
      fonts: [...document.fonts]
        .filter((f) => f.family.replace(/"/g, '').startsWith('KaTeX_') && f.status === 'loaded')
        .map((f) => f.family.replace(/"/g, '')),
    };
  }, sel);
}

const TOUR_STEP = {
  attention: { hi: 1, en: 2 },
  conv1x1: { hi: 2, en: 1 },
  pretrain: { hi: 3, en: 3 }, // the others train two stacks for seconds
};

/** Everything a reader does in one language; `first` is the page's own load, not a switch. */
async function checkLab(page, lab, lang, first, lap) {
  const LAB = `[data-lab=${lab}]`;
  const { trainUntil, steps } = labTools(LAB);
  assert.equal(await page.getAttribute('html', 'lang'), lang);

  // Training: steps grow and the lab's charts and maps are redrawn.
  const drawn0 = await canvasPrint(page, LAB);
  const steps0 = await steps(page);
  await trainUntil(page, steps0 + 5, { timeout: 30000, settle: 300 });
  assert.ok((await steps(page)) >= steps0 + 5, 'the lab trained');
  const drawn1 = await canvasPrint(page, LAB);
  assert.ok(drawn1.ink > 1000, `the lab drew (${drawn1.ink} inked samples)`);
  assert.notEqual(drawn1.h, drawn0.h, 'training redrew the canvases');
  lap('train');
  // The lab speaks the language (after a step, so every live number was redrawn in it). The
  // glossary pairs each Hindi term with its English one, and attention's vocabulary is data.
  const text = await page.locator(LAB).evaluate((el) => {
    const list = el.querySelector('[data-control=glossary] dl');
    if (list) list.style.display = 'none';
    const shown = el.innerText;
    if (list) list.style.display = '';
    return shown;
  });
  assert.ok(text.length > 1000, `the lab shows its text (${text.length} characters)`);
  if (lang === 'hi') assert.match(text, DEVANAGARI);
  else assert.doesNotMatch(text.replace(/[कखगघचछजझटठ]/g, ''), DEVANAGARI);

  // The maths panel.
  const k = await katexState(page, `${LAB} .maths-panel`);
  assert.ok(k, 'KaTeX typeset the formula');
  assert.ok(k.width > 50 && k.height > 10, `KaTeX laid out ${k.width}x${k.height}`);
  assert.match(k.family, /KaTeX_Main/, 'katex.css applies');
  assert.ok(k.mathmlHidden, 'the MathML copy is hidden by katex.css');
  assert.ok(k.styled > 0 && k.applied === k.styled, `styles ${k.applied}/${k.styled}`);
  assert.ok(k.fonts.includes('KaTeX_Main'), `KaTeX fonts loaded: ${k.fonts}`);

  // The about panel's self-benchmark ran and its uPlot chart drew (redrawn on a switch).
  await page.waitForSelector('[data-metric=gemm-gflops][data-value]', {
    state: 'attached',
    timeout: 30000,
  });
  assert.ok((await canvasPrint(page, '[data-chart=gemm]')).ink > 100, 'benchmark chart');
  assert.equal(await page.getAttribute('[data-metric=simd]', 'data-value'), '1');

  // Glossary (it stays open across the switch).
  if (first) await page.click(`${LAB} [data-control=glossary] summary`);
  const glossary = await page.locator(`${LAB} [data-control=glossary]`).innerText();
  assert.ok(glossary.length > 200, 'the glossary opened');
  if (lang === 'hi') assert.match(glossary, DEVANAGARI);

  // The embed dialog, whose preview is sized through element.style.
  await page.click('[data-action=embed]');
  await page.waitForSelector('dialog.embed-dialog[open]');
  assert.match(await page.inputValue('#embed-element'), new RegExp(`lang="${lang}"`));
  const preview = await page.$eval(
    'dialog[open] .preview-frame',
    (el) => el.getBoundingClientRect().height,
  );
  assert.ok(preview > 10, `embed preview ${preview} px high`);
  if (lab === 'attention') await screenshot(page, `csp-embed-${lang}`, { fullPage: false });
  await page.click('dialog[open] [data-action=close-embed]');
  lap('maths+bench+glossary+embed');

  // One quick guided tour step per lab and language (tours.test.mjs runs them all).
  const tour = `[data-tour=${lab}]`;
  if (first) await page.click(`${tour} > summary`);
  await page.click(`${tour} [data-tour-step="${TOUR_STEP[lab][lang]}"]`);
  await page.click(`${tour} [data-action=tour-run]`);
  await page.waitForSelector(`${tour}[data-phase=done] [data-verdict][data-shown]`, {
    timeout: 30000,
  });
  const verdict = await page.getAttribute(`${tour} [data-verdict]`, 'data-shown');
  assert.equal(verdict, '1', await page.innerText(`${tour} [data-verdict]`));
  lap('tour');

  // Exports go through blob: URLs in a download link, which no fetch directive governs.
  if (lang === 'en') {
    for (const action of ['export-csv', 'export-png']) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(`${LAB} [data-action=${action}]`),
      ]);
      assert.ok(await download.path(), `${action} saved`);
    }
  }
  // Screenshots for a look at the trained lab with its maths, one per language.
  if ((lab === 'attention' && lang === 'hi') || (lab === 'conv1x1' && lang === 'en'))
    await screenshot(page, `csp-${lab}-${lang}`);
}

// Each lab loads in one language and switches live to the other (a switch re-renders every text,
// formula and chart); between them every language is also a fresh load of some lab.
const ORDER = { attention: ['hi', 'en'], conv1x1: ['en', 'hi'], pretrain: ['hi', 'en'] };

for (const lab of LABS) {
  const [load, other] = ORDER[lab];
  test(`${lab} (${load}, then ${other}) under the strict CSP: trains, maths, benchmark, glossary, embed, tour`, async () => {
    let t0 = Date.now();
    const times = [];
    const lap = (what) => {
      times.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      t0 = Date.now();
    };
    const { page, context, errors, violations } = await openStrict(
      `${app.url}index.html?lab=${lab}&lang=${load}`,
    );
    try {
      await page.waitForSelector(`[data-shell=${lab}][data-ready="1"]`, { timeout: 30000 });
      lap('ready');
      await checkLab(page, lab, load, true, lap);
      await page.click(`[data-action=lang][data-lang=${other}]`);
      await page.waitForFunction((l) => document.documentElement.lang === l, other);
      await checkLab(page, lab, other, false, lap);
      assert.deepEqual(await violations(), []);
      assert.deepEqual(errors, []);
      console.log(`csp ${lab}: ${times.join(', ')}`);
    } finally {
      await context.close();
    }
  });
}

test('the oEmbed landing page in embed mode works under the strict CSP', async () => {
  const { page, context, errors, violations } = await openStrict(
    `${app.url}pretrain.html?lang=en&embed=1`,
    { viewport: { width: 560, height: 600 } },
  );
  try {
    await page.waitForSelector('[data-shell=pretrain][data-ready="1"]', { timeout: 30000 });
    await labTools('[data-lab=pretrain]').trainUntil(page, 5, { timeout: 30000 });
    assert.deepEqual(await violations(), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('in a sandboxed iframe (opaque origin) the worker needs worker-src blob: and then works', async () => {
  // A sandboxed frame cannot start a worker from its server's URL; the page falls back to a
  // blob: worker, which only a policy listing blob: in worker-src allows (README: Hosting).
  const blobReports = [];
  const blobApp = await serveDist({
    headers: {
      'Content-Security-Policy': POLICY.replace("worker-src 'self'", "worker-src 'self' blob:"),
    },
    onReport: (r) => blobReports.push(r['csp-report'] ?? r),
  });
  const frame = `${blobApp.url}index.html?lab=attention&lang=hi&embed=1&autoplay=1`;
  const host = http.createServer((req, res) =>
    res
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><title>host</title><iframe sandbox="allow-scripts" src="${frame}" ` +
          `width="800" height="700"></iframe>`,
      ),
  );
  await new Promise((done) => host.listen(0, '127.0.0.1', done));
  const { page, context, errors } = await openPage(
    browser,
    `http://127.0.0.1:${host.address().port}/`,
  );
  try {
    const inner = page.frameLocator('iframe');
    await inner
      .locator('[data-lab=attention] [data-metric=steps][data-value]:not([data-value="0"])')
      .waitFor({ state: 'attached', timeout: 30000 });
    await page.waitForTimeout(300);
    assert.deepEqual(
      blobReports.map((r) => `${r['effective-directive']} ${r['blocked-uri']}`),
      [],
    );
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await blobApp.close();
    await new Promise((done) => host.close(done));
  }
});
