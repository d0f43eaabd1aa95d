// The comparison's choice: the partnerships a reader ticks are shown side by
// side, one column each, stage by stage. Runs where a page has
// [data-compare-choice]; without JavaScript the choice stays hidden and the
// page's tables show every partnership.
//
// The columns are made from the page's own tables (each stage's row of a
// partnership, the overview's link and number of stages), so every word in
// them is the page's. The choice lives in the address's fragment
// (#with=slug,slug) so that a link to it opens the same comparison; nothing
// is stored.
(function () {
  "use strict";
  var PREFIX = "#with=";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function clones(nodes) {
    return Array.prototype.map.call(nodes, function (n) { return n.cloneNode(true); });
  }

  // One partnership's cell for one stage: each of its rows (a split step has
  // one per branch) with the stage table's column headings as labels.
  // On a phone, where the column headings scroll away, each cell begins with
  // its partnership's name (screen readers have the column heading already).
  function stageCell(section, slug, count, name) {
    var rows = section.querySelectorAll('tr[data-filter-key="' + slug + '"]');
    var heads = section.querySelectorAll("thead th");
    var cell = el("td", {}, [el("p", { "class": "side-column-name", "aria-hidden": "true" }, [name])]);
    if (!rows.length) {
      var heading = section.querySelector("h2").textContent;
      cell.appendChild(el("p", { "class": "note" }, ["No " + heading.toLowerCase() + " (it has " + count + ")"]));
      return cell;
    }
    Array.prototype.forEach.call(rows, function (row) {
      var part = el("div", { "class": "side-stage" });
      var name = row.querySelector("[data-compare-stage]");
      part.appendChild(el("p", { "class": "side-stage-name" }, clones(name.childNodes)));
      Array.prototype.forEach.call(row.querySelectorAll("td"), function (td, i) {
        part.appendChild(el("p", { "class": "side-label" }, [heads[i + 1].textContent]));
        part.appendChild(el("div", {}, clones(td.childNodes)));
      });
      cell.appendChild(part);
    });
    return cell;
  }

  function buildTable(table, chosen) {
    Array.prototype.slice.call(table.querySelectorAll("thead, tbody")).forEach(function (n) { n.remove(); });
    var head = el("tr");
    var counts = {};
    var titles = names(chosen);
    chosen.forEach(function (slug) {
      var row = document.querySelector('tr[data-compare-row][data-filter-key="' + slug + '"]');
      counts[slug] = row.querySelector("[data-compare-count]").textContent;
      head.appendChild(el("th", { scope: "col" }, [row.querySelector("th a").cloneNode(true)]));
    });
    table.appendChild(el("thead", {}, [head]));
    table.style.setProperty("--side-columns", String(chosen.length));
    document.querySelectorAll(".compare-section").forEach(function (section) {
      var title = el("th", { scope: "rowgroup", colspan: String(chosen.length) }, [section.querySelector("h2").textContent]);
      var cells = chosen.map(function (slug, i) { return stageCell(section, slug, counts[slug], titles[i]); });
      table.appendChild(el("tbody", {}, [el("tr", {}, [title]), el("tr", {}, cells)]));
    });
  }

  function names(chosen) {
    return chosen.map(function (slug) {
      return document.querySelector('tr[data-compare-row][data-filter-key="' + slug + '"] th a').textContent;
    });
  }

  function start() {
    var box = document.querySelector("[data-compare-choice]");
    if (!box) return;
    var boxes = Array.prototype.slice.call(box.querySelectorAll("input[type=checkbox]"));
    var side = box.querySelector("[data-compare-side]");
    var table = side.querySelector("table");
    var status = box.querySelector("[role=status]");
    box.hidden = false;

    function show(chosen) {
      side.hidden = !chosen.length;
      if (chosen.length) buildTable(table, chosen);
      var n = names(chosen);
      if (!n.length) status.textContent = "";
      else if (n.length === 1) status.textContent = n[0] + " is shown below; choose another to compare it with.";
      else status.textContent = n.slice(0, -1).join(", ") + " and " + n[n.length - 1] + " are shown side by side below.";
    }
    function chosenNow() {
      return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    }
    function fromAddress() {
      if (location.hash.indexOf(PREFIX) !== 0) return;
      var wanted = decodeURIComponent(location.hash.slice(PREFIX.length)).split(",");
      boxes.forEach(function (b) { b.checked = wanted.indexOf(b.value) !== -1; });
      show(chosenNow());
    }
    boxes.forEach(function (b) {
      b.addEventListener("change", function () {
        var chosen = chosenNow();
        var address = location.pathname + location.search + (chosen.length ? PREFIX + chosen.join(",") : "");
        history.replaceState(null, "", address);
        show(chosen);
      });
    });
    window.addEventListener("hashchange", fromAddress);
    fromAddress();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
