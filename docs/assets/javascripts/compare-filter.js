// The comparison page's filter: shows only the partnerships whose row contains
// the words typed. Runs only where the page has [data-compare-filter]; without
// JavaScript the full table is shown and the filter stays hidden.
(function () {
  "use strict";
  function start() {
    var box = document.querySelector("[data-compare-filter]");
    var table = document.getElementById("compare-table");
    if (!box || !table) return;
    var input = box.querySelector("input");
    var count = document.getElementById("compare-filter-count");
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr[data-compare-row]"));
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
    box.hidden = false;
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = words.length ? shown + " of " + rows.length + " partnerships shown" : "";
    }
    input.addEventListener("input", apply);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
