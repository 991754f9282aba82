/* The carry-over simulator of the static book (HTML from painmood.simulator).
   run() repeats painmood.model.run operation for operation in float64, so the page
   shows the same numbers as the Python model. Exposed as window.PainMoodSimulator. */
(function () {
  "use strict";
  var SCALE_MAX = 10;

  function clip(x) { return Math.min(Math.max(x, 0), SCALE_MAX); }

  // Same as painmood.model.run: the one-step case of runPlan.
  function run(v, painRate, affectRate, blunting) {
    return runPlan(v, [[v.onset, v.onset + v.duration, painRate, affectRate]], blunting);
  }

  // Same equations and order of operations as painmood.model.run_plan: periods are
  // [start, stop, rP, rE]; the rates of every step active in week t add up, from 0.
  function runPlan(v, periods, blunting) {
    var p0 = v.pain_baseline, e0 = v.affect_baseline;
    var aP = v.pain_recovery, aE = v.affect_recovery;
    var cEP = v.coupling_affect_to_pain, cPE = v.coupling_pain_to_affect;
    var pain = [p0], affect = [e0];
    for (var t = 0; t < v.weeks; t++) {
      var p = pain[t], e = affect[t];
      var rP = 0, rE = 0;
      for (var i = 0; i < periods.length; i++) {
        if (periods[i][0] <= t && t < periods[i][1]) { rP += periods[i][2]; rE += periods[i][3]; }
      }
      pain.push(clip(p + aP * (p0 - p) + cEP * (e - e0) - rP * p));
      affect.push(clip(e + aE * (e0 - e) + cPE * (p - p0) - rE * (1 - blunting * p / SCALE_MAX) * e));
    }
    return { pain: pain, affect: affect };
  }

  // Same as painmood.model.treatment_rates.
  function rates(preset, v) {
    var scale = v.strength * v.rate_per_effect_size;
    return [scale * preset.pain, scale * preset.emotion];
  }

  function summary(result, weeks) {
    var last = result.pain.length - 1;
    return "After " + weeks + " weeks: pain " + result.pain[last].toFixed(1) +
      " (from " + result.pain[0].toFixed(1) + "), negative affect " +
      result.affect[last].toFixed(1) + " (from " + result.affect[0].toFixed(1) + ").";
  }

  function graphOf(root, selector) {
    var graph = root.querySelector(selector + " .pm-plotly-graph");
    return graph && graph.data ? graph : null;  // null until painmood-plotly.js has drawn it
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector(".pm-simulator-data").textContent);
    var select = root.querySelector("select[data-param=treatment]");
    var ranges = root.querySelectorAll("input[data-param]");
    var shownTargets = select.value;  // the brain view already highlights this treatment
    var pendingBrain = 0;

    function highlightTargets(preset) {
      var brain = graphOf(root, ".pm-sim-brain");
      if (!brain) { return; }  // not drawn yet: its "pm-drawn" event calls update() again
      shownTargets = select.value;
      var index = brain.data.findIndex(function (trace) { return trace.name === "regions"; });
      window.Plotly.restyle(brain, { "marker.size": [preset.markers.size],
        "marker.color": [preset.markers.color] }, [index]);
    }

    function update() {
      var v = Object.assign({}, data.values);
      ranges.forEach(function (input) {
        v[input.dataset.param] = parseFloat(input.value);
        input.nextElementSibling.value = input.value;  // the <output> beside it
      });
      var preset = data.presets[select.value];
      var r = rates(preset, v);
      var result = run(v, r[0], r[1], data.blunting);
      root.querySelector(".pm-sim-summary").textContent = summary(result, v.weeks);
      var time = graphOf(root, ".pm-sim-timecourse");
      if (time) {
        var band = time.layout.shapes[0];
        var layoutChange = band.x1 === v.onset + v.duration ? {} :  // relayout only when needed
          { "shapes[0].x0": v.onset, "shapes[0].x1": v.onset + v.duration };
        window.Plotly.update(time, { y: [result.pain, result.affect] }, layoutChange, [0, 1]);
      }
      if (select.value !== shownTargets) {
        // Python wrote both as HTML, the Chinese names tagged lang="zh-Hans" (painmood.chinese).
        root.querySelector(".pm-sim-comparison").innerHTML = preset.comparison;
        root.querySelector(".pm-sim-targets").innerHTML = preset.targets;
        // The 3-D restyle is the slow part (WebGL): do it in the next frame, so the
        // numbers and the curves answer the reader's input first.
        window.cancelAnimationFrame(pendingBrain);
        pendingBrain = window.requestAnimationFrame(function () { highlightTargets(preset); });
      }
      return result;
    }

    select.addEventListener("change", update);
    root.addEventListener("pm-drawn", update);  // a graph drawn late shows the current controls
    ranges.forEach(function (input) { input.addEventListener("input", update); });
    root.pmUpdate = update;  // used by the benchmark to time one update
  }

  window.PainMoodSimulator = { run: run, runPlan: runPlan, rates: rates };
  function setupAll() { document.querySelectorAll("section.pm-simulator").forEach(setup); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
