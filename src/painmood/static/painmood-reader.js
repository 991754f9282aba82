/* Fixes to the theme that every page needs (painmood.sphinxext adds this to each page).

   1. Navigation buttons. pydata-sphinx-theme 0.17 binds its sidebar dialogs to the first
      `.primary-toggle` / `.secondary-toggle` of the page, which is its own hidden navbar
      button, so sphinx-book-theme's visible buttons do nothing (upstream issue #2451).
      Every other toggle of the same kind forwards its click to the bound one.
   2. Solution toggles. sphinx-togglebutton labels its button "Toggle hidden content" while
      the button reads "Click to show" (drawn by CSS from data-toggle-hint), which fails
      WCAG 2.5.3 (label in name): the label follows the words on screen instead.
   3. Search opened from disk (the offline release, file://). Sphinx fetches each result
      page to show a summary under its title; browsers refuse fetch() on file:// and log
      an error per result. There, results are listed by title only. */
(function () {
  "use strict";

  function forwardSidebarToggles() {
    [".primary-toggle", ".secondary-toggle"].forEach(function (selector) {
      var bound = document.querySelector(selector);
      document.querySelectorAll(selector).forEach(function (button) {
        if (button === bound) { return; }
        button.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          bound.click();
        });
      });
    });
  }

  function nameTogglesByTheirText() {
    document.querySelectorAll("button.toggle-button").forEach(function (button) {
      function sync() { button.setAttribute("aria-label", button.dataset.toggleHint || "Show"); }
      sync();
      new MutationObserver(sync).observe(button, { attributes: true, attributeFilter: ["data-toggle-hint"] });
    });
  }

  if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  }

  document.addEventListener("DOMContentLoaded", forwardSidebarToggles);
  // togglebutton.js creates its buttons on DOMContentLoaded; `load` comes after.
  window.addEventListener("load", nameTogglesByTheirText);
})();
