// A list's filter: shows only the entries whose words contain everything
// typed, and says how many are shown. Runs where a page has [data-filter]
// (the home page's list of partnerships, the comparison's tables); without
// JavaScript every entry is shown and the filter stays hidden.
//
// Entries are [data-filter-item] elements; those with the same
// data-filter-key (a partnership's slug) are shown or hidden together, on the
// words of all of them, and counted once. A [data-filter-group] (a table)
// with no entry left is hidden with them. When nothing matches, the page's
// [data-filter-empty] panel (every partnership, and what to do) is shown in
// place of the empty list, never a bare "no match".
(function () {
  "use strict";
  function start() {
    var box = document.querySelector("[data-filter]");
    if (!box) return;
    var input = box.querySelector("input");
    var count = box.querySelector("[role=status]");
    var noun = box.getAttribute("data-filter-noun") || "entries";
    var empty = document.querySelector("[data-filter-empty]");
    var items = Array.prototype.slice.call(document.querySelectorAll("[data-filter-item]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll("[data-filter-group]"));
    var texts = {};
    var keys = [];
    items.forEach(function (item, i) {
      var key = item.getAttribute("data-filter-key") || String(i);
      if (!(key in texts)) { texts[key] = ""; keys.push(key); }
      texts[key] += " " + item.textContent.toLowerCase();
    });
    box.hidden = false;
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = {};
      var n = 0;
      keys.forEach(function (key) {
        shown[key] = words.every(function (w) { return texts[key].indexOf(w) !== -1; });
        if (shown[key]) n += 1;
      });
      items.forEach(function (item, i) {
        item.hidden = !shown[item.getAttribute("data-filter-key") || String(i)];
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-filter-item]:not([hidden])");
      });
      if (empty) empty.hidden = !(words.length && n === 0);
      if (!words.length) {
        count.textContent = "";
      } else if (n === 0) {
        count.textContent = "No " + noun + " match \u201c" + input.value.trim() + "\u201d." +
          (empty ? " All " + keys.length + " that the handbook covers are listed below, with what to do." : "");
      } else {
        count.textContent = n + " of " + keys.length + " " + noun + " shown";
      }
    }
    input.addEventListener("input", apply);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
