// The phone interviewer's screen (/cati/surveys/{id}): next number → introduction → disposition, or screening →
// questionnaire (the CAPI client engine, SanlvInterview) → stored as AAPOR 1.1. Usable with the keyboard alone
// (a headset operator): N next number, Enter start / continue, digits and letters for the dispositions, Esc back.
// Texts come from the page (#cati-texts' data-texts, the message bundles' cati.screen.* and cati.code.*), never from this file.
(function () {
  'use strict';
  var root = document.getElementById('cati-screen');
  if (!root) { return; }
  var d = root.dataset;
  var T = {};
  var AREAS = {};
  try { T = JSON.parse(document.getElementById('cati-texts').dataset.texts || '{}'); } catch (e) { T = {}; }
  try { AREAS = JSON.parse(document.getElementById('cati-texts').dataset.areas || '{}'); } catch (e) { AREAS = {}; }
  var SURVEY = d.survey;
  // the server's clock, not this computer's: calling hours, appointment times and interview times follow it
  var OFFSET = (Date.parse(d.now) - Date.now()) || 0;
  function now() { return new Date(Date.now() + OFFSET); }
  var API = d.api;

  // The dispositions an interviewer records without an interview, with their key and AAPOR code (cati-rates'
  // catalog). Callback and appointment open the time picker; a hard refusal puts the number on the do-not-call list.
  // A callback is asked for before the screening (3.21: a household, eligibility unknown); an appointment is agreed
  // with the respondent (2.21, served within its minute by the queue).
  var DISPOSITIONS = [
    { id: 'noAnswer', key: '1', code: '3.13' },
    { id: 'busy', key: '2', code: '3.12' },
    { id: 'machine', key: '3', code: '3.14' },
    { id: 'refusal', key: '4', code: '2.111' },
    { id: 'hardRefusal', key: '5', code: '2.111', hard: true },
    { id: 'nonWorking', key: '6', code: '4.31' },
    { id: 'business', key: '7', code: '4.51' },
    { id: 'fax', key: '8', code: '4.20' },
    { id: 'outOfArea', key: '9', code: '4.10' },
    { id: 'under16', key: '0', code: '4.70' },
    { id: 'language', key: 'L', code: '2.331' },
    { id: 'callback', key: 'C', code: '3.21', time: 'callback' },
    { id: 'appointment', key: 'A', code: '2.21', time: 'appointment' }
  ];
  var BREAK_OFF = '2.12';
  var QUOTA_FILLED = '4.80';
  var NO_ELIGIBLE = '4.70';

  var phase = 'ready';      // ready | call | time | confirm | screening | interview | breakoff | busy
  var call = null;          // the NextCall being worked
  var message = null;       // {text, kind} shown on the ready screen
  var recordable = null;    // codes the interviewer may record (GET /codes), null until known
  var strata = null;        // [{code, name, target, completes}]
  var instrument = null;    // the questionnaire (GET /api/v1/capi/instruments/{id})
  var running = null;       // the SanlvInterview of the call
  var pending = null;       // the outcome or interview being sent (kept with its key for a retry)
  var state = 'idle';
  var stage;

  function t(key, args) {
    var s = T['cati.screen.' + key];
    if (s === undefined) { s = key; }
    return String(s).replace(/\{(\d)\}/g, function (m, i) { return args && args[+i] !== undefined ? args[+i] : ''; })
      .replace(/''/g, '\'');
  }
  function codeLabel(code) { var l = T['cati.code.' + code]; return l === undefined ? code : l; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function button(text, cls, key, onClick) {
    var b = el('button', cls);
    b.type = 'button';
    b.appendChild(el('span', 'label', text));
    if (key) {
      var k = el('kbd', null, key === 'Enter' ? '↵' : key);
      k.setAttribute('aria-hidden', 'true');
      b.appendChild(k);
      b.setAttribute('aria-keyshortcuts', key);
    }
    b.addEventListener('click', onClick);
    return b;
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).substring(1); }).join('');
    return h.substring(0, 8) + '-' + h.substring(8, 12) + '-' + h.substring(12, 16) + '-' + h.substring(16, 20) + '-' + h.substring(20);
  }

  /** The number as shown once the call is over: as the server's CatiNumbers.mask (first 3, ****, last 4). */
  function mask(n) {
    var s = String(n || '').trim();
    var stars = function (k) { return new Array(k + 1).join('*'); };
    if (s.length >= 8) { return s.substring(0, 3) + '****' + s.substring(s.length - 4); }
    return s.length > 2 ? stars(s.length - 2) + s.substring(s.length - 2) : stars(s.length);
  }

  // ---- time in China (UTC+8, no summer time) ----
  function instant(v) {
    if (v === null || v === undefined) { return null; }
    if (typeof v === 'number') { return new Date(v < 1e11 ? v * 1000 : v); }
    return new Date(v);
  }
  function china(date) { return new Date(date.getTime() + 8 * 3600 * 1000); }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function hhmm(date) { var c = china(date); return pad(c.getUTCHours()) + ':' + pad(c.getUTCMinutes()); }
  function dayOf(date) { var c = china(date); return c.getUTCFullYear() + '-' + pad(c.getUTCMonth() + 1) + '-' + pad(c.getUTCDate()); }
  function when(date) { return dayOf(date) === dayOf(now()) ? hhmm(date) : dayOf(date).substring(5) + ' ' + hhmm(date); }
  function fromChina(day, minutes) {
    var p = day.split('-');
    return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2], 0, minutes) - 8 * 3600 * 1000);
  }
  /** The calling hours as [from, to) minute ranges of the day, e.g. "09:00-12:00,14:00-21:00". */
  function windows() {
    return String(d.hours || '').split(',').map(function (w) {
      var m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(w);
      return m ? [+m[1] * 60 + +m[2], +m[3] * 60 + +m[4]] : null;
    }).filter(Boolean);
  }
  /** The days and times a callback or appointment may take: inside the calling hours, not on excluded days. */
  function slots() {
    var excluded = String(d.excluded || '').split(',').map(function (s) { return s.trim(); });
    var at = now();
    var days = [];
    for (var i = 0; i < 14; i++) {
      var day = dayOf(new Date(at.getTime() + i * 86400000));
      if (excluded.indexOf(day) >= 0) { continue; }
      var times = [];
      windows().forEach(function (w) {
        for (var m = Math.ceil(w[0] / 15) * 15; m < w[1]; m += 15) {
          if (fromChina(day, m).getTime() > at.getTime() + 5 * 60000) { times.push(m); }
        }
      });
      if (times.length) { days.push({ day: day, times: times }); }
    }
    return days;
  }

  // ---- the server ----
  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    if (d.csrfHeader && d.csrf) { headers[d.csrfHeader] = d.csrf; }
    return fetch(path.charAt(0) === '/' && path.indexOf('/api/') === 0 ? path : API + path, {
      method: method, credentials: 'same-origin', headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (!r.ok) {
          var why = json && (json.problem || (json.problems && json.problems.map(function (p) { return p.message; }).join('；'))
            || json.error);
          var err = new Error(why || t('error.status', [r.status]));
          err.status = r.status;
          err.problems = json && json.problems;
          throw err;
        }
        return json;
      });
    }, function () { throw new Error(t('error.network')); });
  }

  function setState(s) {
    state = s;
    renderStatus();
    return api('POST', '/surveys/' + SURVEY + '/state', { state: s }).catch(function () { /* shown again next time */ });
  }

  // ---- the frame: status line, stage, key help ----
  var status;
  function frame() {
    root.textContent = '';
    status = el('div', 'cati-status');
    root.appendChild(status);
    stage = el('section', 'cati-stage');
    stage.setAttribute('aria-live', 'polite');
    root.appendChild(stage);
    var help = el('p', 'muted cati-keys', t('keys'));
    root.appendChild(help);
  }

  function renderStatus() {
    status.textContent = '';
    var chip = el('span', 'cati-state cati-state-' + state, t('state.' + state));
    chip.setAttribute('role', 'status');
    status.appendChild(chip);
    if (phase === 'ready') {
      status.appendChild(state === 'away'
        ? button(t('back'), 'link cati-away', 'P', function () { setState('idle'); render(); })
        : button(t('away'), 'link cati-away', 'P', function () { setState('away'); render(); }));
    }
  }

  function render() {
    renderStatus();
    stage.textContent = '';
    ({ ready: renderReady, call: renderCall, time: renderTime, confirm: renderConfirm, screening: renderScreening,
      breakoff: renderTime, busy: renderBusy })[phase === 'interview' ? 'busy' : phase]();
  }

  function focusFirst(selector) {
    var f = stage.querySelector(selector);
    if (f) { f.focus(); }
  }

  function renderBusy() {
    if (phase !== 'interview') { stage.appendChild(el('p', 'muted', t('working'))); }
  }

  function renderReady() {
    if (message) {
      var m = el('p', 'cati-message ' + (message.kind || 'ok'), message.text);
      m.setAttribute('role', message.kind === 'error' ? 'alert' : 'status');
      stage.appendChild(m);
    }
    var b = button(t('next'), 'primary cati-next', 'N', nextNumber);
    stage.appendChild(b);
    b.focus();
  }

  function nextNumber() {
    if (phase === 'busy') { return; }
    phase = 'busy';
    message = null;
    render();
    api('POST', '/surveys/' + SURVEY + '/next', {}).then(function (n) {
      if (!n || n.caseId === null || n.caseId === undefined) {
        phase = 'ready';
        var at = instant(n && n.nextAt);
        message = { kind: 'info', text: t('reason.' + ((n && n.reason) || 'none_due') + (at ? '.at' : ''), at ? [when(at)] : []) };
        render();
        return;
      }
      call = n;
      state = 'dialling';
      phase = 'call';
      render();
    }, function (e) {
      phase = 'ready';
      message = { kind: 'error', text: e.message };
      render();
    });
  }

  function kindText(n) {
    if (n.kind === 'appointment') { var a = instant(n.appointmentAt); return t('kind.appointment', [a ? when(a) : '']); }
    return t('kind.' + (n.kind || 'fresh'));
  }

  function areaName(code) {
    var s = (strata || []).filter(function (x) { return x.code === code; })[0];
    return s ? s.name : AREAS[code] || code || '';
  }

  function callCard(showNumber) {
    var card = el('div', 'cati-call');
    var num = el('p', 'cati-number');
    if (showNumber) {
      var a = el('a', null, call.number);
      a.href = 'tel:' + String(call.number).replace(/[^0-9+]/g, '');
      a.setAttribute('aria-label', t('dial', [call.number]));
      num.appendChild(a);
    } else {
      num.textContent = mask(call.number);
    }
    card.appendChild(num);
    var facts = el('p', 'cati-facts');
    [t('attempt', [call.attempt]), kindText(call), areaName(call.area)].filter(Boolean).forEach(function (x, i) {
      if (i) { facts.appendChild(document.createTextNode(' · ')); }
      facts.appendChild(el('span', null, x));
    });
    card.appendChild(facts);
    var held = instant(call.heldUntil);
    if (held) { card.appendChild(el('p', 'muted cati-held', t('heldUntil', [hhmm(held)]))); }
    return card;
  }

  /** An earlier attempt by the button that records its code (2.21 is always an appointment here), else the catalog's label. */
  function historyLabel(code) {
    var x = DISPOSITIONS.filter(function (z) { return z.code === code && !z.hard; })[0];
    return x ? t('disp.' + x.id) : codeLabel(code);
  }

  function historyList() {
    var box = el('details', 'cati-history');
    var h = call.history || [];
    box.open = h.length > 0 && h.length <= 3;
    box.appendChild(el('summary', null, t('history', [h.length])));
    if (!h.length) {
      box.appendChild(el('p', 'muted', t('historyNone')));
      return box;
    }
    var ol = el('ul');
    h.forEach(function (x) {
      var at = instant(x.endedAt);
      var li = el('li', null, t('historyItem', [x.attemptNo, at ? when(at) : '', historyLabel(x.code), x.code, x.interviewer || '']));
      if (x.note) { li.appendChild(el('span', 'muted cati-note', ' — ' + x.note)); }
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  function intro() {
    var box = el('div', 'cati-intro');
    box.appendChild(el('h2', null, t('intro.title')));
    var read = el('p', 'cati-read');
    if (d.callerId) {
      // the caller ID on one line (it would break at its hyphen)
      var parts = t('intro.text', [d.bureau, d.operator, '\u0000']).split('\u0000');
      read.appendChild(document.createTextNode(parts[0]));
      read.appendChild(el('span', 'cati-caller-id', d.callerId));
      read.appendChild(document.createTextNode(parts.slice(1).join('')));
    } else {
      read.textContent = t('intro.textNoId', [d.bureau, d.operator]);
    }
    box.appendChild(read);
    return box;
  }

  function renderCall() {
    stage.appendChild(callCard(true));
    stage.appendChild(intro());
    var start = button(t('start'), 'primary cati-start', 'Enter', startScreening);
    stage.appendChild(start);
    stage.appendChild(el('h2', 'cati-disp-title', t('disposition')));
    var grid = el('div', 'cati-dispositions');
    DISPOSITIONS.forEach(function (x) {
      if (recordable && recordable.indexOf(x.code) < 0) { return; }
      var b = button(t('disp.' + x.id), 'cati-disp' + (x.hard ? ' danger' : ''), x.key, function () { dispose(x); });
      b.dataset.code = x.code;
      b.title = x.code + ' ' + codeLabel(x.code);
      grid.appendChild(b);
    });
    stage.appendChild(grid);
    var noteLabel = el('label', 'cati-note-label', t('note'));
    var note = el('textarea', 'cati-note-input');
    note.id = 'cati-note';
    note.rows = 2;
    note.maxLength = 2000;
    note.value = call.note || '';
    note.addEventListener('input', function () { call.note = note.value; });
    noteLabel.htmlFor = 'cati-note';
    stage.appendChild(noteLabel);
    stage.appendChild(note);
    stage.appendChild(historyList());
    if (message && message.kind === 'error') {
      var m = el('p', 'cati-message error', message.text);
      m.setAttribute('role', 'alert');
      stage.insertBefore(m, stage.firstChild);
      message = null;
    }
    start.focus();
  }

  function dispose(x) {
    if (x.time) {
      phase = 'time';
      call.timeFor = x;
      render();
    } else if (x.hard) {
      phase = 'confirm';
      call.confirm = x;
      render();
    } else {
      record({ code: x.code, label: t('disp.' + x.id) });
    }
  }

  function renderConfirm() {
    stage.appendChild(callCard(true));
    var box = el('div', 'cati-panel');
    var h = el('h2', null, t('confirm.hardRefusal'));
    h.tabIndex = -1;
    box.appendChild(h);
    box.appendChild(el('p', 'muted', t('confirm.hardRefusalNote')));
    var nav = el('div', 'cati-actions');
    var yes = button(t('confirm.yes'), 'primary danger cati-confirm', 'Enter', function () {
      var x = call.confirm;
      record({ code: x.code, hardRefusal: true, label: t('disp.' + x.id) });
    });
    nav.appendChild(yes);
    nav.appendChild(button(t('cancel'), 'cati-cancel', 'Esc', back));
    box.appendChild(nav);
    stage.appendChild(box);
    yes.focus();
  }

  /** The callback / appointment / break-off time: a day and a time inside the calling hours. */
  function renderTime() {
    var breakOff = phase === 'breakoff';
    var x = breakOff ? { id: 'breakOff', code: BREAK_OFF, time: 'callback' } : call.timeFor;
    if (!breakOff) { stage.appendChild(callCard(true)); }
    var box = el('form', 'cati-panel cati-time');
    box.noValidate = true;
    var h = el('h2', null, t('time.' + x.time + (breakOff ? 'BreakOff' : '')));
    h.tabIndex = -1;
    box.appendChild(h);
    box.appendChild(el('p', 'muted', t('time.hours', [String(d.hours || '').replace(/\s/g, '').replace(/-/g, '–').replace(/,/g, d.lang === 'en' ? ', ' : '、')])));
    var days = slots();
    if (!days.length) {
      box.appendChild(el('p', 'cati-message error', t('time.none')));
    }
    var dayLabel = el('label', null, t('time.day'));
    var day = el('select', 'cati-day');
    day.id = 'cati-day';
    dayLabel.htmlFor = 'cati-day';
    days.forEach(function (s, i) {
      var o = el('option', null, i === 0 && s.day === dayOf(now()) ? t('time.today', [s.day.substring(5)]) : s.day.substring(5) + ' ' + t('weekday.' + new Date(s.day + 'T12:00:00Z').getUTCDay()));
      o.value = s.day;
      day.appendChild(o);
    });
    var timeLabel = el('label', null, t('time.time'));
    var time = el('select', 'cati-time-of-day');
    time.id = 'cati-time-of-day';
    timeLabel.htmlFor = 'cati-time-of-day';
    function fill() {
      time.textContent = '';
      var s = days.filter(function (z) { return z.day === day.value; })[0];
      (s ? s.times : []).forEach(function (m) {
        var o = el('option', null, pad(Math.floor(m / 60)) + ':' + pad(m % 60));
        o.value = String(m);
        time.appendChild(o);
      });
    }
    day.addEventListener('change', fill);
    fill();
    var row = el('div', 'cati-time-row');
    var c1 = el('div');
    c1.appendChild(dayLabel);
    c1.appendChild(day);
    var c2 = el('div');
    c2.appendChild(timeLabel);
    c2.appendChild(time);
    row.appendChild(c1);
    row.appendChild(c2);
    box.appendChild(row);
    if (breakOff) {
      var nl = el('label', null, t('note'));
      var note = el('textarea', 'cati-note-input');
      note.id = 'cati-breakoff-note';
      note.rows = 2;
      note.maxLength = 2000;
      note.value = call.note || '';
      note.addEventListener('input', function () { call.note = note.value; });
      nl.htmlFor = note.id;
      box.appendChild(nl);
      box.appendChild(note);
    }
    var nav = el('div', 'cati-actions');
    var save = el('button', 'primary cati-save');
    save.type = 'submit';
    save.appendChild(el('span', 'label', t(breakOff ? 'time.saveBreakOff' : 'time.save')));
    var k = el('kbd', null, '↵');
    k.setAttribute('aria-hidden', 'true');
    save.appendChild(k);
    save.disabled = !days.length;
    nav.appendChild(save);
    nav.appendChild(button(t(breakOff ? 'time.resume' : 'cancel'), 'cati-cancel', 'Esc', back));
    box.appendChild(nav);
    box.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!days.length) { return; }
      var at = fromChina(day.value, +time.value);
      record({ code: x.code, callbackAt: at.toISOString(), appointment: x.time === 'appointment',
        label: t('disp.' + x.id) + ' ' + when(at) });
    });
    if (pending && pending.error) {
      var m = el('p', 'cati-message error', pending.error);
      m.setAttribute('role', 'alert');
      box.insertBefore(m, nav);
    }
    stage.appendChild(box);
    day.focus();
  }

  /** Esc: one step back (a panel closes, the screening returns to the call, the interview asks for a break-off). */
  function back() {
    if (phase === 'time' || phase === 'confirm' || phase === 'screening') {
      pending = null;
      phase = 'call';
      render();
    } else if (phase === 'breakoff') {
      pending = null;
      phase = 'interview';
      stage.textContent = '';
      showInterview();
    } else if (phase === 'interview') {
      phase = 'breakoff';
      interviewBox = null;
      render();
    }
  }

  /** Records an outcome of the held case; the same key on a retry (a lost answer stores nothing twice). */
  function record(o) {
    if (!pending || pending.code !== o.code || pending.callbackAt !== o.callbackAt) {
      pending = { key: uuid(), code: o.code, callbackAt: o.callbackAt };
    }
    var body = { holdToken: call.holdToken, key: pending.key, code: o.code, note: call.note || null,
      callbackAt: o.callbackAt || null, appointment: !!o.appointment, hardRefusal: !!o.hardRefusal,
      stratum: o.stratum || call.stratum || null };
    var from = phase;
    phase = 'busy';
    render();
    api('POST', '/cases/' + call.caseId + '/outcome', body).then(function () {
      finished({ kind: 'ok', text: t('saved', [o.label || codeLabel(o.code), o.code, mask(call.number)]) });
    }, function (e) {
      pending.error = e.message;
      phase = from === 'busy' ? 'call' : from;
      if (phase === 'call') { message = { kind: 'error', text: e.message }; }
      render();
    });
  }

  function finished(msg) {
    message = msg;
    pending = null;
    if (running) { running.destroy(); running = null; }
    interviewBox = null;
    call = null;
    phase = 'ready';
    state = 'wrap_up'; // as the queue has it after an outcome, until the next number
    render();
  }

  // ---- screening: which county (town) the respondent lives in ----
  function loadStrata() {
    return api('GET', '/surveys/' + SURVEY + '/strata').then(function (s) { strata = s || []; return strata; });
  }

  function startScreening() {
    phase = 'busy';
    render();
    loadStrata().then(function () {
      phase = 'screening';
      render();
    }, function (e) {
      phase = 'call';
      message = { kind: 'error', text: e.message };
      render();
    });
  }

  function renderScreening() {
    stage.appendChild(callCard(true));
    var f = el('form', 'cati-panel cati-screening');
    f.noValidate = true;
    var fs = el('fieldset');
    var legend = el('legend', 'question-label', t('screening.' + (d.level === 'town' ? 'town' : 'county')));
    legend.tabIndex = -1;
    fs.appendChild(legend);
    fs.appendChild(el('p', 'hint capi-hint', t('screening.hint')));
    var many = strata.length > 9;
    var select = null;
    if (many) {
      select = el('select', 'cati-stratum');
      select.id = 'cati-stratum';
      select.name = 'stratum';
      select.setAttribute('aria-label', t('screening.' + (d.level === 'town' ? 'town' : 'county')));
      var none = el('option', null, t('screening.choose'));
      none.value = '';
      select.appendChild(none);
      strata.forEach(function (s) {
        var o = el('option', null, s.name);
        o.value = s.code;
        select.appendChild(o);
      });
      var out = el('option', null, t('screening.outOfArea'));
      out.value = '-';
      select.appendChild(out);
      fs.appendChild(select);
    } else {
      strata.concat([{ code: '-', name: t('screening.outOfArea') }]).forEach(function (s, i) {
        var lab = el('label', 'choice');
        var input = el('input');
        input.type = 'radio';
        input.name = 'stratum';
        input.value = s.code;
        lab.appendChild(input);
        var k = el('kbd', null, String(i + 1 === 10 ? 0 : i + 1));
        k.setAttribute('aria-hidden', 'true');
        lab.appendChild(k);
        lab.appendChild(el('span', null, s.name));
        fs.appendChild(lab);
      });
    }
    f.appendChild(fs);
    var problem = el('p', 'cati-message error');
    problem.hidden = true;
    problem.setAttribute('role', 'alert');
    f.appendChild(problem);
    var nav = el('div', 'cati-actions');
    var go = el('button', 'primary cati-continue');
    go.type = 'submit';
    go.appendChild(el('span', 'label', t('screening.continue')));
    var k = el('kbd', null, '↵');
    k.setAttribute('aria-hidden', 'true');
    go.appendChild(k);
    nav.appendChild(go);
    nav.appendChild(button(t('cancel'), 'cati-cancel', 'Esc', back));
    f.appendChild(nav);
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      var chosen = select ? select.value : (f.querySelector('input[name=stratum]:checked') || {}).value;
      if (!chosen) {
        problem.textContent = t('screening.required');
        problem.hidden = false;
        (select || f.querySelector('input[name=stratum]')).focus();
        return;
      }
      if (chosen === '-') {
        record({ code: '4.10', label: t('disp.outOfArea') });
        return;
      }
      var s = strata.filter(function (x) { return x.code === chosen; })[0];
      if (s.target > 0 && s.completes >= s.target) {
        problem.textContent = t('screening.full', [s.name]);
        problem.hidden = false;
        nav.insertBefore(button(t('screening.quotaFilled'), 'cati-quota', null, function () {
          record({ code: QUOTA_FILLED, stratum: s.code, label: codeLabel(QUOTA_FILLED) });
        }), nav.firstChild);
        nav.querySelector('.cati-quota').focus();
        return;
      }
      call.stratum = s.code;
      beginInterview();
    });
    stage.appendChild(f);
    (select || f.querySelector('input[name=stratum]')).focus();
  }

  // ---- the questionnaire ----
  function loadInstrument() {
    if (instrument) { return Promise.resolve(instrument); }
    return fetch(d.instrumentUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        if (!r.ok) { throw new Error(t('error.instrument')); }
        return r.json();
      }).then(function (form) {
        // the end screen and the way out of the first question say what happens on the phone, not on a device
        Object.keys(form.texts || {}).forEach(function (lang) {
          form.texts[lang]['capi.interview.endComplete'] = t('interview.endComplete');
          form.texts[lang]['capi.interview.cancel'] = t('interview.breakOff');
        });
        instrument = form;
        return form;
      });
  }

  function countyQuestion(form) {
    var q = (form.rows || []).filter(function (r) {
      return r.type === 'text' && (' ' + (r.appearance || '') + ' ').indexOf(' county ') >= 0;
    })[0];
    return q ? q.name : null;
  }

  var interviewBox = null;
  function beginInterview() {
    phase = 'busy';
    render();
    loadInstrument().then(function (form) {
      call.interview = { key: uuid(), answers: {}, startedAt: now().toISOString() };
      var cq = countyQuestion(form);
      if (cq) { call.interview.answers[cq] = d.level === 'town' ? d.target : call.stratum; }
      phase = 'interview';
      setState('interview');
      stage.textContent = '';
      showInterview();
    }, function (e) {
      phase = 'call';
      message = { kind: 'error', text: e.message };
      render();
    });
  }

  function showInterview() {
    renderStatus();
    var bar = el('div', 'cati-interview-bar');
    bar.appendChild(el('span', 'cati-number-small', call.number));
    bar.appendChild(button(t('interview.breakOff'), 'cati-breakoff', 'Esc', back));
    stage.appendChild(bar);
    interviewBox = el('div', 'cati-interview');
    stage.appendChild(interviewBox);
    var iv = call.interview;
    running = window.SanlvInterview.start(interviewBox, {
      instrument: instrument,
      lang: d.lang,
      today: d.today,
      answers: iv.answers,
      current: iv.current,
      durations: iv.durations,
      startedAt: iv.startedAt,
      onChange: function (s) {
        iv.answers = s.answers; iv.current = s.current; iv.durations = s.durations;
        setTimeout(focusAnswer, 0); // after the engine has drawn the next question
      },
      onCancel: back,
      onFinish: submitInterview
    });
    focusAnswer();
  }

  /** A typed answer takes the focus at once (the operator types what is said); a choice is picked by its digit. */
  function focusAnswer() {
    var f = interviewBox && interviewBox.querySelector('form.question input[type=text], form.question textarea, form.question select, form.question input[type=date]');
    if (f) { f.focus(); }
  }

  function submitInterview(result) {
    var iv = call.interview;
    iv.answers = result.answers;
    result.endedAt = now().toISOString(); // on the server's clock, as startedAt
    if (result.outcome === 'ineligible') {
      record({ code: NO_ELIGIBLE, stratum: call.stratum, label: codeLabel(NO_ELIGIBLE) });
      return;
    }
    var body = { holdToken: call.holdToken, key: iv.key, instrumentId: instrument.id, answers: result.answers,
      stratum: call.stratum, startedAt: result.startedAt, endedAt: result.endedAt, durations: result.durations };
    var sending = el('p', 'muted', t('sending'));
    interviewBox.appendChild(sending);
    api('POST', '/cases/' + call.caseId + '/interview', body).then(function () {
      finished({ kind: 'ok', text: t('stored', [mask(call.number)]) });
    }, function (e) {
      sending.remove();
      // the interview stays on the screen with its answers; the interviewer corrects it or breaks off
      var m = el('p', 'cati-message error', t('notStored', [e.message]));
      m.setAttribute('role', 'alert');
      m.tabIndex = -1;
      interviewBox.insertBefore(m, interviewBox.firstChild);
      if (running) { running.destroy(); }
      var retry = button(t('retry'), 'primary cati-retry', 'Enter', function () { submitInterview(result); });
      interviewBox.textContent = '';
      interviewBox.appendChild(m);
      interviewBox.appendChild(retry);
      m.focus();
    });
  }

  // ---- the keyboard ----
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var tag = e.target && e.target.tagName;
    var typing = tag === 'INPUT' && !/radio|checkbox/.test(e.target.type) || tag === 'TEXTAREA' || tag === 'SELECT';
    var key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
    if (key === 'Escape') {
      if (phase === 'time' || phase === 'confirm' || phase === 'screening' || phase === 'breakoff' || phase === 'interview') {
        e.preventDefault();
        back();
      }
      return;
    }
    // Enter on a list (a select has no implicit submission) or on a choice submits its form: the panel, the
    // screening, the questionnaire's question (one action, not two: the browser's own submission is prevented)
    if (key === 'Enter' && e.target.form && (tag === 'SELECT' || tag === 'INPUT' && /radio|checkbox/.test(e.target.type))) {
      e.preventDefault();
      e.target.form.requestSubmit();
      return;
    }
    if (typing) { return; }
    if (key === 'Enter' && phase === 'interview' && tag !== 'BUTTON' && tag !== 'A') {
      var q = interviewBox && interviewBox.querySelector('form.question');
      if (q) { e.preventDefault(); q.requestSubmit(); }
      return;
    }
    if (phase === 'ready') {
      if (key === 'N') { e.preventDefault(); nextNumber(); }
      if (key === 'P') { e.preventDefault(); setState(state === 'away' ? 'idle' : 'away'); render(); }
    } else if (phase === 'call') {
      if (key === 'Enter' && (tag === 'BODY' || tag === 'DIV' || tag === 'SECTION')) { e.preventDefault(); startScreening(); return; }
      var x = DISPOSITIONS.filter(function (z) { return z.key === key; })[0];
      if (x && (!recordable || recordable.indexOf(x.code) >= 0)) { e.preventDefault(); dispose(x); }
    } else if (phase === 'screening' || phase === 'interview') {
      // digits choose the n-th answer on the screen (screening list, a question's choices)
      if (/^[0-9]$/.test(key)) {
        var inputs = stage.querySelectorAll('input[type=radio], input[type=checkbox]');
        var i = key === '0' ? 9 : +key - 1;
        if (inputs[i]) {
          e.preventDefault();
          inputs[i].checked = inputs[i].type === 'checkbox' ? !inputs[i].checked : true;
          inputs[i].focus();
        }
      }
    }
  });

  // ---- the hold: while a call is on the screen its hold is renewed at half its length, at most every 4 minutes
  // (the queue extends it on "dialling" and "interview"), so a long interview is never handed to someone else ----
  setInterval(function () {
    if (!call) { return; }
    var s = phase === 'interview' || phase === 'breakoff' ? 'interview' : 'dialling';
    api('POST', '/surveys/' + SURVEY + '/state', { state: s }).catch(function () { /* tried again in 4 minutes */ });
  }, Math.max(30, Math.min(240, 30 * (+d.hold || 20))) * 1000);

  // ---- start ----
  frame();
  render();
  api('GET', '/codes').then(function (codes) {
    recordable = (codes || []).map(function (c) { return c.code; });
  }, function () { recordable = null; });
  loadStrata().catch(function () { strata = null; });
  loadInstrument().catch(function () { instrument = null; });
})();
