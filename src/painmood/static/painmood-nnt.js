/* The NNT icon array of the static book (HTML from painmood.nnt). Choosing a row recounts
   the three groups with the same arithmetic as painmood.nnt.icon_counts (people / NNT and
   people x placebo share / 100, rounded half up), recolours the icons and rewrites the
   summary (the figure's text alternative) and the legend's counts in the same words as
   painmood.nnt.summary_text. Exposed as window.PainMoodNNT. */
(function () {
  "use strict";

  function roundHalfUp(x) { return Math.floor(x + 0.5); }

  // Same operations, in the same order, as painmood.nnt.icon_counts.
  function counts(data, nnt) {
    var drug = roundHalfUp(data.people / nnt);
    var placebo = roundHalfUp(data.people * data.placebo_share / 100);
    return { placebo: placebo, drug: drug, none: data.people - drug - placebo };
  }

  // Same words as painmood.nnt.summary_text (numbers printed as Python's :g prints them).
  function summary(data, id) {
    var row = data.rows[id];
    var c = counts(data, row.nnt);
    var text = row.label + ", NNT " + String(row.nnt) + ". Out of " + data.people +
      " people taking the drug, about " + (c.placebo + c.drug) + " got " + data.outcome +
      ". About " + c.placebo + " of them would have got it on placebo anyway, so about " +
      c.drug + " got it because of the drug.";
    if (row.low !== null && row.low !== undefined) {
      text += " The 95 % interval of the NNT (" + String(row.low) + " to " + String(row.high) +
        ") puts that number anywhere from " + roundHalfUp(data.people / row.high) + " to " +
        roundHalfUp(data.people / row.low) + ".";
    }
    return text + " The other " + c.none + " did not get this much relief.";
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector(".pm-nnt-data").textContent);
    var select = root.querySelector("select.pm-nnt-choice");

    function update() {
      var c = counts(data, data.rows[select.value].nnt);
      var groups = [];
      ["placebo", "drug", "none"].forEach(function (g) {
        for (var i = 0; i < c[g]; i += 1) { groups.push(g); }
      });
      root.querySelectorAll(".pm-nnt-icon").forEach(function (icon, i) {
        icon.className = "pm-nnt-icon pm-nnt-" + groups[i];
      });
      root.querySelectorAll(".pm-nnt-count").forEach(function (el) {
        el.textContent = String(c[el.getAttribute("data-group")]);
      });
      root.querySelector(".pm-nnt-summary").textContent = summary(data, select.value);
      return c;
    }

    select.addEventListener("change", update);
    root.pmUpdate = update;
  }

  window.PainMoodNNT = { counts: counts, summary: summary };
  function setupAll() { document.querySelectorAll("section.pm-nnt").forEach(setup); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
