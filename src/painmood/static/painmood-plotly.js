/* Draws every course figure of the page with the plotly.js the site serves.
   Each figure is a <figure class="pm-plotly"> holding its JSON (painmood.figures). */
(function () {
  "use strict";
  var CONFIG = { displaylogo: false, responsive: true, showLink: false };

  function labelModebar(graph) {
    // Plotly's toolbar buttons carry their name only in data-title; give it to screen readers.
    graph.querySelectorAll(".modebar-btn").forEach(function (btn) {
      var name = btn.getAttribute("data-title");
      if (name) { btn.setAttribute("aria-label", name); btn.setAttribute("role", "button"); }
    });
  }

  function draw(container) {
    var graph = container.querySelector(".pm-plotly-graph");
    var spec = JSON.parse(container.querySelector(".pm-plotly-data").textContent);
    return window.Plotly.newPlot(graph, spec.data || [], spec.layout || {}, CONFIG).then(function () {
      labelModebar(graph);
      container.setAttribute("data-drawn", "true");
    });
  }

  function drawAll() {
    document.querySelectorAll("figure.pm-plotly").forEach(draw);
  }

  window.PainMoodFigures = { draw: draw, labelModebar: labelModebar };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
