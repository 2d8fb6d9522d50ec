/* ECharts charts from data, never from inline script (CSP). A chart is
     <div data-xp-chart="figures" data-series="…" data-target="…"></div>
     <script type="application/json" id="chart-data">[{"name", "rate", "target", "met"}, …]</script>
   Tooltips render as rich text on the canvas, not as HTML with inline styles. */
(function () {
  "use strict";

  function figures(el) {
    var source = document.getElementById(el.getAttribute("data-source") || "chart-data");
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var seriesName = el.getAttribute("data-series") || "", targetName = el.getAttribute("data-target") || "";
    var chart = window.echarts.init(el);
    chart.setOption({
      grid: {left: 40, right: 10, top: 30, bottom: 80},
      tooltip: {trigger: "axis", renderMode: "richText"},
      legend: {data: [seriesName, targetName]},
      xAxis: {type: "category", data: data.map(function (d) { return d.name; }), axisLabel: {rotate: 45, fontSize: 10}},
      yAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
      series: [
        {name: seriesName, type: "bar", data: data.map(function (d) {
          return {value: d.rate, itemStyle: {color: d.met === false ? "#dc3545" : "#198754"}};
        })},
        {name: targetName, type: "line", step: "middle", symbol: "none",
         data: data.map(function (d) { return d.target; }), lineStyle: {type: "dashed", color: "#555"}}
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  var kinds = {figures: figures};
  window.XingpingCharts = {
    render: function (el) { var kind = kinds[el.getAttribute("data-xp-chart")]; if (kind) { kind(el); } }
  };
  document.querySelectorAll("[data-xp-chart]").forEach(function (el) {
    if (!el.getAttribute("data-xp-chart-ready")) { el.setAttribute("data-xp-chart-ready", "1"); window.XingpingCharts.render(el); }
  });
})();
