// The 1x1 convolution lab in headless Chromium, in Hindi and English: click (and, at 360 px, tap) a
// pixel of the explorer's input and the maths panel shows that pixel's numbers; the counters and
// the cost comparison follow the sizes; bad sizes explain themselves in the page's language; the
// four variants train side by side (loss falls, every variant carries data-arm, the 1x1 weight
// heatmap changes); no console errors; screenshots at 1280 and 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveDist, openPage, screenshot } from './browser.mjs';
import { DEVANAGARI, labTools } from './lab-helpers.mjs';

const VARIANTS = ['plain', 'bottleneck', 'bottleneck_relu', 'pointwise_only'];
let browser, app;

before(async () => {
  browser = await launch();
  app = await serveDist();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

const LAB = '[data-lab=conv1x1]';
const { steps, session, setField } = labTools(LAB);
const reopened = (page, before) => labTools(LAB).reopened(page, before, labReady);
const MATHS = `${LAB} [data-maths=c1-maths]`;
const INPUT = `${LAB} [data-heatmap=c1-input] canvas`;

async function labReady(page) {
  await page.waitForSelector(`${LAB} [data-shell][data-ready="1"]`, {
    state: 'attached',
    timeout: 60000,
  });
  await page.waitForSelector(`${LAB} [data-metric=loss][data-value]`, { state: 'attached' });
  await page.waitForSelector(`${MATHS}[data-value]`, { state: 'attached', timeout: 30000 });
}

const counter = async (page, name) => {
  const el = page.locator(`${LAB} dd[data-counter=${name}]`);
  return { value: await el.getAttribute('data-value'), text: await el.innerText() };
};

/** The number as the page prints it (Latin digits, Indian grouping, at most `digits` decimals). */
const shown = (lang, v, digits = 3) =>
  new Intl.NumberFormat(`${lang === 'hi' ? 'hi-IN' : 'en-IN'}-u-nu-latn`, {
    maximumFractionDigits: digits,
  })
    .format(v)
    .replace(/\u2212/g, '-');

/** Where the maths panel says it is: pixel (y, x), output channel j and O's value. */
const mathsState = (page) =>
  page.$eval(MATHS, (el) => ({
    y: Number(el.dataset.y),
    x: Number(el.dataset.x),
    j: Number(el.dataset.j),
    value: Number(el.dataset.value),
    text: el.querySelector('.katex-html')?.textContent ?? '',
    note: el.querySelector('.maths-note')?.textContent ?? '',
  }));

async function pixels(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    if (!c || !c.width) return null;
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let h = 0;
    for (let i = 0; i < data.length; i += 4)
      h = (h * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) >>> 0;
    return h;
  }, selector);
}

/** Clicks (or taps) a point of the input heatmap at fractions of its canvas and waits for the
 * maths panel to move to a new pixel; returns the new state. */
async function pickPixel(page, fx, fy, { tap = false } = {}) {
  const before = await mathsState(page);
  const canvas = page.locator(INPUT);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const position = { x: box.width * fx, y: box.height * fy };
  if (tap) await canvas.tap({ position });
  else await canvas.click({ position });
  await page.waitForFunction(
    ([sel, y0, x0]) => {
      const el = document.querySelector(sel);
      return el && (Number(el.dataset.y) !== y0 || Number(el.dataset.x) !== x0);
    },
    [MATHS, before.y, before.x],
    { timeout: 10000 },
  );
  return mathsState(page);
}

