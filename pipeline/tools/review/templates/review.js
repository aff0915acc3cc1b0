// Selecting records: a row (click, or Enter on its button) or a box (click) selects the
// record; j/k, or the arrow keys while on a record, step to the next or previous one
// across pages. The selected row and its box (or text marks) get the class "selected"
// and aria-current; the box is scrolled into view in the page pane, the row in the list.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.record"));
  var indexOf = {};
  rows.forEach(function (row, index) { indexOf[row.dataset.record] = index; });
  var status = document.getElementById("status");
  var current = -1;

  function marksOf(number) {
    return document.querySelectorAll('.viewer [data-record="' + number + '"]');
  }

  function mark(row, on) {
    var elements = [row].concat(Array.prototype.slice.call(marksOf(row.dataset.record)));
    elements.forEach(function (element) {
      element.classList.toggle("selected", on);
      if (on) { element.setAttribute("aria-current", "true"); }
      else { element.removeAttribute("aria-current"); }
    });
  }

  // from: "row" (a row was clicked), "box" (a box was clicked) or "key" (j/k)
  function select(index, from) {
    if (index < 0 || index >= rows.length) { return; }
    if (current >= 0) { mark(rows[current], false); }
    current = index;
    var row = rows[index];
    mark(row, true);
    var marks = marksOf(row.dataset.record);
    if (from !== "row") { row.scrollIntoView({ block: from === "box" ? "center" : "nearest" }); }
    if (from !== "box" && marks.length) {
      marks[0].scrollIntoView({ block: "center", inline: "nearest" });
    }
    var button = row.querySelector("button.select");
    button.focus({ preventScroll: true });
    status.textContent = button.getAttribute("aria-label") + (marks.length ? "" : " (no box)");
  }

  rows.forEach(function (row, index) {
    row.addEventListener("click", function () { select(index, "row"); });
  });

  var viewer = document.querySelector(".viewer");
  viewer.addEventListener("click", function (event) {
    var target = event.target.closest("[data-record]");
    if (target && target.dataset.record in indexOf) {
      select(indexOf[target.dataset.record], "box");
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || !rows.length) { return; }
    var onRecord = event.target.closest && event.target.closest("tr.record, [data-record]");
    var step = 0;
    if (event.key === "j" || (onRecord && event.key === "ArrowDown")) { step = 1; }
    if (event.key === "k" || (onRecord && event.key === "ArrowUp")) { step = -1; }
    if (!step) { return; }
    event.preventDefault();
    if (current < 0) { select(step > 0 ? 0 : rows.length - 1, "key"); return; }
    select(Math.min(Math.max(current + step, 0), rows.length - 1), "key");
  });

  // the "Show layout roles" toggle: draws each block of the pages with its role
  var roles = document.getElementById("show-roles");
  if (roles) {
    roles.addEventListener("change", function () {
      document.body.classList.toggle("show-roles", roles.checked);
    });
  }
})();
