// The API documentation (/api/schema): Swagger UI, served from this host, reading the schema
// whose address the page gives. Calls tried from the page carry the CSRF token like the site's
// own scripts do (the X-CSRFToken header equal to the cordee_csrf cookie).
(function () {
  "use strict";
  var box = document.getElementById("swagger-ui");
  if (!box || typeof window.SwaggerUIBundle !== "function") { return; }

  function csrfToken() {
    var parts = document.cookie.split("; ");
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf("cordee_csrf=") === 0) { return parts[i].substring(12); }
    }
    return "";
  }

  var url = box.getAttribute("data-schema-url");
  box.textContent = "";
  window.ui = window.SwaggerUIBundle({
    url: url,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,  // the badge would ask a third-party validator about our schema
    presets: [window.SwaggerUIBundle.presets.apis],
    requestInterceptor: function (request) {
      var token = csrfToken();
      if (token) { request.headers["X-CSRFToken"] = token; }
      return request;
    }
  });
}());
