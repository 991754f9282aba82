/* The descending-control explorer of the static book (HTML from painmood.descending).
   balance() repeats painmood.descending.balance_for operation for operation in float64,
   summing the effects in the file's order, so the page shows the same numbers as Python.
   Exposed as window.PainMoodDescending. */
(function () {
  "use strict";

  // Same sums, in the same order, as painmood.descending.balance_for.
  function balance(data, values) {
    var totals = { inhibition: data.baselines.inhibition, facilitation: data.baselines.facilitation };
    data.effects.forEach(function (effect) {
      totals[effect.target] = totals[effect.target] + effect.weight * values[effect.control];
    });
    return { inhibition: totals.inhibition, facilitation: totals.facilitation,
             gain: totals.facilitation / totals.inhibition };
  }

  // Same words as painmood.descending.summary_text.
  function summary(result) {
    var lean = result.gain > 1 ? "towards facilitation: incoming pain signals are turned up" :
      result.gain < 1 ? "towards inhibition: incoming pain signals are turned down" :
      "evenly: incoming pain signals pass on unchanged";
    return "Inhibition " + result.inhibition.toFixed(2) + ", facilitation " +
      result.facilitation.toFixed(2) + ". The balance leans " + lean +
      ". Gain on incoming signals: " + result.gain.toFixed(2) + " (1 = unchanged).";
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector(".pm-descending-data").textContent);
    var ranges = root.querySelectorAll("input[data-control]");

    function update() {
      var values = {};
      ranges.forEach(function (input) {
        values[input.dataset.control] = parseFloat(input.value);
        input.nextElementSibling.value = input.value;  // the <output> beside it
      });
      var result = balance(data, values);
      root.querySelector(".pm-desc-summary").textContent = summary(result);
      var graph = root.querySelector(".pm-desc-figure .pm-plotly-graph");
      if (graph && graph.data) {  // drawn by painmood-plotly.js when near the viewport
        window.Plotly.restyle(graph, { x: [[0, result.inhibition], [0, result.facilitation],
          [0, result.gain]] }, [0, 1, 2]);
      }
      return result;
    }

    ranges.forEach(function (input) { input.addEventListener("input", update); });
    root.addEventListener("pm-drawn", update);  // a figure drawn late shows the current controls
    root.pmUpdate = update;
  }

  window.PainMoodDescending = { balance: balance, summary: summary };
  function setupAll() { document.querySelectorAll("section.pm-descending").forEach(setup); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
