// The print view's button: the browser's own print dialog (A4, see print.css), which can also save a PDF.
document.addEventListener('DOMContentLoaded', function () {
  var button = document.getElementById('print-button');
  if (button) { button.addEventListener('click', function () { window.print(); }); }
});
