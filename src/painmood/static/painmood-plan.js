/* The plan builder of the static book (HTML from painmood.plan). Each plan's steps are
   read from the page, turned into periods exactly as painmood.model.plan_periods does,
   and run with PainMoodSimulator.runPlan (painmood.model.run_plan, operation for
   operation), so the page shows the same numbers as Python. */
(function () {
  "use strict";

  function graphOf(root, selector) {
    var graph = root.querySelector(selector + " .pm-plotly-graph");
    return graph && graph.data ? graph : null;  // null until painmood-plotly.js has drawn it
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector(".pm-plan-data").textContent);
    var sim = window.PainMoodSimulator;
    var controls = root.querySelectorAll("[data-field]");

    function readPlans() {
      var plans = [];
      controls.forEach(function (c) {
        var plan = +c.dataset.plan, step = +c.dataset.step;
        plans[plan] = plans[plan] || [];
        plans[plan][step] = plans[plan][step] || {};
        plans[plan][step][c.dataset.field] = c.dataset.field === "treatment" ? c.value : parseInt(c.value, 10);
        if (c.nextElementSibling && c.nextElementSibling.tagName === "OUTPUT") { c.nextElementSibling.value = c.value; }
      });
      return plans;
    }

    // Same as painmood.model.plan_periods: (start, stop, r_P, r_E) per step.
    function periods(steps) {
      return steps.map(function (s) {
        var r = sim.rates(data.presets[s.treatment], data.values);
        return [s.onset, s.onset + s.duration, r[0], r[1]];
      });
    }

    function stepsText(steps) {  // painmood.plan.steps_text
      var active = steps.filter(function (s) { return s.duration > 0; }).map(function (s) {
        return data.names[s.treatment] + ", weeks " + s.onset + "-" + (s.onset + s.duration);
      });
      return active.length ? active.join("; ") : "no treatment";
    }

    function summary(name, r) {  // painmood.plan.plan_summary
      var last = r.pain.length - 1, diff = r.pain[last] - r.pain[0];
      return name + ": at week " + last + ", pain " + r.pain[last].toFixed(2) + " and negative affect " +
        r.affect[last].toFixed(2) + " (untreated " + r.pain[0].toFixed(1) + " and " + r.affect[0].toFixed(1) +
        "); simulated pain difference " + (diff >= 0 ? "+" : "") + diff.toFixed(2) + " points.";
    }

    function update() {
      var plans = readPlans();
      var results = plans.map(function (steps) { return sim.runPlan(data.values, periods(steps), data.blunting); });
      results.forEach(function (r, i) {
        root.querySelector('.pm-plan-summary[data-plan="' + i + '"]').textContent = summary(data.short[i], r);
        root.querySelector('.pm-plan-steps[data-plan="' + i + '"]').textContent = stepsText(plans[i]);
      });
      var curves = graphOf(root, ".pm-plan-curves");
      if (curves) {
        var ys = [];
        results.forEach(function (r) { ys.push(r.pain, r.affect); });
        window.Plotly.restyle(curves, { y: ys }, ys.map(function (_, i) { return i; }));
      }
      var compare = graphOf(root, ".pm-plan-compare");
      if (compare) {
        var index = compare.data.findIndex(function (t) { return t.name === "simulated"; });
        var x = results.map(function (r) { return r.pain[r.pain.length - 1] - r.pain[0]; });
        window.Plotly.restyle(compare, { x: [x] }, [index]);
      }
      return results;
    }

    controls.forEach(function (c) { c.addEventListener(c.tagName === "SELECT" ? "change" : "input", update); });
    root.addEventListener("pm-drawn", update);  // a graph drawn late shows the current controls
    root.pmUpdate = update;
  }

  function setupAll() { document.querySelectorAll("section.pm-plan").forEach(setup); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
