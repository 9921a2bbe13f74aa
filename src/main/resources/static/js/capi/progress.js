// The fieldwork progress chart: one stacked bar per county or town (completed, visited without interview yet,
// assigned not visited, not assigned), from the data-* attributes the page carries (no inline script).
document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('progress-chart');
  if (!el || typeof echarts === 'undefined') { return; }
  var names = el.dataset.names ? el.dataset.names.split('|') : [];
  if (!names.length) { el.style.display = 'none'; return; }
  var labels = el.dataset.series.split('|');
  var keys = ['completed', 'visited', 'assigned', 'open'];
  var colors = ['#2e8b57', '#e0a800', '#2f6fad', '#c7ced6'];
  el.style.height = Math.max(220, names.length * 28 + 90) + 'px';
  var chart = echarts.init(el);
  chart.setOption({
    legend: { top: 0, data: labels },
    grid: { left: 8, right: 24, top: 48, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0 } },
    series: keys.map(function (k, i) {
      return { name: labels[i], type: 'bar', stack: 'all', itemStyle: { color: colors[i] },
               data: (el.dataset[k] || '').split('|').map(Number) };
    })
  });
  el.dataset.drawn = '1';
  window.addEventListener('resize', function () { chart.resize(); });
});
