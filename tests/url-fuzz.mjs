// Generated hostile URLs for the page, shared by the JS fuzz test (the parsers, many inputs) and
// the browser fuzz test (the whole page, fewer inputs). Each URL comes with what its clean parts
// must lead to, written from the URL rules (design.md, state.ts and lab-config.ts headers), not by
// calling the parsers: the notice keys it must raise, and each lab setting's value after parsing.

/** A small seeded generator (mulberry32): the same seed gives the same URLs everywhere. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  return { next, int, pick, chance: (p) => next() < p };
}

export const LABS = ['attention', 'conv1x1', 'pretrain'];
const PAGE_KEYS = ['lab', 'lang', 'embed', 'hide', 'preset', 'autoplay', 'tour', 'step', 'v'];

// Values no field accepts: huge, negative, NaN, unicode digits, hex, blanks, markup, 10 KB.
const HOSTILE = [
  '',
  ' ',
  'NaN',
  'nan',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '1e-400',
  '9'.repeat(400),
  '-1',
  '-999999999999',
  '0x10',
  '1_000',
  '1,5',
  '१२',
  '٣',
  '１',
  '½',
  '😀',
  '\u202e1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{"a":1}',
  '__proto__',
  'constructor',
  'true',
  'yes',
  '\u0000',
  '\u00a0',
  'a'.repeat(10 * 1024),
  '१'.repeat(3000),
];

const UNKNOWN_KEYS = [
  'foo',
  'LR',
  'lr ',
  ' lab',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'क',
  '😀',
  'x'.repeat(10 * 1024),
  'seed[]',
  'a.b',
];

/** A valid value of a field (as URL text), chosen at random. */
function goodValue(r, f) {
  switch (f.type) {
    case 'bool':
      return r.pick(['true', 'false', '1', '0']);
    case 'choice':
      return r.pick(f.choices);
    case 'int': {
      const span = Math.min(f.max - f.min, 1e6);
      return String(r.pick([f.min, f.max, f.default, f.min + r.int(span + 1)]));
    }
    default: {
      const v = r.pick([f.min, f.max, f.default, f.min + r.next() * (f.max - f.min)]);
      return r.chance(0.3) ? v.toExponential(r.int(6)) : String(v);
    }
  }
}

/** Out of range, wrong type, or just off (an int with a fraction, a choice in capitals). */
function badValue(r, f) {
  const off = [];
  if (f.type === 'int' || f.type === 'float') {
    off.push(String(f.max + (f.type === 'int' ? 1 : Math.max(f.max, 1))), String(f.min - 1));
    if (f.type === 'int') off.push(`${f.min}.5`, `${f.min}e0`);
  }
  if (f.type === 'choice') off.push(f.choices[0].toUpperCase() + '!', `${f.choices[0]},x`);
  if (f.type === 'bool') off.push('TRUE', 'on', '2');
  return r.pick([...off, ...HOSTILE.filter((h) => h.trim() !== '' || f.type === 'choice')]);
}

/** Would the page take `text` for field `f`? The URL rules: whole string (trimmed), finite. */
export function accepts(f, text) {
  const t = text.trim();
  switch (f.type) {
    case 'bool':
      return ['true', 'false', '1', '0'].includes(t);
    case 'choice':
      return f.choices.includes(t);
    case 'int':
      return /^-?\d{1,12}$/.test(t) && Number(t) >= f.min && Number(t) <= f.max;
    default: {
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return false;
      const n = Number(t);
      return Number.isFinite(n) && n >= f.min && n <= f.max;
    }
  }
}

function valueOf(f, text) {
  const t = text.trim();
  if (f.type === 'bool') return t === 'true' || t === '1';
  if (f.type === 'choice') return t;
  return Number(t);
}

/**
 * One hostile URL for `lab` (its schema: {version, fields}), with `presets` the preset names of
 * each lab. Returns the search string, the notice keys it must raise (a subset of what the page
 * says: raw garbage may add more), and `values`: each setting as the lab must open with it, when
 * the URL names no preset (a preset's values are the presets test's concern).
 */
export function hostileUrl(r, lab, schema, presets) {
  const pairs = [];
  const notices = new Set();
  const fields = new Map(schema.fields.map((f) => [f.key, f]));
  const values = Object.fromEntries(schema.fields.map((f) => [f.key, f.default]));
  const seen = new Set();
  let raw = '';
  let preset = false;

  pairs.push(['lab', lab]);
  seen.add('lab');
  const n = r.int(12);
  for (let i = 0; i < n; i++) {
    const kind = r.int(10);
    if (kind < 5) {
      // A setting of this lab: good, bad, or repeated.
      const f = r.pick(schema.fields);
      const good = r.chance(0.45);
      const text = good ? goodValue(r, f) : badValue(r, f);
      pairs.push([f.key, text]);
      if (seen.has(f.key)) notices.add('notice.repeated');
      else if (accepts(f, text)) values[f.key] = valueOf(f, text);
      else notices.add('notice.bad_value');
      seen.add(f.key);
    } else if (kind < 7) {
      const k = r.pick(UNKNOWN_KEYS);
      if (PAGE_KEYS.includes(k) || fields.has(k)) continue;
      pairs.push([k, r.pick(HOSTILE)]);
      notices.add('notice.unknown_key');
    } else if (kind < 9) {
      // A page parameter with a hostile value (lab= and tour= are left alone: they pick the lab).
      const k = r.pick(['lang', 'embed', 'autoplay', 'hide', 'preset', 'step', 'v']);
      const text = r.pick(HOSTILE);
      if (k === 'preset' && text.trim() !== '') preset = true;
      pairs.push([k, text]);
      if (seen.has(k)) {
        if (k !== 'v') notices.add('notice.repeated');
      } else if (k === 'lang' && !['hi', 'en'].includes(text)) notices.add('notice.bad_lang');
      else if ((k === 'embed' || k === 'autoplay') && !['0', '1', ''].includes(text))
        notices.add(`notice.bad_${k}`);
      else if (k === 'preset' && text !== '' && !presets[lab].includes(text))
        notices.add('notice.bad_preset');
      else if (k === 'step') notices.add('notice.bad_step');
      else if (k === 'v' && text !== String(schema.version)) notices.add('notice.bad_version');
      seen.add(k);
    } else {
      // Raw bytes the encoder would never make: lone %, broken UTF-8, empty names, '=' runs.
      raw += r.pick(['&%', '&%zz=1', '&=x', '&&&', '&a==b', '&%E0%A4=%E0%A4', '&+=+', '&%00=%00']);
    }
  }
  const search =
    '?' +
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') +
    raw;
  return { search, notices: [...notices], values: preset ? null : values, lang: langOf(pairs) };
}

function langOf(pairs) {
  const first = pairs.find(([k]) => k === 'lang');
  return first && (first[1] === 'en' || first[1] === 'hi') ? first[1] : 'hi';
}
