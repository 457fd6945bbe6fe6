// The server writes times in UTC; a room reads them in its own time zone. Every
// <time datetime=... data-local> is rewritten to local time (data-local="date" adds the date),
// now and after every htmx swap.
(function () {
  "use strict";
  function localise(root) {
    root.querySelectorAll("time[data-local]").forEach(function (time) {
      var moment = new Date(time.getAttribute("datetime"));
      if (isNaN(moment.getTime())) { return; }
      var options = { hour: "2-digit", minute: "2-digit" };
      if (time.dataset.local === "date") {
        options.year = "numeric"; options.month = "short"; options.day = "numeric";
      }
      time.textContent = moment.toLocaleString(document.documentElement.lang || undefined, options);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { localise(document); });
  document.addEventListener("htmx:afterSettle", function () { localise(document); });
  document.addEventListener("htmx:oobAfterSwap", function () { localise(document); });
})();
