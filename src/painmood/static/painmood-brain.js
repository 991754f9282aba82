/* Sortable region tables of the brain atlas (painmood.brain), working without a kernel.
   Each header of a table.pm-sortable gets a button; pressing it sorts the rows by that
   column and announces the order through aria-sort on the header cell. */
(function () {
  "use strict";

  function addStylesheet() {
    // The stylesheet sits beside this script in _static (same site, no outside request).
    var me = document.querySelector('script[src*="painmood-brain.js"]');
    if (!me || document.querySelector('link[href*="painmood-brain.css"]')) { return; }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = me.src.replace(/painmood-brain\.js.*$/, "painmood-brain.css");
    document.head.appendChild(link);
  }

  function cellText(row, index) {
    var cell = row.children[index];
    return cell ? cell.textContent.trim() : "";
  }

  function sortBy(table, index, header) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = cellText(a, index).localeCompare(cellText(b, index), undefined, { numeric: true });
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function makeSortable(table) {
    table.querySelectorAll("thead th").forEach(function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pm-sort-button";
      while (header.firstChild) { button.appendChild(header.firstChild); }
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, header); });
    });
  }

  function init() {
    addStylesheet();
    document.querySelectorAll("table.pm-sortable").forEach(makeSortable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
