// The phone supervisor's chart: attempts and completes per hour today (China time), from the data-* attributes of
// the live part (no inline script); drawn again each time htmx swaps the live part in.
(function () {
  var chart = null;
  function draw() {
    var el = document.getElementById('attempts-chart');
    if (!el || typeof echarts === 'undefined' || el.dataset.drawn) { return; }
    var hours = el.dataset.hours.split('|').map(Number);
    var attempts = el.dataset.attempts.split('|').map(Number);
    var completes = el.dataset.completes.split('|').map(Number);
    // the calling day, widened to any hour that has attempts
    var first = 8, last = 21;
    hours.forEach(function (h, i) { if (attempts[i] > 0) { first = Math.min(first, h); last = Math.max(last, h); } });
    var labels = [], a = [], c = [];
    for (var h = first; h <= last; h++) { labels.push(h + ':00'); a.push(attempts[h]); c.push(completes[h]); }
    var series = el.dataset.series.split('|');
    if (chart) { chart.dispose(); }
    chart = echarts.init(el);
    chart.setOption({
      animation: false,
      legend: { top: 0, data: series },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: series[0], type: 'bar', data: a, itemStyle: { color: '#2f6fad' } },
        { name: series[1], type: 'bar', data: c, itemStyle: { color: '#2e8b57' } }
      ]
    });
    el.dataset.drawn = '1';
  }
  document.addEventListener('DOMContentLoaded', draw);
  document.addEventListener('htmx:afterSwap', draw);
  window.addEventListener('resize', function () { if (chart) { chart.resize(); } });
})();
