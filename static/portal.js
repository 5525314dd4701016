/* The portal's small behaviours, in one static file so the Content-Security-Policy allows no inline
   script (core/headers.py). Each is switched on by a data attribute in the templates. */
(function () {
  "use strict";

  // <select data-autosubmit>: submit its form on change (language switch, filters).
  document.addEventListener("change", function (ev) {
    var el = ev.target.closest("[data-autosubmit]");
    if (el && el.form) { el.form.submit(); }
  });

  // <select data-reload-param="society">: reload the page with ?society=<value> (and the form's role), so
  // the server lists only that society's branches (accounts/forms.py RoleForm).
  document.addEventListener("change", function (ev) {
    var el = ev.target.closest("[data-reload-param]");
    if (!el || !el.form) { return; }
    var params = new URLSearchParams();
    var role = el.form.querySelector('[name="role"]');
    if (role && role.value) { params.set("role", role.value); }
    if (el.value) { params.set(el.dataset.reloadParam, el.value); }
    window.location.search = params.toString();
  });

  document.addEventListener("click", function (ev) {
    // A table row with data-href (components/table.html) opens its record page, unless the click was
    // on a link, a button or a checkbox of its own.
    var row = ev.target.closest("tr[data-href]");
    if (row && !ev.target.closest("a, button, input, label, select, textarea")) {
      if (ev.ctrlKey || ev.metaKey) { window.open(row.dataset.href, "_blank"); } else { window.location = row.dataset.href; }
      return;
    }
    // <input type=checkbox data-check-all="ids">: (un)check every checkbox named "ids".
    var all = ev.target.closest("[data-check-all]");
    if (all) {
      var on = all.type === "checkbox" ? all.checked : true;
      document.querySelectorAll('input[name="' + all.dataset.checkAll + '"]').forEach(function (c) {
        c.checked = on;
      });
    }
    // <button data-confirm="…">: ask before submitting.
    var ask = ev.target.closest("[data-confirm]");
    if (ask && !window.confirm(ask.dataset.confirm)) { ev.preventDefault(); }
    // Person picker (members/widgets/person_picker.html): a result button picks the person.
    var button = ev.target.closest("[data-pick-person]");
    if (button) {
      var box = button.closest("[data-person-picker]");
      box.querySelector(".person-picker-value").value = button.dataset.pickPerson;
      var search = box.querySelector(".person-picker-search");
      search.value = button.dataset.label;
      search.dataset.picked = button.dataset.label;
      var selected = box.querySelector(".person-picker-selected");
      selected.querySelector("span").textContent = button.dataset.label;
      selected.hidden = false;
      box.querySelector(".person-picker-results").innerHTML = "";
    }
  });

  document.addEventListener("input", function (ev) {
    if (!ev.target.classList.contains("person-picker-search")) { return; }
    var box = ev.target.closest("[data-person-picker]");
    if (ev.target.value !== ev.target.dataset.picked) {
      box.querySelector(".person-picker-value").value = "";
      box.querySelector(".person-picker-selected").hidden = true;
    }
  });

  // A review's conflict declaration disables its score (awards/review_form.html: data-disables="<id>").
  function syncDisables(box) {
    var target = document.getElementById(box.dataset.disables);
    if (!target) { return; }
    target.disabled = box.checked;
    if (box.checked) { target.value = ""; }
  }
  document.addEventListener("change", function (ev) {
    if (ev.target.matches("[data-disables]")) { syncDisables(ev.target); }
  });

  // Keyboard shortcuts of a page (<body data-shortcuts>): a → #do-approve, r → #do-return, …
  document.addEventListener("keydown", function (e) {
    if (!document.querySelector("[data-shortcuts]")) { return; }
    if (e.target.closest("input, textarea, select") || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var keys = {a: "do-approve", r: "do-return", x: "do-reject", j: "do-next"};
    var el = document.getElementById(keys[(e.key || "").toLowerCase()]);
    if (el) { e.preventDefault(); window.location = el.href; }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // <details data-collapse-below="992">: a table's filter panel starts closed on a narrow screen.
    document.querySelectorAll("details[data-collapse-below]").forEach(function (d) {
      if (window.innerWidth < parseInt(d.dataset.collapseBelow, 10)) { d.open = false; }
    });
    document.querySelectorAll("[data-disables]").forEach(syncDisables);
  });
})();
