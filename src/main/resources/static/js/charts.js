// Horizontal bar charts drawn from data-* attributes (names and values separated by '|'), so pages carry
// their numbers in the HTML and need no inline script. Also run on fragments that htmx swaps in.
function sanlvBarCharts(root) {
  if (typeof echarts === 'undefined') { return; }
  root.querySelectorAll('.bar-chart').forEach(function (el) {
    if (el.dataset.drawn) { return; }
    var names = el.dataset.names ? el.dataset.names.split('|') : [];
    var values = el.dataset.values ? el.dataset.values.split('|').map(Number) : [];
    if (!names.length) { el.style.display = 'none'; return; }
    el.dataset.drawn = '1';
    el.style.height = Math.max(200, names.length * 22 + 60) + 'px';
    var chart = echarts.init(el);
    chart.setOption({
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // data-integer: counts, so no 0.5 ticks
      xAxis: { type: 'value', name: el.dataset.title, minInterval: el.dataset.integer ? 1 : 0 },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0 } },
      series: [{ type: 'bar', data: values, itemStyle: { color: '#2f6fad' } }]
    });
    window.addEventListener('resize', function () { chart.resize(); });
  });
}
document.addEventListener('DOMContentLoaded', function () { sanlvBarCharts(document); });
document.addEventListener('htmx:afterSwap', function (e) { sanlvBarCharts(e.target); });
