// Assessment pages: confirmation of irreversible actions, live progress of a rating form.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  var form = document.getElementById("rating-form");
  var box = document.getElementById("rating-progress");
  if (!form || !box) {
    return;
  }
  var total = parseInt(box.getAttribute("data-total"), 10) || 0;
  var count = document.getElementById("answered-count");
  var bar = box.querySelector(".progress-bar");
  var meter = box.querySelector("[role=progressbar]");

  function update() {
    var answered = form.querySelectorAll("[data-indicator] input[type=radio]:checked").length;
    var percent = total ? Math.round((100 * answered) / total) : 0;
    count.textContent = answered;
    // Width comes from a class: the CSP allows no inline styles.
    bar.className = bar.className.replace(/\bpct-\d+\b/, "pct-" + percent);
    bar.classList.toggle("bg-success", percent === 100);
    meter.setAttribute("aria-valuenow", percent);
  }

  form.addEventListener("change", update);
})();
