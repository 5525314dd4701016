/* A society's scorecard radar: the seven indicator areas' scores (0–100), drawn with the vendored Chart.js
   from the JSON the page embeds as <script id="scorecard-data">. No inline script, no network: the labels
   arrive translated in that JSON. */
(function () {
  "use strict";

  var PRIMARY = "#1f4e8c";

  function draw() {
    if (typeof Chart === "undefined") { return; }
    var node = document.getElementById("scorecard-data");
    var canvas = document.querySelector('canvas[data-chart="radar"]');
    if (!node || !canvas) { return; }
    var data = JSON.parse(node.textContent);
    var box = canvas.parentNode;
    box.style.position = "relative";
    box.style.height = (box.getAttribute("data-height") || 360) + "px";
    new Chart(canvas, {
      type: "radar",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label,
          data: data.values,
          borderColor: PRIMARY,
          backgroundColor: "rgba(31, 78, 140, 0.2)",
          pointBackgroundColor: PRIMARY
        }]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { r: { min: 0, max: 100, ticks: { stepSize: 20, backdropColor: "transparent" } } }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
