// Starts the vendored Swagger UI on this server's own OpenAPI description. It lives in a file
// because the pages' content security policy allows no inline script.
(function () {
  "use strict";
  var root = document.getElementById("api-docs");
  window.SwaggerUIBundle({ url: root.dataset.spec, domNode: root, deepLinking: true });
})();
