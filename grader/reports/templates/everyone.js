// The class page's table of every learner: sort by a column, filter by id and by attention.
// Without scripts the table reads as it is; this only adds the controls.
(function () {
  "use strict";
  var table = document.getElementById("everyone");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var ids = rows.map(function (row) { return row.cells[0].textContent.trim().toLowerCase(); });
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var filter = document.getElementById("everyone-filter");
  var attention = document.getElementById("everyone-attention");
  var status = document.getElementById("everyone-status");

  // A column of numbers ("5.67", "0 missing", "44%") sorts by the number each cell starts with.
  var numeric = headers.map(function (th) { return th.classList.contains("num"); });

  function key(row, column) {
    var text = row.cells[column].textContent.trim();
    return numeric[column] ? parseFloat(text) || 0 : text.toLowerCase();
  }

  function sortBy(column, th) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    headers.forEach(function (header) { header.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var keyed = rows.map(function (row, index) { return [key(row, column), index, row]; });
    keyed.sort(function (a, b) {
      var order = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
      return (ascending ? order : -order) || a[1] - b[1];
    });
    var sorted = document.createDocumentFragment();
    keyed.forEach(function (item) { sorted.appendChild(item[2]); });
    body.appendChild(sorted);
  }

  headers.forEach(function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) { button.appendChild(th.firstChild); }
    th.appendChild(button);
    button.addEventListener("click", function () { sortBy(column, th); });
  });

  function apply() {
    var text = filter.value.trim().toLowerCase();
    var only = attention.checked;
    var shown = 0;
    rows.forEach(function (row, index) {
      var visible = (!text || ids[index].indexOf(text) !== -1) &&
        (!only || row.getAttribute("data-attention") === "1");
      row.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    status.textContent = "Showing " + shown + " of " + rows.length + " learners.";
  }

  filter.addEventListener("input", apply);
  attention.addEventListener("change", apply);
  document.getElementById("everyone-controls").hidden = false;
  apply();
}());
