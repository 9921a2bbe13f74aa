// One interview in the interviewer's browser, one question per screen like the public online page, run by the
// client engine (engine.js) so that it works with no connection once the page and the instrument are loaded.
// SanlvInterview.start(container, {instrument, lang, today, answers, current, durations, startedAt,
//   onFinish(result), onCancel(), onChange(state)}) → {setLanguage(lang), state(), destroy()}
// result = {answers, outcome: 'complete'|'ineligible', startedAt, endedAt, durations: {question: ms}}.
// Texts come with the instrument (instrument.texts[lang], from the message bundles), never from this file.
(function (global) {
  'use strict';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function format(pattern, args) {
    return String(pattern).replace(/\{(\d)\}/g, function (m, i) { return args[+i] === undefined ? '' : args[+i]; });
  }

  /** What the input holds, in the shapes the engine takes (as InterviewScreen.parse reads a form field). */
  function readInput(form, type) {
    var values = [];
    var inputs = form.querySelectorAll('[name=value]');
    for (var i = 0; i < inputs.length; i++) {
      var f = inputs[i];
      if ((f.type === 'radio' || f.type === 'checkbox') && !f.checked) { continue; }
      var v = f.value === undefined || f.value === null ? '' : String(f.value).trim();
      if (v !== '') { values.push(v); }
    }
    if (values.length === 0) { return null; }
    if (type === 'select_multiple') { return values; }
    var v0 = values[0];
    if (type === 'integer' && /^[-+]?\d{1,18}$/.test(v0)) { return parseInt(v0, 10); }
    if (type === 'decimal' && /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(v0)) { return parseFloat(v0); }
    return v0;
  }

  function start(container, options) {
    var o = options || {};
    var form = o.instrument;
    var lang = o.lang || 'zh';
    var engine = global.SanlvEngine.flow(form, { lang: lang, today: o.today });
    var answers = {};
    Object.keys(o.answers || {}).forEach(function (k) { answers[k] = o.answers[k]; });
    var durations = {};
    Object.keys(o.durations || {}).forEach(function (k) { durations[k] = o.durations[k]; });
    var startedAt = o.startedAt || new Date().toISOString();
    var history = (o.history || []).slice();
    var questionNames = engine.rows().filter(function (r) {
      return r.type !== 'calculate' && r.type !== 'begin_group' && r.type !== 'end_group';
    }).map(function (r) { return r.name; });
    var step = o.current && engine.question(o.current) ? engine.step(answers, o.current) : engine.first(answers);
    var shownSince = Date.now();
    var refused = null; // {value, problems} of the last refused input
    var finished = false;

    function texts() { return (form.texts && (form.texts[lang] || form.texts.zh)) || {}; }
    function t(key) { var x = texts()[key]; return x === undefined ? key : x; }

    /** Time on the question being left, added to what it had (going back and forth adds up). */
    function clock() {
      var now = Date.now();
      if (step && step.name) { durations[step.name] = (durations[step.name] || 0) + Math.max(0, now - shownSince); }
      shownSince = now;
    }

    function changed() {
      if (typeof o.onChange === 'function') {
        o.onChange({ answers: answers, current: step.name, history: history.slice(), durations: durations,
          startedAt: startedAt });
      }
    }

    function render() {
      container.textContent = '';
      var box = el('div', 'capi-interview');
      box.setAttribute('lang', lang === 'en' ? 'en' : 'zh-CN');
      var position = step.status === 'complete' ? questionNames.length : questionNames.indexOf(step.name) + 1;
      var percent = questionNames.length === 0 || step.status === 'complete' ? 100
        : Math.floor(100 * (position - 1) / questionNames.length);
      var progress = el('div', 'progress');
      progress.setAttribute('role', 'progressbar');
      progress.setAttribute('aria-valuemin', '0');
      progress.setAttribute('aria-valuemax', '100');
      progress.setAttribute('aria-valuenow', String(percent));
      progress.setAttribute('aria-label', t('interview.progress'));
      var bar = el('div', 'bar');
      bar.style.width = percent + '%';
      progress.appendChild(bar);
      box.appendChild(progress);
      if (step.status === 'ask') {
        box.appendChild(el('p', 'muted progress-text', format(t('interview.position'), [position, questionNames.length])));
      }
      var f = el('form', 'question');
      f.noValidate = true;
      f.setAttribute('novalidate', '');
      if (step.status === 'ask') {
        askScreen(f);
      } else {
        endScreen(f);
      }
      box.appendChild(f);
      container.appendChild(box);
      var focus = box.querySelector('.question-label');
      if (focus) { focus.focus({ preventScroll: false }); }
    }

    function label(q, tag) {
      var l = el(tag, 'question-label');
      l.tabIndex = -1;
      l.appendChild(el('span', null, engine.text(q.label, answers, lang)));
      if (step.required) {
        var r = el('span', 'required', '*');
        r.setAttribute('aria-label', t('interview.required'));
        l.appendChild(document.createTextNode(' '));
        l.appendChild(r);
      }
      return l;
    }

    function hint(q) {
      if (!q.hint || Object.keys(q.hint).length === 0) { return null; }
      // the hint is for the interviewer (how to ask, what to read out), shown apart from the question
      var h = el('p', 'hint capi-hint');
      h.appendChild(el('strong', null, t('capi.interview.hint') + ' '));
      h.appendChild(document.createTextNode(engine.text(q.hint, answers, lang)));
      return h;
    }

    function current() {
      if (refused) { return refused.value; }
      var v = answers[step.name];
      return v === undefined ? null : v;
    }

    function askScreen(f) {
      var q = step.question;
      step.groups.forEach(function (g) {
        var gl = engine.text(g.label || {}, answers, lang);
        if (gl && gl.trim() !== '') { f.appendChild(el('p', 'group', gl)); }
      });
      var value = current();
      var id = 'capi-q-' + q.name;
      if (q.type === 'select_one' || q.type === 'select_multiple') {
        var fs = el('fieldset');
        fs.appendChild(label(q, 'legend'));
        var hh = hint(q);
        if (hh) { fs.appendChild(hh); }
        step.choices.forEach(function (c) {
          var lab = el('label', 'choice');
          var input = el('input');
          input.type = q.type === 'select_one' ? 'radio' : 'checkbox';
          input.name = 'value';
          input.value = c.name;
          input.checked = Array.isArray(value) ? value.indexOf(c.name) >= 0 : value !== null && String(value) === c.name;
          lab.appendChild(input);
          lab.appendChild(el('span', null, engine.text(c.label, answers, lang) || c.name));
          fs.appendChild(lab);
        });
        f.appendChild(fs);
      } else if (q.type === 'note') {
        f.appendChild(label(q, 'p'));
        var hn = hint(q);
        if (hn) { f.appendChild(hn); }
      } else {
        var l = label(q, 'label');
        l.htmlFor = id;
        f.appendChild(l);
        var hq = hint(q);
        if (hq) { f.appendChild(hq); }
        var words = (q.appearance || '').split(/\s+/);
        var input;
        if (q.type === 'text' && words.indexOf('county') >= 0 && form.counties) {
          input = el('select');
          var none = el('option', null, t('interview.chooseCounty'));
          none.value = '';
          input.appendChild(none);
          Object.keys(form.counties).forEach(function (code) {
            var op = el('option', null, form.counties[code]);
            op.value = code;
            op.selected = value !== null && String(value) === code;
            input.appendChild(op);
          });
        } else if (q.type === 'text' && words.indexOf('multiline') >= 0) {
          input = el('textarea');
          input.rows = 4;
          input.maxLength = 500;
          input.value = value === null ? '' : String(value);
        } else {
          input = el('input');
          input.type = q.type === 'date' ? 'date' : 'text';
          if (q.type === 'integer') { input.inputMode = 'numeric'; }
          if (q.type === 'decimal') { input.inputMode = 'decimal'; }
          if (q.type === 'text') { input.maxLength = 500; }
          input.autocomplete = 'off';
          input.value = value === null || Array.isArray(value) ? '' : String(value);
        }
        input.id = id;
        input.name = 'value';
        f.appendChild(input);
      }
      problems(f);
      var nav = el('div', 'nav-buttons');
      // "next" first: Enter in a field submits the first button; CSS puts "back" on the left
      var next = el('button', 'primary next', t('interview.next'));
      next.type = 'submit';
      nav.appendChild(next);
      if (history.length > 0) {
        var back = el('button', 'back', t('interview.back'));
        back.type = 'button';
        back.addEventListener('click', goBack);
        nav.appendChild(back);
      } else if (typeof o.onCancel === 'function') {
        var cancel = el('button', 'back', t('capi.interview.cancel'));
        cancel.type = 'button';
        cancel.addEventListener('click', function () { clock(); o.onCancel(); });
        nav.appendChild(cancel);
      }
      f.appendChild(nav);
      f.addEventListener('submit', function (e) {
        e.preventDefault();
        goNext(readInput(f, q.type));
      });
    }

    function problems(f) {
      if (!refused || refused.problems.length === 0) { return; }
      var ul = el('ul', 'problems');
      ul.id = 'capi-problems';
      ul.setAttribute('role', 'alert');
      refused.problems.forEach(function (p) {
        var own = p.formMessage && Object.keys(p.formMessage).length > 0;
        ul.appendChild(el('li', null, own ? p.message : (t(p.code) === p.code ? p.message : t(p.code))));
      });
      f.appendChild(ul);
      var field = f.querySelector('[name=value]');
      if (field) { field.setAttribute('aria-describedby', 'capi-problems'); }
    }

    function endScreen(f) {
      var ineligible = step.status === 'ended_ineligible';
      var h = el('h2', 'question-label end', ineligible ? engine.text(step.question.label, answers, lang)
        : t('capi.interview.allAnswered'));
      h.tabIndex = -1;
      f.appendChild(h);
      f.appendChild(el('p', 'muted', ineligible ? t('capi.interview.endIneligible') : t('capi.interview.endComplete')));
      if (refused && refused.problems.length) { problems(f); }
      var nav = el('div', 'nav-buttons');
      var done = el('button', 'primary finish', t('capi.interview.finish'));
      done.type = 'submit';
      nav.appendChild(done);
      if (history.length > 0) {
        var back = el('button', 'back', t('interview.back'));
        back.type = 'button';
        back.addEventListener('click', goBack);
        nav.appendChild(back);
      }
      f.appendChild(nav);
      f.addEventListener('submit', function (e) {
        e.preventDefault();
        finish();
      });
    }

    function goNext(value) {
      var name = step.name;
      var q = step.question;
      if (q.type !== 'note') {
        var found = engine.validate(answers, name, value);
        if (found.length > 0) {
          refused = { value: value, problems: found };
          render();
          return;
        }
        var stored = engine.normalise(name, value);
        if (stored === null) { delete answers[name]; } else { answers[name] = stored; }
      }
      clock();
      refused = null;
      history.push(name);
      step = engine.next(answers, name);
      changed();
      render();
    }

    function goBack() {
      if (history.length === 0) { return; }
      clock();
      refused = null;
      step = engine.step(answers, history.pop());
      changed();
      render();
    }

    function finish() {
      if (finished) { return; }
      clock();
      var c = engine.complete(answers);
      if (!c.ok) {
        refused = { value: null, problems: c.problems };
        render();
        return;
      }
      finished = true;
      var result = { answers: c.answers, outcome: c.outcome, startedAt: startedAt,
        endedAt: new Date().toISOString(), durations: durations };
      if (typeof o.onFinish === 'function') { o.onFinish(result); }
    }

    render();
    return {
      setLanguage: function (l) {
        lang = l;
        engine = global.SanlvEngine.flow(form, { lang: lang, today: o.today });
        if (step.status === 'complete') {
          step = history.length ? engine.next(answers, history[history.length - 1]) : engine.first(answers);
        } else {
          step = engine.step(answers, step.name);
        }
        if (refused) { refused = null; }
        render();
      },
      state: function () {
        return { answers: answers, current: step.name, history: history.slice(), durations: durations,
          startedAt: startedAt };
      },
      destroy: function () { container.textContent = ''; }
    };
  }

  global.SanlvInterview = { start: start };
})(window);
