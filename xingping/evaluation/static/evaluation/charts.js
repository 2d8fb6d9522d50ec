// Results charts (ECharts): the options' data come from a JSON data block (no inline script).
(function () {
  document.querySelectorAll(".xp-chart").forEach(function (el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    el.style.height = Math.max(240, data.units.length * 28) + "px";
    var chart = window.echarts.init(el);
    var bands = data.bands.map(function (b, i) {
      var top = i === 0 ? 100 : data.bands[i - 1].min;
      return [{xAxis: b.min, name: b.label}, {xAxis: top}];
    });
    chart.setOption({
      grid: {left: 8, right: 16, top: 24, bottom: 24, containLabel: true},
      xAxis: {type: "value", min: 0, max: 100},
      yAxis: {type: "category", data: data.units, inverse: true, axisLabel: {width: 110, overflow: "truncate"}},
      series: [{type: "bar", data: data.scores, label: {show: true, position: "right"},
                markArea: {silent: true, itemStyle: {opacity: 0.08}, label: {position: "insideTop"}, data: bands}}]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
