// Tree browser: a toggle opens or closes its node; htmx loads the children the first time it opens.
function sanlvToggle(button) {
  var item = button.closest('li');
  var open = item.getAttribute('aria-expanded') === 'true';
  item.setAttribute('aria-expanded', open ? 'false' : 'true');
  button.setAttribute('aria-expanded', open ? 'false' : 'true');
}
