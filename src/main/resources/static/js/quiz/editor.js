// The quiz editor: removing a question asks first (the text is on the form, in the reader's language). Bound by
// event delegation, no inline handlers (the Content-Security-Policy allows no inline script).
document.addEventListener('submit', function (event) {
  var form = event.target.closest('form[data-confirm]');
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
