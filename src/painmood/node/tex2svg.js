// Typeset TeX to SVG at build time with the pinned MathJax from npm, so that no page has
// to load MathJax. Reads a JSON list of {"tex": ..., "display": true|false} on stdin and
// writes {"css": the SVG stylesheet, "svg": [one <mjx-container> per equation]} on stdout.
// Each container carries a hidden MathML copy for screen readers (a11y/assistive-mml).
// Usage: node tex2svg.js NODE_MODULES < equations.json   (called by painmood.maths)
"use strict";
const path = require("path");
const nodeModules = process.argv[2];
const mathjax = require(path.resolve(nodeModules, "mathjax"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const equations = JSON.parse(input);
  mathjax.init({
    loader: { load: ["input/tex", "output/svg", "a11y/assistive-mml"] },
    // Without "noundefined", an unknown macro is an error (merror) the build reports,
    // not red text on the page.
    tex: { packages: { "[-]": ["noundefined"] } },
    svg: { fontCache: "local" },
  }).then((MathJax) => {
    const adaptor = MathJax.startup.adaptor;
    const svg = equations.map((eq) => adaptor.outerHTML(MathJax.tex2svg(eq.tex, { display: eq.display })));
    const css = adaptor.textContent(MathJax.svgStylesheet());
    process.stdout.write(JSON.stringify({ css: css, svg: svg }));
  }).catch((error) => {
    process.stderr.write(String(error && error.stack || error) + "\n");
    process.exit(1);
  });
});
