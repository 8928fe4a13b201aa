/* Dashboards (统计分析): draws the charts described by the page's JSON data island with the
   vendored ECharts; a click on a bar, sector or point opens the list behind it. */
(function () {
  "use strict";

  var PALETTE = ["#a8281e", "#1d5fa8", "#2f7d32", "#b7791f", "#6b4fa3", "#0f7c80", "#c45a8a", "#616e7c"];
  var FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

  // Names come from people (grades, categories, units): text for ECharts' canvas, but the
  // tooltips are HTML, so every name and number put into one is escaped first.
  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function narrow() {
    return window.matchMedia("(max-width: 640px)").matches;
  }

  function itemData(items) {
    return items.map(function (item) {
      var datum = { name: item.name, value: item.value, url: item.url, percent: item.percent };
      if (item.color) datum.itemStyle = { color: item.color };
      return datum;
    });
  }

  function pieLabel() {
    return function (p) {
      return p.name + "\n" + p.value + " 件" + (p.data.percent ? " · " + p.data.percent + "%" : "");
    };
  }

  function pieOption(spec) {
    var small = narrow();
    return {
      legend: { bottom: 0, left: "center", itemGap: 8, textStyle: { fontSize: small ? 11 : 12 } },
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var share = p.data.percent ? "(" + escapeHtml(p.data.percent) + "%)" : "";
          return p.marker + escapeHtml(p.name) + ":" + escapeHtml(p.value) + " 件" + share;
        },
      },
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: "pie",
          radius: small ? ["30%", "62%"] : ["35%", "62%"],
          center: ["50%", small ? "40%" : "42%"],
          avoidLabelOverlap: true,
          // On a phone there is no room beside the ring: the share goes inside, names in the legend.
          label: small
            ? { position: "inside", formatter: function (p) { return p.data.percent ? p.data.percent + "%" : p.value; }, color: "#fff", fontSize: 10 }
            : { formatter: pieLabel(), fontSize: 12 },
          labelLayout: { hideOverlap: true },
          // Empty shares stay in the legend but draw no label lines over the others.
          data: itemData(s.items).map(function (d) {
            if (!d.value) {
              d.label = { show: false };
              d.labelLine = { show: false };
            }
            return d;
          }),
        };
      }),
    };
  }

  function barOption(spec, horizontal) {
    var names = spec.series[0].items.map(function (item) { return item.name; });
    var category = {
      type: "category",
      data: names,
      axisLabel: horizontal
        ? { width: narrow() ? 90 : 180, overflow: "truncate", fontSize: 12 }
        : { interval: 0, width: narrow() ? 60 : 110, overflow: "break", fontSize: 12 },
    };
    var value = { type: "value", minInterval: 1 };
    return {
      grid: { left: horizontal ? 8 : 36, right: 24, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: "bar",
          barMaxWidth: 42,
          colorBy: horizontal ? "series" : "data",
          label: { show: true, position: horizontal ? "right" : "top" },
          data: itemData(s.items),
        };
      }),
    };
  }

  function lineOption(spec) {
    var names = spec.series[0].items.map(function (item) { return item.name; });
    return {
      legend: { top: 0, left: "center", itemGap: 8 },
      grid: { left: 8, right: 8, top: narrow() ? 78 : 56, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: names, boundaryGap: true },
      yAxis: [
        { type: "value", name: "件", minInterval: 1 },
        { type: "value", name: "%", min: 0, max: 100, splitLine: { show: false } },
      ],
      series: spec.series.map(function (s) {
        var percent = s.kind === "percent";
        return {
          name: s.name,
          type: percent ? "line" : "bar",
          yAxisIndex: percent ? 1 : 0,
          barMaxWidth: 36,
          symbolSize: 9,
          itemStyle: percent ? undefined : { opacity: 0.35 },
          tooltip: { valueFormatter: function (v) { return escapeHtml(v) + (percent ? "%" : " 件"); } },
          data: itemData(s.items),
        };
      }),
    };
  }

  function optionFor(spec) {
    var option;
    if (spec.kind === "pie") option = pieOption(spec);
    else if (spec.kind === "line") option = lineOption(spec);
    else option = barOption(spec, spec.kind === "hbar");
    option.color = PALETTE;
    option.textStyle = { fontFamily: FONT };
    option.aria = { enabled: true };
    // People who ask their system for less motion get the charts without the grow-in animation.
    option.animation = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var empty = spec.series.every(function (s) {
      return s.items.every(function (item) { return !item.value; });
    });
    if (empty) {
      option.graphic = {
        type: "text", left: "center", top: "middle",
        style: { text: "暂无数据", fill: "#616e7c", fontSize: 14, fontFamily: FONT },
      };
    }
    return option;
  }

  function draw(spec) {
    var el = document.getElementById(spec.id);
    if (!el) return null;
    if (spec.kind === "hbar") {
      // One row per unit: let the chart grow with the number of rows.
      el.style.height = Math.max(220, spec.series[0].items.length * 30 + 40) + "px";
    }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(optionFor(spec));
    chart.on("click", function (params) {
      var url = params.data && params.data.url;
      if (url) window.location.assign(url);
    });
    chart.getZr().on("mousemove", function (event) {
      chart.getZr().setCursorStyle(event.target ? "pointer" : "default");
    });
    return { chart: chart, spec: spec };
  }

  function sortable(table) {
    var heads = table.querySelectorAll("th[data-sort]");
    heads.forEach(function (th, index) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.dataset.sort === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).filter(function (row) {
          return row.cells.length > index;
        });
        rows.sort(function (a, b) {
          var x = a.cells[index].dataset.value || "";
          var y = b.cells[index].dataset.value || "";
          var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh-Hans-CN");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function start() {
    document.querySelectorAll("table.sortable").forEach(sortable);
    var island = document.getElementById("dashboard-data");
    if (!island || typeof echarts === "undefined") return;
    var drawn = JSON.parse(island.textContent).map(draw).filter(Boolean);
    var wasNarrow = narrow();
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        var nowNarrow = narrow();
        drawn.forEach(function (d) {
          if (nowNarrow !== wasNarrow) d.chart.setOption(optionFor(d.spec), true);
          d.chart.resize();
        });
        wasNarrow = nowNarrow;
      }, 120);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
