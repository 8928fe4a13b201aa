/* Behaviour every page shares, kept out of the markup so that the Content-Security-Policy can
   forbid inline script:
   - a filter form marked `auto-submit` submits itself when a choice changes;
   - the time progress bar (时间进度条) hides the month labels that would run into each other
     at its width, keeping the axis's start and the years first, then the quarters;
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

  // Keep a label only where it fits between the axis's ends and clear of every label kept
  // before it; labels are tried by rank (0: start and years, 1: quarters, 2: months).
  function fitTimeline(timeline) {
    var axis = timeline.querySelector(".tl-axis");
    if (!axis) return;
    var ticks = Array.prototype.slice.call(axis.querySelectorAll(".tl-tick"));
    ticks.forEach(function (tick) { tick.classList.remove("tl-thin"); });
    timeline.classList.add("tl-fitted");
    var bounds = axis.getBoundingClientRect();
    var gap = 6;
    var kept = [];
    ticks
      .map(function (tick, index) { return { tick: tick, index: index, rank: Number(tick.dataset.rank || 2) }; })
      .sort(function (a, b) { return a.rank - b.rank || a.index - b.index; })
      .forEach(function (item) {
        var box = item.tick.getBoundingClientRect();
        var fits = box.left >= bounds.left - 0.5 && box.right <= bounds.right + 0.5 &&
          kept.every(function (other) { return box.right + gap <= other.left || box.left >= other.right + gap; });
        if (fits) kept.push(box);
        else item.tick.classList.add("tl-thin");
      });
  }

  function fitTimelines() {
    document.querySelectorAll(".tl").forEach(fitTimeline);
  }

  function start() {
    fitTimelines();
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; fitTimelines(); });
    });
    document.body.addEventListener("htmx:afterSettle", fitTimelines);

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
      // A click on the menu's own box, outside its label and its content, is on the shade
      // behind the phone's sheet: it closes the sheet too.
      closeMenus(inside === event.target ? null : inside);
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
