// Tree browser: a toggle opens or closes its node; the first time it opens, htmx loads the children into it.
function sanlvToggle(button) {
  var item = button.closest('li');
  var open = item.getAttribute('aria-expanded') === 'true';
  item.setAttribute('aria-expanded', open ? 'false' : 'true');
  button.setAttribute('aria-expanded', open ? 'false' : 'true');
  var sub = item.querySelector(':scope > .sub');
  if (!open && !sub.hasChildNodes()) {
    if (window.htmx) {
      htmx.ajax('GET', button.dataset.children, { target: sub, swap: 'innerHTML' });
    } else {
      fetch(button.dataset.children, { headers: { 'HX-Request': 'true' } })
        .then(function (r) { return r.text(); }).then(function (html) { sub.innerHTML = html; });
    }
  }
}
