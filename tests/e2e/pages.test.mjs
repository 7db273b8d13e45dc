// Every lab URL in Hindi and English, embed mode (also inside a WordPress-style sandboxed iframe),
// and a browser without WASM SIMD.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic } from '../../scripts/serve.mjs';
import { launch, serveDist, openPage, screenshot } from './browser.mjs';

const LABS = ['attention', 'conv1x1', 'pretrain'];
const DEVANAGARI = /[\u0900-\u097F]/;
let browser, app;

before(async () => {
  browser = await launch();
  app = await serveDist();
});
after(async () => {
  await browser?.close();
  await app?.close();
});

async function engineReady(page) {
  await page.waitForSelector('[data-metric=simd][data-value]', {
    state: 'attached',
    timeout: 30000,
  });
  return page.getAttribute('[data-metric=simd]', 'data-value');
}

/** Counts non-background pixels of the canvases inside the chart: a drawn line makes many. */
async function chartInk(page) {
  return page.evaluate(() => {
    let ink = 0;
    for (const c of document.querySelectorAll('[data-chart=gemm] canvas')) {
      const ctx = c.getContext('2d');
      if (!ctx || !c.width || !c.height) continue;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
    }
    return ink;
  });
}

for (const lab of LABS) {
  for (const lang of ['hi', 'en']) {
    test(`${lab} in ${lang}: engine with SIMD, self-benchmark chart, language`, async () => {
      const { page, context, errors } = await openPage(
        browser,
        `${app.url}index.html?lab=${lab}&lang=${lang}`,
      );
      try {
        assert.equal(await engineReady(page), '1', 'the worker loaded the module with SIMD');
        await page.waitForSelector('[data-metric=gemm-gflops][data-value]', {
          state: 'attached',
          timeout: 60000,
        });
        const gflops = Number(await page.getAttribute('[data-metric=gemm-gflops]', 'data-value'));
        assert.ok(gflops > 0.5 && gflops < 1000, `gemm GFLOP/s = ${gflops}`);
        assert.ok((await chartInk(page)) > 500, 'the benchmark chart drew');

        assert.equal(await page.getAttribute('html', 'lang'), lang);
        const current = page.locator(`[data-lab=${lab}]`);
        assert.ok(await current.isVisible(), `section ${lab} visible`);
        for (const other of LABS.filter((l) => l !== lab)) {
          assert.equal(
            await page.locator(`[data-lab=${other}]`).isVisible(),
            false,
            `${other} hidden`,
          );
        }
        const text = await current.innerText();
        assert.ok(text.trim().length > 80, 'the lab says what it will teach');
        if (lang === 'hi') {
          assert.match(text, DEVANAGARI, 'Hindi page shows Devanagari');
          const fontOk = await page.evaluate(async () => {
            await document.fonts.ready;
            return document.fonts.check('16px "Noto Sans Devanagari"', 'प्रयोग');
          });
          assert.ok(fontOk, 'the self-hosted Devanagari font loaded');
        } else {
          // The attention lab's Devanagari vocabulary (क .. ठ) is data, shown as such in English too.
          const words = text.replace(/[कखगघचछजझटठ]/g, '');
          assert.doesNotMatch(words, DEVANAGARI, 'English lab text is English');
        }
        await screenshot(page, `${lab}-${lang}`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
}

test('the language switch is live and updates the URL', async () => {
  const { page, context, errors } = await openPage(
    browser,
    `${app.url}index.html?lab=conv1x1&lang=hi`,
  );
  try {
    await engineReady(page);
    const hiText = await page.locator('[data-lab=conv1x1]').innerText();
    await page.click('[data-action=lang][data-lang=en]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const enText = await page.locator('[data-lab=conv1x1]').innerText();
    assert.notEqual(enText, hiText);
    assert.match(page.url(), /lang=en/);
    assert.match(page.url(), /lab=conv1x1/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

for (const lang of ['hi', 'en']) {
  test(`embed mode (${lang}): no chrome, compact, fits a 600 px frame`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=pretrain&lang=${lang}&embed=1`,
      { viewport: { width: 560, height: 600 } },
    );
    try {
      assert.equal(await engineReady(page), '1');
      assert.equal(await page.getAttribute('html', 'data-embed'), '1');
      assert.equal(
        (await page.locator('[data-chrome]').count()) === 0 ||
          !(await page.locator('[data-chrome]').first().isVisible()),
        true,
        'no page chrome',
      );
      assert.ok(await page.locator('[data-lab=pretrain]').isVisible());
      const overflowX = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth + 1,
      );
      assert.equal(overflowX, false, 'no horizontal scrolling');
      await screenshot(page, `embed-pretrain-${lang}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('inside a sandbox="allow-scripts" iframe (WordPress): worker starts, height is reported', async () => {
  // The host lives on another origin, like a blog embedding us.
  const host = await serveStatic(new URL('./fixtures', import.meta.url).pathname);
  try {
    const src = `${app.url}index.html?lab=attention&lang=hi&embed=1`;
    const { page, context, errors } = await openPage(
      browser,
      `${host.url}host.html?src=${encodeURIComponent(src)}&embedjs=${encodeURIComponent(`${app.url}embed.js`)}`,
    );
    try {
      const frame = page.frameLocator('iframe[data-prayog]');
      await frame
        .locator('[data-metric=simd][data-value="1"]')
        .waitFor({ state: 'attached', timeout: 30000 });
      // embed.js resized the iframe from the default 150 px to the page's reported height.
      await page.waitForFunction(
        () => document.querySelector('iframe[data-prayog]').getBoundingClientRect().height > 300,
        null,
        { timeout: 10000 },
      );
      const messages = await page.evaluate(() => window.prayogMessages);
      assert.ok(
        messages.some(
          (m) => m && m.type === 'prayog:height' && Number.isInteger(m.height) && m.height > 300,
        ),
        JSON.stringify(messages),
      );
      assert.deepEqual(
        await page.evaluate(() => window.prayogForeignResize),
        false,
        'a forged message from another window was ignored',
      );
      await screenshot(page, 'embed-sandboxed-iframe');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  } finally {
    await host.close();
  }
});

for (const lang of ['hi', 'en']) {
  test(`a browser without WASM SIMD gets a clear message (${lang})`, async () => {
    const { page, context, errors } = await openPage(
      browser,
      `${app.url}index.html?lab=attention&lang=${lang}`,
      {
        init: () => {
          WebAssembly.validate = () => false;
        },
      },
    );
    try {
      assert.equal(await engineReady(page), '0');
      assert.equal(await page.getAttribute('html', 'data-engine'), 'no-simd');
      const body = await page.locator('body').innerText();
      assert.match(body, /SIMD/);
      if (lang === 'hi') assert.match(body, DEVANAGARI);
      assert.ok(
        await page.locator('[data-lab=attention]').isVisible(),
        'the lab text is still readable',
      );
      await screenshot(page, `no-simd-${lang}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}
