// Autosave of a mémoire section: the page works without this script; with it, the text is
// kept on this computer at every keystroke and sent a few seconds after typing stops, with
// If-Match so that nobody's text is overwritten.
(function () {
  "use strict";
  var area = document.querySelector("textarea[data-autosave]");
  if (!area) { return; }
  var url = area.getAttribute("data-autosave");
  var version = area.getAttribute("data-version");
  var status = document.getElementById("autosave-status");
  // Every form of the page that writes the part from a version (the text, a Word document,
  // a library passage) follows the versions saved here.
  var baseFields = document.querySelectorAll("input[name=base_version]");
  var key = "cordee-brouillon:" + url + ":" + version;
  var timer = null;
  // The page's CSRF token, from the form around the text area.
  var csrfField = area.form && area.form.querySelector("input[name=_csrf_token]");

  function say(text) { if (status) { status.textContent = text; } }

  var kept = window.localStorage ? localStorage.getItem(key) : null;
  if (kept !== null && kept !== area.value) {
    area.value = kept;
    say("Un texte non enregistré a été retrouvé sur cet ordinateur : il est rétabli.");
  }

  function save() {
    var sent = area.value;
    fetch(url, {
      method: "PUT",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "If-Match": "\"v" + version + "\"",
        "X-CSRFToken": csrfField ? csrfField.value : ""
      },
      body: JSON.stringify({ body: sent })
    }).then(function (response) {
      if (response.ok) {
        return response.json().then(function (data) {
          if (window.localStorage) { localStorage.removeItem(key); }
          version = String(data.version);
          key = "cordee-brouillon:" + url + ":" + version;
          baseFields.forEach(function (field) { field.value = version; });
          if (area.value !== sent && window.localStorage) { localStorage.setItem(key, area.value); }
          say("Enregistré automatiquement (version " + version + ").");
        });
      }
      if (response.status === 412) {
        say("Cette partie vient d'être enregistrée ailleurs (par une autre personne ou dans un " +
            "autre onglet) : cliquez sur « Enregistrer » pour comparer les deux textes. Le vôtre " +
            "est gardé sur cet ordinateur.");
      } else {
        say("Enregistrement automatique impossible pour l'instant : votre texte est gardé " +
            "sur cet ordinateur.");
      }
    }).catch(function () {
      say("Pas de connexion : votre texte est gardé sur cet ordinateur.");
    });
  }

  // « Enregistrer » sends the text itself: no autosave may start after it, from the version
  // the form is about to replace.
  if (area.form) {
    area.form.addEventListener("submit", function () { window.clearTimeout(timer); });
  }

  area.addEventListener("input", function () {
    if (window.localStorage) { localStorage.setItem(key, area.value); }
    say("Modifications en cours…");
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 2000);
  });
})();
