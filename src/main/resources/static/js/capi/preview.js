// The page /capi/preview/{id}: loads the questionnaire as the interviewer app does and runs it in the client
// engine; at the end shows what would be synced (answers, time per question). Nothing is stored.
(function () {
  'use strict';
  var root = document.getElementById('capi-preview');
  if (!root) { return; }
  var d = root.dataset;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function show(form, result) {
    root.textContent = '';
    var box = el('div', 'question capi-result');
    var h = el('h2', 'question-label', result.outcome === 'ineligible' ? d.msgIneligible : d.msgDone);
    h.tabIndex = -1;
    box.appendChild(h);
    box.appendChild(el('p', 'muted', d.msgAnswers));
    var table = el('table', 'capi-answers');
    var head = el('tr');
    [d.msgQuestion, d.msgAnswer, d.msgTime].forEach(function (t) { head.appendChild(el('th', null, t)); });
    table.appendChild(head);
    var rows = {};
    form.rows.forEach(function (r) { if (r.type !== 'end_group') { rows[r.name] = r; } });
    function text(texts) {
      if (!texts) { return ''; }
      return texts[d.lang] || texts[Object.keys(texts)[0]] || '';
    }
    Object.keys(result.answers).forEach(function (name) {
      var tr = el('tr');
      var v = result.answers[name];
      var row = rows[name] || {};
      // the question as the official knows it (its label, cut short) and the answer as the respondent saw it
      var label = text(row.label) || name;
      var q = el('td', 'capi-q', label.length > 28 ? label.substring(0, 27) + '…' : label);
      q.title = name;
      tr.appendChild(q);
      var codes = Array.isArray(v) ? v : [v];
      var shown = codes.map(function (c) {
        var choice = (row.choices || []).filter(function (x) { return x.name === String(c); })[0];
        if (choice) { return text(choice.label) || String(c); }
        if (row.type === 'text' && form.counties && form.counties[String(c)]) { return form.counties[String(c)]; }
        return String(c);
      });
      tr.appendChild(el('td', null, shown.join(d.lang === 'en' ? ', ' : '、')));
      var ms = result.durations[name];
      tr.appendChild(el('td', 'num', ms === undefined ? '' : (ms / 1000).toFixed(1) + ' ' + d.msgSeconds));
      table.appendChild(tr);
    });
    box.appendChild(table);
    var again = el('button', 'primary', d.msgAgain);
    again.type = 'button';
    again.addEventListener('click', function () { run(form); });
    var nav = el('div', 'nav-buttons');
    nav.appendChild(again);
    box.appendChild(nav);
    root.appendChild(box);
    h.focus();
  }

  function run(form) {
    window.SanlvInterview.start(root, {
      instrument: form,
      lang: d.lang,
      onFinish: function (result) { show(form, result); }
    });
  }

  fetch(d.url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (r) {
      if (!r.ok) { throw new Error(String(r.status)); }
      return r.json();
    })
    .then(run)
    .catch(function () {
      root.textContent = '';
      root.appendChild(el('p', 'problems', d.msgFailed));
    });
})();
