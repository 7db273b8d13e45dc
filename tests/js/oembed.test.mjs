// scripts/oembed.mjs on a copy of the built page (PRAYOG_DIST or dist/, only its index.html) in a
// temporary folder: the three oEmbed responses, the three lab landing pages, the discovery link in
// index.html, re-runs, and the refusal of a bad PRAYOG_PUBLIC_URL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repo } from './helpers.mjs';

const SCRIPT = path.join(repo, 'scripts/oembed.mjs');
const DIST = path.resolve(repo, process.env.PRAYOG_DIST || 'dist');
const BUILT_INDEX = path.join(DIST, 'index.html');
const SKIP = fs.existsSync(BUILT_INDEX)
  ? false
  : `no built page at ${BUILT_INDEX}: run "npm run build" or set PRAYOG_DIST to a built folder`;
const LABS = ['attention', 'conv1x1', 'pretrain'];
const DEVANAGARI = /[\u0900-\u097F]/;

const temps = [];
after(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp folder holding a copy of the built index.html (or the given text). */
function tempDist(indexHtml = fs.readFileSync(BUILT_INDEX, 'utf8')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prayog-oembed-'));
  temps.push(dir);
  fs.writeFileSync(path.join(dir, 'index.html'), indexHtml);
  return dir;
}

function run(dir, publicUrl) {
  const env = { ...process.env };
  if (publicUrl === undefined) delete env.PRAYOG_PUBLIC_URL;
  else env.PRAYOG_PUBLIC_URL = publicUrl;
  return spawnSync(process.execPath, [SCRIPT, dir], { env, encoding: 'utf8' });
}

/** Every file below dir, relative, sorted. */
function listing(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)))
    .sort();
}

function unescapeHtml(s) {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** name -> raw (still escaped) value of every name="value" attribute of one tag. */
function attributes(tag) {
  const attrs = {};
  for (const m of tag.matchAll(/([a-zA-Z][\w-]*)="([^"]*)"/g)) attrs[m[1]] = m[2];
  return attrs;
}

const oembedLinks = (html) =>
  html.match(/<link\b[^>]*type="application\/json\+oembed"[^>]*>/g) ?? [];
const assetTags = (html) =>
  (
    html.match(/<script\b[^>]*>|<link\b[^>]*rel="(?:stylesheet|modulepreload)"[^>]*>/g) ?? []
  ).sort();

test(
  'oEmbed responses and lab landing pages for https://example.org/prayog',
  { skip: SKIP },
  () => {
    const base = 'https://example.org/prayog/';
    const original = fs.readFileSync(BUILT_INDEX, 'utf8');
    const dir = tempDist(original);
    const r = run(dir, 'https://example.org/prayog');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1, `one summary line expected:\n${r.stdout}`);
    assert.match(r.stdout, /\[oembed\] wrote /);
    assert.ok(assetTags(original).length >= 1, 'the built index.html has no script tag');

    for (const lab of LABS) {
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'oembed', `${lab}.json`), 'utf8'));
      assert.equal(json.version, '1.0');
      assert.equal(json.type, 'rich');
      for (const key of ['provider_name', 'provider_url', 'title', 'html'])
        assert.equal(typeof json[key], 'string', `${lab}.json: ${key} must be a string`);
      assert.equal(json.provider_url, base);
      assert.match(json.provider_name, /Prayog/);
      assert.ok(Number.isInteger(json.width) && json.width > 0, `${lab}.json: width`);
      assert.ok(Number.isInteger(json.height) && json.height > 0, `${lab}.json: height`);
      if ('cache_age' in json) assert.ok(Number.isInteger(json.cache_age));
      assert.match(json.title, DEVANAGARI, `${lab}.json: the title must be Hindi`);

      const iframes = json.html.match(/<iframe\b[^>]*>/g) ?? [];
      assert.equal(iframes.length, 1, `${lab}.json: exactly one iframe`);
      assert.equal((json.html.match(/<\/iframe>/g) ?? []).length, 1);
      assert.match(
        json.html,
        /^<iframe\b[^>]*><\/iframe>$/,
        `${lab}.json: html is the iframe only`,
      );
      const attrs = attributes(iframes[0]);
      assert.equal(
        unescapeHtml(attrs.src),
        `${base}index.html?lab=${lab}&lang=hi&embed=1&autoplay=1`,
      );
      assert.doesNotMatch(attrs.src, /&(?!amp;)/, 'every & of src is escaped');
      assert.match(attrs.sandbox ?? '', /(^| )allow-scripts( |$)/);
      assert.equal(unescapeHtml(attrs.title ?? ''), json.title);
      assert.equal(attrs.width, String(json.width));
      assert.equal(attrs.height, String(json.height));

      const page = fs.readFileSync(path.join(dir, `${lab}.html`), 'utf8');
      const metas = page.match(/<meta name="prayog-lab" content="([^"]*)" \/>/g) ?? [];
      assert.deepEqual(metas, [`<meta name="prayog-lab" content="${lab}" />`], `${lab}.html: meta`);
      const links = oembedLinks(page);
      assert.equal(links.length, 1, `${lab}.html: exactly one oEmbed link`);
      const link = attributes(links[0]);
      assert.equal(link.rel, 'alternate');
      assert.equal(unescapeHtml(link.href), `${base}oembed/${lab}.json`);
      assert.equal(unescapeHtml(link.title), json.title);
      assert.equal(page.match(/<title>([^<]*)<\/title>/)[1], json.title, `${lab}.html: <title>`);
      assert.deepEqual(assetTags(page), assetTags(original), `${lab}.html: script/style tags`);
      assert.ok(page.indexOf(links[0]) < page.indexOf('</head>'), 'the link is in the head');
    }

    const index = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    const links = oembedLinks(index);
    assert.equal(links.length, 1, 'index.html: exactly one oEmbed link');
    assert.equal(unescapeHtml(attributes(links[0]).href), `${base}oembed/attention.json`);
    assert.doesNotMatch(index, /prayog-lab/);
    assert.equal(
      index.match(/<title>[^<]*<\/title>/)[0],
      original.match(/<title>[^<]*<\/title>/)[0],
    );
    assert.deepEqual(assetTags(index), assetTags(original));
    assert.deepEqual(listing(dir), [
      'attention.html',
      'conv1x1.html',
      'index.html',
      'oembed/attention.json',
      'oembed/conv1x1.json',
      'oembed/pretrain.json',
      'pretrain.html',
    ]);
  },
);

