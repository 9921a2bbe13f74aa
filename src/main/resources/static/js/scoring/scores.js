// Scores page: the chart of the counties' rates with their 95% intervals against the average (or, on the combined
// tab, their deductions with the 95% range), counties whose gap is beyond the noise marked, each bar labelled with
// its deduction; and the what-if panel, which asks the what-if API and shows before and after.
// Numbers come from data-* attributes, so the page needs no inline script.
function sanlvScoresChart(el) {
  if (!el || typeof echarts === 'undefined') { return null; }
  var d = el.dataset;
  var split = function (s) { return s ? s.split('|') : []; };
  var num = function (s) { return s === '' ? NaN : Number(s); };
  var names = split(d.names);
  var values = split(d.values).map(num);
  var low = split(d.low).map(num);
  var high = split(d.high).map(num);
  var deduction = split(d.deduction).map(num);
  var expected = split(d.expected).map(num);
  var noise = split(d.noise);
  var ranked = split(d.ranked);
  var rate = d.kind !== 'deduction';
  var colour = { below: '#b3261e', above: '#1f7a3d', none: '#2f6fad' };
  var fmt = function (v, k) { return isFinite(v) ? v.toFixed(k) : '—'; };
  el.style.height = Math.max(260, names.length * 26 + 80) + 'px';
  var chart = echarts.init(el);
  var series = [
    { type: 'bar', barMaxWidth: 18,
      data: values.map(function (v, i) {
        return { value: v, itemStyle: { color: ranked[i] === '0' ? '#9e9e9e' : colour[noise[i]] || colour.none } };
      }),
      label: { show: false } },
    { type: 'custom', z: 10, encode: { y: 0 },
      renderItem: function (params, api) {
        var y = api.coord([0, api.value(0)])[1];
        var from = api.coord([api.value(1), api.value(0)]);
        var to = api.coord([api.value(2), api.value(0)]);
        var h = 5, s = { stroke: '#222', lineWidth: 1.5 };
        var children = [];
        if (isFinite(api.value(1)) && isFinite(api.value(2))) {
          children.push({ type: 'line', shape: { x1: from[0], y1: y, x2: to[0], y2: y }, style: s },
            { type: 'line', shape: { x1: from[0], y1: y - h, x2: from[0], y2: y + h }, style: s },
            { type: 'line', shape: { x1: to[0], y1: y - h, x2: to[0], y2: y + h }, style: s });
        }
        // the deduction (or "too few to rank") in the margin right of the plot, clear of the error bars
        var i = api.value(0);
        var text = ranked[i] === '0' ? d.labelTooFew
          : deduction[i] > 0 ? '−' + fmt(deduction[i], rate ? 1 : 2) + d.labelPoints : '';
        if (text) {
          children.push({ type: 'text', x: params.coordSys.x + params.coordSys.width + 6, y: y,
            style: { text: text, fill: ranked[i] === '0' ? '#666' : '#b3261e', font: '11px sans-serif',
              verticalAlign: 'middle', align: 'left' } });
        }
        return { type: 'group', children: children };
      },
      data: names.map(function (n, i) { return [i, low[i], high[i]]; }) }
  ];
  if (rate && d.average !== '') {
    series[0].markLine = { symbol: 'none', lineStyle: { color: '#333', type: 'dashed' },
      label: { position: 'end', formatter: d.labelAverage + ' {c}%' },
      data: [{ xAxis: Number(Number(d.average).toFixed(1)) }] };
  }
  chart.setOption({
    grid: { left: 8, right: 64, top: 28, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, formatter: function (p) {
      var i = p[0].dataIndex;
      var lines = [names[i]];
      lines.push(rate ? fmt(values[i], 1) + '% (' + fmt(low[i], 1) + '–' + fmt(high[i], 1) + ')'
        : d.labelDeduction + ' ' + fmt(values[i], 2) + ' (' + fmt(low[i], 2) + '–' + fmt(high[i], 2) + ')');
      if (ranked[i] === '0') { lines.push(d.labelTooFew); } else {
        if (rate) { lines.push(d.labelDeduction + ' ' + fmt(deduction[i], 2)); }
        lines.push(d.labelExpected + ' ' + fmt(expected[i], 2));
      }
      if (noise[i] === 'below') { lines.push(d.labelBelow); }
      if (noise[i] === 'above') { lines.push(d.labelAbove); }
      return lines.join('<br>');
    } },
    // rates start at 0 so that bars keep their proportions
    xAxis: rate ? { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } }
      : { type: 'value', min: 0, minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0, width: 90, overflow: 'truncate' } },
    series: series
  });
  window.addEventListener('resize', function () { chart.resize(); });
  el.sanlvChart = chart; // for the browser test: the option as drawn
  return chart;
}

