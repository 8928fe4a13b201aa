/* Behaviour every page shares, kept out of the markup so that the Content-Security-Policy can
   forbid inline script: a filter form marked `auto-submit` submits itself when a choice changes. */
(function () {
  "use strict";

  function start() {
    document.querySelectorAll("form.auto-submit select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.requestSubmit(); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
