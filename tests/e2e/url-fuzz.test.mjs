// The whole page under generated hostile URLs (tests/url-fuzz.mjs) and random reader actions.
// Per lab: a few dozen real page loads, then 1,000 URLs through back/forward (the same strict
// parse as a load, without reloading the engine each time), with play/pause/step/reset, lab and
// language switches and hostile values typed into the settings at random in between. Always: no
// uncaught error or console error, the engine never stops, every bad part of a URL is answered
// by its translated notice, and the lab runs either the URL's valid settings or, when the engine
// refused the combination (with a translated message), the last good ones.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, useBrowserAndPage } from './browser.mjs';
import { DEVANAGARI } from './lab-helpers.mjs';
import { loadEngine } from '../../wasm/api.js';
import { engineFactory, importTs } from '../js/helpers.mjs';
import { LABS, accepts, hostileUrl, rng } from '../url-fuzz.mjs';

// npm test runs a sample (each back/forward URL re-opens a lab: 0.3-0.6 s); the full 1,000 a lab
// run with PRAYOG_URL_FUZZ_URLS=1000 (about 15 min). The parsers alone get 20,000 a lab in tests/js.
const LOADS = Number(process.env.PRAYOG_URL_FUZZ_LOADS ?? 15);
const BACK_FORWARD = Number(process.env.PRAYOG_URL_FUZZ_URLS ?? 150);

const env = useBrowserAndPage();
let schemas;
let presets;

before(async () => {
  const { factory, wasmBinary } = engineFactory();
  const engine = await loadEngine(factory, { wasmBinary });
  schemas = new Map(engine.schemas().map((s) => [s.lab, s]));
  const { presetNames } = await importTs('web/src/presets.ts');
  presets = Object.fromEntries(LABS.map((lab) => [lab, presetNames(lab)]));
});

const shellSel = (lab) => `[data-lab=${lab}] [data-shell]`;

/**
 * In the page, in one round trip: what it shows (notices, the settings' inputs, the session, the
 * lab's status box), then, given `search`, that URL pushed and popped as back/forward does, and
 * what it shows once the lab has opened it (or refused it).
 */
async function visit(page, lab, search = null) {
  return page.evaluate(
    async ({ lab, search }) => {
      const root = document.querySelector(`[data-lab=${lab}] [data-shell]`);
      const observe = () => {
        const inputs = {};
        for (const el of root.querySelectorAll('[data-control] [data-key]')) {
          if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) continue;
          inputs[el.dataset.key] = el.type === 'checkbox' ? el.checked : el.value;
        }
        const status = root.querySelector('[data-error]');
        return {
          lang: document.documentElement.lang,
          engine: document.documentElement.dataset.engine,
          session: Number(root.dataset.session ?? -1),
          opening: root.dataset.opening ?? null,
          notices: [...document.querySelectorAll('[data-notice]')].map((li) => ({
            key: li.dataset.notice,
            text: li.textContent,
          })),
          status: status ? { key: status.dataset.error, text: status.textContent } : null,
          inputs,
        };
      };
      const before = observe();
      if (search === null) return { before, seen: before };
      history.pushState(null, '', search);
      dispatchEvent(new PopStateEvent('popstate'));
      const t0 = performance.now();
      while (root.dataset.opening !== undefined && performance.now() - t0 < 30000)
        await new Promise((resolve) => setTimeout(resolve, 2));
      return { before, seen: observe() };
    },
    { lab, search },
  );
}

function sameSettings(schema, inputs, values) {
  return schema.fields.every((f) => {
    const shown = inputs[f.key];
    if (f.type === 'bool') return shown === values[f.key];
    if (f.type === 'choice') return shown === values[f.key];
    return Number(shown) === Number(values[f.key]);
  });
}

function checkTranslated(text, lang, what) {
  assert.ok(text.trim().length > 0, `${what}: empty`);
  assert.doesNotMatch(text, /\{[a-z0-9_]+\}/i, `${what}: a placeholder left open: ${text}`);
  assert.doesNotMatch(text, /\b(notice|error|field)\.[a-z_]+/, `${what}: a raw key: ${text}`);
  if (lang === 'hi') assert.match(text, DEVANAGARI, `${what}: not Hindi: ${text}`);
}

/** After a URL: its notices, then the settings that run (the URL's, or the last good ones). */
function checkUrl(schema, url, seen, before, where) {
  const keys = new Set(seen.notices.map((n) => n.key));
  for (const k of url.notices)
    assert.ok(keys.has(k), `${where}: ${k} missing for ${url.search.slice(0, 160)}`);
  for (const n of seen.notices) checkTranslated(n.text, seen.lang, `${where} notice ${n.key}`);
  assert.equal(seen.engine, 'ready', `${where}: engine ${seen.engine}`);
  assert.equal(seen.opening, null, `${where}: still opening`);
  for (const f of schema.fields) {
    const v = seen.inputs[f.key];
    assert.ok(accepts(f, String(v)), `${where}: the input ${f.key} shows ${v}, not a valid value`);
  }
  if (!url.values) return 'preset';
  if (sameSettings(schema, seen.inputs, url.values)) return 'opened';
  // Refused by the engine (a cross-field rule or the memory budget): said, and nothing changed.
  assert.ok(seen.status, `${where}: settings differ from the URL and no message says why`);
  checkTranslated(seen.status.text, seen.lang, `${where} status ${seen.status.key}`);
  // The inputs show what runs again: a reader's refused draft (a field error) is dropped.
  for (const f of schema.fields) {
    if (!accepts(f, String(before.inputs[f.key]))) continue;
    assert.equal(
      seen.inputs[f.key],
      before.inputs[f.key],
      `${where}: the last good ${f.key} is kept`,
    );
  }
  assert.equal(seen.session, before.session, `${where}: the running session is kept`);
  return 'refused';
}

