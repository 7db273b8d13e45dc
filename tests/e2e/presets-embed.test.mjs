// Presets (?preset= and the settings picker) and the "Embed this" dialog, in Hindi and English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, screenshot, useBrowserAndPage } from './browser.mjs';
import { DEVANAGARI } from './lab-helpers.mjs';

const env = useBrowserAndPage();

const ready = (page, lab) =>
  page.waitForSelector(`[data-shell=${lab}][data-ready="1"]`, { timeout: 30000 });

const value = (page, lab, key) =>
  page.$eval(`#ctl-${lab}-${key}`, (el) =>
    el.type === 'checkbox' ? String(el.checked) : el.value,
  );

// One preset per lab with an explicit key over it; every key the preset names must show.
const CASES = [
  {
    lab: 'attention',
    lang: 'hi',
    preset: 'sqrt-d',
    extra: 'heads=2',
    want: { d_model: '64', scale: 'false', heads: '2', seed: '5', task: 'reverse' },
  },
  {
    lab: 'conv1x1',
    lang: 'en',
    preset: 'bottleneck',
    extra: 'k=3',
    want: { cin: '192', h: '28', k: '3', bottleneck: '16', seed: '5' },
  },
  {
    lab: 'pretrain',
    lang: 'hi',
    preset: 'relu-he',
    extra: 'lr=0.1',
    want: { activation: 'relu', init: 'he', lr: '0.1', seed: '5' },
  },
];

