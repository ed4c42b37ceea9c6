// Small comforts of every page, kept out of the HTML so that the Content-Security-Policy can
// forbid inline scripts: a confirmation before destructive buttons (data-confirm on the form or
// the button) and the « Imprimer » buttons (data-print). Without JavaScript the forms still
// submit, without the question.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) ||
      (form && form.getAttribute && form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-print]") : null;
    if (target) { event.preventDefault(); window.print(); }
  });
}());
