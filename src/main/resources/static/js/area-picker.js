// Area pickers (templates/fragments/area-picker.html). The code field becomes hidden; a search box lists areas of
// the caller's subtree by name or code (GET /api/v1/areas/search, only the levels the field takes), and a browser
// walks down the tree from the caller's own node (GET /api/v1/areas, /api/v1/areas/{code}/children). Keyboard:
// arrows move through the list, Enter picks, Escape closes. The server still checks the code and the scope.
(function () {
  'use strict';

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; }
    return e;
  }

  function Picker(root, index) {
    this.root = root;
    this.d = root.dataset;
    this.levels = (this.d.levels || '').split(',').filter(Boolean);
    this.code = root.querySelector('.picker-code');
    this.picked = root.querySelector('.picked');
    this.search = root.querySelector('.picker-search');
    this.options = root.querySelector('.picker-options');
    this.status = root.querySelector('.picker-status');
    this.browseButton = root.querySelector('.picker-browse');
    this.tree = root.querySelector('.picker-tree');
    this.prefix = (this.code.id || 'area') + '-opt-' + index + '-';
    this.found = [];
    this.active = -1;
    this.timer = null;
    this.asked = 0;
    this.path = []; // the browser's way down: [{code, name}]
    this.code.type = 'hidden';
    root.classList.add('enhanced');
    root.querySelector('.picker-tools').hidden = false;
    this.bind();
  }

  Picker.prototype.allowed = function (level) {
    return this.levels.length === 0 || this.levels.indexOf(level) >= 0;
  };

  Picker.prototype.bind = function () {
    var self = this;
    this.search.addEventListener('input', function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.query(); }, 250);
    });
    this.search.addEventListener('keydown', function (e) { self.key(e); });
    this.options.addEventListener('click', function (e) {
      var li = e.target.closest('li[data-code]');
      if (li) { self.choose(self.found[Number(li.dataset.index)]); }
    });
    this.browseButton.addEventListener('click', function () {
      var open = self.tree.hidden;
      self.tree.hidden = !open;
      self.browseButton.setAttribute('aria-expanded', String(open));
      if (open && self.path.length === 0) { self.top(); }
    });
    this.tree.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-action]');
      if (!b) { return; }
      e.preventDefault();
      if (b.dataset.action === 'pick') {
        self.choose({ code: b.dataset.code, trail: JSON.parse(b.dataset.trail) });
        self.tree.hidden = true;
        self.browseButton.setAttribute('aria-expanded', 'false');
        self.browseButton.focus();
      } else if (b.dataset.action === 'down') {
        self.path.push({ code: b.dataset.code, name: b.dataset.name, level: b.dataset.level });
        self.show();
      } else if (b.dataset.action === 'up') {
        self.path.pop();
        self.show();
      }
    });
  };

  Picker.prototype.query = function () {
    var self = this;
    var q = this.search.value.trim();
    var ask = ++this.asked;
    if (!q) { this.close(); this.status.textContent = ''; return; }
    var url = this.d.searchUrl + '?q=' + encodeURIComponent(q)
      + this.levels.map(function (l) { return '&level=' + encodeURIComponent(l); }).join('');
    this.status.textContent = this.d.msgSearching;
    getJson(url).then(function (areas) {
      if (ask !== self.asked) { return; } // a later keystroke's answer wins
      self.list(areas);
    }, function () {
      if (ask === self.asked) { self.close(); self.status.textContent = self.d.msgFailed; }
    });
  };

  Picker.prototype.list = function (areas) {
    var self = this;
    this.found = areas;
    this.options.textContent = '';
    this.active = -1;
    areas.forEach(function (a, i) {
      var li = el('li');
      li.id = self.prefix + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.dataset.code = a.code;
      li.dataset.index = String(i);
      li.appendChild(el('span', 'name', a.name));
      li.appendChild(el('small', null, a.trail.join(' › ') + ' · ' + a.code));
      self.options.appendChild(li);
    });
    this.status.textContent = areas.length === 0 ? this.d.msgNone : areas.length >= 50 ? this.d.msgMore : '';
    this.options.hidden = areas.length === 0;
    this.search.setAttribute('aria-expanded', String(areas.length > 0));
  };

  Picker.prototype.key = function (e) {
    var n = this.found.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (this.options.hidden || n === 0) { return; }
      e.preventDefault();
      this.mark(e.key === 'ArrowDown' ? (this.active + 1) % n : (this.active - 1 + n) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault(); // never submit the form from the search box
      if (!this.options.hidden && n > 0) { this.choose(this.found[this.active >= 0 ? this.active : 0]); }
    } else if (e.key === 'Escape') {
      this.close();
    }
  };

  Picker.prototype.mark = function (i) {
    var items = this.options.querySelectorAll('li');
    items.forEach(function (li, j) { li.setAttribute('aria-selected', String(i === j)); });
    this.active = i;
    this.search.setAttribute('aria-activedescendant', items[i].id);
    items[i].scrollIntoView({ block: 'nearest' });
  };

  Picker.prototype.close = function () {
    this.options.hidden = true;
    this.options.textContent = '';
    this.found = [];
    this.active = -1;
    this.search.setAttribute('aria-expanded', 'false');
    this.search.removeAttribute('aria-activedescendant');
  };

  Picker.prototype.choose = function (area) {
    this.code.value = area.code;
    var trail = this.picked.querySelector('.trail');
    trail.textContent = area.trail.join(' › ');
    var code = this.picked.querySelector('code') || this.picked.appendChild(el('code'));
    code.textContent = area.code;
    this.search.value = '';
    this.status.textContent = '';
    this.close();
    this.code.dispatchEvent(new Event('change', { bubbles: true }));
  };

  // --- browsing down the tree ---------------------------------------------------------------------------------

  Picker.prototype.top = function () {
    var self = this;
    getJson(this.d.topUrl).then(function (top) {
      self.path = [{ code: top.code, name: top.name, level: top.level }];
      self.show();
    }, function () { self.tree.textContent = self.d.msgFailed; });
  };

  Picker.prototype.trailOf = function (extra) {
    // the root level (全国) is left out of trails, as the server does
    var names = this.path.filter(function (p) { return p.level !== 'root'; }).map(function (p) { return p.name; });
    return extra ? names.concat([extra]) : names;
  };

  Picker.prototype.show = function () {
    var self = this;
    var here = this.path[this.path.length - 1];
    getJson(this.d.childrenUrl + encodeURIComponent(here.code) + '/children?size=1000').then(function (children) {
      self.tree.textContent = '';
      var head = el('div', 'here');
      if (self.path.length > 1) {
        var up = el('button', null, '‹ ' + self.d.msgUp);
        up.type = 'button';
        up.dataset.action = 'up';
        head.appendChild(up);
      }
      head.appendChild(el('strong', null, self.trailOf().join(' › ') || here.name));
      self.tree.appendChild(head);
      var list = el('ul');
      if (here.level && self.allowed(here.level)) {
        list.appendChild(self.row({ code: here.code, name: here.name, level: here.level, childCount: 0 }, true));
      }
      children.forEach(function (c) {
        if (self.allowed(c.level) || (c.level !== 'unit' && c.childCount > 0)) {
          list.appendChild(self.row(c, false));
        }
      });
      self.tree.appendChild(list);
      var first = self.tree.querySelector('button');
      if (first) { first.focus(); }
    }, function () { self.tree.textContent = self.d.msgFailed; });
  };

  Picker.prototype.row = function (c, isHere) {
    var li = el('li');
    li.appendChild(el('span', 'name', c.name));
    if (this.allowed(c.level)) {
      var pick = el('button', null, this.d.msgChoose);
      pick.type = 'button';
      pick.dataset.action = 'pick';
      pick.dataset.code = c.code;
      pick.dataset.trail = JSON.stringify(isHere ? this.trailOf() : this.trailOf(c.name));
      pick.setAttribute('aria-label', this.d.msgChoose + ' ' + c.name);
      li.appendChild(pick);
    }
    if (!isHere && c.level !== 'unit' && c.childCount > 0) {
      var down = el('button', null, this.d.msgDown + ' ›');
      down.type = 'button';
      down.dataset.action = 'down';
      down.dataset.code = c.code;
      down.dataset.name = c.name;
      down.dataset.level = c.level;
      down.setAttribute('aria-label', this.d.msgDown + ' ' + c.name);
      li.appendChild(down);
    }
    return li;
  };

  function start() {
    document.querySelectorAll('.area-picker').forEach(function (root, i) {
      if (!root.classList.contains('enhanced')) { new Picker(root, i); }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
