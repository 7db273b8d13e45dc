// <prayog-lab> from web/public/embed.js on a host page of another origin with a strict CSP
// (tests/e2e/fixtures/element.html): the iframe it builds, the URL it writes, its warnings, the
// height protocol, attribute changes, and browsers without custom elements. Only what embed.js
// does is checked here, not what the page inside the frame makes of its parameters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveStatic } from '../../scripts/serve.mjs';
import { launch, serveDist, openPage, screenshot } from './browser.mjs';

const SANDBOX = 'allow-scripts allow-popups allow-popups-to-escape-sandbox';
let browser, app, host;

before(async () => {
  browser = await launch();
  app = await serveDist();
  host = await serveStatic(new URL('./fixtures', import.meta.url).pathname);
});
after(async () => {
  await browser?.close();
  await app?.close();
  await host?.close();
});

/** Opens the fixture with elements `els` (and `late` ones) and waits until embed.js ran. */
async function openHost({ els = [], late, far = true, ...rest } = {}) {
  const q = new URLSearchParams({ embedjs: `${app.url}embed.js`, els: JSON.stringify(els) });
  if (late) q.set('late', JSON.stringify(late));
  if (far) q.set('far', '1');
  for (const [k, v] of Object.entries(rest)) q.set(k, v);
  const opened = await openPage(browser, `${host.url}element.html?${q}`);
  await opened.page.waitForFunction(() => window.prayogLoaded === true);
  return opened;
}

/** What embed.js built inside every <prayog-lab>. */
function labs(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('prayog-lab')].map((el) => {
      const frames = el.querySelectorAll('iframe');
      const f = frames[0];
      const attrs = f ? Object.fromEntries([...f.attributes].map((a) => [a.name, a.value])) : null;
      return {
        display: el.style.display,
        children: el.children.length,
        frames: frames.length,
        attrs,
        style: f && {
          border: getComputedStyle(f).borderTopWidth,
          display: f.style.display,
          width: f.style.width,
          maxWidth: f.style.maxWidth,
          height: f.style.height,
        },
      };
    }),
  );
}

/** The frame URL without its query, and its query as [name, value] pairs in order. */
function parsed(src) {
  const url = new URL(src);
  return { page: url.origin + url.pathname, hash: url.hash, params: [...url.searchParams] };
}

const warnings = (page) => page.evaluate(() => window.prayogWarnings);

