// oEmbed discovery for the three labs, on a static host (no server code). Run on the built page,
// after the vite build (scripts/build.sh does):
//
//   PRAYOG_PUBLIC_URL=https://your-host/prayog/ node scripts/oembed.mjs dist
//
// PRAYOG_PUBLIC_URL is the absolute http(s) URL dist/ is served from (default: what npm start
// serves, http://127.0.0.1:5173/). It writes
//   dist/oembed/<lab>.json  an oEmbed 1.0 "rich" response whose html is one iframe of the lab;
//   dist/<lab>.html         a copy of dist/index.html with that lab's discovery link, its title
//                           and <meta name="prayog-lab" content="<lab>" /> (the page's default lab);
// and adds the attention lab's discovery link to dist/index.html. A CMS that discovers oEmbed
// (WordPress...) turns a pasted link to <PUBLIC><lab>.html into the embedded lab. Re-running is
// safe: a discovery link written by an earlier run is replaced, never repeated.
// Exit codes: 0 done, 2 bad arguments or PRAYOG_PUBLIC_URL (nothing written), 1 unexpected page.
import fs from 'node:fs';
import path from 'node:path';

const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:5173/';
const WIDTH = 720;
const HEIGHT = 640;
const LABS = [
  { id: 'attention', title: 'प्रयोग Lab: Attention — Model किस पर ध्यान देता है' },
  { id: 'conv1x1', title: 'प्रयोग Lab: 1x1 Convolution — Channels का मेल' },
  { id: 'pretrain', title: 'प्रयोग Lab: Greedy Layer-Wise Pre-Training' },
];
const OEMBED_TYPE = 'application/json+oembed';
// A discovery link (ours from an earlier run, or any other) on its own line or inline.
const OEMBED_LINK =
  /[ \t]*<link\b[^>]*\btype=["']application\/json\+oembed["'][^>]*>[ \t]*(\r?\n)?/gi;
const LAB_META = /[ \t]*<meta\b[^>]*\bname=["']prayog-lab["'][^>]*>[ \t]*(\r?\n)?/gi;

class UsageError extends Error {}

/** HTML-escapes an attribute value or text: & < > ". */
function escapeHtml(value) {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The public base URL (with a trailing '/'), from PRAYOG_PUBLIC_URL or the default. */
function publicUrl(env) {
  const raw = env.PRAYOG_PUBLIC_URL;
  if (raw === undefined || raw === '') return { url: DEFAULT_PUBLIC_URL, isDefault: true };
  const bad = (why) =>
    new UsageError(
      `oembed: PRAYOG_PUBLIC_URL must be the absolute http(s) URL the built folder is served ` +
        `from, e.g. https://example.org/prayog/ (${why}; got ${JSON.stringify(raw)})`,
    );
  if (!/^https?:\/\/[^/\s]/i.test(raw) || /\s/.test(raw))
    throw bad('it must start with http:// or https:// and contain no spaces');
  let u;
  try {
    u = new URL(raw);
  } catch {
    throw bad('it is not a valid URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw bad('only http and https');
  if (!u.hostname) throw bad('it has no host');
  if (u.username || u.password) throw bad('no user name or password in the URL');
  if (u.search || u.hash || raw.includes('?') || raw.includes('#'))
    throw bad('no query string or fragment: the page URLs are appended to it');
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return { url: u.href, isDefault: false };
}

/** The oEmbed 1.0 rich response of one lab. */
function oembedJson(lab, base) {
  const src = `${base}index.html?lab=${lab.id}&lang=hi&embed=1&autoplay=1`;
  const html =
    `<iframe src="${escapeHtml(src)}" width="${WIDTH}" height="${HEIGHT}" ` +
    `style="${escapeHtml('border:0;max-width:100%')}" title="${escapeHtml(lab.title)}" ` +
    `loading="lazy" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe>`;
  return {
    version: '1.0',
    type: 'rich',
    provider_name: 'प्रयोग (Prayog)',
    provider_url: base,
    title: lab.title,
    html,
    width: WIDTH,
    height: HEIGHT,
    cache_age: 86400,
  };
}

function count(text, needle) {
  return text.split(needle).length - 1;
}

/** Inserts tags (one a line, indented like the head's children) right before </head>. */
function insertBeforeHeadEnd(html, tags, file) {
  const n = count(html, '</head>');
  if (n !== 1) {
    throw new Error(
      `oembed: ${file} has ${n === 0 ? 'no' : n} "</head>" (expected exactly one): ` +
        'cannot insert the oEmbed discovery link',
    );
  }
  const at = html.indexOf('</head>');
  const lineStart = html.lastIndexOf('\n', at) + 1;
  const prefix = html.slice(lineStart, at);
  if (/^[ \t]*$/.test(prefix)) {
    const lines = tags.map((t) => `${prefix}  ${t}\n`).join('');
    return html.slice(0, lineStart) + lines + html.slice(lineStart);
  }
  return html.slice(0, at) + tags.join('') + html.slice(at);
}

function discoveryLink(lab, base) {
  return (
    `<link rel="alternate" type="${OEMBED_TYPE}" href="${escapeHtml(`${base}oembed/${lab.id}.json`)}"` +
    ` title="${escapeHtml(lab.title)}" />`
  );
}

/** index.html (or a lab page) with the given lab's discovery link; the lab page also gets meta + title. */
function pageFor(baseHtml, lab, base, { landing, file }) {
  let html = baseHtml;
  const tags = [discoveryLink(lab, base)];
  if (landing) {
    const titles = html.match(/<title>[^<]*<\/title>/g) ?? [];
    if (titles.length !== 1)
      throw new Error(`oembed: ${file} has ${titles.length} <title> elements (expected one)`);
    html = html.replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(lab.title)}</title>`);
    tags.push(`<meta name="prayog-lab" content="${escapeHtml(lab.id)}" />`);
  }
  html = insertBeforeHeadEnd(html, tags, file);
  const links = count(html, `type="${OEMBED_TYPE}"`);
  if (links !== 1)
    throw new Error(`oembed: ${file} would have ${links} oEmbed discovery links (expected one)`);
  return html;
}

function main(argv, env) {
  if (argv.length !== 1 || argv[0].startsWith('-'))
    throw new UsageError('usage: node scripts/oembed.mjs <built folder, e.g. dist>');
  const dir = argv[0];
  const indexFile = path.join(dir, 'index.html');
  if (!fs.existsSync(indexFile))
    throw new UsageError(`oembed: ${indexFile} not found: build the page first (npm run build)`);
  const { url: base, isDefault } = publicUrl(env);
  if (isDefault) {
    console.log(
      `[oembed] PRAYOG_PUBLIC_URL is not set: using ${DEFAULT_PUBLIC_URL} (what npm start ` +
        'serves); for a real host build with PRAYOG_PUBLIC_URL=https://your-host/prayog/',
    );
  }

  // The page without discovery links / lab meta of an earlier run.
  const baseHtml = fs
    .readFileSync(indexFile, 'utf8')
    .replace(OEMBED_LINK, '')
    .replace(LAB_META, '');

  // Everything is built in memory first, so a failure writes nothing.
  const out = [];
  for (const lab of LABS) {
    out.push([
      path.join(dir, 'oembed', `${lab.id}.json`),
      `${JSON.stringify(oembedJson(lab, base), null, 2)}\n`,
    ]);
  }
  for (const lab of LABS) {
    const file = path.join(dir, `${lab.id}.html`);
    out.push([file, pageFor(baseHtml, lab, base, { landing: true, file })]);
  }
  out.push([indexFile, pageFor(baseHtml, LABS[0], base, { landing: false, file: indexFile })]);

  fs.mkdirSync(path.join(dir, 'oembed'), { recursive: true });
  for (const [file, text] of out) fs.writeFileSync(file, text);

  const ids = LABS.map((l) => l.id).join(',');
  console.log(
    `[oembed] wrote ${path.join(dir, 'oembed')}/{${ids}}.json, ${dir}/{${ids}}.html and the ` +
      `attention discovery link in ${indexFile} (public URL ${base})`,
  );
}

try {
  main(process.argv.slice(2), process.env);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(err instanceof UsageError ? 2 : 1);
}
