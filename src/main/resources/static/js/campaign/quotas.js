// The quota chart: each town's share of its target (in %) for the chosen period as bars, with the 100 % line,
// from the data-* attributes of the page (no inline script). An empty value is a town without a figure: a gap.
document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('quota-chart');
  if (!el || typeof echarts === 'undefined') { return; }
  var names = el.dataset.names ? el.dataset.names.split('|') : [];
  if (!names.length) { el.style.display = 'none'; return; }
  var shares = (el.dataset.shares || '').split('|').map(function (v) { return v === '' ? null : Number(v); });
  el.style.height = Math.max(240, names.length * 26 + 80) + 'px';
  var percent = function (v) { return v == null ? '—' : v.toFixed(1) + '%'; };
  var chart = echarts.init(el);
  chart.setOption({
    grid: { left: 8, right: 56, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: percent },
    xAxis: { type: 'value', min: 0, max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); },
             axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0 } },
    series: [{
      name: el.dataset.series, type: 'bar', barMaxWidth: 18,
      data: shares.map(function (v) {
        return { value: v, itemStyle: { color: v == null ? '#c9d1db' : v >= 100 ? '#2e8b57' : '#d08c00' } };
      }),
      label: { show: true, position: 'right', formatter: function (p) { return percent(p.value); } },
      markLine: { silent: true, symbol: 'none', data: [{ xAxis: 100 }], lineStyle: { color: '#b3261e', type: 'dashed' },
                  label: { formatter: '100%' } }
    }]
  });
  el.dataset.drawn = '1';
  window.addEventListener('resize', function () { chart.resize(); });
});
