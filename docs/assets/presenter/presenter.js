/* Presenter view of a training scenario: step through its events with the
 * keyboard (ArrowRight / Space: next, ArrowLeft: previous, Home: first,
 * End: last, F: full screen) and highlight the current stage in the flowchart.
 *
 * The page lists the events as `.presenter-event[data-event-stage]`; the
 * flowchart's stage boxes carry `data-stage`. Without this script every event
 * stays visible, so the page still reads in order. The current event is kept
 * in the URL fragment (#event-N), never in storage.
 */
(function () {
  "use strict";

  function start() {
    var app = document.querySelector("[data-presenter]");
    if (!app) return;
    var events = Array.prototype.slice.call(app.querySelectorAll(".presenter-event"));
    if (!events.length) return;
    var chart = app.querySelector("[data-presenter-chart]");
    var boxes = chart ? Array.prototype.slice.call(chart.querySelectorAll("[data-stage]")) : [];
    // "Resolved" exits carry their stage's id too; highlight the stage itself.
    var stageBoxes = boxes.filter(function (b) { return !b.classList.contains("fc-exit"); });
    var progress = app.querySelector("[data-presenter-progress]");
    var current = -1;

    app.classList.add("presenter-ready");

    function fromHash() {
      var m = /^#event-(\d+)$/.exec(window.location.hash || "");
      var n = m ? parseInt(m[1], 10) - 1 : 0;
      return Math.min(Math.max(n, 0), events.length - 1);
    }

    function show(index) {
      index = Math.min(Math.max(index, 0), events.length - 1);
      current = index;
      var stage = events[index].getAttribute("data-event-stage");
      events.forEach(function (e, i) {
        var on = i === index;
        e.hidden = !on;
        e.classList.toggle("is-current", on);
      });
      stageBoxes.forEach(function (b) {
        var on = b.getAttribute("data-stage") === stage;
        b.classList.toggle("is-current", on);
        if (on) {
          b.setAttribute("aria-current", "step");
        } else {
          b.removeAttribute("aria-current");
        }
      });
      if (progress) {
        progress.textContent = "Event " + (index + 1) + " of " + events.length;
      }
      var hash = "#event-" + (index + 1);
      if (window.location.hash !== hash && window.history && window.history.replaceState) {
        window.history.replaceState(null, "", hash);
      }
      // Bring the current box into view inside the chart, not by scrolling the page.
      var box = stageBoxes.filter(function (b) { return b.classList.contains("is-current"); })[0];
      if (box && chart && box.getBoundingClientRect) {
        var outer = chart.getBoundingClientRect();
        var inner = box.getBoundingClientRect();
        if (inner.top < outer.top || inner.bottom > outer.bottom) {
          chart.scrollTop += (inner.top - outer.top) - Math.max(0, (outer.height - inner.height) / 2);
        }
      }
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
      last: function () { show(events.length - 1); },
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
        case "f":
        case "F":
          fullscreen(); break;
        default:
          return;
      }
      ev.preventDefault();
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
