// Results chart: each stratum's rate with its 95% CI as an error bar, the whole area's rate as a line,
// strata significantly below it in red, above it in green. Rates start at 0 (data-axis-min) so that bars
// keep their proportions. Numbers come from data-* attributes.
document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('results-chart');
  if (el && typeof echarts !== 'undefined') {
    var split = function (s) { return s ? s.split('|') : []; };
    var names = split(el.dataset.names);
    var values = split(el.dataset.values).map(Number);
    var low = split(el.dataset.low).map(Number);
    var high = split(el.dataset.high).map(Number);
    var direction = split(el.dataset.direction);
    var colour = { below: '#b3261e', above: '#1f7a3d', none: '#2f6fad' };
    var mark = { below: el.dataset.labelBelow, above: el.dataset.labelAbove };
    var overall = Number(el.dataset.overall);
    el.style.height = Math.max(260, names.length * 24 + 80) + 'px';
    var chart = echarts.init(el);
    chart.setOption({
      grid: { left: 8, right: 28, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', formatter: function (p) {
        var i = p[0].dataIndex;
        return names[i] + '<br>' + values[i].toFixed(1) + '% (' + low[i].toFixed(1) + '–' + high[i].toFixed(1) + ')'
          + (mark[direction[i]] ? '<br>' + mark[direction[i]] : '');
      } },
      xAxis: { type: 'value', min: Number(el.dataset.axisMin), max: Number(el.dataset.axisMax), axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0 } },
      series: [
        { type: 'bar', data: values.map(function (v, i) { return { value: v, itemStyle: { color: colour[direction[i]] || colour.none } }; }),
          markLine: { symbol: 'none', lineStyle: { color: '#333', type: 'dashed' },
            label: { position: 'insideEndTop', formatter: el.dataset.overallLabel + ' {c}%' }, data: [{ xAxis: Number(overall.toFixed(1)) }] } },
        { type: 'custom', renderItem: function (params, api) {
            var y = api.coord([0, api.value(0)])[1];
            var from = api.coord([api.value(1), api.value(0)]);
            var to = api.coord([api.value(2), api.value(0)]);
            var h = 5;
            return { type: 'group', children: [
              { type: 'line', shape: { x1: from[0], y1: y, x2: to[0], y2: y }, style: { stroke: '#222', lineWidth: 1.5 } },
              { type: 'line', shape: { x1: from[0], y1: y - h, x2: from[0], y2: y + h }, style: { stroke: '#222', lineWidth: 1.5 } },
              { type: 'line', shape: { x1: to[0], y1: y - h, x2: to[0], y2: y + h }, style: { stroke: '#222', lineWidth: 1.5 } }
            ] };
          }, encode: { y: 0 }, data: names.map(function (n, i) { return [i, low[i], high[i]]; }), z: 10 }
      ]
    });
    window.addEventListener('resize', function () { chart.resize(); });
    el.sanlvChart = chart; // for the browser test: the option as drawn
  }
  // The interval method: choosing one reloads the page with it (the button stays for keyboards).
  var method = document.getElementById('ci-method');
  if (method) {
    method.addEventListener('change', function () { method.form.submit(); });
  }
  // Sortable tables: click a column header to sort by it (numbers by data-sort when present).
  document.querySelectorAll('table.sortable th').forEach(function (th, column) {
    th.style.cursor = 'pointer';
    th.setAttribute('tabindex', '0');
    var sort = function () {
      var body = th.closest('table').querySelector('tbody');
      var rows = Array.prototype.slice.call(body.rows);
      var asc = th.dataset.dir !== 'asc';
      th.dataset.dir = asc ? 'asc' : 'desc';
      var key = function (r) { var c = r.cells[column]; return c.dataset.sort !== undefined ? Number(c.dataset.sort) : c.textContent; };
      rows.sort(function (a, b) { var x = key(a), y = key(b); return (x > y ? 1 : x < y ? -1 : 0) * (asc ? 1 : -1); });
      rows.forEach(function (r) { body.appendChild(r); });
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter') { sort(); } });
  });
});
