// On a page opened from a `#protocol=` link (a reader who came for the
// calculator's answer), the theme's search index loads after that answer
// instead of beside it. The theme (Material for MkDocs) requests
// search/search_index.json when its script starts and builds the index in a
// worker: on a two-core PC that work competed with Python's start and made
// the first answer measurably later (tests/bench_browser.py). Search still
// works: the request is only held until the calculator settles (its first
// answer or a failure), the reader presses a key, clicks or taps anything,
// or HOLD_SECONDS pass, whichever comes first.
//
// A classic script placed just before the theme's own, on pages with a
// calculator only (build/overrides/main.html). It wraps XMLHttpRequest's
// send for that one URL, since that is how the theme fetches the index; if
// a theme upgrade fetches it another way, nothing is held (the browser tests
// check that the index still waits for the answer).
(function () {
  "use strict";
  var HOLD_SECONDS = 10;
  if (!/(^#|&)protocol=/.test(location.hash)) return;
  var xhr = XMLHttpRequest.prototype;
  var open = xhr.open;
  var send = xhr.send;
  var held = [];
  var released = false;
  var marked = new WeakSet();

  function release() {
    if (released) return;
    released = true;
    var waiting = held;
    held = [];
    for (var i = 0; i < waiting.length; i++) waiting[i]();
  }

  xhr.open = function (method, url) {
    if (/\/search\/search_index\.json(\?|$)/.test(String(url))) marked.add(this);
    return open.apply(this, arguments);
  };
  xhr.send = function () {
    if (released || !marked.has(this)) return send.apply(this, arguments);
    var request = this;
    var args = arguments;
    held.push(function () { send.apply(request, args); });
    return undefined;
  };

  document.addEventListener("handbook:calculator-settled", release, { once: true });
  ["keydown", "pointerdown", "focusin"].forEach(function (type) {
    window.addEventListener(type, release, { once: true, capture: true });
  });
  setTimeout(release, HOLD_SECONDS * 1000);
})();
