/* Behaviour every page shares, kept out of the markup so that the Content-Security-Policy can
   forbid inline script:
   - a filter form marked `auto-submit` submits itself when a choice changes;
   - the navigation's menus (<details data-menu>) open and close by themselves without script;
     here one open menu closes the others, and a click outside or Escape closes it (Escape
     gives the focus back to the menu's label). */
(function () {
  "use strict";

  function menus() {
    return document.querySelectorAll("details[data-menu]");
  }

  function closeMenus(except) {
    menus().forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }

  function start() {
    document.querySelectorAll("form.auto-submit select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.requestSubmit(); });
    });

    menus().forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (menu.open) closeMenus(menu);
      });
    });
    document.addEventListener("click", function (event) {
      var inside = event.target.closest && event.target.closest("details[data-menu]");
      closeMenus(inside);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var open = document.querySelector("details[data-menu][open]");
      if (!open) return;
      open.open = false;
      open.querySelector("summary").focus();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