async function settle(page, lab) {
  await page.waitForFunction(
    (sel) => !document.querySelector(sel)?.dataset.opening,
    shellSel(lab),
    {
      timeout: 30000,
    },
  );
}

// A random reader action between two URLs.
async function act(page, r, lab, schema) {
  const root = `[data-lab=${lab}]`;
  const visible = async (sel) => (await page.$(sel)) !== null && (await page.isVisible(sel));
  switch (r.int(7)) {
    case 0:
      if (await visible(`${root} [data-action=play]`))
        await page.click(`${root} [data-action=play]`);
      await page.waitForTimeout(r.int(150));
      return 'play';
    case 1:
      if (await visible(`${root} [data-action=pause]`))
        await page.click(`${root} [data-action=pause]`);
      return 'pause';
    case 2:
      await page.click(`${root} [data-action=step]`);
      return 'step';
    case 3:
      await page.click(`${root} [data-action=reset]`);
      return 'reset';
    case 4: {
      const other = r.pick(LABS.filter((l) => l !== lab));
      await page.click(`[data-nav-lab=${other}]`);
      await page.waitForTimeout(r.int(100));
      return 'switch-lab';
    }
    case 5: {
      const lang = r.pick(['hi', 'en']);
      await page.click(`[data-action=lang][data-lang=${lang}]`);
      return 'switch-lang';
    }
    default: {
      // A hostile value typed into a text setting: refused with a translated field error, or run.
      const fields = schema.fields.filter((f) => f.type === 'int' || f.type === 'float');
      const f = r.pick(fields);
      const sel = `${root} [data-control=${f.key}] [data-key=${f.key}]`;
      if (!(await visible(sel))) return 'type-hidden';
      const text = r.pick([
        '-1',
        '1e309',
        'NaN',
        '१२',
        '0x10',
        ' ',
        '9'.repeat(40),
        String(f.max),
        String(f.min),
      ]);
      await page.fill(sel, text);
      await page.press(sel, 'Enter');
      await settle(page, lab);
      if (!accepts(f, text)) {
        const err = `${root} [data-control=${f.key}] .ctl-error`;
        await page.waitForSelector(err, { state: 'visible', timeout: 5000 });
        const lang = await page.getAttribute('html', 'lang');
        checkTranslated(await page.textContent(err), lang, `field error ${f.key}=${text}`);
      }
      return 'type';
    }
  }
}

for (const lab of LABS) {
  test(`${lab}: ${LOADS} hostile page loads, then ${BACK_FORWARD} URLs by back/forward with random actions`, async () => {
    const schema = schemas.get(lab);
    const r = rng(0xf022 + LABS.indexOf(lab));
    const { page, context, errors } = await openPage(env.browser, `${env.app.url}?lab=${lab}`);
    const tally = { loads: 0, urls: 0, opened: 0, refused: 0, preset: 0, actions: {} };
    try {
      await page.waitForSelector(`${shellSel(lab)}[data-ready="1"]`, {
        state: 'attached',
        timeout: 60000,
      });
      for (let i = 0; i < LOADS; i++) {
        // A server refuses a request line longer than its limit (node's: 16 KB of headers, 431)
        // before the page runs: page loads stay under 12 KB, back/forward takes any length.
        let url = hostileUrl(r, lab, schema, presets);
        while (url.search.length > 12000) url = hostileUrl(r, lab, schema, presets);
        await page.goto(`${env.app.url}${url.search}`);
        await page.waitForSelector(`${shellSel(lab)}[data-ready="1"]`, {
          state: 'attached',
          timeout: 60000,
        });
        await settle(page, lab);
        const { seen } = await visit(page, lab);
        // A load has no "before": a refused URL falls back to the defaults (with its message).
        const kind = checkUrl(schema, url, seen, seen, `load ${i}`);
        tally.loads++;
        tally[kind]++;
      }
      for (let i = 0; i < BACK_FORWARD; i++) {
        const url = hostileUrl(r, lab, schema, presets);
        const { before, seen } = await visit(page, lab, url.search);
        const kind = checkUrl(schema, url, seen, before, `url ${i}`);
        tally.urls++;
        tally[kind]++;
        if (r.chance(0.3)) {
          const a = await act(page, r, lab, schema);
          tally.actions[a] = (tally.actions[a] ?? 0) + 1;
        }
        if (errors.some((e) => !/net::ERR_ABORTED$/.test(e))) break;
      }
      // A new page load aborts the last one's font and icon requests: that is the browser, not us.
      assert.deepEqual(
        errors.filter((e) => !/^requestfailed: .* net::ERR_ABORTED$/.test(e)),
        [],
      );
      // Still alive and training at the end.
      await page.evaluate((search) => {
        history.pushState(null, '', search);
        dispatchEvent(new PopStateEvent('popstate'));
      }, `?lab=${lab}&lang=en`);
      await settle(page, lab);
      const { steps } = await page.evaluate(
        (sel) => ({ steps: Number(document.querySelector(sel)?.dataset.value ?? 0) }),
        `[data-lab=${lab}] [data-metric=steps]`,
      );
      await page.click(`[data-lab=${lab}] [data-action=step]`);
      await page.waitForFunction(
        ([sel, n]) => Number(document.querySelector(sel)?.dataset.value) !== n,
        [`[data-lab=${lab}] [data-metric=steps]`, steps],
        { timeout: 30000 },
      );
      assert.ok(tally.refused + tally.opened > BACK_FORWARD / 2, JSON.stringify(tally));
      console.log(`${lab}: ${JSON.stringify(tally)}`);
    } finally {
      await context.close();
    }
  });
}
