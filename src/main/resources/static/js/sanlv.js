// Tree browser, bound by event delegation (no inline handlers, so a Content-Security-Policy without inline
// scripts holds; it also covers nodes that htmx or fetch insert later). A toggle opens or closes its node; the
// first time it opens, its children are loaded into it. A "more" entry is replaced by the next page of children.
(function () {
  function load(url, done) {
    fetch(url, { headers: { 'HX-Request': 'true' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(done);
  }

  function toggle(button) {
    var item = button.closest('li');
    var open = item.getAttribute('aria-expanded') === 'true';
    item.setAttribute('aria-expanded', open ? 'false' : 'true');
    button.setAttribute('aria-expanded', open ? 'false' : 'true');
    var sub = item.querySelector(':scope > .sub');
    if (!open && !sub.hasChildNodes()) {
      load(button.dataset.children, function (html) { sub.innerHTML = html; });
    }
  }

  function more(button) {
    var item = button.closest('li');
    button.disabled = true;
    load(button.dataset.more, function (html) { item.outerHTML = html; });
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button.toggle[data-children], button.more[data-more]');
    if (!button) {
      return;
    }
    event.preventDefault();
    if (button.classList.contains('toggle')) {
      toggle(button);
    } else {
      more(button);
    }
  });
})();
