// Results charts of the evaluation (issue 12): the distribution of choices per unit
// (stacked horizontal bars, shares in %) and the democratic score by evaluator category
// (grouped horizontal bars). Data from json_script blocks (CSP: no inline script);
// readable at 360 px: horizontal bars, labels wrap, height grows with the number of units.
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var palette = ["#198754", "#0d6efd", "#ffc107", "#dc3545", "#6f42c1", "#20c997", "#fd7e14", "#6c757d"];

  function base(el, data, rows) {
    el.style.width = "100%";
    el.style.height = Math.max(260, rows * 34 + 90) + "px";
    var chart = window.echarts.init(el);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function yAxis(units) {
    return {type: "category", data: units, inverse: true,
            axisLabel: {width: 96, overflow: "break", fontSize: 11, lineHeight: 13}};
  }

  function distribution(el, data) {
    var chart = base(el, data, data.units.length);
    chart.setOption({
      color: data.choices.map(function (c, i) { return c.abstain ? "#adb5bd" : palette[i % palette.length]; }),
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}, renderMode: "richText"},
      legend: {top: 0, type: "scroll"},
      grid: {left: 4, right: 16, top: 36, bottom: 8, containLabel: true},
      xAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
      yAxis: yAxis(data.units),
      series: data.choices.map(function (c) {
        return {name: c.label, type: "bar", stack: "share", data: c.shares, barMaxWidth: 22};
      })
    });
  }

  function categories(el, data) {
    var chart = base(el, data, data.units.length * Math.max(1, data.categories.length) / 2);
    chart.setOption({
      color: palette,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}, renderMode: "richText"},
      legend: {top: 0, type: "scroll"},
      grid: {left: 4, right: 16, top: 36, bottom: 8, containLabel: true},
      xAxis: {type: "value", min: 0, max: 100},
      yAxis: yAxis(data.units),
      series: data.categories.map(function (c) {
        return {name: c.label + " (" + c.ballots + ")", type: "bar", data: c.scores, barMaxWidth: 14};
      })
    });
  }

  var kinds = {distribution: distribution, categories: categories};
  document.querySelectorAll("[data-xp-choice-chart]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    var kind = kinds[el.getAttribute("data-xp-choice-chart")];
    if (!source || !kind) { return; }
    kind(el, JSON.parse(source.textContent));
  });
})();
