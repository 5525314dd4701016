/* The compliance dashboard's and control pages' charts, drawn with the vendored Chart.js (and its matrix
   plugin for the heatmap) from the JSON the page embeds as <script id="dashboard-data">. No inline script,
   no network: every label arrives translated in that JSON. */
(function () {
  "use strict";

  var PRIMARY = "#1f4e8c";

  function readData() {
    var node = document.getElementById("dashboard-data");
    return node ? JSON.parse(node.textContent) : {};
  }

  function sizeBoxes() {
    document.querySelectorAll(".chart-box[data-height]").forEach(function (box) {
      box.style.position = "relative";
      box.style.height = box.getAttribute("data-height") + "px";
    });
  }

  function canvasFor(name) {
    return document.querySelector('canvas[data-chart="' + name + '"]');
  }

  function showEmpty(canvas, text) {
    var p = document.createElement("p");
    p.className = "text-secondary mb-0";
    p.textContent = text || "—";
    canvas.parentNode.replaceWith(p);
  }

  function total(values) {
    return (values || []).reduce(function (a, b) { return a + b; }, 0);
  }

  function followLink(links) {
    return function (event, elements) {
      if (!elements.length || !links) { return; }
      var url = links[elements[0].index];
      if (url) { window.location.href = url; }
    };
  }

  function pointerOnLink(links) {
    return function (event, elements) {
      var hit = elements.length && links && links[elements[0].index];
      event.native.target.style.cursor = hit ? "pointer" : "default";
    };
  }

  function bar(name, spec, label, empty, horizontal) {
    var canvas = canvasFor(name);
    if (!canvas || !spec) { return; }
    if (!total(spec.values)) { showEmpty(canvas, empty); return; }
    new Chart(canvas, {
      type: "bar",
      data: { labels: spec.labels, datasets: [{ label: label, data: spec.values, backgroundColor: PRIMARY }] },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: horizontal
          ? { x: { beginAtZero: true, ticks: { precision: 0 } } }
          : { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { autoSkip: false, maxRotation: 60 } } },
        onClick: followLink(spec.links),
        onHover: pointerOnLink(spec.links)
      }
    });
  }

  function doughnut(name, spec, empty) {
    var canvas = canvasFor(name);
    if (!canvas || !spec) { return; }
    if (!total(spec.values)) { showEmpty(canvas, empty); return; }
    new Chart(canvas, {
      type: "doughnut",
      data: { labels: spec.labels, datasets: [{ data: spec.values, backgroundColor: spec.colors }] },
      options: { maintainAspectRatio: false, plugins: { legend: { position: "bottom" } } }
    });
  }

  function line(name, spec, empty) {
    var canvas = canvasFor(name);
    if (!canvas || !spec) { return; }
    if (!spec.labels.length) { showEmpty(canvas, empty); return; }
    var colors = [PRIMARY, "#dc3545"];
    new Chart(canvas, {
      type: "line",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) {
          return { label: s.label, data: s.values, borderColor: colors[i % 2], backgroundColor: colors[i % 2], tension: 0.2 };
        })
      },
      options: {
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  // Writes each cell's count in the middle of the heatmap's cells (the matrix plugin draws no labels).
  var cellValues = {
    id: "portalCellValues",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      chart.getDatasetMeta(0).data.forEach(function (element, i) {
        var v = chart.data.datasets[0].data[i].v;
        if (!v) { return; }
        var c = element.getCenterPoint();
        ctx.save();
        ctx.fillStyle = element.options.backgroundColor && v > chart.$max / 2 ? "#fff" : "#212529";
        ctx.font = "12px system-ui, sans-serif";
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(String(v), c.x, c.y);
        ctx.restore();
      });
    }
  };

  function heatmap(name, spec, label, empty) {
    var canvas = canvasFor(name);
    if (!canvas || !spec) { return; }
    if (!spec.y.length) { showEmpty(canvas, empty); return; }
    var max = Math.max.apply(null, spec.cells.map(function (c) { return c.v; }).concat([1]));
    var chart = new Chart(canvas, {
      type: "matrix",
      data: {
        datasets: [{
          label: label,
          data: spec.cells,
          backgroundColor: function (ctx) {
            var v = (ctx.dataset.data[ctx.dataIndex] || {}).v || 0;
            if (!v) { return "rgba(233, 236, 239, 0.7)"; }
            return "rgba(220, 53, 69, " + (0.15 + 0.85 * v / max).toFixed(2) + ")";
          },
          borderColor: "#fff",
          borderWidth: 1,
          width: function (ctx) { var a = ctx.chart.chartArea; return a ? a.width / spec.x.length - 1 : 0; },
          height: function (ctx) { var a = ctx.chart.chartArea; return a ? a.height / spec.y.length - 1 : 0; }
        }]
      },
      options: {
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function (items) { var d = items[0].raw; return d.y + " · " + d.x; },
              label: function (item) { return label + ": " + item.raw.v; }
            }
          }
        },
        scales: {
          x: { type: "category", labels: spec.x, offset: true, position: "top", grid: { display: false } },
          y: { type: "category", labels: spec.y, offset: true, reverse: false, grid: { display: false } }
        }
      },
      plugins: [cellValues]
    });
    chart.$max = max;
  }

  function draw() {
    if (typeof Chart === "undefined") { return; }
    sizeBoxes();
    var data = readData();
    var empty = data.empty;
    bar("by_rule", data.by_rule, data.label, empty, false);
    doughnut("by_severity", data.by_severity, empty);
    bar("by_society", data.by_society, data.label, empty, true);
    line("trend", data.trend, empty);
    if (Chart.registry.controllers.get("matrix")) {
      heatmap("heatmap", data.heatmap, data.label, empty);
    }
    doughnut("control", data.control, empty);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
