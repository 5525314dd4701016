/* The dashboard's trend charts (core.charts), drawn with the vendored Chart.js from the JSON the page
   embeds as <script id="dashboard-charts"> — no inline script, no network. Each chart's numbers are also
   printed in the table under it and offered as CSV. */
(function () {
  "use strict";

  var COLORS = ["#1f4e8c", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#0dcaf0", "#ffc107", "#20c997", "#6c757d", "#d63384"];

  function sizeBoxes() {
    document.querySelectorAll("#dashboard-trends .chart-box[data-height]").forEach(function (box) {
      box.style.position = "relative";
      box.style.height = box.getAttribute("data-height") + "px";
    });
  }

  function draw(canvas, spec) {
    var kind = spec.kind;
    var datasets = spec.series.map(function (s, i) {
      var color = COLORS[i % COLORS.length];
      if (kind === "doughnut") {
        return { label: s.label, data: s.values, backgroundColor: spec.labels.map(function (_l, j) { return COLORS[j % COLORS.length]; }) };
      }
      var set = { label: s.label, data: s.values, borderColor: color, backgroundColor: color, tension: 0.2 };
      // a line chart's second series (new per month) is read on its own axis, on the right
      if (kind === "line" && i === 1) { set.yAxisID = "y1"; set.type = "bar"; }
      return set;
    });
    var options = { maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } };
    if (kind === "bar") {
      options.scales = { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } };
    } else if (kind === "line") {
      options.scales = { y: { beginAtZero: false, ticks: { precision: 0 } } };
      if (spec.series.length > 1) {
        options.scales.y1 = { position: "right", beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false } };
      }
    }
    new Chart(canvas, { type: kind, data: { labels: spec.labels, datasets: datasets }, options: options });
  }

  function start() {
    var node = document.getElementById("dashboard-charts");
    if (!node || typeof Chart === "undefined") { return; }
    sizeBoxes();
    var specs = JSON.parse(node.textContent);
    Object.keys(specs).forEach(function (key) {
      var canvas = document.querySelector('canvas[data-chart="' + key + '"]');
      if (canvas) { draw(canvas, specs[key]); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
