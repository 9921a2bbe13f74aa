// The interviewer app (入户/拦截访问). Everything the interviewer records is written to IndexedDB first and synced
// later through POST /api/v1/capi/sync, so the app works the same with and without a network.
//
// A record is complete only when written whole: the finished visit is one IndexedDB put of
// {state: 'complete', payload, checksum}, where checksum is computed over the payload. A record that is not
// 'complete', or whose checksum does not match its payload (a crash or a full disk mid-write), is a draft: it is
// shown, and never synced as an interview.
(function () {
  'use strict';

  var root = document.getElementById('capi-app');
  if (!root) {
    return;
  }
  // the page's texts as an attribute (escaped by the template), not a script block: no inline script at all
  var TEXT = JSON.parse(document.getElementById('capi-text').getAttribute('data-texts') || '{}');
  var LANG = document.documentElement.lang === 'en' ? 'en' : 'zh';
  var ME = root.getAttribute('data-me');
  var BATCH = 50;
  var OUTCOMES = ['nobody_home', 'refused', 'ineligible', 'vacant', 'language', 'appointment'];
  // at a street site nobody is "not at home", no site is "vacant" and a passer-by gets no appointment (as the sync)
  var INTERCEPT_OUTCOMES = ['refused', 'ineligible', 'language'];
  // Kish selection tables A, B1, B2, C, D, E1, E2, F (Kish 1949): the adult to interview by number of adults
  // (1…6+), adults listed men first then women, each oldest first. Tables are used in the shares 1/6, 1/12, 1/12,
  // 1/6, 1/6, 1/12, 1/12, 1/6: twelve slots chosen by the household number.
  var KISH = {
    A: [1, 1, 1, 1, 1, 1], B1: [1, 1, 1, 1, 2, 2], B2: [1, 1, 1, 2, 2, 2], C: [1, 1, 2, 2, 3, 3],
    D: [1, 2, 2, 3, 4, 4], E1: [1, 2, 3, 3, 3, 5], E2: [1, 2, 3, 4, 5, 5], F: [1, 2, 3, 4, 5, 6]
  };
  var KISH_SLOTS = ['A', 'A', 'B1', 'B2', 'C', 'C', 'D', 'D', 'E1', 'E2', 'F', 'F'];

  var state = {
    work: null, // the last assignment list (server's or kept)
    records: [], // every IndexedDB record of this interviewer
    meta: {},
    syncing: false,
    lastError: null,
    csrf: null
  };
  var db = null;

  // ---------- text ----------
  function t(key) {
    var s = TEXT[key] != null ? TEXT[key] : key;
    for (var i = 1; i < arguments.length; i++) {
      s = s.split('{' + (i - 1) + '}').join(String(arguments[i]));
    }
    return s;
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') {
          e.textContent = attrs[k];
        } else if (k === 'onclick') {
          e.addEventListener('click', attrs[k]);
        } else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) {
          e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
        }
      });
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) {
        e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
      }
    });
    return e;
  }

  function when(iso) {
    if (!iso) {
      return '';
    }
    var d = new Date(iso);
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' ' + two(d.getHours()) + ':'
      + two(d.getMinutes());
  }

  function todayInChina() {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    } catch (e) {
      return new Date().toISOString().substring(0, 10);
    }
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).substring(1); }).join('');
    return h.substring(0, 8) + '-' + h.substring(8, 12) + '-' + h.substring(12, 16) + '-' + h.substring(16, 20) + '-'
      + h.substring(20);
  }

  // FNV-1a over the payload's JSON: enough to tell a whole record from a cut or damaged one.
  function checksum(payload) {
    var s = JSON.stringify(payload);
    var h = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return s.length + ':' + h.toString(16);
  }

  // ---------- IndexedDB ----------
  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open('sanlv-capi', 1);
      request.onupgradeneeded = function () {
        var d = request.result;
        if (!d.objectStoreNames.contains('records')) {
          d.createObjectStore('records', { keyPath: 'key' });
        }
        if (!d.objectStoreNames.contains('kept')) {
          d.createObjectStore('kept', { keyPath: 'name' });
        }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function tx(store, mode, work) {
    return new Promise(function (resolve, reject) {
      var transaction = db.transaction(store, mode);
      var result;
      transaction.oncomplete = function () { resolve(result); };
      transaction.onerror = function () { reject(transaction.error); };
      transaction.onabort = function () { reject(transaction.error); };
      result = work(transaction.objectStore(store));
    });
  }

  function getAll(store) {
    return new Promise(function (resolve, reject) {
      var request = db.transaction(store, 'readonly').objectStore(store).getAll();
      request.onsuccess = function () { resolve(request.result || []); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function kept(name) {
    return new Promise(function (resolve) {
      var request = db.transaction('kept', 'readonly').objectStore('kept').get(name);
      request.onsuccess = function () { resolve(request.result ? request.result.value : null); };
      request.onerror = function () { resolve(null); };
    });
  }

  function keep(name, value) {
    return tx('kept', 'readwrite', function (s) { s.put({ name: name, value: value }); });
  }

  function putRecord(record) {
    return tx('records', 'readwrite', function (s) { s.put(record); });
  }

  function deleteRecords(keys) {
    return tx('records', 'readwrite', function (s) { keys.forEach(function (k) { s.delete(k); }); });
  }

  /** A record that may be synced: written whole (state complete, checksum of its payload). */
  function isWhole(r) {
    return r.state === 'complete' && r.payload && r.checksum === checksum(r.payload);
  }

  function loadRecords() {
    return getAll('records').then(function (all) {
      state.records = all.filter(function (r) { return !r.me || r.me === ME; });
      state.records.sort(function (a, b) { return String(a.createdAt).localeCompare(String(b.createdAt)); });
    });
  }

  function waiting() {
    return state.records.filter(function (r) { return isWhole(r) && r.status !== 'refused'; });
  }

  function refused() {
    return state.records.filter(function (r) { return isWhole(r) && r.status === 'refused'; });
  }

  function drafts() {
    return state.records.filter(function (r) { return !isWhole(r); });
  }

  // ---------- network ----------
  function refreshWork() {
    return fetch('/api/v1/capi/me/assignments', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        if (r.status === 401 || r.redirected) {
          throw new Error('signin');
        }
        if (!r.ok) {
          throw new Error('http ' + r.status);
        }
        return r.json();
      })
      .then(function (work) {
        if (work.me !== ME) {
          // a copy kept for another account of this device (the service worker's offline answer): not mine
          throw new Error('other account');
        }
        state.work = work;
        state.csrf = work.csrf;
        var copy = JSON.parse(JSON.stringify(work));
        delete copy.csrf;
        return keep('work:' + ME, copy).then(function () { return cacheInstruments(work); }).then(function () { return work; });
      });
  }

  function cacheInstruments(work) {
    var ids = {};
    (work.surveys || []).forEach(function (s) { ids[s.instrumentId] = true; });
    return Promise.all(Object.keys(ids).map(function (id) {
      return kept('instrument:' + id).then(function (have) {
        if (have) {
          return null;
        }
        return fetch('/api/v1/capi/instruments/' + id, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (json) { return json ? keep('instrument:' + id, json) : null; })
          .catch(function () { return null; });
      });
    }));
  }

  function deviceId() {
    if (state.meta.deviceId) {
      return Promise.resolve(state.meta.deviceId);
    }
    state.meta.deviceId = uuid();
    return keep('meta', state.meta).then(function () { return state.meta.deviceId; });
  }

  /** Sends every waiting record, in batches; stored and repeat leave the queue, refused stay with the reason. */
  function sync() {
    if (state.syncing) {
      return Promise.resolve();
    }
    if (!navigator.onLine) {
      state.lastError = t('offlineWaiting');
      renderSync();
      return Promise.resolve();
    }
    state.syncing = true;
    state.lastError = null;
    renderSync();
    return refreshWork()
      .then(function () { return deviceId(); })
      .then(function (device) {
        var unsent = waiting();
        var chain = Promise.resolve();
        for (var i = 0; i < unsent.length; i += BATCH) {
          (function (batch) {
            chain = chain.then(function () { return sendBatch(device, batch); });
          })(unsent.slice(i, i + BATCH));
        }
        return chain;
      })
      .then(function () {
        state.meta.lastSync = new Date().toISOString();
        return keep('meta', state.meta);
      })
      .then(function () { return refreshWork(); })
      .catch(function (e) {
        state.lastError = e && e.message === 'signin' ? t('signInAgain') : t('syncFailed');
      })
      .then(function () { return loadRecords(); })
      .then(function () {
        state.syncing = false;
        refreshView();
      });
  }

  function sendBatch(device, batch) {
    var headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (state.csrf) {
      headers[state.csrf.header] = state.csrf.token;
    }
    var body = {
      deviceId: device,
      sentAt: new Date().toISOString(),
      visits: batch.map(function (r) { return r.payload; })
    };
    return fetch('/api/v1/capi/sync', { method: 'POST', credentials: 'same-origin', headers: headers, body: JSON.stringify(body) })
      .then(function (r) {
        if (r.status === 401 || r.status === 403) {
          throw new Error('signin');
        }
        if (!r.ok) {
          throw new Error('http ' + r.status);
        }
        return r.json();
      })
      .then(function (answer) {
        var byKey = {};
        batch.forEach(function (r) { byKey[r.key] = r; });
        var done = [];
        var updates = [];
        (answer.results || []).forEach(function (result) {
          var record = byKey[result.key];
          if (!record) {
            return;
          }
          if (result.status === 'stored' || result.status === 'repeat') {
            done.push(record.key);
          } else {
            record.status = 'refused';
            record.problem = result.problem;
            updates.push(record);
          }
        });
        return deleteRecords(done).then(function () {
          return Promise.all(updates.map(putRecord));
        });
      });
  }

  // ---------- views ----------
  function assignments() {
    return (state.work && state.work.assignments) || [];
  }

  function assignment(id) {
    return assignments().filter(function (a) { return a.id === id; })[0];
  }

  function surveyOf(a) {
    return ((state.work && state.work.surveys) || []).filter(function (s) { return s.id === a.surveyId; })[0];
  }

  function pendingFor(id) {
    return state.records.filter(function (r) { return r.assignmentId === id && isWhole(r); });
  }

  function label(kind, code) {
    if (!code) {
      return '';
    }
    var key = kind + '.' + String(code).toLowerCase();
    return TEXT[key] != null ? TEXT[key] : code;
  }

  function renderSync() {
    var box = document.getElementById('capi-sync');
    box.textContent = '';
    var n = waiting().length;
    var online = navigator.onLine;
    var button = el('button', { type: 'button', class: 'primary sync-now', 'data-test': 'sync', disabled: state.syncing || !online,
      onclick: function () { sync(); } }, [state.syncing ? t('syncing') : t('syncNow')]);
    box.appendChild(el('div', { class: 'row' }, [
      el('span', { class: 'net ' + (online ? 'on' : 'off'), 'data-test': 'network' }, [online ? t('online') : t('offline')]),
      el('span', { class: 'count', 'data-test': 'waiting' }, [t('waitingCount', n)]),
      el('span', { class: 'muted', 'data-test': 'last-sync' },
        [state.meta.lastSync ? t('lastSync', when(state.meta.lastSync)) : t('neverSynced')]),
      button
    ]));
    if (state.lastError) {
      box.appendChild(el('p', { class: 'error', role: 'alert' }, [state.lastError]));
    }
    var items = [];
    waiting().forEach(function (r) {
      items.push(el('li', { class: 'waiting', 'data-key': r.key }, [describe(r), ' · ', t('statusWaiting')]));
    });
    refused().forEach(function (r) {
      items.push(el('li', { class: 'refused', 'data-key': r.key }, [describe(r), ' · ', t('statusRefused'),
        el('span', { class: 'why' }, [r.problem || '']),
        el('button', { type: 'button', class: 'link', onclick: function () {
          r.status = 'waiting';
          r.problem = null;
          putRecord(r).then(loadRecords).then(function () { refreshView(); sync(); });
        } }, [t('retry')])]));
    });
    drafts().forEach(function (r) {
      if (running && r.key === runningKey) {
        items.push(el('li', { class: 'current', 'data-key': r.key }, [describe(r), ' · ', t('statusInProgress')]));
        return;
      }
      items.push(el('li', { class: 'draft', 'data-key': r.key }, [describe(r), ' · ', t('statusDraft'),
        el('span', { class: 'note' }, [' ' + t('draftNote')]),
        ' ',
        el('button', { type: 'button', class: 'link', onclick: function () {
          if (window.confirm(t('discardConfirm'))) {
            deleteRecords([r.key]).then(loadRecords).then(refreshView);
          }
        } }, [t('discard')])]));
    });
    if (items.length) {
      box.appendChild(el('ul', { class: 'queue', 'data-test': 'queue' }, items));
    }
  }

  function describe(r) {
    var a = assignment(r.assignmentId);
    var where = a ? place(a) : '#' + r.assignmentId;
    var address = (r.payload && r.payload.address) || (a && a.address);
    var what = address ? t('withAddress', where, address) : where;
    // a draft has no whole payload: its state says what it is
    return isWhole(r) ? what + ' · ' + t('outcome.' + r.payload.outcome) + ' · ' + when(r.createdAt)
      : what + ' · ' + when(r.createdAt);
  }

  function place(a) {
    if (a.kind === 'household') {
      return (a.blockName || a.blockId) + ' ' + t('householdNo', a.householdNo);
    }
    return (a.siteName || a.siteId || label('loc', a.locationType)) + ' · ' + label('day', a.dayType) + ' · '
      + label('slot', a.timeOfDay);
  }

  function render() {
    renderSync();
    var hash = location.hash || '#/';
    var m = /^#\/a\/(\d+)(\/(visit|roster|interview))?$/.exec(hash);
    if (!m || m[3] !== 'interview') {
      running = null; // left the questionnaire: what was answered stays a draft
      runningKey = null;
    }
    var view = document.getElementById('capi-view');
    view.textContent = '';
    if (state.flash && state.flash.hash === hash) {
      view.appendChild(el('p', { class: 'saved', role: 'status' }, [state.flash.text]));
    } else {
      state.flash = null;
    }
    if (!state.work) {
      view.appendChild(el('p', { class: 'muted' }, [navigator.onLine ? t('loading') : t('noCopyOffline')]));
      return;
    }
    if (m) {
      var a = assignment(Number(m[1]));
      if (!a) {
        view.appendChild(el('p', { class: 'error' }, [t('unknownAssignment')]));
        view.appendChild(backLink());
        return;
      }
      if (m[3] === 'visit') {
        renderVisitForm(view, a);
      } else if (m[3] === 'roster') {
        renderRoster(view, a);
      } else if (m[3] === 'interview') {
        renderInterview(view, a);
      } else {
        renderAssignment(view, a);
      }
      return;
    }
    renderList(view);
  }

  /**
   * After a sync or a refresh: the sync bar always, the page only when it shows no form (an interview, a roster or
   * an outcome being typed must never be redrawn under the interviewer's fingers).
   */
  function refreshView() {
    if (/^#\/a\/\d+\/(visit|roster|interview)$/.test(location.hash)) {
      renderSync();
    } else {
      render();
    }
  }

  function backLink() {
    return el('p', { class: 'back' }, [el('a', { href: '#/' }, [t('back')])]);
  }

  function renderList(view) {
    view.appendChild(el('h1', null, [t('myAssignments')]));
    var returned = (state.work.returned || []);
    if (returned.length) {
      var box = el('section', { class: 'returned', 'data-test': 'returned' }, [el('h2', null, [t('returnedTitle')])]);
      returned.forEach(function (r) {
        var a = assignment(r.assignmentId);
        box.appendChild(el('p', null, [
          el('strong', null, [a ? place(a) : '#' + r.assignmentId]), ' · ', when(r.decidedAt),
          el('span', { class: 'comment' }, [t('comment', r.comment || '')]),
          a ? el('a', { href: '#/a/' + a.id, class: 'button' }, [t('visitAgain')]) : null
        ]));
      });
      view.appendChild(box);
    }
    var list = assignments();
    if (!list.length) {
      view.appendChild(el('p', { class: 'empty-state' }, [t('noAssignments')]));
      return;
    }
    var groups = [];
    var byName = {};
    list.forEach(function (a) {
      var survey = surveyOf(a);
      var name = (survey ? survey.name + ' · ' : '') + (a.kind === 'household'
        ? t('blockGroup', a.blockName || a.blockId, a.blockId, a.townName || a.countyName || '')
        : t('cellGroup', label('loc', a.locationType), a.townName || a.countyName || ''));
      if (!byName[name]) {
        byName[name] = { name: name, items: [] };
        groups.push(byName[name]);
      }
      byName[name].items.push(a);
    });
    groups.forEach(function (g) {
      var ul = el('ul', { class: 'tasks' });
      g.items.forEach(function (a) { ul.appendChild(el('li', null, [taskButton(a)])); });
      view.appendChild(el('section', { class: 'group' }, [el('h3', null, [g.name]), ul]));
    });
  }

  function taskButton(a) {
    var pending = pendingFor(a.id).length;
    var title = a.kind === 'household' ? t('householdNo', a.householdNo)
      : (a.siteName || a.siteId || label('loc', a.locationType));
    // an intercept cell by its names: the kind of place, weekday or weekend, the time of day
    var sub = a.kind === 'household' ? (a.address || localAddress(a) || t('noAddressYet'))
      : [label('loc', a.locationType), label('day', a.dayType), label('slot', a.timeOfDay)].join(' · ');
    var facts = [el('span', { class: 'badge ' + a.status }, [statusOf(a)])];
    if (pending) {
      facts.push(el('span', { class: 'badge pending' }, [t('pendingCount', pending)]));
    }
    if (a.kind === 'household') {
      facts.push(el('span', null, [t('visitsUsed', a.visits, a.maxVisits)]));
    } else {
      facts.push(el('span', null, [t('doneOfTarget', a.done, a.target)]));
    }
    if (a.nextVisitAt) {
      facts.push(el('span', null, [t('nextVisit', when(a.nextVisitAt))]));
    }
    return el('a', { class: 'task', href: '#/a/' + a.id, 'data-assignment': a.id }, [
      el('span', { class: 'line1' }, [el('span', { class: 'no' }, [title]), el('span', { class: 'addr' }, [sub])]),
      el('span', { class: 'line2' }, facts)
    ]);
  }

  /** A cell with some of its interviews done is under way, not a household "visited, not done". */
  function statusOf(a) {
    return a.kind === 'intercept' && a.status === 'visited' ? t('cellUnderWay') : label('status', a.status);
  }

  /** An address written at a visit not yet synced. */
  function localAddress(a) {
    var found = pendingFor(a.id).map(function (r) { return r.payload.address; }).filter(Boolean);
    return found.length ? found[0] : null;
  }

  function renderAssignment(view, a) {
    view.appendChild(backLink());
    view.appendChild(el('h1', null, [place(a)]));
    var facts = el('dl', { class: 'facts' });
    function fact(k, v) {
      if (v !== null && v !== undefined && v !== '') {
        facts.appendChild(el('dt', null, [k]));
        facts.appendChild(el('dd', null, [String(v)]));
      }
    }
    fact(t('area'), [a.countyName, a.townName].filter(Boolean).join(' · '));
    if (a.kind === 'household') {
      fact(t('block'), (a.blockName ? a.blockName + ' ' : '') + '(' + a.blockId + ')');
      fact(t('address'), a.address || localAddress(a) || t('noAddressYet'));
      fact(t('visits'), t('visitsUsed', a.visits, a.maxVisits));
    } else {
      fact(t('site'), a.siteName || a.siteId || '');
      fact(t('cell'), [label('loc', a.locationType), label('day', a.dayType), label('slot', a.timeOfDay)].join(' · '));
      fact(t('progress'), t('doneOfTarget', a.done, a.target));
    }
    fact(t('status'), statusOf(a));
    fact(t('nextVisitLabel'), when(a.nextVisitAt));
    var pending = pendingFor(a.id).length;
    if (pending) {
      fact(t('notSynced'), t('pendingCount', pending));
    }
    view.appendChild(facts);
    var closed = a.status === 'completed' || a.status === 'non_response' || a.status === 'closed';
    if (closed) {
      view.appendChild(el('p', { class: 'note' }, [t('closedNote')]));
    }
    view.appendChild(el('div', { class: 'actions' }, [
      el('a', { class: 'button primary', href: '#/a/' + a.id + (a.kind === 'household' ? '/roster' : '/interview'),
        'data-test': 'start' }, [t('startInterview')]),
      el('a', { class: 'button', href: '#/a/' + a.id + '/visit', 'data-test': 'record-visit' }, [t('recordOutcome')])
    ]));
  }

  // The address is asked at the first visit of a household, and GPS only when the interviewer ticks the box.
  function placeFields(form, a) {
    var fields = {};
    if (a.kind === 'household' && !a.address && !localAddress(a)) {
      fields.address = el('input', { id: 'capi-address', name: 'address', maxlength: 300, required: true,
        autocomplete: 'street-address' });
      form.appendChild(el('label', { for: 'capi-address' }, [t('addressFirstVisit')]));
      form.appendChild(fields.address);
    }
    fields.gps = el('input', { type: 'checkbox', id: 'capi-gps', name: 'gps' });
    form.appendChild(el('div', { class: 'choices' }, [el('label', { for: 'capi-gps' }, [fields.gps, t('gpsAsk')])]));
    return fields;
  }

  function position(wanted) {
    if (!wanted || !navigator.geolocation) {
      return Promise.resolve(null);
    }
    return new Promise(function (resolve) {
      navigator.geolocation.getCurrentPosition(function (p) {
        resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracy: p.coords.accuracy });
      }, function () { resolve(null); }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  }

  function renderVisitForm(view, a) {
    view.appendChild(el('p', { class: 'back' }, [el('a', { href: '#/a/' + a.id }, [t('back')])]));
    view.appendChild(el('h1', null, [t('recordOutcome') + ' · ' + place(a)]));
    var form = el('form', { class: 'form', novalidate: true });
    var choices = el('div', { class: 'choices', role: 'radiogroup', 'aria-label': t('outcomeLabel') });
    (a.kind === 'household' ? OUTCOMES : INTERCEPT_OUTCOMES).forEach(function (o) {
      var id = 'capi-outcome-' + o;
      choices.appendChild(el('label', { for: id }, [el('input', { type: 'radio', name: 'outcome', id: id, value: o }),
        t('outcome.' + o)]));
    });
    form.appendChild(el('label', null, [t('outcomeLabel')]));
    form.appendChild(choices);
    var fields = placeFields(form, a);
    var note = el('textarea', { id: 'capi-note', name: 'note', maxlength: 2000 });
    form.appendChild(el('label', { for: 'capi-note' }, [t('note')]));
    form.appendChild(note);
    var next = el('input', { type: 'datetime-local', id: 'capi-next', name: 'next' });
    if (a.kind === 'household') {
      form.appendChild(el('label', { for: 'capi-next' }, [t('nextVisitPlan')]));
      form.appendChild(next);
    }
    var problem = el('p', { class: 'error', role: 'alert' });
    form.appendChild(problem);
    form.appendChild(el('div', { class: 'actions' }, [el('button', { type: 'submit', class: 'primary' }, [t('saveVisit')])]));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var chosen = form.querySelector('input[name=outcome]:checked');
      if (!chosen) {
        problem.textContent = t('chooseOutcome');
        return;
      }
      if (fields.address && !fields.address.value.trim()) {
        problem.textContent = t('addressNeeded');
        return;
      }
      if (chosen.value === 'appointment' && !next.value) {
        problem.textContent = t('appointmentNeedsTime');
        return;
      }
      var nextAt = next.value ? new Date(next.value) : null;
      if (nextAt && isNaN(nextAt.getTime())) {
        problem.textContent = t('badTime');
        return;
      }
      form.querySelector('button[type=submit]').disabled = true;
      position(fields.gps.checked).then(function (gps) {
        return saveVisit(a, {
          outcome: chosen.value,
          note: note.value.trim() || null,
          nextVisitAt: nextAt ? nextAt.toISOString() : null,
          address: fields.address ? fields.address.value.trim() : null,
          gps: gps,
          interview: null
        });
      });
    });
    view.appendChild(form);
  }

  /** Writes a finished visit in one put (state complete + checksum), then syncs if there is a network. */
  function saveVisit(a, v, key) {
    var payload = {
      key: key || uuid(),
      assignmentId: a.id,
      assignmentVersion: a.assignmentVersion,
      visitedAt: v.visitedAt || new Date().toISOString(),
      outcome: v.outcome,
      note: v.note || null,
      nextVisitAt: v.nextVisitAt || null,
      lat: v.gps ? v.gps.lat : null,
      lon: v.gps ? v.gps.lon : null,
      accuracy: v.gps ? v.gps.accuracy : null,
      address: v.address || null,
      offline: !navigator.onLine,
      interview: v.interview
    };
    var record = { key: payload.key, me: ME, assignmentId: a.id, state: 'complete', status: 'waiting',
      createdAt: new Date().toISOString(), payload: payload, checksum: checksum(payload) };
    return putRecord(record).then(loadRecords).then(function () {
      // back to the assignment, with word that the visit is kept on this device; then sync if there is a network
      var hash = '#/a/' + a.id;
      state.flash = { hash: hash, text: v.outcome === 'interview' ? t('interviewSaved') : t('visitSaved') };
      if (location.hash === hash) {
        render();
      } else {
        location.hash = hash;
      }
      if (navigator.onLine) {
        sync();
      }
    });
  }

  // ---------- household roster: who is interviewed ----------
  var roster = null; // {assignmentId, key, adults, selection, person, address, gps}
  var running = null; // the interview on screen (SanlvInterview's handle)
  var runningKey = null; // and the key of its draft

  function renderRoster(view, a) {
    view.appendChild(el('p', { class: 'back' }, [el('a', { href: '#/a/' + a.id }, [t('back')])]));
    view.appendChild(el('h1', null, [t('rosterTitle') + ' · ' + place(a)]));
    var form = el('form', { class: 'form', novalidate: true });
    var fields = placeFields(form, a);
    var adults = el('input', { type: 'number', id: 'capi-adults', name: 'adults', min: 1, max: 30, inputmode: 'numeric' });
    form.appendChild(el('label', { for: 'capi-adults' }, [t('adultsQuestion')]));
    form.appendChild(adults);
    var methods = el('div', { class: 'choices', role: 'radiogroup', 'aria-label': t('selectionLabel') }, [
      el('label', { for: 'capi-sel-birthday' }, [el('input', { type: 'radio', name: 'selection', id: 'capi-sel-birthday',
        value: 'next_birthday', checked: true }), t('selection.next_birthday')]),
      el('label', { for: 'capi-sel-kish' }, [el('input', { type: 'radio', name: 'selection', id: 'capi-sel-kish', value: 'kish' }),
        t('selection.kish')])
    ]);
    var methodBox = el('div', { class: 'form', hidden: true }, [el('label', null, [t('selectionLabel')]), methods]);
    form.appendChild(methodBox);
    var kishBox = el('div', { class: 'form', hidden: true });
    form.appendChild(kishBox);
    var result = el('p', { class: 'selected-person', 'aria-live': 'polite', 'data-test': 'selected' });
    form.appendChild(result);
    var problem = el('p', { class: 'error', role: 'alert' });
    form.appendChild(problem);
    form.appendChild(el('div', { class: 'actions' }, [el('button', { type: 'submit', class: 'primary' }, [t('toQuestionnaire')])]));

    function method() {
      var c = form.querySelector('input[name=selection]:checked');
      return c ? c.value : 'next_birthday';
    }

    function refresh() {
      var n = parseInt(adults.value, 10);
      var valid = n >= 1 && n <= 30;
      methodBox.hidden = !valid || n === 1;
      kishBox.hidden = !valid || n === 1 || method() !== 'kish';
      result.textContent = '';
      if (!valid) {
        return;
      }
      if (n === 1) {
        result.textContent = t('onlyAdult');
      } else if (method() === 'next_birthday') {
        result.textContent = t('nextBirthdayPerson');
      } else {
        drawKishRows(n);
        var picked = kishPick(a, n);
        result.textContent = picked ? t('kishPerson', picked.no, t('sex.' + picked.sex), picked.age) : t('kishFill');
      }
    }

    function drawKishRows(n) {
      var have = kishBox.querySelectorAll('.roster-row').length;
      if (have === n) {
        return;
      }
      kishBox.textContent = '';
      kishBox.appendChild(el('p', { class: 'note' }, [t('kishHelp')]));
      for (var i = 1; i <= n; i++) {
        kishBox.appendChild(el('div', { class: 'roster-row' }, [
          el('span', null, [String(i)]),
          el('select', { name: 'sex' + i, 'aria-label': t('sexLabel', i) }, [
            el('option', { value: '' }, [t('sexLabel', i)]),
            el('option', { value: 'm' }, [t('sex.m')]), el('option', { value: 'f' }, [t('sex.f')])]),
          el('input', { type: 'number', name: 'age' + i, min: 16, max: 120, inputmode: 'numeric', 'aria-label': t('ageLabel', i),
            placeholder: t('ageLabel', i) })
        ]));
      }
    }

    form.addEventListener('input', refresh);
    form.addEventListener('change', refresh);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var n = parseInt(adults.value, 10);
      if (!(n >= 1 && n <= 30)) {
        problem.textContent = t('adultsNeeded');
        return;
      }
      if (fields.address && !fields.address.value.trim()) {
        problem.textContent = t('addressNeeded');
        return;
      }
      var selection = n === 1 ? 'only_adult' : method();
      if (selection === 'kish' && !kishPick(a, n)) {
        problem.textContent = t('kishFill');
        return;
      }
      form.querySelector('button[type=submit]').disabled = true;
      position(fields.gps.checked).then(function (gps) {
        roster = { assignmentId: a.id, adults: n, selection: selection,
          address: fields.address ? fields.address.value.trim() : null, gps: gps };
        location.hash = '#/a/' + a.id + '/interview';
      });
    });
    view.appendChild(form);

    function kishPick(a2, n2) {
      var people = [];
      for (var i = 1; i <= n2; i++) {
        var sex = form.querySelector('[name=sex' + i + ']');
        var age = form.querySelector('[name=age' + i + ']');
        if (!sex || !age || !sex.value || !(parseInt(age.value, 10) >= 16)) {
          return null;
        }
        people.push({ no: i, sex: sex.value, age: parseInt(age.value, 10) });
      }
      people.sort(function (x, y) { return x.sex === y.sex ? y.age - x.age : (x.sex === 'm' ? -1 : 1); });
      var table = KISH[KISH_SLOTS[((a2.householdNo || 1) - 1) % KISH_SLOTS.length]];
      return people[table[Math.min(n2, 6) - 1] - 1];
    }
  }

  // ---------- the questionnaire, through the shared client engine ----------
  function renderInterview(view, a) {
    if (a.kind === 'household' && (!roster || roster.assignmentId !== a.id)) {
      location.replace('#/a/' + a.id + '/roster');
      return;
    }
    var survey = surveyOf(a);
    var box = el('div', { class: 'interview', id: 'capi-interview' });
    view.appendChild(box);
    var setup = a.kind === 'household' ? roster : { assignmentId: a.id, adults: null, selection: null, address: null, gps: null };
    if (a.kind !== 'household' && !setup.gps) {
      // an intercept has no roster step: GPS is asked here, and never required
      var gpsBox = el('input', { type: 'checkbox', id: 'capi-gps' });
      var go = el('button', { type: 'button', class: 'primary' }, [t('toQuestionnaire')]);
      view.insertBefore(el('div', { class: 'form' }, [
        el('p', { class: 'back' }, [el('a', { href: '#/a/' + a.id }, [t('back')])]),
        el('h1', null, [place(a)]), // which cell this passer-by counts for, before the first question
        el('div', { class: 'choices' }, [el('label', { for: 'capi-gps' }, [gpsBox, t('gpsAsk')])]), go]), box);
      go.addEventListener('click', function () {
        go.disabled = true;
        position(gpsBox.checked).then(function (gps) {
          setup.gps = gps || false;
          go.parentNode.remove();
          start();
        });
      });
      return;
    }
    start();

    function start() {
      if (!survey || !window.SanlvInterview) {
        box.appendChild(el('p', { class: 'error' }, [t('engineMissing')]));
        return;
      }
      kept('instrument:' + survey.instrumentId).then(function (instrument) {
        if (!instrument) {
          box.appendChild(el('p', { class: 'error' }, [t('instrumentMissing')]));
          return;
        }
        var key = uuid();
        var startedAt = new Date().toISOString();
        var answers = {};
        if (survey.countyQuestion) {
          answers[survey.countyQuestion] = a.county;
        }
        // a draft from the first screen on: if the app dies mid-interview, the attempt is seen, never synced
        runningKey = key;
        var draft = { key: key, me: ME, assignmentId: a.id, state: 'draft', status: 'waiting', createdAt: startedAt,
          payload: null, checksum: null };
        putRecord(draft).then(loadRecords).then(renderSync);
        running = window.SanlvInterview.start(box, {
          instrument: instrument,
          lang: LANG,
          today: todayInChina(),
          answers: answers,
          onFinish: function (result) {
            saveVisit(a, {
              outcome: 'interview',
              visitedAt: result.startedAt || startedAt,
              address: setup.address,
              gps: setup.gps || null,
              interview: {
                instrumentId: survey.instrumentId,
                answers: result.answers,
                startedAt: result.startedAt || startedAt,
                endedAt: result.endedAt || new Date().toISOString(),
                durations: result.durations || {},
                adults: setup.adults,
                selection: setup.selection
              }
            }, key);
            roster = null;
            running = null;
            runningKey = null;
          },
          onChange: function (progress) {
            // the attempt so far, kept as a draft (a draft is never synced): seen again if the app dies now
            draft.partial = { answers: progress.answers, current: progress.current, durations: progress.durations };
            putRecord(draft);
          },
          onCancel: function () {
            roster = null;
            running = null;
            runningKey = null;
            deleteRecords([key]).then(loadRecords).then(renderSync);
            location.hash = '#/a/' + a.id;
          }
        });
      });
    }
  }

  // ---------- start ----------
  window.addEventListener('hashchange', render);
  // the 'online' event is not all: a phone on a network without internet says it is online. While records wait,
  // the app tries again every two minutes (each try is one small request when the network is really gone).
  window.setInterval(function () {
    if (db && waiting().length && navigator.onLine && !state.syncing) {
      sync();
    }
  }, 120000);
  window.addEventListener('online', function () { renderSync(); sync(); });
  window.addEventListener('offline', function () { renderSync(); });

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/capi/sw.js', { scope: '/capi/' }).catch(function () {
      // no service worker (a private window, an old browser): the app still works while online
    });
  }

  openDb().then(function (opened) {
    db = opened;
    return Promise.all([kept('meta'), kept('work:' + ME), loadRecords()]);
  }).then(function (found) {
    state.meta = found[0] || {};
    state.work = found[1];
    render();
    if (navigator.onLine) {
      return refreshWork().then(function () {
        refreshView();
        if (waiting().length) {
          sync();
        }
      }).catch(function (e) {
        state.lastError = e && e.message === 'signin' ? t('signInAgain') : null;
        refreshView();
      });
    }
    return null;
  }).catch(function () {
    document.getElementById('capi-view').textContent = t('storageMissing');
  });

  // for tests and support: what the app holds, read-only
  window.SanlvCapi = {
    records: function () { return state.records.slice(); },
    isWhole: isWhole,
    checksum: checksum,
    reload: function () { return loadRecords().then(refreshView); },
    interview: function () { return running; },
    sync: sync
  };
})();
