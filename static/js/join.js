// The join page.
// - A seat card's QR code carries its code after '#', which browsers never send to a server, so
//   the code stays out of access logs: this fills it in and takes it out of the address bar.
// - After "I am someone else", the person before forgets what they typed on this laptop.
(function () {
  "use strict";
  var code = decodeURIComponent(window.location.hash.replace(/^#/, ""));
  var field = document.getElementById("join_code");
  if (code && field && field.value === "") {
    field.value = code;
    history.replaceState(null, "", window.location.pathname);
    var name = document.getElementById("name");
    if (name) { name.focus(); }
  }
  var box = document.getElementById("joining");
  var prefix = box && box.dataset.forgetDrafts;
  if (prefix) {
    var store = window.localStorage;
    for (var i = store.length - 1; i >= 0; i -= 1) {
      var key = store.key(i);
      if (key && key.indexOf(prefix) === 0) { store.removeItem(key); }
    }
  }
})();
