/*
 * Prayog embed helper. Plain ES5, no build step; include it once on the host page (async is fine,
 * loading it twice is harmless).
 *
 * 1. The <prayog-lab> element builds a sandboxed, lazily loaded iframe of one lab for you:
 *
 *   <prayog-lab lab="attention" preset="sqrt-d" lang="hi" height="auto"></prayog-lab>
 *   <script src="https://example.org/prayog/embed.js" async></script>
 *
 *   Attributes that become URL parameters of the frame, in this order (values are passed as
 *   written, URL-encoded and cut to 200 characters; the page inside the frame checks them and
 *   says, in its own language, when one is bad):
 *     lab       attention | conv1x1 | pretrain (default attention)
 *     lang      hi | en (default hi)
 *               (embed=1 is always added)
 *     preset    a named starting point of the lab, e.g. sqrt-d
 *     hide      controls to hide, e.g. "seed,lr,export"
 *     autoplay  on (default; also "", true, 1): training starts by itself when the lab scrolls into
 *               view; off (also false, 0): it waits for play
 *     tour, step  a guided tour: tour=<lab>, step=N
 *     settings  lab settings as a query string, e.g. "v=1&seed=7&task=sort" (a leading ? is
 *               allowed); keys are [a-z0-9_]{1,32} and never one of the page parameters above
 *               (lab lang embed preset hide autoplay tour step); at most 64 pairs
 *   Attributes of the element only:
 *     height    auto (default: the frame starts 640 px tall and follows the page's height
 *               messages) or a fixed number of px in 100..10000 (height messages are then ignored)
 *     src       URL of Prayog's index.html, or of its folder ending in "/" (default below); only
 *               http: and https: URLs are used. Its own query and hash are replaced.
 *   The iframe gets sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" (an opaque
 *   origin, as WordPress does; popups for the frame's "open in Prayog" link), loading="lazy",
 *   referrerpolicy="no-referrer" and a title naming the lab. Styles are set through CSSOM only, so
 *   a host whose CSP has style-src without 'unsafe-inline' works. Changing an attribute later
 *   rebuilds the frame's URL. Unknown attributes, bad settings pairs, a bad height or src are
 *   reported once with console.warn (never an error) and skipped; the host page never breaks.
 *
 *   Where the frames come from: the element's src attribute; else the data-base attribute of this
 *   script tag, for hosts that copy embed.js to their own server (e.g. under a strict CSP
 *   script-src 'self'):
 *     <script src="/js/prayog-embed.js" data-base="https://example.org/prayog/" async></script>
 *   else the folder this script was loaded from.
 *
 * 2. Auto-height of iframes you write yourself: add data-prayog to them.
 *
 *   <iframe data-prayog src="https://example.org/prayog/index.html?lab=attention&embed=1"
 *           width="100%" height="640" style="border:0"></iframe>
 *
 * Height protocol: the page inside a frame posts {type: 'prayog:height', height, lab} to its
 * parent. One window listener sets the height of an iframe[data-prayog] (and of every
 * <prayog-lab> frame whose height is auto) from it, only when the message comes from the
 * contentWindow of that iframe and from its origin (or "null" when it is sandboxed without
 * allow-same-origin), with a finite height in 100..10000. Nothing else is read; nothing from a
 * message or an attribute is ever put into markup.
 */