test('one sandboxed, lazy, no-referrer iframe per element, titled in the embed language', async () => {
  const cases = [
    [{ lab: 'attention', lang: 'hi' }, 'प्रयोग Lab: Attention'],
    [{ lab: 'conv1x1', lang: 'hi' }, 'प्रयोग Lab: 1x1 Convolution'],
    [{ lab: 'pretrain', lang: 'hi' }, 'प्रयोग Lab: Layer-Wise Pre-Training'],
    [{ lab: 'attention', lang: 'en' }, 'Prayog lab: Attention'],
    [{ lab: 'conv1x1', lang: 'en' }, 'Prayog lab: 1x1 convolution'],
    [{ lab: 'pretrain', lang: 'en' }, 'Prayog lab: Layer-wise pre-training'],
    [{}, 'प्रयोग Lab: Attention'],
    [{ lab: 'conv1x1' }, 'प्रयोग Lab: 1x1 Convolution'],
    [{ lab: 'xyz' }, 'प्रयोग (Prayog)'],
    [{ lab: 'xyz', lang: 'en' }, 'Prayog'],
    [{ lab: 'pretrain', lang: 'EN' }, 'प्रयोग Lab: Layer-Wise Pre-Training'],
  ];
  const { page, context, errors } = await openHost({ els: cases.map(([attrs]) => attrs) });
  try {
    const built = await labs(page);
    assert.equal(built.length, cases.length);
    built.forEach((lab, i) => {
      const [attrs, title] = cases[i];
      const what = JSON.stringify(attrs);
      assert.equal(lab.display, 'block', what);
      assert.equal(lab.children, 1, what);
      assert.equal(lab.frames, 1, what);
      // style is there too, written through CSSOM (a style="" attribute set by a script would
      // have been refused by the host's CSP, a console error).
      const { src, style, ...others } = lab.attrs;
      assert.equal(typeof style, 'string', what);
      assert.deepEqual(
        others,
        {
          sandbox: SANDBOX,
          loading: 'lazy',
          referrerpolicy: 'no-referrer',
          width: '100%',
          'data-prayog': '',
          title,
        },
        what,
      );
      assert.deepEqual(
        lab.style,
        { border: '0px', display: 'block', width: '100%', maxWidth: '100%', height: '640px' },
        what,
      );
      // By default the frame is the index.html beside embed.js.
      assert.deepEqual(
        parsed(src),
        {
          page: `${app.url}index.html`,
          hash: '',
          params: [
            ['lab', attrs.lab ?? 'attention'],
            ['lang', attrs.lang ?? 'hi'],
            ['embed', '1'],
            ['autoplay', '1'],
          ],
        },
        what,
      );
    });
    assert.deepEqual(await warnings(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('whitelisted attributes become URL parameters in order; unknown ones warn once', async () => {
  const full = {
    id: 'full',
    class: 'lab',
    title: 'host title',
    'data-x': '1',
    'aria-label': 'a lab',
    role: 'region',
    settings: '?v=1&seed=7&task=sort',
    step: '2',
    tour: 'conv1x1',
    autoplay: 'off',
    hide: 'seed,lr',
    preset: 'bottleneck',
    lang: 'en',
    lab: 'conv1x1',
    foo: 'bar',
    colour: 'red',
  };
  const { page, context, errors } = await openHost({
    els: [full, { foo: 'baz' }],
    late: [{ foo: 'qux', lab: 'pretrain' }],
  });
  try {
    const built = await labs(page);
    assert.deepEqual(parsed(built[0].attrs.src).params, [
      ['lab', 'conv1x1'],
      ['lang', 'en'],
      ['embed', '1'],
      ['preset', 'bottleneck'],
      ['hide', 'seed,lr'],
      ['autoplay', '0'],
      ['tour', 'conv1x1'],
      ['step', '2'],
      ['v', '1'],
      ['seed', '7'],
      ['task', 'sort'],
    ]);
    assert.equal(built[0].attrs.title, 'Prayog lab: 1x1 convolution');
    for (const lab of built) {
      assert.equal(lab.frames, 1);
      assert.doesNotMatch(lab.attrs.src, /foo|bar|baz|qux|colour|red/);
    }
    assert.deepEqual(parsed(built[2].attrs.src).params, [
      ['lab', 'pretrain'],
      ['lang', 'hi'],
      ['embed', '1'],
      ['autoplay', '1'],
    ]);
    // Three elements carry foo: one warning, which also names colour; global attributes are fine.
    assert.deepEqual(await warnings(page), [
      'Prayog embed: ignored unknown attribute(s) on <prayog-lab>: foo, colour',
    ]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('values pass raw (URL-encoded, cut to 200 characters); autoplay on/off words', async () => {
  const autoplay = [
    [null, '1'],
    ['', '1'],
    ['on', '1'],
    ['true', '1'],
    ['1', '1'],
    ['off', '0'],
    ['false', '0'],
    ['0', '0'],
    ['maybe', 'maybe'],
  ];
  const els = autoplay.map(([value]) => (value === null ? {} : { autoplay: value }));
  els.push(
    { lab: '', lang: 'fr', preset: 'a b&c=d?#%', hide: 'x'.repeat(300) },
    { preset: `${'x'.repeat(199)}😀`, step: 'क्ष' },
  );
  const { page, context, errors } = await openHost({ els });
  try {
    const built = await labs(page);
    autoplay.forEach(([value, expected], i) => {
      const params = new URL(built[i].attrs.src).searchParams;
      assert.deepEqual(params.getAll('autoplay'), [expected], `autoplay=${value}`);
    });
    const raw = parsed(built[autoplay.length].attrs.src).params;
    assert.deepEqual(raw, [
      ['lab', ''],
      ['lang', 'fr'],
      ['embed', '1'],
      ['preset', 'a b&c=d?#%'],
      ['hide', 'x'.repeat(200)],
      ['autoplay', '1'],
    ]);
    assert.equal(built[autoplay.length].attrs.title, 'प्रयोग (Prayog)');
    const cut = new URL(built[autoplay.length + 1].attrs.src).searchParams;
    assert.equal(cut.get('preset'), 'x'.repeat(199), 'a surrogate pair is never split');
    assert.equal(cut.get('step'), 'क्ष');
    const warned = await warnings(page);
    assert.equal(warned.length, 2, JSON.stringify(warned));
    assert.match(warned[0], /hide was cut to 200/);
    assert.match(warned[1], /preset was cut to 200/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('settings: bad pairs are skipped with a warning, at most 64 pairs', async () => {
  const many = Array.from({ length: 70 }, (_, i) => `k${i}=${i}`).join('&');
  const { page, context, errors } = await openHost({
    els: [
      { settings: 'seed=7&lab=x&bad key=1&task=sort' },
      { settings: '%E0%A4=1&x=%ZZ&Seed=1&ok=%E0%A4%95&flag&&tour=t&step=3&embed=0' },
      { settings: many },
    ],
  });
  try {
    const built = await labs(page);
    const first = parsed(built[0].attrs.src).params;
    assert.deepEqual(first, [
      ['lab', 'attention'],
      ['lang', 'hi'],
      ['embed', '1'],
      ['autoplay', '1'],
      ['seed', '7'],
      ['task', 'sort'],
    ]);
    assert.deepEqual(parsed(built[1].attrs.src).params.slice(4), [
      ['ok', 'क'],
      ['flag', ''],
    ]);
    const third = parsed(built[2].attrs.src).params.slice(4);
    assert.equal(third.length, 64);
    assert.deepEqual(third.at(-1), ['k63', '63']);
    const warned = await warnings(page);
    assert.equal(warned.length, 3, JSON.stringify(warned));
    assert.match(warned[0], /^Prayog embed: skipped settings pair\(s\) on <prayog-lab>/);
    assert.match(warned[0], /: lab=x, bad key=1$/);
    for (const pair of ['%E0%A4=1', 'x=%ZZ', 'Seed=1', 'tour=t', 'step=3', 'embed=0'])
      assert.ok(warned[1].includes(pair), `${pair} in ${warned[1]}`);
    assert.match(warned[2], /k64=64 \(more than 64 pairs\)/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('height and src attributes; the data-base of the script tag', async () => {
  const { page, context, errors } = await openHost({
    els: [
      { height: '700' },
      { height: ' 100 ' },
      { height: '50' },
      { height: '700px' },
      { height: 'AUTO' },
      { src: app.url, lab: 'pretrain' },
      { src: `${app.url}index.html?lab=conv1x1&x=1#top`, lab: 'pretrain' },
      { src: 'javascript:alert(1)' },
      { src: 'data:text/html,<b>x</b>' },
    ],
  });
  try {
    const built = await labs(page);
    assert.deepEqual(
      built.slice(0, 5).map((lab) => lab.style.height),
      ['700px', '100px', '640px', '640px', '640px'],
    );
    for (const i of [5, 6]) {
      assert.deepEqual(parsed(built[i].attrs.src), {
        page: `${app.url}index.html`,
        hash: '',
        params: [
          ['lab', 'pretrain'],
          ['lang', 'hi'],
          ['embed', '1'],
          ['autoplay', '1'],
        ],
      });
    }
    for (const i of [7, 8]) {
      assert.equal(built[i].frames, 0, 'no frame for a non-http(s) src');
      assert.equal(built[i].children, 0);
    }
    const warned = await warnings(page);
    assert.equal(warned.length, 4, JSON.stringify(warned));
    assert.match(warned[0], /height="50"/);
    assert.match(warned[1], /height="700px"/);
    assert.match(warned[2], /src="javascript:alert\(1\)" is not an http: or https: URL/);
    assert.match(warned[3], /src="data:text\/html/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }

  // A host serving embed.js itself points it at Prayog with data-base.
  for (const [base, expected] of [
    ['https://example.org/prayog/', 'https://example.org/prayog/index.html'],
    ['https://example.org/prayog/app.html?x=1', 'https://example.org/prayog/app.html'],
  ]) {
    const opened = await openHost({ els: [{ lab: 'conv1x1' }, { src: app.url }], base });
    try {
      const built = await labs(opened.page);
      assert.equal(parsed(built[0].attrs.src).page, expected);
      assert.equal(parsed(built[1].attrs.src).page, `${app.url}index.html`, 'src wins');
      assert.deepEqual(await warnings(opened.page), []);
      assert.deepEqual(opened.errors, []);
    } finally {
      await opened.context.close();
    }
  }
  const bad = await openHost({ els: [{}], base: 'ftp://example.org/prayog/' });
  try {
    assert.equal((await labs(bad.page))[0].frames, 0);
    assert.deepEqual(await warnings(bad.page), [
      'Prayog embed: data-base="ftp://example.org/prayog/" is not an http: or https: URL; no frame',
    ]);
    assert.deepEqual(bad.errors, []);
  } finally {
    await bad.context.close();
  }
});

test('height="auto" follows the frame, a fixed height does not, forged messages are ignored', async () => {
  const { page, context, errors } = await openHost({
    far: false,
    forge: '1',
    els: [
      { id: 'auto', lab: 'attention', lang: 'en', autoplay: 'off' },
      { id: 'fixed', lab: 'attention', lang: 'hi', autoplay: 'off', height: '700' },
    ],
  });
  try {
    const heights = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('prayog-lab iframe')].map((f) => ({
          style: f.style.height,
          box: f.getBoundingClientRect().height,
        })),
      );
    const start = await heights();
    assert.equal(start[1].style, '700px');
    for (const id of ['auto', 'fixed']) {
      // An embedded page starts its engine only once it is in view.
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      await page
        .frameLocator(`#${id} iframe`)
        .locator('[data-metric=simd][data-value="1"]')
        .waitFor({ state: 'attached', timeout: 30000 });
    }
    // Both frames report their height; only the auto one follows it.
    await page.waitForFunction(
      () =>
        [0, 1].every((i) =>
          window.prayogMessages.some((m) => m.from === i && m.data?.type === 'prayog:height'),
        ),
      null,
      { timeout: 10000 },
    );
    const lastReported = (from) =>
      page.evaluate(
        (i) =>
          window.prayogMessages
            .filter((m) => m.from === i && m.data?.type === 'prayog:height')
            .at(-1).data.height,
        from,
      );
    await page.waitForFunction(
      () => {
        const f = document.querySelector('#auto iframe');
        const sent = window.prayogMessages.filter(
          (m) => m.from === 0 && m.data?.type === 'prayog:height',
        );
        return f.style.height === `${Math.round(sent.at(-1).data.height)}px`;
      },
      null,
      { timeout: 10000 },
    );
    const reported = await lastReported(0);
    assert.notEqual(reported, 640, 'the frame reported a height of its own');
    assert.ok(reported >= 100 && reported <= 10000);
    const fixedReported = await lastReported(1);
    let now = await heights();
    assert.equal(now[0].style, `${reported}px`);
    assert.ok(Math.abs(now[0].box - reported) < 1, `box ${now[0].box} vs ${reported}`);
    assert.equal(now[1].style, '700px', `fixed, though the frame reported ${fixedReported}`);
    assert.ok(Math.abs(now[1].box - 700) < 1);

    // The host window itself claims to be Prayog, and so does another sandboxed frame (origin
    // "null" too): nothing changes.
    const forgedCount = () =>
      page.evaluate(
        () =>
          window.prayogMessages.filter(
            (m, i) =>
              m.from === -1 && window.prayogSources[i] !== window && m.data?.height === 5000,
          ).length,
      );
    const already = await forgedCount();
    await page.evaluate(() => {
      window.postMessage({ type: 'prayog:height', height: 5000 }, '*');
      window.postMessage({ type: 'prayog:height', height: 5000, lab: 'attention' }, '*');
    });
    await page.waitForFunction(
      (n) => {
        const own = window.prayogSources.filter((w) => w === window).length;
        const other = window.prayogMessages.filter(
          (m, i) => m.from === -1 && window.prayogSources[i] !== window && m.data?.height === 5000,
        ).length;
        return own === 2 && other >= n + 3;
      },
      already,
      { timeout: 10000 },
    );
    await page.waitForTimeout(300);
    now = await heights();
    assert.equal(now[0].style, `${await lastReported(0)}px`);
    assert.equal(now[1].style, '700px');
    assert.ok(now.every((h) => h.box < 5000));
    await screenshot(page, 'embed-element');
    assert.deepEqual(await warnings(page), []);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

/** Attribute changes, disconnect + reconnect, a second copy of embed.js, late elements. */
async function lifecycle(options) {
  // #one's frame is an inert document of the app server (its URL changes load it at once, lazy or
  // not; a whole Prayog page would only slow the test down).
  const inert = `${app.url}favicon.svg`;
  const { page, context, errors } = await openHost({
    els: [{ id: 'one', lab: 'attention', preset: 'copy', src: inert }],
    late: [{ id: 'late', lab: 'conv1x1', lang: 'en' }],
    ...options,
  });
  try {
    const src = (id) => page.evaluate((i) => document.querySelector(`#${i} iframe`)?.src, id);
    const params = async (id) => parsed(await src(id)).params;
    const custom = await page.evaluate(() => ({
      defined: Boolean(window.customElements?.get('prayog-lab')),
      plain: document.getElementById('one').constructor === HTMLElement,
    }));
    const byHand = options.nocustom === '1';
    assert.deepEqual(custom, { defined: !byHand, plain: byHand });
    const settle = (fn, arg) =>
      page.waitForFunction(fn, arg, { timeout: 5000 }).catch(() => undefined);
    assert.deepEqual(await params('one'), [
      ['lab', 'attention'],
      ['lang', 'hi'],
      ['embed', '1'],
      ['preset', 'copy'],
      ['autoplay', '1'],
    ]);
    assert.deepEqual(await params('late'), [
      ['lab', 'conv1x1'],
      ['lang', 'en'],
      ['embed', '1'],
      ['autoplay', '1'],
    ]);
    await page.evaluate(() => {
      const one = document.getElementById('one');
      one.querySelector('iframe').marker = 'first';
      one.setAttribute('preset', 'sort');
    });
    await settle(() => /preset=sort/.test(document.querySelector('#one iframe').src));
    assert.deepEqual((await params('one'))[3], ['preset', 'sort']);

    // Disconnect + reconnect: still the one iframe, same URL.
    const before = await src('one');
    await page.evaluate(() => {
      const one = document.getElementById('one');
      one.remove();
      document.getElementById('labs').appendChild(one);
    });
    await page.waitForTimeout(100);
    const again = await page.evaluate(() => {
      const frames = document.querySelectorAll('#one iframe');
      return { count: frames.length, marker: frames[0].marker, src: frames[0].src };
    });
    assert.deepEqual(again, { count: 1, marker: 'first', src: before });

    await page.evaluate(() => {
      const one = document.getElementById('one');
      one.setAttribute('lang', 'en');
      one.setAttribute('height', '800');
      one.setAttribute('settings', 'seed=3');
    });
    await settle(() => document.querySelector('#one iframe').style.height === '800px');
    const changed = await page.evaluate(() => {
      const f = document.querySelector('#one iframe');
      return { title: f.title, height: f.style.height, marker: f.marker };
    });
    assert.deepEqual(changed, { title: 'Prayog lab: Attention', height: '800px', marker: 'first' });
    assert.deepEqual((await params('one')).slice(1), [
      ['lang', 'en'],
      ['embed', '1'],
      ['preset', 'sort'],
      ['autoplay', '1'],
      ['seed', '3'],
    ]);
    // Back to auto: 640 px, or the frame's last reported height (a lazy frame whose src changed
    // may have loaded by now).
    await page.evaluate(() => document.getElementById('one').removeAttribute('height'));
    const autoHeight = () => {
      const f = document.querySelector('#one iframe');
      let expected = 640;
      window.prayogMessages.forEach((m, i) => {
        if (window.prayogSources[i] === f.contentWindow && m.data?.type === 'prayog:height')
          expected = m.data.height;
      });
      return { now: f.style.height, expected: `${expected}px` };
    };
    await settle(() => {
      const f = document.querySelector('#one iframe');
      const sent = window.prayogMessages.filter(
        (m, i) => window.prayogSources[i] === f.contentWindow && m.data?.type === 'prayog:height',
      );
      return f.style.height === `${sent.length ? sent.at(-1).data.height : 640}px`;
    });
    const auto = await page.evaluate(autoHeight);
    assert.equal(auto.now, auto.expected);

    // A src that is not http(s) removes the frame; a good one brings it back.
    await page.evaluate(() => document.getElementById('one').setAttribute('src', 'javascript:0'));
    await settle(() => !document.querySelector('#one iframe'));
    assert.equal(await page.evaluate(() => document.querySelectorAll('#one iframe').length), 0);
    await page.evaluate((url) => document.getElementById('one').setAttribute('src', url), inert);
    await settle(() => document.querySelectorAll('#one iframe').length === 1);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#one iframe').length), 1);
    assert.equal(parsed(await src('one')).page, inert);

    const total = await page.evaluate(() => ({
      labs: document.querySelectorAll('prayog-lab').length,
      frames: document.querySelectorAll('iframe').length,
    }));
    assert.deepEqual(total, { labs: 2, frames: 2 });
    assert.deepEqual(await warnings(page), [
      'Prayog embed: src="javascript:0" is not an http: or https: URL; no frame',
    ]);
    // Loads of a frame that is moved or re-pointed while loading are aborted: that is expected.
    const aborted = (e) =>
      e.startsWith(`requestfailed: ${inert}?`) && e.endsWith('net::ERR_ABORTED');
    assert.deepEqual(
      errors.filter((e) => !aborted(e)),
      [],
    );
  } finally {
    await context.close();
  }
}

test('attribute changes rebuild the src; disconnect + reconnect keeps one iframe', async () => {
  await lifecycle({});
});

test('embed.js loaded twice still makes one iframe per element', async () => {
  await lifecycle({ twice: '1' });
});

test('without customElements, elements are upgraded by hand (DOMContentLoaded, MutationObserver)', async () => {
  await lifecycle({ nocustom: '1' });
});
