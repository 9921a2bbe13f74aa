// The public survey page (/s/{slug}): answers kept in local storage until the submit, time per question,
// the submit with a key made once per response (a retry sends the same key, so nothing is counted twice).
// Also draws the staff monitoring chart (#responses-chart) from its data-* attributes.
(function () {
  'use strict';

  function drawChart() {
    var el = document.getElementById('responses-chart');
    if (!el || typeof echarts === 'undefined') { return; }
    var hours = el.dataset.hours ? el.dataset.hours.split('|') : [];
    var values = el.dataset.values ? el.dataset.values.split('|').map(Number) : [];
    var chart = echarts.getInstanceByDom(el) || echarts.init(el);
    chart.setOption({
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: hours },
      yAxis: { type: 'value', name: el.dataset.title, minInterval: 1 },
      series: [{ type: 'bar', data: values, itemStyle: { color: '#2f6fad' } }]
    });
  }

  function uuid() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b); // available on plain http too, unlike crypto.randomUUID
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function init(root) {
    var d = root.dataset;
    var storeKey = 'sanlv.s.' + d.slug;
    var interview = document.getElementById('interview');
    var st = load();
    var device = null;
    try { device = localStorage.getItem('sanlv.device'); } catch (e) { /* private mode */ }
    if (!device) {
      device = d.device;
      try { localStorage.setItem('sanlv.device', device); } catch (e) { /* private mode */ }
    }

    function load() {
      try { return JSON.parse(localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
    }
    function save() {
      try { localStorage.setItem(storeKey, JSON.stringify(st)); } catch (e) { /* private mode: the page still works */ }
    }
    function field(name) {
      var f = interview.querySelector('form [name=' + name + ']');
      return f ? f.value : null;
    }
    function remember() {
      if (field('answers') === null) { return; }
      st.answers = field('answers');
      st.question = field('question');
      st.status = field('status');
      st.area = field('area') || '';
      st.linked = field('linked') || 'false';
      save();
    }
    function showDone(message, receipt) {
      interview.textContent = '';
      var box = document.createElement('div');
      box.className = 'done';
      var h = document.createElement('h2');
      h.tabIndex = -1;
      h.textContent = message;
      box.appendChild(h);
      if (receipt) {
        var p = document.createElement('p');
        p.className = 'receipt';
        p.textContent = d.msgReceipt + ' ' + receipt;
        box.appendChild(p);
      }
      interview.appendChild(box);
      h.focus();
    }
    function say(text) {
      var s = document.getElementById('submit-status');
      if (s) { s.textContent = text; }
    }

    if (st.done) { showDone(st.doneMessage || d.msgAnswered, st.receipt); return; }
    if (!st.token) { st.token = d.token; } // the first page's token: it says when the respondent started
    st.times = st.times || {};
    st.visibility = st.visibility || 0;
    var current = field('question');
    var shownAt = Date.now();
    if (st.answers && st.question && st.answers !== '{}') {
      htmx.ajax('GET', d.stepUrl + '?action=' + (st.status === 'COMPLETE' ? 'end' : 'at') + '&answers=' + encodeURIComponent(st.answers) + '&question='
        + encodeURIComponent(st.question) + '&area=' + encodeURIComponent(st.area || '') + '&linked=' + (st.linked || 'false'),
        { target: '#interview', swap: 'innerHTML' });
    } else {
      remember();
    }
    save();

    document.addEventListener('htmx:beforeRequest', function () {
      if (current) { st.times[current] = (st.times[current] || 0) + (Date.now() - shownAt); }
    });
    document.addEventListener('htmx:afterSwap', function (e) {
      if (e.target !== interview) { return; }
      remember();
      var intro = document.querySelector('.intro');
      if (intro) { intro.hidden = true; }
      current = field('status') === 'ASK' ? field('question') : null;
      shownAt = Date.now();
      var label = interview.querySelector('.question-label');
      if (label) { label.focus({ preventScroll: false }); }
    });
    document.addEventListener('visibilitychange', function () { st.visibility++; save(); });

    document.addEventListener('click', function (e) {
      if (e.target.id === 'submit') { e.preventDefault(); submit(e.target); }
      if (e.target.id === 'send-code') { e.preventDefault(); sendCode(); }
    });

    function post(url, body) {
      return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin',
        body: JSON.stringify(body) }).then(function (r) {
        return r.json().then(function (j) { return { status: r.status, body: j }; });
      });
    }

    function sendCode() {
      var phone = document.getElementById('phone');
      // the page's signed token: no code is sent without it
      post(d.smsUrl, { phone: phone.value, pageToken: st.token }).then(function (res) {
        if (res.status === 200) { st.smsChallenge = res.body.challenge; save(); say(res.body.message); }
        else { say(res.body.error + ' ' + (res.body.problems || []).map(function (p) { return p.message; }).join(' ')); }
      });
    }

    function submit(button) {
      if (!st.key) { st.key = uuid(); save(); } // saved before sending: a reload after a lost answer resends it
      var phone = document.getElementById('phone');
      var code = document.getElementById('sms-code');
      var body = {
        surveyId: Number(d.surveyId), pageToken: st.token, idempotencyKey: st.key, deviceToken: device,
        answers: JSON.parse(field('answers') || '{}'),
        area: field('area') || null, // the stratum from the link or the page's town question
        paradata: { times: st.times, visibility: st.visibility },
        website: document.getElementById('website').value,
        phone: phone ? phone.value : null, smsChallenge: st.smsChallenge || null, smsCode: code ? code.value : null
      };
      button.disabled = true;
      say(d.msgSubmitting);
      var problems = document.getElementById('submit-problems');
      problems.textContent = '';
      (function attempt(n) {
        post(d.submitUrl, body).then(function (res) {
          if (res.status === 200 || res.status === 409) {
            var message = res.status === 200 ? res.body.message : res.body.error;
            st = { done: true, receipt: res.status === 200 ? res.body.receipt : null, doneMessage: message };
            save();
            showDone(message, st.receipt);
          } else if ((res.status === 503 || res.status === 429) && n < 4) {
            setTimeout(function () { attempt(n + 1); }, 1500 * (n + 1));
          } else {
            say(res.body.error);
            (res.body.problems || []).forEach(function (p) {
              var li = document.createElement('li');
              li.textContent = p.message;
              problems.appendChild(li);
            });
            button.disabled = false;
          }
        }).catch(function () {
          if (n < 4) { setTimeout(function () { attempt(n + 1); }, 1500 * (n + 1)); }
          else { say(d.msgOffline); button.disabled = false; }
        });
      })(0);
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    drawChart();
    var root = document.getElementById('survey');
    if (root) { init(root); }
  });
  document.addEventListener('htmx:afterSwap', function (e) {
    if (e.target.id === 'figures') { drawChart(); }
  });
}());