(function () {
  'use strict';
  var FLAG = '__prayogEmbedListening';
  if (window[FLAG]) return;
  window[FLAG] = true;

  var MIN_HEIGHT = 100;
  var MAX_HEIGHT = 10000;
  var AUTO_HEIGHT = 640;
  var MAX_VALUE = 200;
  var MAX_PAIRS = 64;
  var TAG = 'prayog-lab';
  var SANDBOX = 'allow-scripts allow-popups allow-popups-to-escape-sandbox';
  var URL_ATTRS = ['lab', 'lang', 'preset', 'hide', 'autoplay', 'tour', 'step', 'settings'];
  var OBSERVED = URL_ATTRS.concat(['height', 'src']);
  var PAGE_PARAMS = ['lab', 'lang', 'embed', 'preset', 'hide', 'autoplay', 'tour', 'step'];
  var SETTING_KEY = /^[a-z0-9_]{1,32}$/;
  var GLOBAL_ATTRS = (
    'id class style hidden title dir slot tabindex part is nonce role accesskey autocapitalize ' +
    'autofocus contenteditable draggable enterkeyhint exportparts inert inputmode itemid ' +
    'itemprop itemref itemscope itemtype popover spellcheck translate xmlns xml:lang'
  ).split(' ');
  var TITLES = {
    hi: {
      attention: 'प्रयोग Lab: Attention',
      conv1x1: 'प्रयोग Lab: 1x1 Convolution',
      pretrain: 'प्रयोग Lab: Layer-Wise Pre-Training',
      '': 'प्रयोग (Prayog)',
    },
    en: {
      attention: 'Prayog lab: Attention',
      conv1x1: 'Prayog lab: 1x1 convolution',
      pretrain: 'Prayog lab: Layer-wise pre-training',
      '': 'Prayog',
    },
  };

  // This script's own tag, captured while it runs (currentScript is null later, and in old
  // browsers): its data-base attribute or its folder is where the frames come from.
  var ownScript = document.currentScript || findOwnScript();

  function findOwnScript() {
    var scripts = document.querySelectorAll('script[src]');
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/embed\.js$/.test(withoutQuery(scripts[i].src))) return scripts[i];
    }
    return null;
  }

  function withoutQuery(url) {
    return String(url || '').replace(/[?#][\s\S]*$/, '');
  }

  function trim(text) {
    return String(text).replace(/^\s+|\s+$/g, '');
  }

  function has(list, value) {
    for (var i = 0; i < list.length; i++) if (list[i] === value) return true;
    return false;
  }

  var warned = {};
  /** console.warn, once per page per key (an attribute name, or the message itself). */
  function warnOnce(key, message) {
    if (warned.hasOwnProperty(key)) return;
    warned[key] = true;
    if (window.console && typeof window.console.warn === 'function') {
      window.console.warn('Prayog embed: ' + message);
    }
  }

  /** A value as it may appear in a warning: bounded, no control characters. */
  function shown(value) {
    var clean = String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
    return clean.length > 60 ? clean.slice(0, 60) + '...' : clean;
  }

  /** Absolute URL (no query, no hash) if value resolves to http(s), else null. */
  function resolveHttp(value) {
    var href = null;
    try {
      if (typeof URL === 'function') {
        var url = new URL(value, document.baseURI || location.href);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
        url.search = '';
        url.hash = '';
        href = url.href;
      } else {
        var a = document.createElement('a');
        a.href = value;
        if (a.protocol !== 'http:' && a.protocol !== 'https:') return null;
        href = withoutQuery(a.href);
      }
    } catch (e) {
      return null;
    }
    if (href.charAt(href.length - 1) === '/') href += 'index.html';
    return href;
  }

  function originOf(src) {
    try {
      return new URL(src, document.baseURI).origin;
    } catch (e) {
      return null;
    }
  }

  /** Where frames come from when the element has no src: data-base of the script, or its folder. */
  function defaultBase() {
    if (!ownScript) return null;
    var base = ownScript.getAttribute('data-base');
    if (base !== null && trim(base) !== '') return { value: base, from: 'data-base' };
    var src = ownScript.src || ownScript.getAttribute('src');
    if (!src) return null;
    return { value: withoutQuery(src).replace(/[^\/]*$/, ''), from: 'embed.js' };
  }

  /** Cut to MAX_VALUE characters (never through a surrogate pair) and URL-encode. */
  function encodeValue(name, value) {
    var text = String(value);
    if (text.length > MAX_VALUE) {
      warnOnce('long:' + name, 'the value of ' + name + ' was cut to ' + MAX_VALUE + ' characters');
      text = text.slice(0, MAX_VALUE);
      var last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) text = text.slice(0, -1);
    }
    try {
      return encodeURIComponent(text);
    } catch (e) {
      // A lone surrogate: replace it, keep the rest.
      var out = '';
      for (var i = 0; i < text.length; i++) {
        var c = text.charCodeAt(i);
        var next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          out += text.charAt(i) + text.charAt(i + 1);
          i++;
        } else if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd';
        else out += text.charAt(i);
      }
      return encodeURIComponent(out);
    }
  }

  function decodePart(text) {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  }

  /** The settings attribute as URL parts ["seed=7", ...]; bad pairs are skipped with a warning. */
  function settingsParts(value) {
    var parts = [];
    var bad = [];
    var text = String(value);
    if (text.charAt(0) === '?') text = text.slice(1);
    var pairs = text.split('&');
    for (var i = 0; i < pairs.length; i++) {
      var pair = pairs[i];
      if (pair === '') continue;
      var eq = pair.indexOf('=');
      var key, val;
      try {
        key = decodePart(eq < 0 ? pair : pair.slice(0, eq));
        val = eq < 0 ? '' : decodePart(pair.slice(eq + 1));
      } catch (e) {
        bad.push(shown(pair) + ' (not decodable)');
        continue;
      }
      if (!SETTING_KEY.test(key) || has(PAGE_PARAMS, key)) {
        bad.push(shown(pair));
        continue;
      }
      if (parts.length >= MAX_PAIRS) {
        bad.push(shown(pair) + ' (more than ' + MAX_PAIRS + ' pairs)');
        continue;
      }
      parts.push(key + '=' + encodeValue(key, val));
    }
    if (bad.length) {
      var rule = '(a key is [a-z0-9_]{1,32}, not ' + PAGE_PARAMS.join(' ') + ')';
      var message = 'skipped settings pair(s) on <' + TAG + '> ' + rule + ': ' + bad.join(', ');
      warnOnce(message, message);
    }
    return parts;
  }

  function autoplayValue(value) {
    if (value === null) return '1';
    var v = trim(value).toLowerCase();
    if (v === '' || v === 'on' || v === 'true' || v === '1') return '1';
    if (v === 'off' || v === 'false' || v === '0') return '0';
    return value;
  }

  /** The height attribute: a fixed number of px, or null for auto. */
  function fixedHeight(value) {
    if (value === null) return null;
    var v = trim(value);
    if (v.toLowerCase() === 'auto') return null;
    if (/^[0-9]{1,5}$/.test(v)) {
      var n = parseInt(v, 10);
      if (n >= MIN_HEIGHT && n <= MAX_HEIGHT) return n;
    }
    var range = MIN_HEIGHT + '..' + MAX_HEIGHT;
    var message = 'height="' + shown(v) + '" on <' + TAG + '> is not auto or px in ' + range;
    message += '; using auto';
    warnOnce(message, message);
    return null;
  }

  function warnUnknown(el) {
    var unknown = [];
    var attrs = el.attributes;
    for (var i = 0; i < attrs.length; i++) {
      var name = String(attrs[i].name).toLowerCase();
      if (has(OBSERVED, name) || has(GLOBAL_ATTRS, name)) continue;
      if (/^(data|aria)-/.test(name) || /^on[a-z]+$/.test(name)) continue;
      if (warned.hasOwnProperty('attr:' + name)) continue;
      warned['attr:' + name] = true;
      unknown.push(shown(name));
    }
    if (!unknown.length) return;
    var message = 'ignored unknown attribute(s) on <' + TAG + '>: ' + unknown.join(', ');
    warnOnce(message, message);
  }

  /** The frame's URL from the element's attributes, or null (with a warning) if it has none. */
  function frameUrl(el) {
    var own = el.getAttribute('src');
    var source = own !== null && trim(own) !== '' ? { value: own, from: 'src' } : defaultBase();
    if (!source) {
      warnOnce('no-base', 'no src on <' + TAG + '> and the URL of embed.js is unknown');
      return null;
    }
    var base = resolveHttp(source.value);
    if (base === null) {
      var message =
        source.from + '="' + shown(source.value) + '" is not an http: or https: URL; no frame';
      warnOnce(message, message);
      return null;
    }
    var lab = el.getAttribute('lab');
    var lang = el.getAttribute('lang');
    var parts = [
      'lab=' + encodeValue('lab', lab === null ? 'attention' : lab),
      'lang=' + encodeValue('lang', lang === null ? 'hi' : lang),
      'embed=1',
    ];
    var raw = ['preset', 'hide'];
    for (var i = 0; i < raw.length; i++) {
      var v = el.getAttribute(raw[i]);
      if (v !== null) parts.push(raw[i] + '=' + encodeValue(raw[i], v));
    }
    parts.push('autoplay=' + encodeValue('autoplay', autoplayValue(el.getAttribute('autoplay'))));
    var later = ['tour', 'step'];
    for (var j = 0; j < later.length; j++) {
      var w = el.getAttribute(later[j]);
      if (w !== null) parts.push(later[j] + '=' + encodeValue(later[j], w));
    }
    var settings = el.getAttribute('settings');
    if (settings !== null) parts = parts.concat(settingsParts(settings));
    return base + '?' + parts.join('&');
  }

  function frameTitle(el) {
    var lab = el.getAttribute('lab');
    if (lab === null) lab = 'attention';
    var titles = el.getAttribute('lang') === 'en' ? TITLES.en : TITLES.hi;
    return titles.hasOwnProperty(lab) && lab !== '' ? titles[lab] : titles[''];
  }

  // Connected <prayog-lab> elements (also those inside a shadow root, which a document query
  // would not find): state in el.__prayog = {frame, fixed, reported}.
  var live = [];

  function stateOf(el) {
    if (!el.__prayog) el.__prayog = { frame: null, fixed: null, reported: null };
    return el.__prayog;
  }

  function removeFrame(state) {
    if (state.frame && state.frame.parentNode) state.frame.parentNode.removeChild(state.frame);
    state.frame = null;
    state.reported = null;
  }

  /** Creates or updates the element's one iframe from its attributes. */
  function render(el) {
    var state = stateOf(el);
    if (!state.connected) return;
    warnUnknown(el);
    var src = frameUrl(el);
    if (src === null) {
      removeFrame(state);
      return;
    }
    state.fixed = fixedHeight(el.getAttribute('height'));
    var frame = state.frame;
    if (!frame || frame.parentNode !== el) {
      frame = document.createElement('iframe');
      frame.setAttribute('sandbox', SANDBOX);
      frame.setAttribute('loading', 'lazy');
      frame.setAttribute('referrerpolicy', 'no-referrer');
      frame.setAttribute('width', '100%');
      frame.setAttribute('data-prayog', '');
      frame.style.border = '0';
      frame.style.display = 'block';
      frame.style.width = '100%';
      frame.style.maxWidth = '100%';
      frame.__prayogLab = state;
      state.frame = frame;
      state.reported = null;
    }
    frame.setAttribute('title', frameTitle(el));
    var height = state.fixed !== null ? state.fixed : state.reported || AUTO_HEIGHT;
    frame.style.height = height + 'px';
    if (frame.getAttribute('src') !== src) frame.setAttribute('src', src);
    if (frame.parentNode !== el) el.appendChild(frame);
  }

  function connect(el) {
    var state = stateOf(el);
    state.connected = true;
    if (!has(live, el)) live.push(el);
    // Block, like the iframe it holds; a host's `hidden` attribute still hides it.
    if (!el.hasAttribute('hidden')) el.style.display = 'block';
    render(el);
  }

  function disconnect(el) {
    stateOf(el).connected = false;
    for (var i = live.length - 1; i >= 0; i--) if (live[i] === el) live.splice(i, 1);
  }

  function isOpaque(frame) {
    if (!frame.hasAttribute('sandbox')) return false;
    var tokens = (frame.getAttribute('sandbox') || '').toLowerCase().split(/\s+/);
    for (var i = 0; i < tokens.length; i++) {
      if (tokens[i] === 'allow-same-origin') return false;
    }
    return true;
  }

  function frameOf(source) {
    if (!source) return null;
    for (var j = 0; j < live.length; j++) {
      var own = live[j].__prayog.frame;
      if (own && own.contentWindow === source) return own;
    }
    var frames = document.querySelectorAll('iframe[data-prayog]');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'prayog:height') return;
    var height = data.height;
    if (typeof height !== 'number' || !isFinite(height)) return;
    if (height < MIN_HEIGHT || height > MAX_HEIGHT) return;
    var frame = frameOf(event.source);
    if (!frame) return;
    var expected = originOf(frame.getAttribute('src') || frame.src);
    var fromOwnOrigin = expected !== null && event.origin === expected;
    var fromSandbox = event.origin === 'null' && isOpaque(frame);
    if (!fromOwnOrigin && !fromSandbox) return;
    var px = Math.round(height);
    var lab = frame.__prayogLab;
    if (lab && lab.frame === frame) {
      lab.reported = px;
      if (lab.fixed !== null) return;
    }
    frame.style.height = px + 'px';
  });

  // The element: a real custom element where the browser has them (ES5 style, through
  // Reflect.construct), else every <prayog-lab> is upgraded by hand.
  var canDefine =
    window.customElements &&
    typeof window.customElements.define === 'function' &&
    typeof Reflect === 'object' &&
    typeof Reflect.construct === 'function' &&
    typeof Object.setPrototypeOf === 'function' &&
    typeof HTMLElement === 'function';

  function PrayogLab() {
    return Reflect.construct(HTMLElement, [], PrayogLab);
  }

  if (canDefine) {
    if (window.customElements.get(TAG)) return;
    PrayogLab.prototype = Object.create(HTMLElement.prototype);
    PrayogLab.prototype.constructor = PrayogLab;
    Object.setPrototypeOf(PrayogLab, HTMLElement);
    PrayogLab.observedAttributes = OBSERVED;
    PrayogLab.prototype.connectedCallback = function () {
      connect(this);
    };
    PrayogLab.prototype.disconnectedCallback = function () {
      disconnect(this);
    };
    PrayogLab.prototype.attributeChangedCallback = function (name, before, after) {
      if (before !== after) render(this);
    };
    window.customElements.define(TAG, PrayogLab);
    return;
  }

  function inDocument(el) {
    return document.documentElement.contains(el);
  }

  function upgradeAll(root) {
    if (!root || root.nodeType !== 1) return;
    if (String(root.tagName).toLowerCase() === TAG) connect(root);
    var found = root.getElementsByTagName(TAG);
    for (var i = 0; i < found.length; i++) connect(found[i]);
  }

  function start() {
    upgradeAll(document.documentElement);
    if (typeof MutationObserver !== 'function') return;
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var record = records[i];
        if (record.type === 'attributes') {
          if (record.target.__prayog && record.target.__prayog.connected) render(record.target);
          continue;
        }
        for (var j = 0; j < record.removedNodes.length; j++) {
          var gone = record.removedNodes[j];
          if (gone.nodeType !== 1) continue;
          var lost = [gone].concat(Array.prototype.slice.call(gone.getElementsByTagName(TAG)));
          for (var k = 0; k < lost.length; k++) {
            if (lost[k].__prayog && !inDocument(lost[k])) disconnect(lost[k]);
          }
        }
        for (var m = 0; m < record.addedNodes.length; m++) {
          var added = record.addedNodes[m];
          if (added.nodeType === 1 && inDocument(added)) upgradeAll(added);
        }
      }
    }).observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: OBSERVED,
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
