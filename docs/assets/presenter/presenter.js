/* Presenter view of a training scenario, and a partnership's full-screen
 * flowchart: step through the items ([data-step]: the scenario's events, or
 * the procedure's stages) with the keyboard (ArrowRight / Space / PageDown:
 * next, ArrowLeft / PageUp: previous, Home: first, End: last, C: the whole
 * flowchart, F: full screen), highlighting the current item's stage wherever
 * the page shows it ([data-stage] boxes and labels).
 *
 * On the app element:
 *   data-hash="event-" or "stage-"  the URL fragment keeps the current item
 *                                   (#event-N, or #stage-ID), never storage;
 *   data-one-at-a-time              show the current item only, at the largest
 *                                   type size (never below 24px) that fits;
 *   data-zoom                       the chart frames the current stage's box
 *                                   (C shows the whole chart instead);
 *   otherwise C opens the whole chart in its dialog.
 * Without this script every item stays visible and the page reads in order.
 */
(function () {
  "use strict";

  var MIN_SIZE = 24;   // px: read from the back of a room on a 1024-wide projector

  function start() {
    var app = document.querySelector("[data-presenter]");
    if (!app) return;
    var items = Array.prototype.slice.call(app.querySelectorAll("[data-step]"));
    if (!items.length) return;
    var prefix = app.getAttribute("data-hash") || "event-";
    var byEvent = prefix === "event-";
    var oneAtATime = app.hasAttribute("data-one-at-a-time");
    var zoom = app.hasAttribute("data-zoom");
    var chart = app.querySelector("[data-presenter-chart]");
    var svg = chart ? chart.querySelector("svg") : null;
    var wholeView = svg ? svg.getAttribute("viewBox") : null;
    var dialog = app.querySelector("[data-presenter-dialog]");
    var chartButton = app.querySelector(".presenter-controls [data-presenter-action='chart']");
    var marks = Array.prototype.slice.call(app.querySelectorAll(".fc-stage[data-stage], .presenter-stage[data-stage]"));
    var progress = app.querySelector("[data-presenter-progress]");
    var current = -1;
    var whole = false;

    app.classList.add("presenter-ready");
    if (svg) {
      svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    }

    function key(item, index) {
      return byEvent ? String(index + 1) : item.getAttribute("data-stage");
    }

    function fromHash() {
      var hash = decodeURIComponent((window.location.hash || "").slice(1));
      for (var i = 0; i < items.length; i++) {
        if (hash === prefix + key(items[i], i)) return i;
      }
      return 0;
    }

    // The chart's frame: the whole chart, or the current stage's box with the
    // words on the arrows that lead into it.
    function frame(stage) {
      if (!svg) return;
      if (!zoom || whole || !stage) {
        svg.setAttribute("viewBox", wholeView);
        return;
      }
      var box = svg.querySelector(".fc-stage[data-stage='" + stage + "'] rect");
      if (!box) return;
      var b = box.getBBox();
      var x0 = b.x, y0 = b.y, x1 = b.x + b.width, y1 = b.y + b.height;
      Array.prototype.forEach.call(svg.querySelectorAll(".fc-edge[data-to='" + stage + "'] text"), function (t) {
        var l = t.getBBox();
        y0 = Math.min(y0, l.y);
        x0 = Math.min(x0, l.x);
        x1 = Math.max(x1, l.x + l.width);
      });
      var pad = 8;
      svg.setAttribute("viewBox", [x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad].join(" "));
    }

    // The largest type size, from the style sheet's down to 24px, at which the
    // current event shows whole; below that, its story scrolls, its deadlines never.
    function fit() {
      if (!oneAtATime || current < 0) return;
      document.body.style.fontSize = "";
      var size = parseFloat(getComputedStyle(document.body).fontSize);
      var item = items[current];
      var story = item.querySelector(".presenter-event-what");
      function clipped() {
        return item.scrollHeight > item.clientHeight + 1
          || (story && story.scrollHeight > story.clientHeight + 1);
      }
      while (clipped() && size > MIN_SIZE) {
        size = Math.max(MIN_SIZE, size - 1);
        document.body.style.fontSize = size + "px";
      }
    }

    function show(index) {
      index = Math.min(Math.max(index, 0), items.length - 1);
      current = index;
      var item = items[index];
      var stage = item.getAttribute("data-stage");
      items.forEach(function (e, i) {
        var on = i === index;
        if (oneAtATime) e.hidden = !on;
        e.classList.toggle("is-current", on);
        if (on) {
          e.setAttribute("aria-current", "step");
        } else {
          e.removeAttribute("aria-current");
        }
      });
      marks.forEach(function (b) {
        var on = b.getAttribute("data-stage") === stage;
        b.classList.toggle("is-current", on);
        if (on) {
          b.setAttribute("aria-current", "step");
        } else {
          b.removeAttribute("aria-current");
        }
      });
      if (progress) {
        progress.textContent = byEvent
          ? "Event " + (index + 1) + " of " + items.length
          : item.getAttribute("data-step-label") + " (" + (index + 1) + " of " + items.length + ")";
      }
      var hash = "#" + prefix + key(item, index);
      if (window.location.hash !== hash && window.history && window.history.replaceState) {
        window.history.replaceState(null, "", hash);
      }
      frame(stage);
      fit();
    }

    function toggleChart() {
      if (zoom) {
        whole = !whole;
        frame(items[current].getAttribute("data-stage"));
        if (chartButton) chartButton.setAttribute("aria-pressed", String(whole));
        return;
      }
      if (!dialog || !dialog.showModal) return;
      if (dialog.open) {
        dialog.close();
      } else {
        dialog.showModal();
        if (chartButton) chartButton.setAttribute("aria-pressed", "true");
      }
    }

    if (dialog) {
      dialog.addEventListener("close", function () {
        if (chartButton) chartButton.setAttribute("aria-pressed", "false");
      });
    }

    function fullscreen() {
      var root = document.documentElement;
      if (document.fullscreenElement) {
        if (document.exitFullscreen) document.exitFullscreen();
      } else if (root.requestFullscreen) {
        root.requestFullscreen().catch(function () { /* refused: stay as we are */ });
      }
    }

    var actions = {
      first: function () { show(0); },
      previous: function () { show(current - 1); },
      next: function () { show(current + 1); },
      last: function () { show(items.length - 1); },
      chart: toggleChart,
      fullscreen: fullscreen
    };

    app.addEventListener("click", function (ev) {
      var button = ev.target.closest ? ev.target.closest("[data-presenter-action]") : null;
      if (!button) return;
      var act = actions[button.getAttribute("data-presenter-action")];
      if (act) act();
    });

    document.addEventListener("keydown", function (ev) {
      if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
      var tag = ev.target && ev.target.tagName;
      // Space and Enter on a focused button or link keep their own meaning.
      var onControl = tag === "BUTTON" || tag === "A";
      switch (ev.key) {
        case "ArrowRight":
        case "PageDown":
          actions.next(); break;
        case " ":
        case "Spacebar":
          if (onControl) return;
          actions.next(); break;
        case "ArrowLeft":
        case "PageUp":
          actions.previous(); break;
        case "Home":
          actions.first(); break;
        case "End":
          actions.last(); break;
        case "c":
        case "C":
          toggleChart(); break;
        case "f":
        case "F":
          fullscreen(); break;
        default:
          return;
      }
      ev.preventDefault();
    });

    var resizing = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(resizing);
      resizing = window.setTimeout(fit, 100);
    });
    window.addEventListener("hashchange", function () { show(fromHash()); });
    show(fromHash());
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
