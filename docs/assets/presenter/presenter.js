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
 *   data-zoom                       the chart frames the current stage's box,
 *                                   its neighbours hidden; C swaps it for the
 *                                   whole chart laid out across the screen
 *                                   ([data-presenter-whole]);
 *   otherwise C opens the whole chart in its dialog.
 * Without this script every item stays visible and the page reads in order.
 */
(function () {
  "use strict";

  var MIN_SIZE = 24;   // px: read from the back of a room on a 1024-wide projector

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  // What the page holds, read once: the presenter's state.
  function read(app) {
    var chart = app.querySelector("[data-presenter-chart]");
    var svg = chart ? chart.querySelector("svg") : null;
    var prefix = app.getAttribute("data-hash") || "event-";
    return {
      app: app,
      items: all(app, "[data-step]"),
      prefix: prefix,
      byEvent: prefix === "event-",
      oneAtATime: app.hasAttribute("data-one-at-a-time"),
      zoom: app.hasAttribute("data-zoom"),
      svg: svg,
      wholeView: svg ? svg.getAttribute("viewBox") : null,
      dialog: app.querySelector("[data-presenter-dialog]"),
      chartButton: app.querySelector(".presenter-controls [data-presenter-action='chart']"),
      marks: all(app, ".fc-stage[data-stage], .presenter-stage[data-stage]"),
      progress: app.querySelector("[data-presenter-progress]"),
      current: -1,
      whole: false
    };
  }

  // The URL fragment -------------------------------------------------------
  function itemKey(state, index) {
    return state.byEvent ? String(index + 1) : state.items[index].getAttribute("data-stage");
  }

  function indexFromHash(state) {
    var hash = decodeURIComponent((window.location.hash || "").slice(1));
    for (var i = 0; i < state.items.length; i++) {
      if (hash === state.prefix + itemKey(state, i)) return i;
    }
    return 0;
  }

  function writeHash(state, index) {
    var hash = "#" + state.prefix + itemKey(state, index);
    if (window.location.hash !== hash && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", hash);
    }
  }

  // Marking the current item and its stage ---------------------------------
  function mark(element, on) {
    element.classList.toggle("is-current", on);
    if (on) {
      element.setAttribute("aria-current", "step");
    } else {
      element.removeAttribute("aria-current");
    }
  }

  function markCurrent(state, index) {
    var stage = state.items[index].getAttribute("data-stage");
    state.items.forEach(function (e, i) {
      if (state.oneAtATime) e.hidden = i !== index;
      mark(e, i === index);
    });
    state.marks.forEach(function (b) { mark(b, b.getAttribute("data-stage") === stage); });
  }

  function describeProgress(state, index) {
    if (!state.progress) return;
    var count = state.items.length;
    state.progress.textContent = state.byEvent
      ? "Event " + (index + 1) + " of " + count
      : state.items[index].getAttribute("data-step-label") + " (" + (index + 1) + " of " + count + ")";
  }

  // The zoomed chart ----------------------------------------------------------
  // The current stage's box with the words on the arrows that lead into it.
  function stageBounds(svg, stage) {
    var box = svg.querySelector(".fc-stage[data-stage='" + stage + "'] rect");
    if (!box) return null;
    var b = box.getBBox();
    var x0 = b.x, y0 = b.y, x1 = b.x + b.width, y1 = b.y + b.height;
    all(svg, ".fc-edge[data-to='" + stage + "'] text").forEach(function (t) {
      var l = t.getBBox();
      y0 = Math.min(y0, l.y);
      x0 = Math.min(x0, l.x);
      x1 = Math.max(x1, l.x + l.width);
    });
    var pad = 8;
    return [x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad];
  }

  // Zoomed, everything but the stage and the arrows into it is hidden, so no
  // neighbour shows cut at an edge of the screen.
  function frameChart(state, stage) {
    var svg = state.svg;
    if (!svg) return;
    var zoomed = state.zoom && !state.whole && stage;
    var bounds = zoomed ? stageBounds(svg, stage) : null;
    svg.classList.toggle("is-zoomed", Boolean(bounds));
    all(svg, ".fc-edge").forEach(function (e) {
      e.classList.toggle("is-into-current", e.getAttribute("data-to") === stage);
    });
    svg.setAttribute("viewBox", bounds ? bounds.join(" ") : state.wholeView);
  }

  // The largest type size, from the style sheet's down to 24px, at which the
  // current event shows whole; below that, its story scrolls, its deadlines never.
  function fitType(state) {
    if (!state.oneAtATime || state.current < 0) return;
    document.body.style.fontSize = "";
    var size = parseFloat(getComputedStyle(document.body).fontSize);
    var item = state.items[state.current];
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

  function show(state, index) {
    index = Math.min(Math.max(index, 0), state.items.length - 1);
    state.current = index;
    markCurrent(state, index);
    describeProgress(state, index);
    writeHash(state, index);
    frameChart(state, state.items[index].getAttribute("data-stage"));
    fitType(state);
  }

  // The whole chart: across the screen in place of the zoomed one, or in a dialog.
  function toggleChart(state) {
    if (state.zoom) {
      state.whole = !state.whole;
      state.app.classList.toggle("is-whole", state.whole);
      frameChart(state, state.items[state.current].getAttribute("data-stage"));
      if (state.chartButton) state.chartButton.setAttribute("aria-pressed", String(state.whole));
      return;
    }
    var dialog = state.dialog;
    if (!dialog || !dialog.showModal) return;
    if (dialog.open) {
      dialog.close();
    } else {
      dialog.showModal();
      if (state.chartButton) state.chartButton.setAttribute("aria-pressed", "true");
    }
  }

  function toggleFullscreen() {
    var root = document.documentElement;
    if (document.fullscreenElement) {
      if (document.exitFullscreen) document.exitFullscreen();
    } else if (root.requestFullscreen) {
      root.requestFullscreen().catch(function () { /* refused: stay as we are */ });
    }
  }

  function makeActions(state) {
    return {
      first: function () { show(state, 0); },
      previous: function () { show(state, state.current - 1); },
      next: function () { show(state, state.current + 1); },
      last: function () { show(state, state.items.length - 1); },
      chart: function () { toggleChart(state); },
      fullscreen: toggleFullscreen
    };
  }

  // The action a key press asks for, or null. Space on a focused button or
  // link keeps its own meaning.
  var KEYS = {
    ArrowRight: "next", PageDown: "next", " ": "next", Spacebar: "next",
    ArrowLeft: "previous", PageUp: "previous", Home: "first", End: "last",
    c: "chart", C: "chart", f: "fullscreen", F: "fullscreen"
  };

  function keyAction(ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return null;
    var name = Object.prototype.hasOwnProperty.call(KEYS, ev.key) ? KEYS[ev.key] : null;
    var tag = ev.target && ev.target.tagName;
    if ((ev.key === " " || ev.key === "Spacebar") && (tag === "BUTTON" || tag === "A")) return null;
    return name;
  }

  function listen(state, actions) {
    state.app.addEventListener("click", function (ev) {
      var button = ev.target.closest ? ev.target.closest("[data-presenter-action]") : null;
      var act = button ? actions[button.getAttribute("data-presenter-action")] : null;
      if (act) act();
    });
    document.addEventListener("keydown", function (ev) {
      var name = keyAction(ev);
      if (!name) return;
      actions[name]();
      ev.preventDefault();
    });
    if (state.dialog) {
      state.dialog.addEventListener("close", function () {
        if (state.chartButton) state.chartButton.setAttribute("aria-pressed", "false");
      });
    }
    var resizing = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(resizing);
      resizing = window.setTimeout(function () { fitType(state); }, 100);
    });
    window.addEventListener("hashchange", function () { show(state, indexFromHash(state)); });
  }

  function start() {
    var app = document.querySelector("[data-presenter]");
    if (!app) return;
    var state = read(app);
    if (!state.items.length) return;
    app.classList.add("presenter-ready");
    if (state.svg) state.svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    listen(state, makeActions(state));
    show(state, indexFromHash(state));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
