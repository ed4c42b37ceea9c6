// Small comforts of every page, kept out of the HTML so that the Content-Security-Policy can
// forbid inline scripts: a confirmation before destructive buttons (data-confirm on the form or
// the button), the « Imprimer » buttons (data-print) and the folding menu on phones. Without
// JavaScript the forms still submit, without the question, and the menu stays unfolded.
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
    // A click elsewhere closes the « Administration » menu.
    document.querySelectorAll(".nav-more details[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });
  // « Copier l'adresse »: the field's text to the clipboard, said aloud once done.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-copy"));
    var said = button.parentNode.querySelector(".copy-done");
    field.select();
    function say(text) { if (said) { said.textContent = text; } }
    var copying = navigator.clipboard ? navigator.clipboard.writeText(field.value) : Promise.reject();
    copying.then(function () { say("Adresse copiée."); }, function () {
      // Outside HTTPS the clipboard API is missing: the older command still copies.
      say(document.execCommand("copy") ? "Adresse copiée." :
        "Copie impossible ici : l'adresse est sélectionnée, copiez-la avec Ctrl+C.");
    });
  });

  // On a phone the navigation folds behind the « Menu » button.
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (b) { b.hidden = false; });
    var toggle = document.querySelector(".menu-toggle");
    var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) { return; }
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
}());
