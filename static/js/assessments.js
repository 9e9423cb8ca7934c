// Assessment pages: confirmation of irreversible actions, live progress of a rating form.
(function () {
  "use strict";

  // A form sent by a confirmed button is on its way: a second click (a double
  // tap, or an impatient one on a slow line) must neither ask again nor send
  // it twice. The mark goes after a while, and when the page comes back from
  // the browser's history, so that a stalled request can still be retried.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (!button) {
      return;
    }
    if (button.form && button.form.hasAttribute("data-sending")) {
      event.preventDefault();
      return;
    }
    if (!window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  document.addEventListener("submit", function (event) {
    var sent = event.target;
    var by = event.submitter;
    if (event.defaultPrevented || !by || !by.hasAttribute("data-confirm")) {
      return;
    }
    sent.setAttribute("data-sending", "");
    window.setTimeout(function () { sent.removeAttribute("data-sending"); }, 15000);
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-sending]").forEach(function (sent) {
        sent.removeAttribute("data-sending");
      });
    }
  });

  var form = document.getElementById("rating-form");
  var box = document.getElementById("rating-progress");
  if (!form || !box) {
    return;
  }
  // Keep the session alive while the rater types (a long comment must not be
  // lost to the idle timeout): one ping a minute at most, only on input.
  var keepalive = form.getAttribute("data-keepalive");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
  var lastPing = Date.now();
  function ping() {
    if (!keepalive || !csrf || !window.fetch || Date.now() - lastPing < 60000) {
      return;
    }
    lastPing = Date.now();
    window.fetch(keepalive, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: {"X-CSRFToken": csrf.value}
    }).catch(function () {});
  }
  form.addEventListener("input", ping);
  form.addEventListener("change", ping);

  var total = parseInt(box.getAttribute("data-total"), 10) || 0;
  var count = document.getElementById("answered-count");
  var meter = box.querySelector("[role=progressbar]");

  function setBar(meterEl, percent) {
    var barEl = meterEl.querySelector(".progress-bar");
    // Width comes from a class: the CSP allows no inline styles.
    barEl.className = barEl.className.replace(/\bpct-\d+\b/, "pct-" + percent);
    barEl.classList.toggle("bg-success", percent === 100);
    meterEl.setAttribute("aria-valuenow", percent);
  }

  // One section per competency: its own count and bar, and its chip in the sticky box.
  function updateSections() {
    form.querySelectorAll("[data-section]").forEach(function (section) {
      var id = section.getAttribute("data-section");
      var sectionTotal = parseInt(section.getAttribute("data-total"), 10) || 0;
      var done = section.querySelectorAll("[data-indicator] input[type=radio]:checked").length;
      var sectionMeter = section.querySelector("[data-section-bar] [role=progressbar]");
      section.querySelector("[data-section-answered]").textContent = done;
      if (sectionMeter) {
        setBar(sectionMeter, sectionTotal ? Math.round((100 * done) / sectionTotal) : 0);
      }
      var chip = box.querySelector('[data-section-chip="' + id + '"]');
      if (chip) {
        chip.querySelector("[data-section-answered]").textContent = done;
        chip.classList.toggle("text-bg-success", done === sectionTotal);
        chip.classList.toggle("text-bg-light", done !== sectionTotal);
      }
    });
  }

  function update() {
    var answered = form.querySelectorAll("[data-indicator] input[type=radio]:checked").length;
    var percent = total ? Math.round((100 * answered) / total) : 0;
    count.textContent = answered;
    setBar(meter, percent);
    updateSections();
  }

  form.addEventListener("change", update);
})();
