// The public quiz page (/quiz): one question at a time; each answer goes to the server, whose verdict and
// explanation are shown; at the end the completion is sent once (a key made once, so a retry is not counted twice)
// and the summary lists every question with its explanation again. Progress is kept in local storage.
(function () {
  'use strict';

  var STORE = 'sanlv.quiz';

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
    var sections = Array.prototype.slice.call(root.querySelectorAll('.quiz-q'));
    var start = document.getElementById('quiz-start');
    var summary = document.getElementById('quiz-summary');
    var status = document.getElementById('quiz-status');
    var device = null;
    try { device = localStorage.getItem('sanlv.quiz.device'); } catch (e) { /* private mode */ }
    if (!device) {
      device = d.device;
      try { localStorage.setItem('sanlv.quiz.device', device); } catch (e) { /* private mode */ }
    }
    var st = load();
    // a finished quiz starts afresh when the page is opened again (it is not counted twice: the server knows)
    var ids = sections.map(function (s) { return s.dataset.id; }).join(',');
    if (st.done || st.ids !== ids) { st = { ids: ids, answers: {}, verdicts: {}, key: null }; save(); }

    function load() {
      try { return JSON.parse(localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
    }
    function save() {
      try { localStorage.setItem(STORE, JSON.stringify(st)); } catch (e) { /* private mode: the page still works */ }
    }
    function say(text) { status.textContent = text || ''; }
    function post(url, body) {
      return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin',
        body: JSON.stringify(body) }).then(function (r) {
        return r.json().then(function (j) { return { status: r.status, body: j }; });
      });
    }
    function optionText(section, id) {
      var b = section.querySelector('[data-option="' + id + '"]');
      if (b) { return b.textContent; }
      var input = section.querySelector('input[value="' + id + '"]');
      return input ? input.parentNode.querySelector('.quiz-option-text').textContent : id;
    }

    function show(index) {
      start.hidden = true;
      summary.hidden = true;
      sections.forEach(function (s, i) { s.hidden = i !== index; });
      var s = sections[index];
      var v = st.verdicts[s.dataset.id];
      if (v) { showVerdict(s, v); }
      say('');
      window.scrollTo(0, 0);
      s.querySelector('.quiz-text').focus();
    }

    // "正确的是：" needs no space after it; "The right answer:" does
    function rightAnswer() { return d.msgRightAnswer + (/：$/.test(d.msgRightAnswer) ? '' : ' '); }

    function showVerdict(s, v) {
      var box = s.querySelector('.quiz-verdict');
      var result = box.querySelector('.quiz-result');
      result.textContent = v.correct ? d.msgCorrect : d.msgWrong;
      result.className = 'quiz-result ' + (v.correct ? 'ok' : 'wrong');
      box.querySelector('.quiz-right').textContent = rightAnswer() + v.correctOptions.map(function (o) { return optionText(s, o); }).join('；');
      box.querySelector('.quiz-explanation').textContent = v.explanation;
      s.querySelectorAll('.quiz-options button, .quiz-options input').forEach(function (b) { b.disabled = true; });
      (st.answers[s.dataset.id] || []).forEach(function (o) {
        var b = s.querySelector('[data-option="' + o + '"]');
        if (b) { b.setAttribute('aria-pressed', 'true'); }
        var input = s.querySelector('input[value="' + o + '"]');
        if (input) { input.checked = true; }
      });
      box.hidden = false;
    }

    function answer(s, options) {
      if (!options.length) { say(d.msgChoose); return; }
      say(d.msgSending);
      post(d.answerUrl, { question: s.dataset.id, options: options }).then(function (res) {
        if (res.status !== 200) { say(res.body.error); return; }
        st.answers[s.dataset.id] = options;
        st.verdicts[s.dataset.id] = res.body;
        save();
        say('');
        showVerdict(s, res.body);
        s.querySelector('.quiz-next').focus();
      }).catch(function () { say(d.msgOffline); });
    }

    function finish() {
      if (!st.key) { st.key = uuid(); save(); } // saved before sending: a reload after a lost answer resends it
      var body = { idempotencyKey: st.key, deviceToken: device, area: d.area || null, answers: st.answers };
      say(d.msgSending);
      (function attempt(n) {
        post(d.completeUrl, body).then(function (res) {
          if (res.status === 200 || res.status === 409) {
            st.done = true;
            st.counted = res.status === 200 ? res.body.message : res.body.error;
            save();
            showSummary();
          } else if ((res.status === 503 || res.status === 429) && n < 4) {
            setTimeout(function () { attempt(n + 1); }, 1500 * (n + 1));
          } else {
            say(res.body.error);
          }
        }).catch(function () {
          if (n < 4) { setTimeout(function () { attempt(n + 1); }, 1500 * (n + 1)); } else { say(d.msgOffline); }
        });
      })(0);
    }

    function showSummary() {
      sections.forEach(function (s) { s.hidden = true; });
      start.hidden = true;
      var right = sections.filter(function (s) { return (st.verdicts[s.dataset.id] || {}).correct; }).length;
      document.getElementById('quiz-score').textContent = d.msgScore.replace('{0}', right).replace('{1}', sections.length);
      document.getElementById('quiz-counted').textContent = st.counted || '';
      var list = document.getElementById('quiz-review');
      list.textContent = '';
      sections.forEach(function (s) {
        var v = st.verdicts[s.dataset.id] || {};
        var li = document.createElement('li');
        var q = document.createElement('p');
        q.textContent = s.querySelector('.quiz-text').textContent;
        var r = document.createElement('p');
        r.className = v.correct ? 'ok' : 'wrong';
        r.textContent = (v.correct ? d.msgCorrect : d.msgWrong) + ' ' + rightAnswer()
          + (v.correctOptions || []).map(function (o) { return optionText(s, o); }).join('；');
        var e = document.createElement('p');
        e.className = 'quiz-explanation';
        e.textContent = v.explanation || '';
        li.appendChild(q);
        li.appendChild(r);
        li.appendChild(e);
        list.appendChild(li);
      });
      say('');
      summary.hidden = false;
      window.scrollTo(0, 0);
      document.getElementById('quiz-score').focus();
    }

    document.getElementById('quiz-begin').addEventListener('click', function () {
      var next = sections.findIndex(function (s) { return !st.verdicts[s.dataset.id]; });
      show(next < 0 ? sections.length - 1 : next);
    });
    document.getElementById('quiz-again').addEventListener('click', function () {
      st = { ids: ids, answers: {}, verdicts: {}, key: null };
      save();
      sections.forEach(function (s) {
        s.querySelector('.quiz-verdict').hidden = true;
        s.querySelectorAll('.quiz-options button, .quiz-options input').forEach(function (b) {
          b.disabled = false;
          b.removeAttribute('aria-pressed');
          if (b.type === 'checkbox') { b.checked = false; }
        });
      });
      show(0);
    });
    sections.forEach(function (s, i) {
      s.querySelectorAll('.quiz-judge').forEach(function (b) {
        b.addEventListener('click', function () { answer(s, [b.dataset.option]); });
      });
      var form = s.querySelector('form.quiz-options');
      if (form) {
        form.addEventListener('submit', function (e) {
          e.preventDefault();
          var chosen = Array.prototype.slice.call(form.querySelectorAll('input:checked')).map(function (x) { return x.value; });
          answer(s, chosen);
        });
      }
      s.querySelector('.quiz-next').addEventListener('click', function () {
        if (i + 1 < sections.length) { show(i + 1); } else { finish(); }
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var root = document.getElementById('quiz');
    if (root) { init(root); }
  });
}());
