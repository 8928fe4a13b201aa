/* The unit picker (承办单位选择). A <select data-unit-picker> of units, grouped by type in
   <optgroup>s with the committee's proposed units first, works and submits without script;
   the units' other names come once a page in <script id="unit-search-keys">.
   Here it becomes a search box over a list: typing filters the units by name, short name or
   alias (区人社局, 人力资源和社会保障局 and 人社局 all find the same bureau; the letters of a
   name in order also do), the arrow keys move, Enter chooses, Escape closes. A multiple
   select shows its chosen units as removable chips; Backspace in the empty box removes the
   last one. The <select> stays in the form, hidden, and is what is submitted: every choice
   sets its options and fires its "change" event. */
(function () {
  "use strict";

  var made = 0;

  // A list closing on blur must not move the page under a press that is still going on (the
  // press on 确定 below an open list would land beside the button): while a pointer is down,
  // closing waits until that press has ended and its click has been delivered.
  var pressing = false;
  var afterPress = [];
  document.addEventListener("pointerdown", function () { pressing = true; }, true);
  document.addEventListener("pointerup", function () {
    window.setTimeout(function () {
      pressing = false;
      afterPress.splice(0).forEach(function (run) { run(); });
    }, 0);
  }, true);
  function whenPressEnds(run) {
    if (pressing) afterPress.push(run);
    else run();
  }

  function norm(text) {
    return (text || "").replace(/\s+/g, "").toLowerCase();
  }

  function inOrder(query, text) {
    var i = 0;
    for (var j = 0; j < text.length && i < query.length; j++) if (text[j] === query[i]) i++;
    return i === query.length;
  }

  function matches(query, item) {
    if (!query) return true;
    return item.keys.some(function (key) { return key.indexOf(query) !== -1; }) ||
      inOrder(query, item.keys[0]);
  }

  // The other names each unit is found by (short name, aliases), by option value, sent once.
  var otherNames = {};
  var sent = document.getElementById("unit-search-keys");
  if (sent) otherNames = JSON.parse(sent.textContent);

  function enhance(select) {
    var id = "unit-picker-" + (++made);
    var multiple = select.multiple;
    var items = [];
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;
      var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
      var keys = [option.text].concat((otherNames[option.value] || "").split(" ")).map(norm)
        .filter(Boolean);
      items.push({ option: option, group: group, keys: keys, id: id + "-o" + items.length });
    });

    var box = document.createElement("div");
    box.className = "picker" + (multiple ? " picker-multiple" : "");
    var chips = document.createElement("ul");
    chips.className = "picker-chips";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.className = "picker-input";
    input.autocomplete = "off";
    input.placeholder = multiple ? "搜索并添加单位(名称或简称)" : "搜索单位名称或简称";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-list");
    var list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    if (multiple) list.setAttribute("aria-multiselectable", "true");
    list.hidden = true;

    // The select's label now names the search box (and clicking it focuses the box).
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      label.id = label.id || id + "-label";
      label.htmlFor = id;
      input.setAttribute("aria-labelledby", label.id);
      list.setAttribute("aria-labelledby", label.id);
    }
    box.appendChild(chips);
    box.appendChild(input);
    box.appendChild(list);
    select.hidden = true;
    select.tabIndex = -1;
    select.parentNode.insertBefore(box, select.nextSibling);

    var shown = [];
    var active = -1;

    function changed() {
      select.dispatchEvent(new Event("change", { bubbles: true }));
      drawChips();
    }

    function drawChips() {
      chips.textContent = "";
      items.forEach(function (item) {
        if (!item.option.selected) return;
        var chip = document.createElement("li");
        chip.className = "picker-chip";
        var name = document.createElement("span");
        name.textContent = item.option.text;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "picker-remove";
        remove.textContent = "×";
        remove.setAttribute("aria-label", "移除" + item.option.text);
        remove.addEventListener("click", function () {
          item.option.selected = false;
          if (!multiple) select.value = "";
          changed();
          input.focus();
        });
        chip.appendChild(name);
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
      chips.hidden = !chips.children.length;
    }

    function setActive(index) {
      if (active >= 0 && shown[active]) shown[active].node.classList.remove("active");
      active = index;
      if (active >= 0 && shown[active]) {
        shown[active].node.classList.add("active");
        input.setAttribute("aria-activedescendant", shown[active].id);
        shown[active].node.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function draw() {
      var query = norm(input.value);
      list.textContent = "";
      shown = [];
      var group = null;
      items.forEach(function (item) {
        if (!matches(query, item)) return;
        if (item.group !== group) {
          group = item.group;
          var head = document.createElement("li");
          head.className = "picker-group";
          head.setAttribute("role", "presentation");
          head.textContent = group;
          list.appendChild(head);
        }
        var node = document.createElement("li");
        node.id = item.id;
        node.className = "picker-option";
        node.setAttribute("role", "option");
        node.setAttribute("aria-selected", item.option.selected ? "true" : "false");
        node.textContent = item.option.text;
        // Keep the focus in the box: the choice is made on click, the list stays or closes.
        node.addEventListener("mousedown", function (event) { event.preventDefault(); });
        node.addEventListener("click", function () { choose(item); });
        item.node = node;
        shown.push(item);
        list.appendChild(node);
      });
      if (!shown.length) {
        var none = document.createElement("li");
        none.className = "picker-none";
        none.setAttribute("role", "presentation");
        none.textContent = "没有找到“" + input.value.trim() + "”";
        list.appendChild(none);
      }
      active = -1;
      setActive(query && shown.length ? 0 : -1);
    }

    function open() {
      if (!list.hidden) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      draw();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(item) {
      if (multiple) {
        item.option.selected = !item.option.selected;
      } else {
        select.value = item.option.value;
      }
      input.value = "";
      changed();
      if (multiple) draw();
      else close();
    }

    input.addEventListener("focus", open);
    input.addEventListener("click", open);
    input.addEventListener("blur", function () {
      whenPressEnds(function () {
        if (document.activeElement !== input) close();
      });
    });
    input.addEventListener("input", function () {
      if (list.hidden) open();
      else draw();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) { open(); return; }
        if (!shown.length) return;
        var step = event.key === "ArrowDown" ? 1 : -1;
        setActive((active + step + shown.length) % shown.length);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0 && shown[active]) {
          event.preventDefault();
          choose(shown[active]);
        } else if (!list.hidden) {
          event.preventDefault();  // Enter in the search box never submits the whole form
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      } else if (event.key === "Backspace" && !input.value && multiple) {
        var last = items.filter(function (item) { return item.option.selected; }).pop();
        if (last) {
          last.option.selected = false;
          changed();
          if (!list.hidden) draw();
        }
      }
    });
    select.addEventListener("change", function (event) {
      if (event.isTrusted) drawChips();
    });
    drawChips();
  }

  function start() {
    document.querySelectorAll("select[data-unit-picker]").forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