// The what-if API answers the county's rows before and after, one per source and the combined one; the panel
// shows them source by source, the changed figures marked.
function sanlvWhatIf(section) {
  if (!section) { return; }
  var form = section.querySelector('#what-if-form');
  var result = section.querySelector('#what-if-result');
  var body = section.querySelector('#what-if-table tbody');
  var error = section.querySelector('#what-if-error');
  var words = section.querySelector('#what-if-words').dataset;
  var labels = {};
  section.querySelectorAll('[data-field-label]').forEach(function (el) { labels[el.dataset.fieldLabel] = el.textContent; });
  var sources = {};
  section.querySelectorAll('[data-source-label]').forEach(function (el) { sources[el.dataset.sourceLabel] = el.textContent; });
  var fmt = function (v, k) { return v === null || v === undefined || !isFinite(v) ? '—' : Number(v).toFixed(k); };
  var cells = function (row) {
    if (!row) { return {}; }
    return {
      rate: fmt(row.rate * 100, 1) + '%',
      deduction: fmt(row.deduction, 2),
      expectedDeduction: fmt(row.expectedDeduction, 2),
      range: fmt(row.deductionLow, 2) + '–' + fmt(row.deductionHigh, 2),
      beyondNoise: row.beyondNoise ? words.beyond : words.within,
      rank: row.rank === null || row.rank === undefined ? section.dataset.tooFew : String(row.rank)
    };
  };
  var td = function (tr, text, cls) {
    var c = document.createElement(cls === 'th' ? 'th' : 'td');
    c.textContent = text;
    if (cls && cls !== 'th') { c.className = cls; }
    tr.appendChild(c);
    return c;
  };
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var params = new URLSearchParams(new FormData(form));
    error.hidden = true;
    fetch(section.dataset.api + '?' + params.toString(), { headers: { 'Accept': 'application/json' } })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (b) { return { ok: r.ok, body: b }; });
      })
      .then(function (r) {
        if (!r.ok) {
          var problems = r.body && r.body.problems ? r.body.problems.map(function (p) { return p.message; }) : [];
          error.textContent = problems.length ? problems.join('；') : section.dataset.error;
          error.hidden = false;
          result.hidden = true;
          return;
        }
        body.textContent = '';
        var before = {};
        (r.body.before || []).forEach(function (row) { before[row.source] = row; });
        (r.body.after || []).forEach(function (row) {
          var head = document.createElement('tr');
          head.className = 'source-row';
          head.dataset.source = row.source;
          var th = td(head, sources[row.source] || row.source, 'th');
          th.colSpan = 3;
          body.appendChild(head);
          var was = cells(before[row.source]), now = cells(row);
          ['rate', 'deduction', 'expectedDeduction', 'range', 'beyondNoise', 'rank'].forEach(function (f) {
            var tr = document.createElement('tr');
            tr.dataset.source = row.source;
            tr.dataset.field = f;
            td(tr, labels[f], 'th');
            td(tr, was[f] || '—', 'num before');
            td(tr, now[f] || '—', 'num after');
            tr.classList.toggle('changed', was[f] !== now[f]);
            body.appendChild(tr);
          });
        });
        result.hidden = false;
      })
      .catch(function () { error.textContent = section.dataset.error; error.hidden = false; });
  });
}

function sanlvScoresCharts(root) {
  root.querySelectorAll('.scores-chart').forEach(function (el) {
    if (!el.sanlvChart) { sanlvScoresChart(el); }
  });
}
document.addEventListener('DOMContentLoaded', function () {
  sanlvScoresCharts(document);
  sanlvWhatIf(document.getElementById('what-if'));
});
// the home page's dashboard arrives after the page (htmx)
document.addEventListener('htmx:afterSwap', function (e) { sanlvScoresCharts(e.target.parentNode || document); });