for (const lang of ['hi', 'en']) {
  test(`conv1x1 (${lang}): click a pixel → its numbers in the maths panel; counters follow the sizes; bad sizes are explained`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=conv1x1&lang=${lang}`,
    );
    try {
      await labReady(page);
      // The seed's example: 32x32x64 -> 32 filters.
      assert.deepEqual(await counter(page, 'params'), { value: '2080', text: shown(lang, 2080) });
      assert.equal((await counter(page, 'macs')).value, String(32 * 32 * 64 * 32));
      assert.equal((await counter(page, 'macs')).text, '20,97,152');
      assert.equal((await counter(page, 'shape')).value, '32x32x32');
      const start = await mathsState(page);
      assert.deepEqual([start.y, start.x], [16, 16], 'starts at the centre pixel');

      // Click near the top-left of the input map: a new pixel, its output in the formula.
      const picked = await pickPixel(page, 0.3, 0.12);
      assert.ok(picked.y < 16 && picked.x < 16, `picked (${picked.y}, ${picked.x})`);
      assert.ok(Number.isFinite(picked.value));
      assert.ok(
        picked.text.includes(shown(lang, picked.value)),
        `the formula shows O = ${shown(lang, picked.value)}: ${picked.text}`,
      );
      assert.ok(picked.text.includes(`O(${picked.x + 1},${picked.y + 1},${picked.j + 1})`));
      assert.ok(picked.note.includes(shown(lang, picked.value)), picked.note);
      if (lang === 'hi') assert.match(picked.note, DEVANAGARI);
      // The pixel's vectors and the weight heatmap are drawn.
      for (const sel of ['c1-input-vector', 'c1-output-vector'])
        assert.ok(await pixels(page, `${LAB} [data-bars=${sel}] canvas`), sel);
      assert.ok(await pixels(page, `${LAB} [data-heatmap=c1-weights] canvas`));

      // Choosing another output channel (a row of W) changes j and the value in the formula.
      const wmap = page.locator(`${LAB} [data-heatmap=c1-weights] canvas`);
      const wbox = await wmap.boundingBox();
      await wmap.click({ position: { x: wbox.width * 0.4, y: wbox.height * 0.5 } });
      await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.j !== '0', MATHS);
      const row = await mathsState(page);
      assert.ok(row.j > 0 && row.text.includes(shown(lang, row.value)));

      // Cost comparison at k = 3, r = 16: plain 3x3 64->32 vs 1x1 64->16 + 3x3 16->32.
      const cost = (r, col) =>
        page.getAttribute(`${LAB} [data-cost=${r}] [data-col=${col}]`, 'data-value');
      assert.equal(await cost('plain', 'params'), String(9 * 64 * 32 + 32));
      assert.equal(await cost('bottleneck', 'macs'), String(1024 * (64 * 16 + 9 * 16 * 32)));
      await screenshot(page, `conv1x1-explorer-${lang}`);

      // Sizes change -> counters change, and training is not restarted (the explorer's sizes do
      // not touch the trained CNN): train a few steps first.
      await page.click(`${LAB} [data-action=step]`);
      await page.waitForFunction(
        (sel) => Number(document.querySelector(sel)?.dataset.value) >= 1,
        `${LAB} [data-metric=steps]`,
      );
      const trainedSteps = await steps(page);
      const s = await session(page);
      // cin = 128 gives 128·32 + 32 = 4,128 parameters.
      await setField(page, 'cin', '128');
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.dataset.value === '4128',
        `${LAB} dd[data-counter=params]`,
      );
      assert.equal((await counter(page, 'params')).text, '4,128');
      assert.equal((await counter(page, 'macs')).value, String(32 * 32 * 128 * 32));
      assert.equal(await cost('plain', 'params'), String(9 * 128 * 32 + 32));
      await setField(page, 'k', '5');
      await page.waitForFunction(
        (v) => document.querySelector(v[0])?.dataset.value === v[1],
        [`${LAB} [data-cost=plain] [data-col=macs]`, String(1024 * 25 * 128 * 32)],
      );
      await setField(page, 'h', '7');
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.dataset.value === '7x32x32',
        `${LAB} dd[data-counter=shape]`,
      );
      assert.ok((await mathsState(page)).y < 7, 'the pixel lies inside the smaller tensor');
      assert.equal(await session(page), s, 'same session: the lab was not re-opened');
      assert.equal(await steps(page), trainedSteps, 'training kept its steps');
      // The permalink carries the new sizes.
      await page.waitForFunction(
        () => /cin=128/.test(location.search) && /h=7/.test(location.search),
      );

      // Bad sizes: an even k and a bottleneck wider than cin keep the last good sizes and explain.
      await setField(page, 'k', '4');
      const odd = page.locator(`${LAB} [data-error="error.kernel_odd"]`);
      await odd.waitFor({ timeout: 10000 });
      const oddText = await odd.innerText();
      assert.match(oddText, /4/);
      if (lang === 'hi') assert.match(oddText, DEVANAGARI);
      else assert.match(oddText, /odd/);
      await setField(page, 'k', '3');
      await odd.waitFor({ state: 'detached', timeout: 10000 });
      await page.waitForFunction(
        (v) => document.querySelector(v[0])?.dataset.value === v[1],
        [`${LAB} [data-cost=plain] [data-col=macs]`, String(7 * 32 * 9 * 128 * 32)],
      );
      await setField(page, 'bottleneck', '200');
      const wide = page.locator(`${LAB} [data-error="error.bottleneck_too_wide"]`);
      await wide.waitFor({ timeout: 10000 });
      const wideText = await wide.innerText();
      assert.match(wideText, /200/);
      assert.match(wideText, /128/);
      if (lang === 'hi') assert.match(wideText, DEVANAGARI);
      assert.equal(await session(page), s, 'the refused sizes did not replace the lab');
      assert.equal((await counter(page, 'params')).value, '4128', 'the last good counters stay');
      assert.equal(await steps(page), trainedSteps);
      await screenshot(page, `conv1x1-bad-size-${lang}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`conv1x1 (${lang}): a permalink the engine refuses opens the defaults and keeps saying why, also once training runs`, async () => {
    // Each value is in range; together they break a rule (the bottleneck wider than cin).
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=conv1x1&lang=${lang}&bottleneck=512&cin=64`,
    );
    try {
      await labReady(page);
      const wide = page.locator(`${LAB} [data-error="error.bottleneck_too_wide"]`);
      await wide.waitFor({ timeout: 10000 });
      assert.equal(
        await page.inputValue(`${LAB} [data-control=bottleneck] [data-key=bottleneck]`),
        '16',
        'the defaults run, and the inputs show them',
      );
      await page.click(`${LAB} [data-action=play]`);
      await page.waitForFunction(
        (sel) => Number(document.querySelector(sel)?.dataset.value) > 5,
        `${LAB} [data-metric=steps]`,
      );
      const text = await wide.innerText();
      assert.match(text, /512/);
      if (lang === 'hi') assert.match(text, DEVANAGARI);
      else assert.match(text, /default settings/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`conv1x1 (${lang}): the four variants train side by side — loss falls, data-arm per variant, the 1x1 weights change`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=conv1x1&lang=${lang}`,
    );
    try {
      await labReady(page);
      for (const v of VARIANTS) {
        await page.waitForSelector(`${LAB} [data-metric=loss][data-arm=${v}]`, {
          state: 'attached',
        });
        await page.waitForSelector(`${LAB} [data-table=arms] tr[data-arm=${v}]`, {
          state: 'attached',
        });
      }
      // The primary arm (the schema's default variant) comes first.
      assert.equal(await page.getAttribute(`${LAB} [data-metric=loss]`, 'data-arm'), 'bottleneck');
      const loss = async (arm) =>
        Number(await page.getAttribute(`${LAB} [data-metric=loss][data-arm=${arm}]`, 'data-value'));
      const loss0 = Object.fromEntries(
        await Promise.all(VARIANTS.map(async (v) => [v, await loss(v)])),
      );
      const weights = `${LAB} [data-heatmap=c1-train-weights] canvas`;
      const w0 = await pixels(page, weights);
      assert.ok(w0, 'the 1x1 weight heatmap drew');

      await page.click(`${LAB} [data-action=play]`);
      await page.waitForFunction(
        (sel) => Number(document.querySelector(sel)?.dataset.value) >= 150,
        `${LAB} [data-metric=steps]`,
        { timeout: 120000 },
      );
      await page.click(`${LAB} [data-action=pause]`);
      await page.waitForTimeout(300);
      for (const v of VARIANTS) {
        const l = await loss(v);
        assert.ok(l < loss0[v], `${v}: loss ${loss0[v]} -> ${l}`);
      }
      assert.ok((await loss('bottleneck')) < 0.8 * loss0.bottleneck);
      const w1 = await pixels(page, weights);
      assert.notEqual(w1, w0, 'the 1x1 weight heatmap changed');

      // Side by side: parameters, MACs, accuracy and ms per step for every variant.
      const cell = (arm, col) =>
        page.getAttribute(
          `${LAB} [data-table=arms] tr[data-arm=${arm}] [data-col=${col}]`,
          'data-value',
        );
      assert.equal(await cell('plain', 'macs'), '553088');
      assert.equal(await cell('bottleneck', 'macs'), '307328');
      for (const v of VARIANTS) {
        assert.ok(Number(await cell(v, 'ms')) > 0, `${v} ms/step`);
        const acc = Number(await cell(v, 'accuracy'));
        assert.ok(acc >= 0 && acc <= 1, `${v} accuracy ${acc}`);
        assert.ok(Number(await cell(v, 'params')) > 0);
      }
      const ms = Number(await cell('bottleneck', 'ms'));
      console.log(`conv1x1 ${lang}: ms per step (bottleneck arm) ${ms.toFixed(2)}`);

      // Another arm's weights: the plain variant has none and says so; pointwise has three layers.
      // Arms in the page's order: the primary (bottleneck), then plain, bottleneck_relu, pointwise.
      const armIndex = async (name) =>
        page.$eval(
          `${LAB} [data-table=arms] tbody`,
          (tb, n) => [...tb.rows].findIndex((r) => r.dataset.arm === n),
          name,
        );
      await page.selectOption(`${LAB} [data-action=c1-arm]`, String(await armIndex('plain')));
      await page.waitForFunction(
        (sel) => !document.querySelector(sel)?.hidden,
        `${LAB} [data-none]`,
      );
      const none = await page.locator(`${LAB} [data-none]`).innerText();
      if (lang === 'hi') assert.match(none, DEVANAGARI);
      await page.selectOption(
        `${LAB} [data-action=c1-arm]`,
        String(await armIndex('pointwise_only')),
      );
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.options.length === 3,
        `${LAB} [data-action=c1-layer]`,
      );
      await page.selectOption(`${LAB} [data-action=c1-arm]`, '0');
      await page.waitForTimeout(300);
      const text = await page.locator(`${LAB} [data-shell]`).innerText();
      if (lang === 'hi') assert.match(text, DEVANAGARI);
      await screenshot(page, `conv1x1-trained-${lang}`);
      // A training setting (the task) does re-open the lab: a new session from step 0.
      const s = await session(page);
      await setField(page, 'task', 'spatial');
      await reopened(page, s);
      await page.waitForFunction(
        (sel) => document.querySelector(sel)?.dataset.value === '0',
        `${LAB} [data-metric=steps]`,
      );
      await page.waitForSelector(`${LAB} .c1-detail[data-task=spatial]`, { state: 'attached' });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`conv1x1 (${lang}): 360 px wide with touch — tap a pixel`, async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 780 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    try {
      await page.goto(`${app.url}index.html?lab=conv1x1&lang=${lang}`);
      await labReady(page);
      await page.locator(INPUT).scrollIntoViewIfNeeded();
      const picked = await pickPixel(page, 0.62, 0.55, { tap: true });
      assert.ok(picked.y > 16 || picked.x > 16, `tapped (${picked.y}, ${picked.x})`);
      assert.ok(picked.text.includes(shown(lang, picked.value)));
      // Nothing sticks out sideways except inside its own scroll box.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 1, `page overflows by ${overflow}px`);
      await screenshot(page, `conv1x1-360-${lang}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}
