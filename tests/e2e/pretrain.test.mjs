// The greedy layer-wise pretraining lab in headless Chromium, in Hindi and English: both arms train
// side by side, the stage timeline advances (locks on frozen layers), the curves, reconstructions,
// feature tiles and per-layer gradient norms draw, the comparison table and the maths fill in, the
// default setting shows the seed's claim (greedy ahead of random init on held-out glyphs), bad
// values explain themselves in the page's language, and the page works at 360 px.
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

const LAB = '[data-lab=pretrain]';
const { steps, session, setField } = labTools(LAB);
// The pause draws the latest views; give the last answer time to arrive.
const trainUntil = (page, n, timeout = 120000) =>
  labTools(LAB).trainUntil(page, n, { timeout, settle: 400 });

async function labReady(page) {
  await page.waitForSelector(`${LAB} [data-shell][data-ready="1"]`, {
    state: 'attached',
    timeout: 60000,
  });
  await page.waitForSelector(`${LAB} [data-metric=loss][data-arm=greedy][data-value]`, {
    state: 'attached',
  });
  await page.waitForSelector(`${LAB} [data-timeline=greedy] li[data-current]`, {
    state: 'attached',
  });
}

async function metric(page, name, arm) {
  return Number(
    await page.getAttribute(`${LAB} [data-metric=${name}][data-arm=${arm}]`, 'data-value'),
  );
}

async function currentStage(page, arm) {
  return Number(
    await page.getAttribute(`${LAB} [data-timeline=${arm}] li[data-current]`, 'data-stage'),
  );
}

/** Coloured (non-grey) pixels of a chart canvas: the curves, not the axes and grid. */
async function curvePixels(page, selector) {
  return page.evaluate((sel) => {
    const c = document.querySelector(sel);
    if (!c || !c.width) return 0;
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
    }
    return n;
  }, selector);
}

const comparison = (page) =>
  page.$$eval(`${LAB} [data-table=comparison] tbody tr`, (rows) =>
    Object.fromEntries(
      rows.map((r) => [
        r.dataset.row,
        Object.fromEntries(
          [...r.querySelectorAll('td')].map((td) => [
            td.dataset.arm,
            td.dataset.value === undefined ? td.textContent : Number(td.dataset.value),
          ]),
        ),
      ]),
    ),
  );

