// On a page opened from a `#protocol=` link (a reader who came for the
// calculator's answer), the theme's script (Material for MkDocs: search,
// the table of contents that follows the reader, the header's title, the
// back-to-top button) starts after that answer instead of beside it. On a
// two-core PC the theme's start (its script, the layouts and repaints it
// causes, its search worker and index) competed with Python's start and
// made the first answer measurably later (tests/bench_browser.py; figures
// in ARCHITECTURE.md). The page is whole without it: the theme's styles lay
// it out and its navigation drawer works without script. The theme waits
// only until the calculator settles (its first answer or a failure), the
// reader presses a key, clicks or taps anything, or HOLD_SECONDS pass,
// whichever comes first. On any other page it starts at once.
//
// On pages with a calculator, build/overrides/main.html writes the theme's
// script tag with type="text/plain" and data-theme-later (so the browser
// neither fetches nor runs it), and this classic script after it. The theme
// starts when the document's DOMContentLoaded event fires; started after
// that event it would wait for ever, so while its script runs, a listener
// for that event, added once it has passed, is called at once instead.
(function () {
  "use strict";
  var HOLD_SECONDS = 10;
  var held = document.querySelector("script[data-theme-later]");
  if (!held) return;
  var started = false;

  function start() {
    if (started) return;
    started = true;
    var listen = document.addEventListener;
    document.addEventListener = function (type, listener) {
      if (type === "DOMContentLoaded" && document.readyState !== "loading") {
        setTimeout(function () {
          if (typeof listener === "function") listener.call(document, new Event(type));
          else if (listener && typeof listener.handleEvent === "function") listener.handleEvent(new Event(type));
        }, 0);
        return undefined;
      }
      return listen.apply(this, arguments);
    };
    var script = document.createElement("script");
    script.src = held.getAttribute("src");
    script.async = false;
    script.onload = script.onerror = function () {
      document.addEventListener = listen;
    };
    held.parentNode.insertBefore(script, held.nextSibling);
  }

  if (!/(^#|&)protocol=/.test(location.hash)) {
    start();
    return;
  }
  document.addEventListener("handbook:calculator-settled", start, { once: true });
  ["keydown", "pointerdown", "focusin"].forEach(function (type) {
    window.addEventListener(type, start, { once: true, capture: true });
  });
  setTimeout(start, HOLD_SECONDS * 1000);
})();
