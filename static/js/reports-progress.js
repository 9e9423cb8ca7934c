// Round reports page: poll the status endpoint and update the bar and the badges.
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box) { return; }
  var bar = box.querySelector(".progress-bar");
  var labels = {};
  var tpl = document.getElementById("status-labels");
  if (tpl) {
    tpl.content.querySelectorAll("[data-status]").forEach(function (el) {
      labels[el.dataset.status] = el.textContent;
    });
  }
  var classes = { done: "text-bg-success", failed: "text-bg-danger", retrying: "text-bg-warning" };

  function show(percent) {
    bar.style.width = percent + "%";  // CSSOM, allowed by the CSP (no inline style attribute)
    bar.textContent = percent + "%";
    bar.parentElement.setAttribute("aria-valuenow", percent);
  }

  function update(data) {
    show(data.percent);
    ["done", "total", "queued", "retrying", "failed"].forEach(function (key) {
      var el = box.querySelector('[data-field="' + key + '"]');
      if (el) { el.textContent = data[key]; }
    });
    Object.keys(data.statuses).forEach(function (pid) {
      var badge = document.querySelector('[data-participant="' + pid + '"]');
      var status = data.statuses[pid];
      if (!badge) { return; }
      badge.classList.remove("text-bg-success", "text-bg-danger", "text-bg-warning",
                              "text-bg-secondary");
      badge.classList.add(classes[status] || "text-bg-secondary");
      badge.textContent = labels[status] || status;
    });
    return data.finished;
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) { if (!update(data)) { window.setTimeout(poll, 2000); } })
      .catch(function () { window.setTimeout(poll, 10000); });
  }

  show(Number(bar.dataset.percent) || 0);
  if (box.dataset.finished !== "1") { window.setTimeout(poll, 1500); }
})();