for (const lang of ['hi', 'en']) {
  test(`pretrain (${lang}): both arms train, the stages advance, every view draws`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=pretrain&lang=${lang}`,
    );
    try {
      await labReady(page);
      // Both arms in the strip, greedy (the primary arm) first.
      for (const arm of ['greedy', 'random'])
        for (const m of ['loss', 'test_accuracy', 'accuracy'])
          assert.ok(Number.isFinite(await metric(page, m, arm)), `${arm} ${m}`);
      assert.equal(await page.getAttribute(`${LAB} [data-metric=loss]`, 'data-arm'), 'greedy');

      // The timeline: pretrain L1..L4, head, fine-tune; a lock on layer 1 while L2 pretrains.
      const kinds = await page.$$eval(`${LAB} [data-timeline=greedy] li`, (lis) =>
        lis.map((li) => li.dataset.kind),
      );
      assert.deepEqual(kinds, ['pretrain', 'pretrain', 'pretrain', 'pretrain', 'head', 'finetune']);
      const l2 = `${LAB} [data-timeline=greedy] li[data-stage="1"]`;
      assert.equal(await page.getAttribute(`${l2} [data-layer="1"]`, 'data-frozen'), '1');
      assert.equal(await page.getAttribute(`${l2} [data-layer="2"]`, 'data-frozen'), '0');
      assert.equal(await page.locator(`${l2} [data-layer="1"] svg`).count(), 1, 'lock icon');
      assert.equal(await currentStage(page, 'greedy'), 0);
      assert.equal(await currentStage(page, 'random'), 0);

      const recon0 = await pixels(page, `${LAB} [data-image=reconstructions] canvas`);
      assert.ok(recon0 && recon0.ink > 500, 'the held-out glyphs drew');

      await page.selectOption(`${LAB} [data-action=speed]`, '20');
      await trainUntil(page, 1100);
      assert.ok((await currentStage(page, 'greedy')) >= 2, 'greedy moved past stage 1');
      assert.equal(await currentStage(page, 'random'), 0, 'random has one stage');
      const now = await page.locator(`${LAB} .pre-now`).innerText();
      assert.match(now, /3/, 'the line says which layer learns');

      // Curves: loss of both arms, accuracy, per-layer gradient norms of each arm.
      for (const chart of ['loss', 'accuracy', 'grad-greedy', 'grad-random']) {
        const n = await curvePixels(page, `${LAB} [data-chart=${chart}] canvas`);
        assert.ok(n > 150, `${chart}: ${n} curve pixels`);
      }
      const legend = await page.locator(`${LAB} [data-chart=grad-random] .u-legend`).innerText();
      assert.match(legend, /1/);
      // Reconstructions of the stage being pretrained, layer-1 tiles of both arms.
      assert.equal(await page.getAttribute(`${LAB} [data-recon]`, 'data-rows'), '8');
      const recon1 = await pixels(page, `${LAB} [data-image=reconstructions] canvas`);
      assert.notEqual(recon1.h, recon0.h, 'reconstructions drew');
      for (const arm of ['greedy', 'random']) {
        const tiles = await pixels(page, `${LAB} [data-tiles=features-${arm}] canvas`);
        assert.ok(tiles && tiles.ink > 2000, `${arm} feature tiles`);
      }
      // The comparison table, with measured cells for both arms.
      const table = await comparison(page);
      for (const arm of ['greedy', 'random']) {
        const acc = table.test_accuracy[arm];
        assert.ok(acc >= 0 && acc <= 1, `${arm} test accuracy ${acc}`);
        assert.ok(table.time[arm] > 0, `${arm} time`);
        assert.ok(Number.isFinite(table.steps_to_target[arm]));
      }
      // The random arm's vanishing gradient: layer 1 gets far less than the head.
      assert.ok(table.grad_ratio.random < 0.1, `random ratio ${table.grad_ratio.random}`);

      // The maths of one unit: sigmoid of a weighted sum, then the head (linear).
      const maths = `${LAB} [data-maths=unit]`;
      assert.match(await page.locator(`${maths} .katex`).first().innerText(), /σ/);
      await page.selectOption(`${LAB} [data-action=unit-layer]`, '4');
      await page.waitForFunction(
        (sel) => /id|10/.test(document.querySelector(sel)?.textContent ?? ''),
        `${maths} .maths-note`,
      );
      const note = await page.locator(`${maths} .maths-note`).innerText();
      if (lang === 'hi') assert.match(note, DEVANAGARI);
      else assert.match(note, /head is linear/);

      const text = await page.locator(`${LAB}`).innerText();
      if (lang === 'hi') assert.match(text, DEVANAGARI);
      await screenshot(page, `pretrain-trained-${lang}`);

      // Exports: both arms' history as CSV, the charts (incl. gradient norms) as PNG.
      const saved = async (action) => {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.click(`${LAB} [data-action=${action}]`),
        ]);
        const chunks = [];
        for await (const c of await download.createReadStream()) chunks.push(c);
        return { name: download.suggestedFilename(), body: Buffer.concat(chunks) };
      };
      const csv = (await saved('export-csv')).body.toString('utf8').trim().split(/\r?\n/);
      assert.match(csv[0], /^step,greedy_loss,greedy_test_accuracy,greedy_accuracy,random_loss/);
      assert.ok(csv.length > 10, `${csv.length} CSV lines`);
      const png = await saved('export-png');
      assert.equal(png.body.subarray(1, 4).toString(), 'PNG');
      await page.click(`${LAB} [data-control=glossary] summary`);
      assert.match(await page.locator(`${LAB} [data-control=glossary]`).innerText(), /Autoencoder/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`pretrain (${lang}): the default setting shows the seed's claim`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=pretrain&lang=${lang}`,
    );
    try {
      await labReady(page);
      await page.selectOption(`${LAB} [data-action=speed]`, '50');
      // The default budget: (4 + 3) x 500 updates per arm.
      await trainUntil(page, 3500, 240000);
      assert.equal(await currentStage(page, 'greedy'), 5, 'fine-tuning');
      const greedy = await metric(page, 'test_accuracy', 'greedy');
      const random = await metric(page, 'test_accuracy', 'random');
      assert.ok(greedy >= random + 0.05, `greedy ${greedy} vs random ${random}`);
      assert.ok(greedy > 0.8, `greedy ${greedy}`);
      const table = await comparison(page);
      assert.ok(table.steps_to_target.greedy > 0, 'greedy reached the target loss');
      assert.equal(table.steps_to_target.random, -1, 'random did not');
      await screenshot(page, `pretrain-budget-${lang}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`pretrain (${lang}): bad values get the translated message, the last run stays`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=pretrain&lang=${lang}`,
    );
    try {
      await labReady(page);
      const s0 = await session(page);
      await setField(page, 'lr', '50');
      const err = page.locator(`${LAB} [data-control=lr] .ctl-error`);
      await err.waitFor({ state: 'visible' });
      const message = await err.innerText();
      if (lang === 'hi') assert.match(message, DEVANAGARI);
      else assert.match(message, /outside the allowed range/);
      assert.match(message, /50/);
      await setField(page, 'lr', '0.3');
      await err.waitFor({ state: 'hidden' });

      // Width 8 at depth 4: the deepest layer would have 1 unit (the schema's cross-field rule).
      await setField(page, 'width', '8');
      const status = page.locator(`${LAB} [data-lab-status]`);
      await page.waitForFunction(
        (sel) => /8/.test(document.querySelector(sel)?.textContent ?? ''),
        `${LAB} [data-lab-status]`,
        { timeout: 30000 },
      );
      const narrow = await status.innerText();
      if (lang === 'hi') assert.match(narrow, DEVANAGARI);
      else assert.match(narrow, /fewer than 2 units/);
      assert.equal(await session(page), s0, 'the last good lab keeps running');
      await screenshot(page, `pretrain-invalid-${lang}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`pretrain (${lang}): a diverging run pauses, says why, and resumes at a lower rate`, async () => {
    // ReLU + He init + momentum at lr 1 blows up within ~50 steps (the core's learning test).
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=pretrain&lang=${lang}&v=1&activation=relu&init=he&optimizer=momentum&lr=1`,
    );
    try {
      await labReady(page);
      await page.selectOption(`${LAB} [data-action=speed]`, '20');
      await page.click(`${LAB} [data-action=play]`);
      await page.waitForSelector(`${LAB} [data-lab-status][data-kind=diverged]`, {
        timeout: 60000,
      });
      const status = await page.locator(`${LAB} [data-lab-status]`).innerText();
      if (lang === 'hi') assert.match(status, DEVANAGARI);
      else assert.match(status, /diverged/);
      // The step and the place (a tensor's name, or the loss) are named.
      assert.match(status, /\d+/);
      assert.match(status, /\bloss\b|[a-z0-9_]+\.[a-z0-9_.]+/i, status);
      const kind = () => page.getAttribute(`${LAB} [data-lab-status]`, 'data-kind');
      // Halved once, the run may go on for a while and diverge again (it rolls back to its
      // checkpoint): judge each rate by the steps it survives, not by wall time, which a loaded
      // machine stretches.
      const lrs = [];
      let resumed = false;
      for (let i = 0; i < 8 && !resumed; i++) {
        await page.click(`${LAB} [data-action=halve-lr]`);
        await page.waitForFunction(
          (sel) => document.querySelector(sel)?.dataset.kind === 'info',
          `${LAB} [data-lab-status]`,
          { timeout: 30000 },
        );
        lrs.push(await page.inputValue(`${LAB} [data-control=lr] [data-key=lr]`));
        const from = await steps(page);
        await page.waitForFunction(
          ([st, sel, n]) =>
            document.querySelector(st)?.dataset.kind === 'diverged' ||
            Number(document.querySelector(sel)?.dataset.value) > n + 300,
          [`${LAB} [data-lab-status]`, `${LAB} [data-metric=steps]`, from],
          { timeout: 60000 },
        );
        resumed = (await kind()) !== 'diverged';
      }
      assert.ok(resumed, `resumed (learning rates tried: ${lrs.join(', ')})`);
      console.log(`pretrain diverging run (${lang}): resumed at lr ${lrs.join(' → ')}`);
      assert.equal(await kind(), 'info', 'the halved rate is shown');
      for (const arm of ['greedy', 'random'])
        assert.ok(Number.isFinite(await metric(page, 'loss', arm)), `${arm} loss finite`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test(`pretrain (${lang}): 360 px wide, no sideways scrolling`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=pretrain&lang=${lang}`,
      { viewport: { width: 360, height: 800 } },
    );
    try {
      await labReady(page);
      await page.selectOption(`${LAB} [data-action=speed]`, '20');
      await trainUntil(page, 700);
      assert.ok((await currentStage(page, 'greedy')) >= 1);
      const overflowX = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth + 1,
      );
      assert.equal(overflowX, false, 'no horizontal scrolling');
      await screenshot(page, `pretrain-360-${lang}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}