test(
  'default URL when PRAYOG_PUBLIC_URL is unset; a re-run replaces the links',
  { skip: SKIP },
  () => {
    const dir = tempDist();
    const first = run(dir, undefined);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /PRAYOG_PUBLIC_URL is not set: using http:\/\/127\.0\.0\.1:5173\//);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'oembed/conv1x1.json'), 'utf8'));
    assert.equal(json.provider_url, 'http://127.0.0.1:5173/');

    const again = run(dir, 'http://host.example:8080/a/b/');
    assert.equal(again.status, 0, again.stderr);
    for (const page of ['index.html', ...LABS.map((l) => `${l}.html`)]) {
      const html = fs.readFileSync(path.join(dir, page), 'utf8');
      const links = oembedLinks(html);
      assert.equal(links.length, 1, `${page}: one link after a re-run`);
      assert.match(attributes(links[0]).href, /^http:\/\/host\.example:8080\/a\/b\/oembed\//);
      assert.ok((html.match(/prayog-lab/g) ?? []).length <= 1, `${page}: one meta at most`);
    }
  },
);

for (const bad of ['ftp://x', 'not a url']) {
  test(`PRAYOG_PUBLIC_URL=${JSON.stringify(bad)}: exit code 2, nothing written`, () => {
    const html = '<!doctype html><html><head><title>t</title></head><body></body></html>\n';
    const dir = tempDist(html);
    const r = run(dir, bad);
    assert.equal(r.status, 2, `exit code ${r.status}\n${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /PRAYOG_PUBLIC_URL must be the absolute http\(s\) URL/);
    assert.deepEqual(listing(dir), ['index.html']);
    assert.equal(fs.readFileSync(path.join(dir, 'index.html'), 'utf8'), html);
  });
}

test('a page without </head>: a clear failure, nothing written', () => {
  const html = '<!doctype html><title>t</title><body></body>\n';
  const dir = tempDist(html);
  const r = run(dir, 'https://example.org/');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /<\/head>/);
  assert.deepEqual(listing(dir), ['index.html']);
  assert.equal(fs.readFileSync(path.join(dir, 'index.html'), 'utf8'), html);
});
