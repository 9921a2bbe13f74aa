// Home page chart: complete responses per day of the running surveys, one line per survey. The numbers come from
// the table beside the chart (the same table screen readers and people without the chart read), so the page
// carries them once and needs no inline script.
document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('home-chart');
  var table = document.getElementById('home-chart-table');
  if (!el || !table || typeof echarts === 'undefined') { return; }
  var names = Array.prototype.slice.call(table.tHead.rows[0].cells, 1).map(function (th) { return th.textContent; });
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var days = rows.map(function (r) { return r.cells[0].textContent; });
  var series = names.map(function (name, k) {
    return { name: name, type: 'line', smooth: false, symbolSize: 6,
      data: rows.map(function (r) { return Number(r.cells[k + 1].textContent); }) };
  });
  el.style.height = '280px';
  var chart = echarts.init(el);
  chart.setOption({
    color: ['#2f6fad', '#b8322a', '#1f7a3d', '#e0a800', '#6b4fa0'],
    grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
    legend: { type: 'scroll', top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days, axisLabel: { hideOverlap: true } },
    // counts start at 0: a line that starts higher would exaggerate a change
    yAxis: { type: 'value', min: 0, minInterval: 1 },
    series: series
  });
  window.addEventListener('resize', function () { chart.resize(); });
});
