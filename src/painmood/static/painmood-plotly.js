/* Draws the course figures of a page with the plotly.js the site serves.
   Each figure is a <figure class="pm-plotly"> holding its JSON (painmood.figures).

   - plotly.js itself (558 KB gzip) is loaded when the first figure comes near the
     viewport, not with the page: a reader who starts at the top reads the text first.

   - A figure is drawn when it comes near the viewport, so a phone does not spend
     seconds drawing 3-D brains far below the fold; its box already has its final
     height, so nothing shifts. Printing draws every figure first.
   - No plotly toolbar: its 8-10 buttons per figure were Tab stops of little use,
     and its "share" button needs the internet.
   - A 3-D view ignores touch and mouse until the reader presses its "Turn the brain"
     button, so a swipe that starts on it scrolls the page instead of turning it. When
     turning is on, the arrow keys on that button turn the brain too.
   - On a touch screen a 2-D chart is a still picture (plotly's drag layer would catch
     swipes); the table under every figure gives its numbers.
   - Data many figures share (brain meshes) is not in the page: a trace whose meta names
     it (meta.pm_shared) gets its fields from _static/shared/<name>.js, loaded once with a
     <script> element (so it also works from file://) and cached by the browser.
   - When a figure has been drawn, its container gets data-drawn="true" and fires a
     "pm-drawn" event (the simulator listens for it). */
