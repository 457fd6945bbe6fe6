// The player's page: everything that has to happen in the browser, and nothing else.
// - shows an offline banner while the live socket is down (htmx's ws extension reconnects);
// - keeps typed text in localStorage, so a reload, a dropped socket or a swap never loses it,
//   and forgets it when the session closes or the player is removed, so that the next group on
//   a shared classroom laptop never sees it;
// - counts down from the server's deadline, corrected for this laptop's clock;
// - marks documents this laptop has not seen yet as new, without moving the focus;
// - marks "me" and shows the right raise/lower hand button;
// - shows a form's refusal in words.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) { return; }
  var me = live.dataset.playerId || "";
  var prefix = "cl:" + live.dataset.sessionId + ":" + me + ":";
  var store = window.localStorage;

  function draftKey(field) { return prefix + "draft:" + field.dataset.draft; }

  function restoreDrafts(root) {
    root.querySelectorAll("[data-draft]").forEach(function (field) {
      var saved = store.getItem(draftKey(field));
      if (saved !== null && field.value === "") { field.value = saved; }
    });
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field.dataset && field.dataset.draft) { store.setItem(draftKey(field), field.value); }
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!event.detail.successful || form.tagName !== "FORM") { return; }
    form.querySelectorAll("[data-draft]").forEach(function (field) {
      store.removeItem(draftKey(field));
    });
    if (!form.classList.contains("hand")) { form.reset(); }
    showProblem("");
  });

  function showProblem(text) {
    var box = document.getElementById("form-problem");
    if (!box) { return; }
    box.textContent = text;
    box.hidden = !text;
  }

  document.body.addEventListener("htmx:responseError", function (event) {
    var detail = event.detail.xhr.statusText;
    try { detail = JSON.parse(event.detail.xhr.responseText).detail; } catch (ignored) { /* keep */ }
    if (typeof detail !== "string") { detail = live.dataset.invalidLabel || "?"; }
    showProblem(detail);
  });

  var offline = document.getElementById("offline");
  document.body.addEventListener("htmx:wsOpen", function () {
    offline.hidden = true;
    if (elsewhere) { elsewhere.hidden = true; }
  });
  var GONE = 4404;
  var REPLACED = 4409;  // the same sign-in opened this page elsewhere; htmx does not reconnect
  var elsewhere = document.getElementById("elsewhere");
  function forgetDrafts() {
    for (var i = store.length - 1; i >= 0; i -= 1) {
      var key = store.key(i);
      if (key && key.indexOf(prefix + "draft:") === 0) { store.removeItem(key); }
    }
  }
  document.body.addEventListener("htmx:wsClose", function (event) {
    offline.hidden = false;
    var closed = event.detail && event.detail.event;
    if (closed && closed.code === REPLACED && elsewhere) {
      offline.hidden = true;
      elsewhere.hidden = false;
    }
    if (closed && closed.code === GONE) {
      // Removed, or the session was deleted: nothing here is this laptop's to keep.
      forgetDrafts();
      window.location.reload();
    }
  });
  document.body.addEventListener("htmx:wsError", function () { offline.hidden = false; });

  var skew = 0;
  function tick() {
    document.querySelectorAll(".timer[data-deadline]").forEach(function (timer) {
      var value = timer.querySelector(".timer-value");
      var left;
      if (timer.dataset.paused === "true" && timer.dataset.remaining !== "") {
        left = parseFloat(timer.dataset.remaining);
      } else {
        left = (Date.parse(timer.dataset.deadline) - (Date.now() + skew)) / 1000;
      }
      var seconds = Math.max(0, Math.ceil(left));
      var text = String(Math.floor(seconds / 60)).padStart(2, "0") + ":" +
        String(seconds % 60).padStart(2, "0");
      if (value.textContent !== text) { value.textContent = text; }
      timer.classList.toggle("overtime", left <= 0);
    });
  }

  function syncClock() {
    var timer = document.querySelector(".timer[data-now]");
    if (timer) { skew = Date.parse(timer.dataset.now) - Date.now(); }
  }

  var seen = new Set(JSON.parse(store.getItem(prefix + "seen") || "[]"));
  var watcher = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) { return; }
      var id = entry.target.dataset.documentId;
      if (seen.has(id)) { return; }
      seen.add(id);
      store.setItem(prefix + "seen", JSON.stringify(Array.from(seen)));
      window.setTimeout(function () { entry.target.classList.remove("is-new"); }, 6000);
    });
  }, { threshold: 0.4 });

  function markDocuments(root) {
    root.querySelectorAll("[data-document-id]").forEach(function (doc) {
      var isNew = !seen.has(doc.dataset.documentId);
      doc.classList.toggle("is-new", isNew);
      var badge = doc.querySelector(".new-badge");
      if (badge) { badge.hidden = !isNew; }
      watcher.observe(doc);
    });
  }

  function markMe(root) {
    root.querySelectorAll(".person").forEach(function (person) {
      person.classList.toggle("me", person.dataset.playerId === me);
    });
    var messages = document.getElementById("messages");
    var hands = messages ? (messages.dataset.hands || "").split(" ") : [];
    live.classList.toggle("hand-up", hands.indexOf(me) >= 0);
  }

  function followTitle() {
    var heading = document.getElementById("phase-title");
    if (heading && live.dataset.titleSuffix !== undefined) {
      document.title = heading.textContent.trim() + live.dataset.titleSuffix;
    }
  }

  function refresh(root) {
    var phase = document.getElementById("phase");
    if (phase && phase.dataset.kind === "closed") { forgetDrafts(); }
    restoreDrafts(root);
    markDocuments(root);
    markMe(document);
    followTitle();
    syncClock();
    tick();
  }

  // A region that is swapped takes the focus with it; remember what had it and give it back
  // to the same control in the new region, so a keyboard user is not thrown to the top.
  var focusKey = null;
  function describe(element) {
    if (element.id) { return "#" + CSS.escape(element.id); }
    if (!element.name) { return null; }
    var key = element.tagName.toLowerCase() + '[name="' + CSS.escape(element.name) + '"]';
    return element.value ? key + '[value="' + CSS.escape(element.value) + '"]' : key;
  }
  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    var active = document.activeElement;
    var target = (event.detail && event.detail.target) || event.target;
    if (active && active !== document.body && target && target.contains(active)) {
      focusKey = describe(active);
    }
  });
  function restoreFocus() {
    if (!focusKey) { return; }
    var again = document.querySelector(focusKey);
    focusKey = null;
    if (again) { again.focus({ preventScroll: true }); }
  }

  // After a push the swapped-in regions are new elements; look at the whole page again
  // (cheap: a page has a few dozen of them).
  document.body.addEventListener("htmx:oobAfterSwap", function () {
    refresh(document);
    restoreFocus();
  });
  document.body.addEventListener("htmx:afterSettle", function () { refresh(document); });
  refresh(document);
  window.setInterval(tick, 1000);
})();
