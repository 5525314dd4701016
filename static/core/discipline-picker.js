/* The discipline-code picker (core.forms.DisciplinePicker): an <input data-discipline-picker> holding
   GB/T 13745 codes ("150, 15010") gets a search box over the code table (data-table: a JSON list of
   [code, name]) and the chosen codes as removable chips with their names. The input stays the value the
   form posts, so the page works without this script. Loaded from base.html; no inline script (CSP). */
(function () {
  "use strict";

  var tablePromise = null;
  function loadTable(url) {
    if (!tablePromise) {
      tablePromise = fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); });
    }
    return tablePromise;
  }

  function parse(value) {
    var seen = {};
    return value.split(/[,，;；\s]+/).map(function (c) { return c.trim(); }).filter(function (c) {
      if (!c || seen[c]) { return false; }
      seen[c] = true;
      return true;
    });
  }

  function setUp(input) {
    if (input.dataset.pickerReady) { return; }
    input.dataset.pickerReady = "1";
    var box = document.createElement("div");
    box.className = "discipline-picker mt-1";
    var chips = document.createElement("div");
    chips.className = "discipline-chips d-flex flex-wrap gap-1 mb-1";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm discipline-search";
    search.placeholder = input.dataset.searchLabel || "";
    search.setAttribute("aria-label", input.dataset.searchLabel || "");
    var results = document.createElement("div");
    results.className = "list-group discipline-results small";
    box.appendChild(chips);
    box.appendChild(search);
    box.appendChild(results);
    input.insertAdjacentElement("afterend", box);

    var rows = [];
    var names = {};

    function render() {
      chips.innerHTML = "";
      parse(input.value).forEach(function (code) {
        var chip = document.createElement("span");
        chip.className = "badge text-bg-light border discipline-chip";
        chip.dataset.code = code;
        chip.textContent = code + " " + (names[code] || "?");
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close btn-close-sm ms-1 align-middle";
        remove.setAttribute("aria-label", (input.dataset.removeLabel || "") + " " + code);
        remove.addEventListener("click", function () {
          input.value = parse(input.value).filter(function (c) { return c !== code; }).join(", ");
          render();
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
    }

    function find() {
      var q = search.value.trim();
      results.innerHTML = "";
      if (!q) { return; }
      var chosen = parse(input.value);
      var hits = rows.filter(function (r) {
        return chosen.indexOf(r[0]) < 0 && (r[0].indexOf(q) === 0 || r[1].indexOf(q) >= 0);
      }).slice(0, 12);
      if (!hits.length) {
        var none = document.createElement("div");
        none.className = "list-group-item text-secondary";
        none.textContent = input.dataset.noneLabel || "";
        results.appendChild(none);
      }
      hits.forEach(function (r) {
        var item = document.createElement("button");
        item.type = "button";
        item.className = "list-group-item list-group-item-action discipline-option";
        item.dataset.code = r[0];
        item.textContent = r[0] + " " + r[1];
        item.addEventListener("click", function () {
          input.value = parse(input.value).concat([r[0]]).join(", ");
          search.value = "";
          results.innerHTML = "";
          render();
          search.focus();
        });
        results.appendChild(item);
      });
    }

    search.addEventListener("input", find);
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {  // Enter picks the first match instead of submitting the form
        ev.preventDefault();
        var first = results.querySelector(".discipline-option");
        if (first) { first.click(); }
      }
    });
    input.addEventListener("input", render);  // as typed: no layout shift when the field is left
    input.addEventListener("change", render);
    // the table arrives once per page; what was typed before it came is searched then
    loadTable(input.dataset.table).then(function (table) {
      rows = table;
      rows.forEach(function (r) { names[r[0]] = r[1]; });
      box.dataset.ready = "1";
      render();
      find();
    });
  }

  function scan(root) {
    (root || document).querySelectorAll("input[data-discipline-picker]").forEach(setUp);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSwap", function (ev) { scan(ev.target); });
})();
