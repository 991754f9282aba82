/* The evidence map's comparator filter in the static book (HTML from painmood.evidence_map).
   Choosing a radio button shows only that comparator group's rows in the table, in the
   caption (the figure's text alternative) and in the plot, and says on screen which
   comparators are shown. The page starts with the default view already in place (rows of
   other groups carry `hidden`, their traces visible: false), so this only acts on change.
   Exposed as window.PainMoodEvidenceMap (setup() also serves the tests' fixture maps). */
(function () {
  "use strict";

  function inView(group, chosen) { return chosen === "all" || group === chosen; }

  /* Restyle the plot: traces of the chosen group visible, rows (categories) of the visible
     traces only, in the figure's order, and the height that fits them. Categories are
     read from the drawn traces, which painmood-plotly.js may have wrapped on a narrow screen. */
  function restyle(root, data, chosen) {
    var graph = root.querySelector(".pm-evmap-figure .pm-plotly-graph");
    if (!graph || !graph.data) { return null; }  // not drawn yet: "pm-drawn" calls update() again
    var visible = graph.data.map(function (trace) { return inView(trace.meta.pm_group, chosen); });
    var rows = [];
    graph.data.forEach(function (trace, i) {
      if (visible[i] && rows.indexOf(trace.y[0]) < 0) { rows.push(trace.y[0]); }
    });
    var height = data.base_height + data.row_height * Math.max(rows.length, 1);
    graph.style.height = height + "px";
    return window.Plotly.update(graph, { visible: visible },
      { "yaxis.categoryarray": rows.slice().reverse(), height: height });
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector(".pm-evmap-data").textContent);
    var radios = root.querySelectorAll("input[type=radio]");

    function chosen() {
      var checked = root.querySelector("input[type=radio]:checked");
      return checked ? checked.value : radios[0].value;
    }

    function update() {
      var group = chosen();
      root.querySelectorAll("[data-pm-group]").forEach(function (el) {
        el.hidden = !inView(el.getAttribute("data-pm-group"), group);
      });
      // Python wrote the line as HTML, any Chinese tagged lang="zh-Hans" (painmood.chinese).
      root.querySelector(".pm-evmap-shown").innerHTML = data.shown[group];
      return restyle(root, data, group);
    }

    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    root.addEventListener("pm-drawn", update);  // a plot drawn late shows the current choice
    root.pmUpdate = update;
  }

  window.PainMoodEvidenceMap = { inView: inView, setup: setup };
  function setupAll() { document.querySelectorAll("section.pm-evidence-map").forEach(setup); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
