// Writing a mémoire part without learning any markup: a toolbar (Titre, Sous-titre, Liste,
// Gras, Italique) writes the plain text format Cordée stores, and the preview beside the text
// shows it as the documents will, rendered by the server from that same text. Without this
// script the text area still works and the format is explained under it.
(function () {
  "use strict";
  var area = document.querySelector("textarea[data-editor]");
  if (!area) { return; }
  var previewUrl = area.getAttribute("data-preview");
  var preview = document.getElementById(area.getAttribute("data-preview-target") || "");
  // What to show once the preview works: the preview, or a box around it with its caption.
  var previewBox = document.getElementById(area.getAttribute("data-preview-box") || "") || preview;
  var timer = null;
  // The page's CSRF token, from the form around the text area.
  var csrfField = area.form && area.form.querySelector("input[name=_csrf_token]");

  function changed() {
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  }

  // The lines the selection touches, from the start of the first one.
  function selectedLines() {
    var text = area.value;
    var from = area.selectionStart;
    var start = from === 0 ? 0 : text.lastIndexOf("\n", from - 1) + 1;
    var end = text.indexOf("\n", area.selectionEnd);
    if (end === -1) { end = text.length; }
    return { start: start, end: end, lines: text.substring(start, end).split("\n") };
  }

  // « # », « ## » or « - » before each selected line; pressed again, taken off.
  function prefixLines(prefix) {
    var found = selectedLines();
    var all = found.lines.every(function (line) { return line.indexOf(prefix) === 0; });
    var lines = found.lines.map(function (line) {
      var bare = line.replace(/^(## |# |- )/, "");
      return all ? bare : prefix + bare;
    });
    var replaced = lines.join("\n");
    area.setRangeText(replaced, found.start, found.end, "select");
    changed();
  }

  // « ** » or « * » around the selection (or around a word to type).
  function wrap(mark, placeholder) {
    var start = area.selectionStart;
    var end = area.selectionEnd;
    var chosen = area.value.substring(start, end);
    var inner = chosen.trim() || placeholder;
    var lead = chosen.length - chosen.replace(/^\s+/, "").length;
    var before = chosen ? chosen.substring(0, lead) : "";
    var after = chosen ? chosen.substring(lead + chosen.trim().length) : "";
    area.setRangeText(before + mark + inner + mark + after, start, end, "end");
    var innerStart = start + before.length + mark.length;
    area.setSelectionRange(innerStart, innerStart + inner.length);
    changed();
  }

  var actions = {
    titre: function () { prefixLines("# "); },
    "sous-titre": function () { prefixLines("## "); },
    liste: function () { prefixLines("- "); },
    gras: function () { wrap("**", "texte en gras"); },
    italique: function () { wrap("*", "texte en italique"); }
  };
  var labels = [
    ["titre", "Titre"], ["sous-titre", "Sous-titre"], ["liste", "Liste à puces"],
    ["gras", "Gras"], ["italique", "Italique"]
  ];
  var bar = document.createElement("div");
  bar.className = "editor-toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "Mise en forme");
  bar.setAttribute("aria-controls", area.id);
  labels.forEach(function (pair) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary editor-" + pair[0];
    button.textContent = pair[1];
    button.addEventListener("click", actions[pair[0]]);
    bar.appendChild(button);
  });
  area.parentNode.insertBefore(bar, area);
  var hint = document.getElementById("body-hint");
  if (hint) {
    hint.textContent = "Sélectionnez des mots puis choisissez leur mise en forme avec les " +
      "boutons ci-dessous ; l'aperçu, sous la zone d'écriture, montre le texte tel qu'il sera " +
      "dans le dossier. Vous pouvez aussi importer un document Word, plus bas.";
  }

  function refresh() {
    if (!previewUrl || !preview) { return; }
    fetch(previewUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfField ? csrfField.value : "" },
      body: JSON.stringify({ body: area.value })
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (shown) {
      if (shown) { preview.innerHTML = shown.html || "<p class=\"muted\">Rien à montrer.</p>"; }
    }).catch(function () { /* the preview waits for the next change */ });
  }

  if (preview) {
    previewBox.hidden = false;
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 400);
    });
    refresh();
  }
}());
