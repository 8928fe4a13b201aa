/* The co-signer picker (邀请联名委员): a search box over the directory's checkboxes. Without
   script the list scrolls and every box still works; with it, typing a name (or a 界别) keeps
   the matching members and those already ticked, and a line says who is ticked. */
(function () {
  "use strict";

  function text(node) {
    return (node.textContent || "").replace(/\s+/g, " ").trim();
  }

  function setUp(picker) {
    var filter = picker.querySelector("[data-picker-filter]");
    var none = picker.querySelector("[data-picker-none]");
    var chosen = picker.querySelector("[data-picker-chosen]");
    var options = Array.prototype.slice.call(picker.querySelectorAll(".member-option"));
    if (!filter || !options.length) return;
    filter.hidden = false;
    picker.classList.add("picker-live");

    function update() {
      var query = filter.value.replace(/\s+/g, "").toLowerCase();
      var shown = 0;
      options.forEach(function (option) {
        var box = option.querySelector("input");
        var match = !query || text(option).replace(/\s+/g, "").toLowerCase().indexOf(query) !== -1;
        option.hidden = !(match || box.checked);
        if (match) shown += 1;
      });
      none.hidden = shown > 0;
      var names = options
        .filter(function (option) { return option.querySelector("input").checked; })
        .map(function (option) {
          var name = text(option.querySelector(".picker-name"));
          var details = text(option.querySelector(".picker-details"));
          return details ? name + "(" + details + ")" : name;
        });
      chosen.hidden = names.length === 0;
      chosen.textContent = "已选 " + names.length + " 位:" + names.join("、");
    }

    filter.addEventListener("input", update);
    // Enter in the search box must not send the whole form.
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    picker.addEventListener("change", update);
    update();
  }

  function start() {
    document.querySelectorAll("[data-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