(function () {
  "use strict";
  var CONFIG = { displaylogo: false, responsive: true, showLink: false, displayModeBar: false };
  var TOUCH_SCREEN = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  var NEAR_VIEWPORT = "300px 0px";
  var TURN_STEP_DEGREES = 15;
  var SHARED_FIELDS = ["x", "y", "z", "i", "j", "k"];
  // This file sits in _static/; shared data sits in _static/shared/.
  var STATIC_BASE = document.currentScript ? document.currentScript.src.replace(/[^/]*$/, "") : "";
  var sharedLoads = {};
  var plotlyLoad = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("script missing: " + src)); };
      document.head.appendChild(script);
    });
  }

  function loadPlotly() {
    if (!plotlyLoad) {
      plotlyLoad = window.Plotly ? Promise.resolve() : loadScript(STATIC_BASE + "vendor/plotly/plotly-gl3d.min.js");
    }
    return plotlyLoad;
  }

  function loadShared(name) {
    if (!sharedLoads[name]) {
      sharedLoads[name] = loadScript(STATIC_BASE + "shared/" + name + ".js").then(function () {
        return window.PainMoodShared[name];
      });
    }
    return sharedLoads[name];
  }

  /* Fill in the fields of traces that use shared data. */
  function withSharedData(spec) {
    var traces = (spec.data || []).filter(function (t) { return t.meta && t.meta.pm_shared; });
    return Promise.all(traces.map(function (trace) {
      return loadShared(trace.meta.pm_shared).then(function (shared) {
        SHARED_FIELDS.forEach(function (field) { if (field in shared) { trace[field] = shared[field]; } });
      });
    })).then(function () { return spec; });
  }

  function isThreeD(spec) {
    return (spec.data || []).some(function (trace) { return /3d$|^mesh|^surface|^cone/.test(trace.type || ""); });
  }

  /* A 3-D scene keeps its vertical field of view, so a narrow box crops the brain's
     sides: step the camera back in proportion. */
  function fitCameraToWidth(layout, graph) {
    var scene = layout.scene;
    var eye = scene && scene.camera && scene.camera.eye;
    var height = layout.height || graph.clientHeight;
    var width = graph.clientWidth;
    if (!eye || !width || width >= height) { return; }
    var back = Math.min(height / width, 2);
    scene.camera.eye = { x: eye.x * back, y: eye.y * back, z: eye.z * back };
  }

  /* Break text into lines of at most `max` characters (plotly does not wrap text). */
  function wrap(text, max) {
    if (typeof text !== "string" || text.length <= max || text.indexOf("<br") >= 0) { return text; }
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > max) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    lines.push(line);
    return lines.join("<br>");
  }

  function titled(value) { return typeof value === "string" ? { text: value } : value; }

  /* On a narrow screen, wrap the title, axis titles and category labels, so that nothing
     is cut at the edge and the plot keeps a usable width. */
  function fitTextToWidth(spec, width) {
    var NARROW = 600;
    if (!width || width >= NARROW) { return; }
    var layout = spec.layout, titleMax = Math.floor(width / 10), labelMax = Math.max(12, Math.floor(width / 22));
    if (layout.title) {
      layout.title = titled(layout.title);
      layout.title.text = wrap(layout.title.text, titleMax);
      var lines = (layout.title.text || "").split("<br>").length;
      layout.margin = Object.assign({}, layout.margin, { t: Math.max((layout.margin || {}).t || 0, 24 * lines + 20) });
    }
    ["xaxis", "yaxis"].forEach(function (name) {
      var axis = layout[name];
      if (!axis) { return; }
      if (axis.title) { axis.title = titled(axis.title); axis.title.text = wrap(axis.title.text, titleMax + 8); }
      if (axis.categoryarray) { axis.categoryarray = axis.categoryarray.map(function (c) { return wrap(c, labelMax); }); }
    });
    (spec.data || []).forEach(function (trace) {
      if (trace.y && typeof trace.y[0] === "string") { trace.y = trace.y.map(function (c) { return wrap(c, labelMax); }); }
    });
  }

  function turn(graph, degrees) {
    var eye = graph._fullLayout.scene.camera.eye;
    var a = degrees * Math.PI / 180;
    return window.Plotly.relayout(graph, { "scene.camera.eye": {
      x: eye.x * Math.cos(a) - eye.y * Math.sin(a), y: eye.x * Math.sin(a) + eye.y * Math.cos(a), z: eye.z } });
  }

  function addTurnToggle(container, graph) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pm-turn-toggle";
    button.setAttribute("aria-pressed", "false");
    button.innerHTML = 'Turn the brain <span lang="zh-Hans">旋转大脑</span>';
    var hint = document.createElement("span");
    hint.className = "pm-turn-hint";
    hint.textContent = "Off: swipes scroll the page. On: drag to turn, or use the arrow keys.";
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(on));
      container.setAttribute("data-turning", on ? "on" : "off");
    });
    button.addEventListener("keydown", function (event) {
      if (container.getAttribute("data-turning") !== "on") { return; }
      var step = { ArrowLeft: -TURN_STEP_DEGREES, ArrowRight: TURN_STEP_DEGREES }[event.key];
      if (step) { event.preventDefault(); turn(graph, step); }
    });
    var bar = document.createElement("div");
    bar.className = "pm-turn-bar";
    bar.appendChild(button);
    bar.appendChild(hint);
    container.insertBefore(bar, graph);
    container.setAttribute("data-turning", "off");
  }

  function draw(container) {
    if (container.pmDrawing) { return container.pmDrawing; }
    var graph = container.querySelector(".pm-plotly-graph");
    var spec = JSON.parse(container.querySelector(".pm-plotly-data").textContent);
    var layout = spec.layout || {};
    var threeD = isThreeD(spec);
    spec.layout = layout;
    fitTextToWidth(spec, graph.clientWidth);
    if (threeD) { fitCameraToWidth(layout, graph); }
    var config = Object.assign({ staticPlot: TOUCH_SCREEN && !threeD }, CONFIG);
    container.pmDrawing = Promise.all([loadPlotly(), withSharedData(spec)]).then(function () {
      return window.Plotly.newPlot(graph, spec.data || [], layout, config);
    }).then(function () {
      if (threeD) { addTurnToggle(container, graph); }
      container.setAttribute("data-drawn", "true");
      container.dispatchEvent(new CustomEvent("pm-drawn", { bubbles: true }));
    });
    return container.pmDrawing;
  }

  function drawAll() {
    return Promise.all(Array.prototype.map.call(document.querySelectorAll("figure.pm-plotly"), draw));
  }

  function drawWhenNear() {
    var figures = document.querySelectorAll("figure.pm-plotly");
    if (!("IntersectionObserver" in window)) { drawAll(); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: NEAR_VIEWPORT });
    figures.forEach(function (figure) { observer.observe(figure); });
  }

  window.PainMoodFigures = { draw: draw, drawAll: drawAll, turn: turn };
  window.addEventListener("beforeprint", drawAll);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawWhenNear);
  } else {
    drawWhenNear();
  }
})();