for (const c of CASES) {
  test(`?preset=${c.preset} (${c.lab}, ${c.lang}) sets every setting; an explicit key wins`, async () => {
    const url = `${env.app.url}index.html?lab=${c.lab}&lang=${c.lang}&preset=${c.preset}&seed=5&${c.extra}`;
    const { page, context, errors } = await openPage(env.browser, url);
    try {
      await ready(page, c.lab);
      for (const [key, want] of Object.entries(c.want))
        assert.equal(await value(page, c.lab, key), want, `${c.lab}.${key}`);
      assert.equal(await page.inputValue(`#preset-${c.lab}`), c.preset, 'the picker shows it');
      const about = await page.textContent(`#preset-${c.lab}-help`);
      if (c.lang === 'hi') assert.match(about, DEVANAGARI);
      assert.equal(await page.locator('.notices li').count(), 0, 'no notice');
      const params = new URL(page.url()).searchParams;
      assert.equal(params.get('preset'), c.preset, 'the permalink keeps the preset');
      assert.equal(params.get('seed'), '5');
      // It trains from there.
      await page.click(`[data-shell=${c.lab}] [data-action=step]`);
      await page.waitForSelector(`[data-shell=${c.lab}] [data-metric=steps][data-value="1"]`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

for (const lang of ['hi', 'en']) {
  test(`an unknown preset (${lang}): the translated notice names it and the lab's presets; defaults`, async () => {
    const { page, context, errors } = await openPage(
      env.browser,
      `${env.app.url}index.html?lab=conv1x1&lang=${lang}&preset=nope&seed=4`,
    );
    try {
      await ready(page, 'conv1x1');
      const notice = await page.locator('.notices li').first().innerText();
      assert.match(notice, /nope/);
      assert.match(notice, /explorer, bottleneck, spatial-limit/);
      if (lang === 'hi') assert.match(notice, DEVANAGARI);
      else assert.doesNotMatch(notice, DEVANAGARI);
      assert.equal(await value(page, 'conv1x1', 'cin'), '64', 'the lab default');
      assert.equal(await value(page, 'conv1x1', 'seed'), '4', 'good keys still apply');
      assert.equal(await page.inputValue('#preset-conv1x1'), '');
      assert.equal(new URL(page.url()).searchParams.get('preset'), null);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('the preset picker opens the preset (seed kept) and writes it into the permalink', async () => {
  const { page, context, errors } = await openPage(
    env.browser,
    `${env.app.url}index.html?lab=attention&lang=en&seed=11`,
  );
  try {
    await ready(page, 'attention');
    const before = await page.$eval('[data-shell=attention]', (el) => Number(el.dataset.session));
    await page.selectOption('#preset-attention', 'hard-vs-soft');
    await page.waitForFunction(
      (b) => Number(document.querySelector('[data-shell=attention]').dataset.session) > b,
      before,
    );
    await ready(page, 'attention');
    assert.equal(await value(page, 'attention', 'attention'), 'hard');
    assert.equal(await value(page, 'attention', 'seed'), '11');
    // Soft and hard arms side by side, once the new session's first snapshot has arrived.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-shell=attention] [data-arm-row]').length === 2,
    );
    await page.waitForFunction(
      () => new URL(location.href).searchParams.get('preset') === 'hard-vs-soft',
    );
    assert.match(await page.textContent('#preset-attention-help'), /side by side/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

for (const lang of ['hi', 'en']) {
  test(`the embed dialog (${lang}): custom element, iframe and permalink of the current settings`, async () => {
    const { page, context, errors } = await openPage(
      env.browser,
      `${env.app.url}index.html?lab=pretrain&lang=${lang}&preset=rbm&seed=9`,
    );
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: env.app.url.replace(/\/$/, ''),
      });
      await ready(page, 'pretrain');
      await page.click('[data-action=embed]');
      const dialog = page.locator('dialog.embed-dialog');
      await dialog.waitFor({ state: 'visible' });
      const text = await dialog.innerText();
      if (lang === 'hi') assert.match(text, DEVANAGARI);
      else assert.doesNotMatch(text, DEVANAGARI);

      const element = await page.inputValue('#embed-element');
      assert.match(
        element,
        /^<prayog-lab lab="pretrain" lang="(hi|en)" preset="rbm" height="auto" settings="[^"]*seed=9[^"]*"><\/prayog-lab>\n<script src="[^"]+\/embed\.js" async><\/script>$/,
      );
      assert.ok(element.includes(`lang="${lang}"`));
      const iframe = await page.inputValue('#embed-iframe');
      const src = iframe.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
      const p = new URL(src).searchParams;
      assert.deepEqual(
        [
          p.get('lab'),
          p.get('lang'),
          p.get('embed'),
          p.get('preset'),
          p.get('autoplay'),
          p.get('seed'),
        ],
        ['pretrain', lang, '1', 'rbm', '1', '9'],
      );
      assert.match(iframe, /height="640"/);
      assert.match(iframe, /embed\.js/);
      const link = new URL(await page.inputValue('#embed-link'));
      assert.equal(link.searchParams.get('embed'), null);
      assert.equal(link.searchParams.get('preset'), 'rbm');
      assert.equal(link.searchParams.get('pretrain'), 'rbm');
      assert.equal(await page.getAttribute('[data-preview-height]', 'data-preview-height'), '640');

      // A fixed height: both snippets carry it, the iframe loses the resizing script.
      await page.check('#embed-height-fixed');
      await page.fill('#embed-height-px', '720');
      assert.match(await page.inputValue('#embed-element'), /height="720"/);
      assert.match(await page.inputValue('#embed-iframe'), /height="720"/);
      assert.doesNotMatch(await page.inputValue('#embed-iframe'), /embed\.js/);
      assert.equal(await page.getAttribute('[data-preview-height]', 'data-preview-height'), '720');
      // A bad height is explained in the dialog's language; the snippets keep the last good one.
      await page.fill('#embed-height-px', '20');
      const err = dialog.locator('.embed-options .ctl-error');
      await err.waitFor({ state: 'visible' });
      assert.match(await err.innerText(), /100/);
      if (lang === 'hi') assert.match(await err.innerText(), DEVANAGARI);
      assert.match(await page.inputValue('#embed-element'), /height="720"/);
      // No autoplay.
      await page.uncheck('#embed-autoplay');
      assert.match(await page.inputValue('#embed-element'), /autoplay="off"/);
      assert.doesNotMatch(await page.inputValue('#embed-iframe'), /autoplay=1/);

      await page.click('[data-action=copy-embed-element]');
      await page.waitForFunction(() =>
        document.querySelector('[data-snippet=embed-element] .copy-feedback').textContent.trim(),
      );
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, await page.inputValue('#embed-element'));
      await screenshot(page, `embed-dialog-${lang}`);
      await page.click('[data-action=close-embed]');
      assert.equal(await dialog.isVisible(), false);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}
