/* The "one system, two conditions" map of the static book (HTML from
   painmood.neurochemistry). Without this script every system's panel is shown in order
   and the radio buttons stay hidden. With it, the radio buttons appear (native inputs,
   so arrow keys and Tab work as usual), only the chosen system's panel is shown, and a
   polite live region says which system is shown. Exposed as window.PainMoodNeurochemistry. */
(function () {
  "use strict";

  function setup(root) {
    var radios = root.querySelectorAll("input[type=radio]");
    var panels = root.querySelectorAll(".pm-nc-panel");
    var status = root.querySelector(".pm-nc-status");

    function chosen() {
      var checked = root.querySelector("input[type=radio]:checked");
      return checked ? checked.value : radios[0].value;
    }

    function update(announce) {
      var system = chosen();
      var title = "";
      panels.forEach(function (panel) {
        var shown = panel.getAttribute("data-pm-system") === system;
        panel.hidden = !shown;
        if (shown) { title = panel.querySelector("h3").textContent; }
      });
      if (announce) { status.textContent = "Shown: " + title; }
    }

    root.querySelector(".pm-nc-choice").hidden = false;
    radios.forEach(function (radio) {
      radio.addEventListener("change", function () { update(true); });
    });
    update(false);
    root.pmUpdate = update;
  }

  window.PainMoodNeurochemistry = { setup: setup };
  function setupAll() { document.querySelectorAll("section.pm-neurochem").forEach(setup); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
