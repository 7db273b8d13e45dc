// The attention lab in headless Chromium, in Hindi and English: it trains (loss falls, heatmap
// pixels change), a permalink reproduces the run, bad and diverging learning rates explain
// themselves, the image task draws its views, and embed mode works inside a 600 px iframe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveDist, openPage, screenshot } from './browser.mjs';
import { DEVANAGARI, labTools, pixels } from './lab-helpers.mjs';

let browser, app;

before(async () => {
  browser = await launch();
  app = await serveDist();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

const LAB = '[data-lab=attention]';
const { steps, session, setField, trainUntil } = labTools(LAB);
const reopened = (page, before) => labTools(LAB).reopened(page, before, labReady);

async function labReady(page) {
  await page.waitForSelector(`${LAB} [data-shell][data-ready="1"]`, {
    state: 'attached',
    timeout: 60000,
  });
  await page.waitForSelector(`${LAB} [data-metric=loss][data-value]`, { state: 'attached' });
}

/** The primary arm's metric (the first in the lab), as a number. */
async function metric(page, name) {
  return Number(await page.getAttribute(`${LAB} [data-metric=${name}]`, 'data-value'));
}

for (const lang of ['hi', 'en']) {
  test(`attention (${lang}): play trains — loss falls, accuracy rises, heatmap changes`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=attention&lang=${lang}`,
    );
    try {
      await labReady(page);
      const loss0 = await metric(page, 'loss');
      const head = `${LAB} [data-heatmap^=head-] canvas`;
      const before = await pixels(page, head);
      assert.ok(before && before.ink > 50, 'the head heatmap drew');
      await trainUntil(page, 120);
      const loss1 = await metric(page, 'loss');
      const acc = await metric(page, 'accuracy');
      assert.ok(loss1 < loss0 / 2, `loss ${loss0} -> ${loss1}`);
      assert.ok(acc > 0.5, `held-out accuracy ${acc}`);
      await page.waitForTimeout(200);
      const after = await pixels(page, head);
      assert.notEqual(after.h, before.h, 'heatmap pixels changed');
      // The maths panel shows the formula with the chosen cell's numbers.
      const maths = await page.locator(`${LAB} .lab-main .katex`).first().innerText();
      assert.match(maths, /Attention/);
      const text = await page.locator(`${LAB} [data-shell]`).innerText();
      if (lang === 'hi') assert.match(text, DEVANAGARI);
      await screenshot(page, `attention-trained-${lang}`);

      // Exports: the history as CSV (one row per snapshot), the weights as JSON, charts as PNG.
      const saved = async (action) => {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.click(`${LAB} [data-action=${action}]`),
        ]);
        const chunks = [];
        for await (const c of await download.createReadStream()) chunks.push(c);
        return { name: download.suggestedFilename(), body: Buffer.concat(chunks) };
      };
      const csv = await saved('export-csv');
      const lines = csv.body.toString('utf8').trim().split(/\r?\n/);
      assert.match(lines[0], /^step,loss,accuracy,entropy/);
      assert.ok(lines.length > 10, `${lines.length} CSV lines`);
      assert.match(lines[lines.length - 1], /^\d+,\d/);
      const json = JSON.parse((await saved('export-json')).body.toString('utf8'));
      assert.equal(json.lab, 'attention');
      assert.ok(json.arms[0].tensors.length >= 4);
      const png = await saved('export-png');
      assert.match(png.name, /\.png$/);
      assert.equal(png.body.subarray(1, 4).toString(), 'PNG');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`attention (${lang}): a permalink reproduces settings and the run`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=attention&lang=${lang}`,
    );
    try {
      await labReady(page);
      let s = await session(page);
      await setField(page, 'task', 'copy');
      await reopened(page, s);
      s = await session(page);
      await setField(page, 'seed', '7');
      await reopened(page, s);
      const url = page.url();
      assert.match(url, /[?&]v=1(&|$)/);
      assert.match(url, /[?&]task=copy(&|$)/);
      assert.match(url, /[?&]seed=7(&|$)/);
      for (let i = 0; i < 3; i++) {
        const n = await steps(page);
        await page.click(`${LAB} [data-action=step]`);
        await page.waitForFunction(
          ([sel, n]) => Number(document.querySelector(sel)?.dataset.value) > n,
          [`${LAB} [data-metric=steps]`, n],
        );
      }
      const loss = await metric(page, 'loss');

      const other = await openPage(browser, url);
      try {
        await labReady(other.page);
        assert.equal(await other.page.inputValue(`${LAB} [data-key=task]`), 'copy');
        assert.equal(await other.page.inputValue(`${LAB} [data-key=seed]`), '7');
        for (let i = 0; i < 3; i++) {
          const n = await steps(other.page);
          await other.page.click(`${LAB} [data-action=step]`);
          await other.page.waitForFunction(
            ([sel, n]) => Number(document.querySelector(sel)?.dataset.value) > n,
            [`${LAB} [data-metric=steps]`, n],
          );
        }
        assert.equal(await metric(other.page, 'loss'), loss, 'same settings + seed, same losses');
        assert.deepEqual(other.errors, []);
      } finally {
        await other.context.close();
      }

      // A bad value in a link falls back to its default with a translated notice.
      const bad = await openPage(
        browser,
        url.replace('seed=7', 'seed=-3').replace('task=copy', 'task=fly'),
      );
      try {
        await labReady(bad.page);
        assert.equal(await bad.page.inputValue(`${LAB} [data-key=task]`), 'reverse');
        const notes = await bad.page.locator('.notices').innerText();
        assert.match(notes, /fly/);
        if (lang === 'hi') assert.match(notes, DEVANAGARI);
        assert.deepEqual(bad.errors, []);
      } finally {
        await bad.context.close();
      }
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`attention (${lang}): invalid and diverging learning rates explain themselves`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=attention&lang=${lang}`,
    );
    try {
      await labReady(page);
      const s0 = await session(page);
      await setField(page, 'lr', '5');
      const err = page.locator(`${LAB} [data-control=lr] .ctl-error`);
      await err.waitFor({ state: 'visible' });
      const message = await err.innerText();
      if (lang === 'hi') assert.match(message, DEVANAGARI);
      else assert.match(message, /outside the allowed range/);
      assert.match(message, /5/);
      assert.equal(await session(page), s0, 'the last good lab keeps running');
      await screenshot(page, `attention-invalid-lr-${lang}`);

      // momentum at lr 1 blows up within ~20 steps: the run pauses and says why.
      await setField(page, 'optimizer', 'momentum');
      await reopened(page, s0);
      const s1 = await session(page);
      await setField(page, 'lr', '1');
      await reopened(page, s1);
      await page.click(`${LAB} [data-action=play]`);
      await page.waitForSelector(`${LAB} [data-lab-status][data-kind=diverged]`, {
        timeout: 60000,
      });
      assert.equal(await page.getAttribute(`${LAB} [data-shell]`, 'data-playing'), '0');
      const status = await page.locator(`${LAB} [data-lab-status]`).innerText();
      if (lang === 'hi') assert.match(status, DEVANAGARI);
      else assert.match(status, /diverged/);
      // The step and the place (a tensor's name, or the loss) are named.
      assert.match(status, /\d+/);
      assert.match(status, /\bloss\b|[a-z0-9_]+\.[a-z0-9_.]+/i, status);
      assert.ok(
        Number.isFinite(await metric(page, 'loss')),
        'the restored weights give a finite loss',
      );
      await screenshot(page, `attention-diverged-${lang}`);
      // "Halve the learning rate and resume" until the run goes on (0.5 may blow up again).
      const kind = () => page.getAttribute(`${LAB} [data-lab-status]`, 'data-kind');
      let halvings = 0;
      while (halvings < 6 && (await kind()) === 'diverged') {
        await page.click(`${LAB} [data-action=halve-lr]`);
        halvings++;
        await page.waitForFunction(
          ([sel, lr]) => document.querySelector(sel)?.value === lr,
          [`${LAB} [data-key=lr]`, String(1 / 2 ** halvings)],
        );
        await page.waitForTimeout(2000);
      }
      assert.equal(await kind(), 'info', `resumed after ${halvings} halvings`);
      assert.equal(await page.getAttribute(`${LAB} [data-shell]`, 'data-playing'), '1');
      await page.click(`${LAB} [data-action=pause]`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`attention over images (${lang}): the scene, its attention map and region table`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=attention&lang=${lang}&mode=images`,
    );
    try {
      await labReady(page);
      await page.waitForSelector(`${LAB} [data-table=regions] [data-region=object]`);
      const scene0 = await pixels(
        page,
        `${LAB} [data-image=scene] canvas, ${LAB} .attn-images canvas`,
      );
      assert.ok(scene0 && scene0.ink > 100, 'the scene drew');
      await trainUntil(page, 20);
      const share = Number(
        await page.getAttribute(`${LAB} [data-region=object] [data-value]`, 'data-value'),
      );
      assert.ok(share > 0 && share <= 1, `object share ${share}`);
      const total = await page.$$eval(`${LAB} [data-table=regions] td[data-value]`, (tds) =>
        tds.reduce((a, td) => a + Number(td.dataset.value), 0),
      );
      assert.ok(Math.abs(total - 1) < 1e-3, `region shares sum to ${total}`);
      const overflowX = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth + 1,
      );
      assert.equal(overflowX, false, 'no horizontal scrolling');
      await screenshot(page, `attention-images-${lang}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`attention embedded in a 600 px iframe (${lang}): compact and trains`, async () => {
    // A host page on the app's origin (Chromium blocks about:blank from framing 127.0.0.1).
    const src = `${app.url}index.html?lab=attention&lang=${lang}&embed=1&hide=seed,export`;
    const host = `${app.url}host-page-for-test.html`;
    const { page, context, errors } = await openPage(browser, 'about:blank', {
      viewport: { width: 700, height: 700 },
    });
    try {
      await page.route(host, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><title>host</title><link rel="icon" href="data:,"><iframe title="Prayog" src="${src}" style="width:640px;height:600px;border:1px solid #ccc"></iframe>`,
        }),
      );
      await page.goto(host);
      const frame = await (await page.waitForSelector('iframe')).contentFrame();
      await frame.waitForSelector(`${LAB} [data-shell][data-ready="1"]`, { timeout: 60000 });
      assert.equal(await frame.getAttribute('html', 'data-embed'), '1');
      assert.equal(await frame.locator('.site-header').count(), 0, 'no page chrome');
      assert.equal(await frame.locator(`${LAB} [data-control=seed]`).isVisible(), false);
      assert.equal(await frame.locator(`${LAB} [data-control=export]`).isVisible(), false);
      const overflowX = await frame.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth + 1,
      );
      assert.equal(overflowX, false, 'no horizontal scrolling in the frame');
      await frame.click(`${LAB} [data-action=play]`);
      await frame.waitForFunction(
        (sel) => Number(document.querySelector(sel)?.dataset.value) >= 20,
        `${LAB} [data-metric=steps]`,
        { timeout: 60000 },
      );
      await frame.click(`${LAB} [data-action=pause]`);
      await screenshot(page, `attention-iframe-${lang}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('attention: the √d and cost experiments fill their tables; a hidden tab stops training', async () => {
  const { page, context, errors } = await openPage(
    browser,
    `${app.url}index.html?lab=attention&lang=en`,
  );
  try {
    await labReady(page);
    await page.click(`${LAB} [data-action=demo-scaling]`);
    await page.click(`${LAB} [data-action=demo-cost]`);
    await page.waitForSelector(`${LAB} [data-demo=scaling] tbody tr`);
    await page.waitForSelector(`${LAB} [data-demo=cost] tbody tr`, { timeout: 60000 });
    assert.equal(await page.locator(`${LAB} [data-demo=scaling] tbody tr`).count(), 5);
    assert.equal(await page.locator(`${LAB} [data-demo=cost] tbody tr`).count(), 6);

    // Play, then hide the tab: the page stops asking for steps; showing it resumes.
    await page.click(`${LAB} [data-action=play]`);
    await page.waitForFunction(
      (sel) => Number(document.querySelector(sel)?.dataset.value) > 5,
      `${LAB} [data-metric=steps]`,
    );
    const setHidden = (hidden) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { value: h, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setHidden(true);
    await page.waitForTimeout(300);
    const a = await steps(page);
    await page.waitForTimeout(700);
    assert.equal(await steps(page), a, 'no training while the tab is hidden');
    await setHidden(false);
    await page.waitForFunction(
      ([sel, n]) => Number(document.querySelector(sel)?.dataset.value) > n,
      [`${LAB} [data-metric=steps]`, a],
    );
    await page.click(`${LAB} [data-action=pause]`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('attention by keyboard: every control is labelled; Enter plays, arrows move the chosen cell', async () => {
  const { page, context, errors } = await openPage(
    browser,
    `${app.url}index.html?lab=attention&lang=en`,
  );
  try {
    await labReady(page);
    const unlabelled = await page.evaluate((sel) => {
      const out = [];
      for (const el of document.querySelectorAll(`${sel} button, ${sel} input, ${sel} select`)) {
        if (el.closest('[hidden]')) continue;
        const name =
          el.getAttribute('aria-label') ||
          (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent) ||
          el.closest('label')?.textContent ||
          (el.tagName === 'BUTTON' && el.textContent.trim());
        if (!name || !String(name).trim()) out.push(el.outerHTML.slice(0, 80));
      }
      return out;
    }, LAB);
    assert.deepEqual(unlabelled, []);

    await page.focus(`${LAB} [data-action=play]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (sel) => Number(document.querySelector(sel)?.dataset.value) > 3,
      `${LAB} [data-metric=steps]`,
    );
    // Focus moved to the pause button: Enter pauses.
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.dataset.playing === '0',
      `${LAB} [data-shell]`,
    );

    const note = () => page.locator(`${LAB} .lab-main .maths-note`).innerText();
    const before = await note();
    await page.focus(`${LAB} [data-heatmap^=head-] canvas`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(
      ([sel, b]) => document.querySelector(sel)?.innerText !== b,
      [`${LAB} .lab-main .maths-note`, before],
    );
    assert.notEqual(await note(), before, 'the maths follows the cell chosen by keyboard');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('attention at 360 px wide: no horizontal scrolling, controls reachable', async () => {
  const { page, context, errors } = await openPage(
    browser,
    `${app.url}index.html?lab=attention&lang=hi`,
    { viewport: { width: 360, height: 740 } },
  );
  try {
    await labReady(page);
    const overflowX = await page.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth + 1,
    );
    assert.equal(overflowX, false, 'no horizontal scrolling at 360 px');
    await page.click(`${LAB} [data-action=step]`);
    await screenshot(page, 'attention-360-hi');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
