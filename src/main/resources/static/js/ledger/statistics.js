// The ledger statistics' chart: problems per month stacked by area (a county's towns) or by category, for the
// measure chosen (recorded, resolved, closed). The numbers come from the page's hidden lists (data-* attributes),
// the same numbers as the tables; no inline script.
(function () {
  'use strict';
  var palette = ['#2f6fad', '#b8322a', '#1f7a3d', '#e0a800', '#6a4c93', '#00897b', '#d35400', '#5b6878',
    '#8e44ad', '#2c3e50', '#c0392b', '#16a085'];

  function series(group, measure) {
    var list = document.querySelector('.chart-series[data-group="' + group + '"][data-measure="' + measure + '"]');
    if (!list) { return []; }
    return Array.prototype.map.call(list.querySelectorAll('li'), function (li, i) {
      return { name: li.dataset.name, type: 'bar', stack: 'all', barMaxWidth: 48,
        itemStyle: { color: palette[i % palette.length] },
        data: (li.dataset.values || '').split('|').map(Number) };
    }).filter(function (s) { return s.data.some(function (v) { return v > 0; }); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var el = document.getElementById('ledger-chart');
    if (!el || typeof echarts === 'undefined') { return; }
    var group = document.getElementById('chart-group');
    var measure = document.getElementById('chart-measure');
    var months = el.dataset.months ? el.dataset.months.split('|') : [];
    var narrow = window.matchMedia('(max-width: 719px)').matches;
    el.style.height = (narrow ? 320 : 380) + 'px';
    var chart = echarts.init(el, null, { renderer: 'svg' });
    function draw() {
      var s = series(group.value, measure.value);
      chart.setOption({
        grid: { left: 8, right: 16, top: narrow ? 24 : 16, bottom: narrow ? 96 : 64, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { type: 'scroll', bottom: 0, left: 0, right: 0, itemWidth: 14, itemHeight: 10 },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value', minInterval: 1 },
        graphic: s.length ? [] : [{ type: 'text', left: 'center', top: 'middle',
          style: { text: el.dataset.empty, fill: '#5b6878', fontSize: 14 } }],
        series: s
      }, { replaceMerge: ['series', 'graphic'] });
    }
    group.addEventListener('change', draw);
    measure.addEventListener('change', draw);
    draw();
    window.addEventListener('resize', function () { chart.resize(); });
  });
})();
