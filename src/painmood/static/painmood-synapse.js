/* The synapse explorer of the static book (HTML from painmood.synapse).
   gain() repeats painmood.synapse.gain_for operation for operation in float64, so the
   page shows the same numbers as Python. Exposed as window.PainMoodSynapse. */
(function () {
  "use strict";

  // Same operations, in the same order, as painmood.synapse.gain_for.
  function gain(p, repetitions, strength) {
    var drive = Math.max(0, strength - p.induction_threshold);
    var x = p.rate * repetitions * drive;
    return 1 + (p.max_gain - 1) * x / (1 + x);
  }

  // painmood.synapse.response_for and response_curve.
  function response(data, values) {
    var g = gain(data.parameters, values.repetitions, values.strength);
    var curve = [];
    for (var n = 0; n <= data.maxRepetitions; n++) {
      curve.push(gain(data.parameters, n, values.strength) * values.test);
    }
    return { repetitions: values.repetitions, strength: values.strength, test: values.test,
             gain: g, before: values.test, after: g * values.test,
             painThreshold: data.parameters.pain_threshold, curve: curve };
  }

  // Same words as painmood.synapse.summary_text.
  function summary(r) {
    // Same slack as painmood.synapse.is_painful (PAIN_TOLERANCE): 0.4999999... shows as 0.50.
    function felt(v) { return v >= r.painThreshold - 1e-9 ? "painful" : "not painful"; }
    return "After " + r.repetitions.toFixed(0) + " repetitions of input of strength " +
      r.strength.toFixed(1) + ", the synapse is " + r.gain.toFixed(2) +
      " times as strong as at the start. The test stimulus of " + r.test.toFixed(1) +
      " drove a response of " + r.before.toFixed(2) + " before (" + felt(r.before) + ") and " +
      r.after.toFixed(2) + " now (" + felt(r.after) + "; the model calls " +
      r.painThreshold.toFixed(2) + " or more painful).";
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector(".pm-synapse-data").textContent);
    var ranges = root.querySelectorAll("input[data-control]");

    function update() {
      var values = {};
      ranges.forEach(function (input) {
        values[input.dataset.control] = parseFloat(input.value);
        input.nextElementSibling.value = input.value;  // the <output> beside it
      });
      var r = response(data, values);
      root.querySelector(".pm-syn-summary").textContent = summary(r);
      var graph = root.querySelector(".pm-syn-figure .pm-plotly-graph");
      if (graph && graph.data) {  // drawn by painmood-plotly.js when near the viewport
        window.Plotly.restyle(graph, { x: [[r.repetitions]], y: [[r.after]] }, [1]);
        window.Plotly.restyle(graph, { y: [r.curve] }, [0]);
      }
      return r;
    }

    ranges.forEach(function (input) { input.addEventListener("input", update); });
    root.addEventListener("pm-drawn", update);  // a figure drawn late shows the current controls
    root.pmUpdate = update;
  }

  window.PainMoodSynapse = { gain: gain, response: response, summary: summary };
  function setupAll() { document.querySelectorAll("section.pm-synapse").forEach(setup); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
