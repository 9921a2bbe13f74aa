// The response-rate chart: RR3 and COOP1 (in %) per county or interviewer as bars, or per day as lines, from the
// data-* attributes of the page (no inline script). An empty value is a rate without cases: a gap, not a zero.
document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('rates-chart');
  if (!el || typeof echarts === 'undefined') { return; }
  var names = el.dataset.names ? el.dataset.names.split('|') : [];
  if (!names.length) { el.style.display = 'none'; return; }
  var labels = el.dataset.series.split('|');
  var values = function (s) {
    return (s || '').split('|').map(function (v) { return v === '' ? null : Number(v); });
  };
  var series = [values(el.dataset.rr3), values(el.dataset.coop1)];
  var colors = ['#2f6fad', '#2e8b57'];
  var line = el.dataset.kind === 'line';
  var percent = function (v) { return v == null ? '—' : v.toFixed(1) + '%'; };
  var valueAxis = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } };
  var categoryAxis = { type: 'category', data: names, axisLabel: { interval: line ? 'auto' : 0 } };
  if (!line) {
    categoryAxis.inverse = true;
    el.style.height = Math.max(240, names.length * 44 + 90) + 'px';
  }
  var chart = echarts.init(el);
  chart.setOption({
    legend: { top: 0, data: labels },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: percent },
    xAxis: line ? categoryAxis : valueAxis,
    yAxis: line ? valueAxis : categoryAxis,
    series: series.map(function (data, i) {
      return { name: labels[i], type: line ? 'line' : 'bar', data: data, connectNulls: false, barMaxWidth: 22, symbolSize: 8,
               itemStyle: { color: colors[i] }, label: line ? undefined : { show: true, position: 'right', formatter: function (p) { return percent(p.value); } } };
    })
  });
  el.dataset.drawn = '1';
  window.addEventListener('resize', function () { chart.resize(); });
});
