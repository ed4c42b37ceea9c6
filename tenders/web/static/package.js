// Progress of a bid package compile: the page works without this script (reload to see the
// progress); with it, the count of documents done updates every second, and the page reloads
// once the package is ready or the compile has failed, to show the new version or the reason.
(function () {
  "use strict";
  var box = document.getElementById("compile-job");
  if (!box || !box.getAttribute("data-job-url")) { return; }
  var url = box.getAttribute("data-job-url");
  var status = document.getElementById("compile-status");
  var bar = document.getElementById("compile-progress");

  function plural(n, word) { return n + " " + word + (n > 1 ? "s" : ""); }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (job) {
        if (job.status === "done" || job.status === "failed") {
          status.textContent = job.status === "done"
            ? "Dossier compilé (version " + job.package_version + ") : la page se met à jour…"
            : "La compilation a échoué : " + job.error;
          window.location.hash = "dossier";
          window.location.reload();
          return;
        }
        status.textContent = job.status_label + " : " + plural(job.done, "document") +
          " sur " + (job.total || "…") + ".";
        if (bar) {
          bar.max = job.total || 1;
          bar.value = job.done;
          bar.textContent = job.done + " / " + job.total;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
