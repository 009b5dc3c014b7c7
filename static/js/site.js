/* HLS Events: a few kindnesses for people whose browsers run scripts. Every page works without it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready() {
    // After a refused submit, take the reader to the list of problems (the GOV.UK pattern).
    var summary = document.querySelector(".error-summary");
    if (summary) {
      var prefix = summary.getAttribute("data-title-prefix") || "Error:";
      if (document.title.indexOf(prefix) !== 0) {
        document.title = prefix + " " + document.title;
      }
      summary.focus();
    } else if (window.location.hash) {
      // A filtered list lands on its results (e.g. #results): move focus there too, so that
      // a screen reader starts reading at the count of what matched.
      var target = document.getElementById(window.location.hash.slice(1));
      if (target && target.getAttribute("tabindex") === "-1") {
        target.focus();
      }
    }

    // The signed-in header folds into a menu on narrow screens (site.css).
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (toggle && menu) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") === "true";
        toggle.setAttribute("aria-expanded", open ? "false" : "true");
        menu.classList.toggle("is-open", !open);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
