// A publication's trend: per indicator a small line chart of the whole's rate (and the reader's own county or
// town) across the rounds, from the data-* attributes the page carries (no inline script). Drawn as SVG so the
// print view prints it sharply.
(function () {
  function numbers(text) {
    return (text || '').split('|').map(function (v) { return v === '' ? null : Number(v); });
  }
  function draw(root) {
    if (typeof echarts === 'undefined') { return; }
    root.querySelectorAll('.trend-chart').forEach(function (el) {
      if (el.dataset.drawn) { return; }
      el.dataset.drawn = '1';
      var rounds = (el.dataset.rounds || '').split('|');
      var percent = el.dataset.percent === 'true';
      var series = [{ name: el.dataset.wholeLabel, type: 'line', data: numbers(el.dataset.whole), connectNulls: true,
        symbolSize: 8, lineStyle: { width: 3, color: '#2f6fad' }, itemStyle: { color: '#2f6fad' },
        label: { show: true, position: 'top', formatter: function (p) { return p.value == null ? '' : p.value.toFixed(1); } } }];
      if (el.dataset.mine) {
        series.push({ name: el.dataset.mineLabel, type: 'line', data: numbers(el.dataset.mine), connectNulls: true,
          symbolSize: 7, lineStyle: { width: 2, type: 'dashed', color: '#c0392b' }, itemStyle: { color: '#c0392b' },
          label: { show: true, position: 'bottom', formatter: function (p) { return p.value == null ? '' : p.value.toFixed(1); } } });
      }
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption({
        animation: false,
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: rounds, axisLabel: { interval: 0, width: 110, overflow: 'break', lineHeight: 14 } },
        // a rate's axis stays within 0–100%, a little room around the values
        yAxis: { type: 'value', scale: true, axisLabel: { formatter: percent ? '{value}%' : '{value}' },
          max: percent ? function (v) { return Math.min(100, Math.ceil(v.max + 2)); } : null,
          min: percent ? function (v) { return Math.max(0, Math.floor(v.min - 2)); } : null },
        series: series
      });
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }
  document.addEventListener('DOMContentLoaded', function () { draw(document); });
})();
