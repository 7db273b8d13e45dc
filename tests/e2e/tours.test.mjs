// The guided tours in Hindi and English: every step of every lab's tour runs on the default seed
// and the engine's verdict is the claimed one ("shown"); the tour time is printed per lab. A
// deep link (?tour=<lab>&step=N) opens and runs that step, also embedded; arrows move between
// steps; the verdict sits in an aria-live region.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, screenshot, useBrowserAndPage } from './browser.mjs';
import { DEVANAGARI } from './lab-helpers.mjs';

const LABS = ['attention', 'conv1x1', 'pretrain'];
const env = useBrowserAndPage();

const tourSel = (lab) => `[data-tour=${lab}]`;

/** Runs the shown step and waits for its verdict; returns {shown, text, ms}. */
async function runStep(page, lab) {
  const t0 = Date.now();
  await page.click(`${tourSel(lab)} [data-action=tour-run]`);
  await page.waitForSelector(`${tourSel(lab)}[data-phase=done] [data-verdict][data-shown]`, {
    timeout: 30000,
  });
  const ms = Date.now() - t0;
  const shown = await page.getAttribute(`${tourSel(lab)} [data-verdict]`, 'data-shown');
  const text = await page.innerText(`${tourSel(lab)} [data-verdict]`);
  return { shown: shown === '1', text, ms };
}

for (const [i, lab] of LABS.entries()) {
  // Hindi for one lab in two, English for the others, and each lab in the other language too.
  for (const lang of i % 2 === 0 ? ['hi', 'en'] : ['en', 'hi']) {
    test(`${lab} tour (${lang}): every step's verdict is the claimed one`, async () => {
      const { page, context, errors } = await openPage(
        env.browser,
        `${env.app.url}index.html?lab=${lab}&lang=${lang}`,
      );
      try {
        await page.waitForSelector(`[data-shell=${lab}][data-ready="1"]`, { timeout: 30000 });
        await page.click(`${tourSel(lab)} > summary`);
        const count = await page.locator(`${tourSel(lab)} [data-tour-step]`).count();
        assert.ok(count >= 4, `${lab}: ${count} steps`);
        const times = [];
        for (let n = 1; n <= count; n++) {
          await page.click(`${tourSel(lab)} [data-tour-step="${n}"]`);
          const id = await page.getAttribute(tourSel(lab), 'data-step-id');
          const body = await page.innerText(`${tourSel(lab)} .tour-body`);
          if (lang === 'hi') assert.match(body, DEVANAGARI, `${lab}/${id} in Hindi`);
          else assert.doesNotMatch(body, DEVANAGARI, `${lab}/${id} in English`);
          const v = await runStep(page, lab);
          times.push(`${id} ${(v.ms / 1000).toFixed(1)} s`);
          assert.ok(v.shown, `${lab}/${id}: ${v.text}`);
          assert.match(v.text, /\d/, `${lab}/${id}: the verdict shows its numbers`);
          if (lang === 'hi') assert.match(v.text, /साबित हुआ/);
          else assert.match(v.text, /Shown/);
          assert.equal(
            new URL(page.url()).searchParams.get('step'),
            String(n),
            'the permalink follows the step',
          );
          if (n === 2) await screenshot(page, `tour-${lab}-${lang}`, { fullPage: false });
        }
        const total = times.reduce((sum, t) => sum + Number(t.split(' ')[1]), 0);
        console.log(`${lab} tour (${lang}): ${total.toFixed(1)} s — ${times.join(', ')}`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
}

test('deep link ?tour=&step= runs that step, embedded; arrows move; the verdict is announced', async () => {
  const { page, context, errors } = await openPage(
    env.browser,
    `${env.app.url}index.html?tour=conv1x1&step=3&lang=hi&embed=1`,
  );
  try {
    const tour = tourSel('conv1x1');
    await page.waitForSelector(`${tour}[data-phase=done] [data-verdict][data-shown="1"]`, {
      timeout: 30000,
    });
    assert.equal(await page.getAttribute(tour, 'data-step'), '3');
    assert.equal(await page.getAttribute(`${tour} [data-verdict]`, 'aria-live'), 'polite');
    await page.focus(`${tour} [data-tour-step="3"]`);
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute(tour, 'data-step'), '4');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getAttribute(tour, 'data-step'), '2');
    assert.equal(new URL(page.url()).searchParams.get('step'), '2');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a bad tour link is explained and opens no tour step', async () => {
  const { page, context, errors } = await openPage(
    env.browser,
    `${env.app.url}index.html?tour=nope&step=x&lang=en`,
  );
  try {
    await page.waitForSelector('[data-shell=attention][data-ready="1"]', { timeout: 30000 });
    const notices = await page.locator('.notices li').allInnerTexts();
    assert.ok(
      notices.some((t) => /tour=“nope”/.test(t)),
      notices.join(' | '),
    );
    assert.ok(
      notices.some((t) => /step=“x”/.test(t)),
      notices.join(' | '),
    );
    assert.equal(await page.locator(`${tourSel('attention')}[open]`).count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
