/*
 * Prayog embed helper (optional). Include it next to your iframes:
 *
 *   <iframe data-prayog src="https://example.org/prayog/index.html?lab=attention&embed=1"
 *           width="100%" height="640" style="border:0"></iframe>
 *   <script src="https://example.org/prayog/embed.js" async></script>
 *
 * It sets each iframe[data-prayog]'s height from the page's {type: 'prayog:height'} messages.
 * A message is accepted only when it comes from the contentWindow of one of those iframes and
 * from that iframe's origin (or "null" when the iframe is sandboxed without allow-same-origin),
 * with a finite height in 100..10000. Nothing else is read; no markup is ever built.
 * Plain ES5, no build step.
 */
(function () {
  'use strict';
  var FLAG = '__prayogEmbedListening';
  if (window[FLAG]) return;
  window[FLAG] = true;

  var MIN_HEIGHT = 100;
  var MAX_HEIGHT = 10000;

  function originOf(src) {
    try {
      return new URL(src, document.baseURI).origin;
    } catch (e) {
      return null;
    }
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
    var frames = document.querySelectorAll('iframe[data-prayog]');
    for (var i = 0; i < frames.length; i++) {
      if (source && frames[i].contentWindow === source) return frames[i];
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
    frame.style.height = Math.round(height) + 'px';
  });
})();
