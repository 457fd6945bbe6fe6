// Capability links carry their token after '#', which browsers never send to a server and so
// never end up in an access log. This script trades it for an HttpOnly cookie, removes it from
// the address bar and history, and moves on to the page the token opens. The organiser's page
// also has a form for typing the key; without a token in the address, that form is the way in.
(function () {
  "use strict";
  var token = window.location.hash.replace(/^#/, "");
  history.replaceState(null, "", window.location.pathname + window.location.search);
  var box = document.getElementById("signin");
  var status = document.getElementById("signin-status");
  var failed = function () {
    status.hidden = true;
    document.getElementById("signin-failed").hidden = false;
  };
  if (!token) {
    if (!document.getElementById("key-form")) { failed(); }
    return;
  }
  status.hidden = false;
  fetch(box.dataset.endpoint, {
    method: "POST",
    headers: { "Authorization": "Bearer " + token },
    credentials: "same-origin"
  }).then(function (answer) {
    if (!answer.ok) { throw new Error(String(answer.status)); }
    return answer.json();
  }).then(function (body) {
    window.location.replace(body.redirect);
  }).catch(failed);
})();
