// The observer's keyboard: the meeting does not wait, so a collision takes a few keys.
// 1-9 toggle roles, P/N/O choose the logic, S stars, Enter logs, Esc clears the form.
// Keys act only when no text field has the focus; in the note field Enter also logs.
(function () {
  "use strict";
  var form = document.getElementById("capture");
  if (!form) { return; }

  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" ||
      (target.tagName === "INPUT" && target.type !== "checkbox" && target.type !== "radio"));
  }

  function byKey(key) {
    return form.querySelector('input[data-key="' + key + '"]');
  }

  function rolesChosen() {
    return form.querySelectorAll('input[name="roles"]:checked').length;
  }

  // The logic of the round is the default; a phase change moves it unless one was picked.
  function followPhaseLogic() {
    var phase = document.getElementById("phase");
    var logic = phase ? phase.dataset.logic : "";
    if (!logic) { return; }
    form.querySelectorAll('input[name="logic"]').forEach(function (radio) {
      radio.defaultChecked = radio.value === logic;
      if (!form.dataset.logicPicked) { radio.checked = radio.value === logic; }
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "logic") { form.dataset.logicPicked = "yes"; }
  });
  form.addEventListener("reset", function () { delete form.dataset.logicPicked; });

  // After logging, the keys belong to the page again, not to the note field.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt === form && event.detail.successful && form.contains(document.activeElement)) {
      document.activeElement.blur();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.key === "Enter" && (event.target === document.body || form.contains(event.target))) {
      if (event.target.tagName === "BUTTON" || event.target.tagName === "SELECT") { return; }
      if (rolesChosen() >= 2) {
        event.preventDefault();
        htmx.trigger(form, "submit");
      }
      return;
    }
    if (event.key === "Escape") {
      form.reset();
      if (form.contains(document.activeElement)) { document.activeElement.blur(); }
      return;
    }
    if (typing(event.target)) { return; }
    var input = byKey(event.key.toLowerCase());
    if (!input) { return; }
    event.preventDefault();
    if (input.type === "radio") {
      input.checked = true;
      form.dataset.logicPicked = "yes";
    } else {
      input.checked = !input.checked;
    }
  });

  document.body.addEventListener("htmx:oobAfterSwap", followPhaseLogic);
  followPhaseLogic();
})();
