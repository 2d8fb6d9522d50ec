/* ECharts charts from data, never from inline script (CSP). A chart (xingping/core/charts.py,
   core/partials/chart.html) is
     <div data-xp-chart="bars|lines" data-source="ID-data"></div>
     <script type="application/json" id="ID-data">{…}</script>
   and, when it shows one of several figures, <select data-xp-chart-switch="ID">.
   Phones first: horizontal bars whose labels wrap (grid containLabel, axisLabel width and
   overflow "break"), a height that grows with the number of rows, tooltips confined to the
   chart. ECharts itself (static/vendor/echarts) is loaded only on a page that has a chart.
   Tooltips render as rich text on the canvas, not as HTML with inline styles. */
(function () {
  "use strict";
  var script = document.currentScript;
  var GREEN = "#198754", RED = "#dc3545", BLUE = "#0d6efd", GREY = "#6c757d";
  var PALETTE = [BLUE, GREEN, "#fd7e14", RED, "#6f42c1", "#20c997", GREY, "#ffc107"];
  var BAND_COLOURS = ["#d1e7dd", "#cfe2ff", "#fff3cd", "#f8d7da", "#e2e3e5"];
  var charts = [];

  function data(el) {
    var source = document.getElementById(el.getAttribute("data-source") || "chart-data");
    return source ? JSON.parse(source.textContent) : null;
  }

  function fmt(percent) {
    return function (v) { return v === null || v === undefined ? "—" : (percent ? v + "%" : String(v)); };
  }

  function labelWidth(el) {
    return Math.max(72, Math.min(160, Math.round(el.clientWidth * 0.36)));
  }

  function bars(el, d, viewIndex) {
    var view = d.views[viewIndex || 0];
    var n = d.categories.length, many = view.series.length > 1 && !d.stacked;
    var rowHeight = many ? 18 * view.series.length + 10 : 30;
    var legend = view.series.length > 1 || !!view.targets, bands = d.bands && d.bands.length;
    el.style.height = Math.max(160, (legend ? 64 : 36) + n * rowHeight) + "px";
    var f = fmt(d.percent);
    var series = view.series.map(function (s, i) {
      return {
        name: s.name, type: "bar", stack: d.stacked ? "all" : undefined, barMaxWidth: 22,
        itemStyle: {color: s.color || PALETTE[i % PALETTE.length]},  // the legend's colour too
        label: {show: !d.stacked, position: "right", fontSize: 11, formatter: function (p) { return f(p.value); }},
        data: s.values.map(function (v, j) {
          var colour = s.colors && s.colors[j];
          return colour ? {value: v, itemStyle: {color: colour}} : v;
        })
      };
    });
    if (d.bands && d.bands.length && series.length) {
      // the band's name above the plot, where no bar or value label covers it
      series[0].markArea = {silent: true, label: {position: "top", distance: 4, fontSize: 10, color: "#333"},
        data: d.bands.map(function (b, i) {
          return [{xAxis: b.from, name: b.name, itemStyle: {color: BAND_COLOURS[i % BAND_COLOURS.length], opacity: 0.6}}, {xAxis: b.to}];
        })};
    }
    if (view.targets) {
      series.push({name: view.targets.name || d.target_label, type: "scatter", symbol: "rect", symbolSize: [3, 20],
                   itemStyle: {color: "#212529"}, z: 5, data: view.targets.values});
    }
    return {
      animation: false,
      grid: {left: 4, right: 36, top: (legend ? 40 : 8) + (bands ? 22 : 0), bottom: 8, containLabel: true},
      legend: legend ? {type: "scroll", top: 0, left: 0, right: 0, textStyle: {fontSize: 11}} : undefined,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}, renderMode: "richText", confine: true},
      xAxis: {type: "value", max: d.max === null ? undefined : d.max, minInterval: d.percent ? 0 : 1, axisLabel: {formatter: d.percent ? "{value}%" : "{value}", fontSize: 10}},
      yAxis: {type: "category", inverse: true, data: d.categories,
              axisLabel: {width: labelWidth(el), overflow: "break", interval: 0, fontSize: 11, lineHeight: 13}},
      series: series
    };
  }

  function lines(el, d) {
    el.style.height = "280px";
    return {
      animation: false,
      grid: {left: 4, right: 16, top: 48, bottom: 8, containLabel: true},
      legend: {type: "scroll", top: 0, left: 0, right: 0, textStyle: {fontSize: 11}},
      tooltip: {trigger: "axis", renderMode: "richText", confine: true},
      xAxis: {type: "category", data: d.categories, boundaryGap: false, axisLabel: {fontSize: 10, hideOverlap: true}},
      yAxis: {type: "value", minInterval: d.percent ? 0 : 1, axisLabel: {formatter: d.percent ? "{value}%" : "{value}", fontSize: 10}},
      series: d.series.map(function (s, i) {
        return {name: s.name, type: "line", data: s.values, symbolSize: 5, itemStyle: {color: PALETTE[i % PALETTE.length]}};
      })
    };
  }

  /* The ranking of /metrics/ (kept for its data shape: [{"name", "rate", "target", "met"}]). */
  function figures(el, d) {
    return bars(el, {
      categories: d.map(function (r) { return r.name; }), percent: true, max: 100, bands: [], stacked: false,
      views: [{name: el.getAttribute("data-series") || "",
               series: [{name: el.getAttribute("data-series") || "", color: GREEN, values: d.map(function (r) { return r.rate; }),
                         colors: d.map(function (r) { return r.met === false ? RED : GREEN; })}],
               targets: {name: el.getAttribute("data-target") || "", values: d.map(function (r) { return r.target; })}}]
    });
  }

  var kinds = {bars: bars, lines: lines, figures: figures};

  function draw(el) {
    var kind = kinds[el.getAttribute("data-xp-chart")], d = data(el);
    if (!kind || !d || !window.echarts) { return; }
    var select = document.querySelector('[data-xp-chart-switch="' + el.id + '"]');
    var chart = window.echarts.init(el, null, {renderer: "canvas"});
    chart.setOption(kind(el, d, select ? Number(select.value) : 0));
    chart.resize();
    charts.push(chart);
    if (select) {
      select.addEventListener("change", function () {
        chart.setOption(kind(el, d, Number(select.value)), true);
        chart.resize();
      });
    }
  }

  function drawAll(root) {
    // our own marker: xingping.js marks [data-xp-chart] "ready" when it hands them over, maybe
    // before ECharts has loaded
    (root || document).querySelectorAll("[data-xp-chart]").forEach(function (el) {
      if (!el.getAttribute("data-xp-chart-drawn")) { el.setAttribute("data-xp-chart-drawn", "1"); draw(el); }
    });
  }

  function start(root) {
    if (!(root || document).querySelector("[data-xp-chart]")) { return; }
    if (window.echarts) { drawAll(root); return; }
    var src = script && script.getAttribute("data-echarts");
    if (!src) { return; }
    var existing = document.querySelector('script[data-xp-echarts]');
    if (existing) { existing.addEventListener("load", function () { drawAll(); }); return; }
    var s = document.createElement("script");
    s.src = src;
    s.setAttribute("data-xp-echarts", "1");
    s.addEventListener("load", function () { drawAll(); });
    document.head.appendChild(s);
  }

  window.XingpingCharts = {render: function () { start(); }, start: start};
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  document.addEventListener("htmx:afterSwap", function (e) { start(e.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(); });
  } else {
    start();
  }
})();
