// Bar charts drawn from data-* attributes, so pages carry their numbers in the HTML and need no inline script.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('#population-chart').forEach(function (el) {
    var names = el.dataset.names ? el.dataset.names.split('|') : [];
    var values = el.dataset.values ? el.dataset.values.split('|').map(Number) : [];
    if (!names.length || typeof echarts === 'undefined') { el.style.display = 'none'; return; }
    el.style.height = Math.max(240, names.length * 22 + 60) + 'px';
    var chart = echarts.init(el);
    chart.setOption({
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: el.dataset.title },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0 } },
      series: [{ type: 'bar', data: values, itemStyle: { color: '#2f6fad' } }]
    });
    window.addEventListener('resize', function () { chart.resize(); });
  });
});
