/* Batch assignment (批量交办): the header's box ticks or clears every row of the page; choosing
   a unit in a row ticks that row; the button says how many rows it will assign. Without
   script the boxes are ticked one by one and the button reads 确认交办. */
(function () {
  "use strict";

  function start() {
    var form = document.querySelector("form.batch-assign");
    if (!form) return;
    var all = form.querySelector("input[data-check-all]");
    var button = form.querySelector("button[data-count-label]");
    function boxes() {
      return Array.prototype.slice.call(form.querySelectorAll("td.pick input[type=checkbox]"));
    }
    function count() {
      var ticked = boxes().filter(function (box) { return box.checked; }).length;
      button.textContent = button.dataset.countLabel + (ticked ? "(" + ticked + "件)" : "");
      if (all) {
        all.checked = ticked > 0 && ticked === boxes().length;
        all.indeterminate = ticked > 0 && ticked < boxes().length;
      }
    }
    if (all) {
      all.hidden = false;
      all.addEventListener("change", function () {
        boxes().forEach(function (box) { box.checked = all.checked; });
        count();
      });
    }
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.matches && target.matches("select[data-unit-picker]")) {
        var box = target.closest("tr").querySelector("td.pick input[type=checkbox]");
        if (box && target.value) box.checked = true;
      }
      count();
    });
    count();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
