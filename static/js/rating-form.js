// The rating form: autosave of every answer and comment, a copy kept in this
// browser while the server cannot be reached, a warning before leaving with
// unsaved changes, a completeness check before the confirm dialog, and the
// next indicator brought into view after an answer. Without JavaScript the
// form's own draft and submit buttons do all of it but the autosave.
(function () {
  "use strict";

  var form = document.getElementById("rating-form");
  if (!form) {
    return;
  }
  var key = form.getAttribute("data-storage-key");
  var url = form.getAttribute("data-autosave-url");

  function msg(name) {
    return form.getAttribute("data-msg-" + name) || "";
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {  // storage disabled: the autosave alone still works
      return null;
    }
  }

  function forget() {
    var store = storage();
    if (store && key) {
      store.removeItem(key);
    }
  }

  if (!url) {  // read-only form (submitted, or the round closed): nothing left to keep
    forget();
    return;
  }

  var statusEl = document.getElementById("autosave-status");
  var errorsBox = document.getElementById("rating-errors");
  var topBar = document.getElementById("rating-progress");
  var bottomBar = form.querySelector(".form-actions");
  var version = form.getAttribute("data-version");
  var dirty = false;
  var submitting = false;
  var inflight = false;
  var again = false;
  var timer = null;
  var lastPointer = 0;

  // Keep a focused or scrolled-to answer clear of the two sticky bars.
  function padScroll() {
    var root = document.documentElement;
    root.style.scrollPaddingTop = (topBar ? topBar.offsetHeight : 0) + 12 + "px";
    root.style.scrollPaddingBottom = (bottomBar ? bottomBar.offsetHeight : 0) + 12 + "px";
  }
  padScroll();
  window.addEventListener("resize", padScroll);

  function values() {
    var out = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (radio) {
      out[radio.name] = radio.value;
    });
    form.querySelectorAll("textarea").forEach(function (area) {
      out[area.name] = area.value;
    });
    return out;
  }

  function keep() {
    var store = storage();
    if (store && key) {
      try {
        store.setItem(key, JSON.stringify({ base: version, values: values() }));
      } catch (e) {  // storage full: the server copy is the one that counts
      }
    }
  }

  function setStatus(text, state) {
    statusEl.textContent = text;
    statusEl.setAttribute("data-state", state);
  }

  function clock() {
    var lang = document.documentElement.lang === "en" ? "en-GB" : "th-TH";
    return new Date().toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
  }

  function save() {
    timer = null;
    if (inflight) {
      again = true;
      return;
    }
    inflight = true;
    var sent = JSON.stringify(values());
    setStatus(msg("saving"), "saving");
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!body.ok) {
            setStatus((body.errors || []).join(" "), "error");
            return;
          }
          version = body.version;
          if (JSON.stringify(values()) === sent) {
            dirty = false;
            form.setAttribute("data-dirty", "false");
            forget();
          } else {
            keep();
          }
          setStatus(msg("saved") + " " + clock(), "saved");
        });
      })
      .catch(function () {
        keep();
        setStatus(msg("offline"), "offline");
      })
      .then(function () {
        inflight = false;
        if (again) {
          again = false;
          save();
        }
      });
  }

  function schedule(delay) {
    dirty = true;
    form.setAttribute("data-dirty", "true");
    keep();
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(save, delay);
  }

  function clearMark(fieldset) {
    fieldset.classList.remove("has-error");
    fieldset.querySelector("[data-item-error]").textContent = "";
    fieldset.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.removeAttribute("aria-invalid");
    });
  }

  function inView(el) {
    var box = el.getBoundingClientRect();
    var top = topBar ? topBar.getBoundingClientRect().bottom : 0;
    var bottom = bottomBar ? bottomBar.getBoundingClientRect().top : window.innerHeight;
    return box.top >= top && box.bottom <= bottom;
  }

  form.addEventListener("pointerdown", function () {
    lastPointer = Date.now();
  });

  form.addEventListener("change", function (event) {
    var radio = event.target;
    if (radio.type !== "radio") {
      schedule(300);
      return;
    }
    schedule(250);
    var fieldset = radio.closest("[data-indicator]");
    clearMark(fieldset);
    // After a tap or click, bring the next indicator up. Not after arrow
    // keys: they move between the answers of the same indicator.
    if (Date.now() - lastPointer < 1500) {
      var all = Array.prototype.slice.call(form.querySelectorAll("[data-indicator]"));
      var next = all[all.indexOf(fieldset) + 1];
      if (next && !inView(next)) {
        var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        next.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
      }
    }
  });

  // The browser scrolls a focused radio into view only when it is wholly out of
  // sight, so one half under a sticky bar stays there: bring its row clear.
  form.addEventListener("focusin", function (event) {
    var row = event.target.type === "radio" && event.target.closest(".scale-options");
    if (row && !inView(row)) {
      row.scrollIntoView({ block: "nearest" });
    }
  });

  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      schedule(1200);
    }
  });

  window.addEventListener("online", function () {
    if (dirty) {
      save();
    }
  });

  // Check completeness before the confirm dialog (the server checks again).
  form.addEventListener("click", function (event) {
    if (!event.target.closest("[data-check-complete]")) {
      return;
    }
    var missing = [];
    form.querySelectorAll("[data-indicator]").forEach(function (fieldset) {
      if (fieldset.querySelector("input[type=radio]:checked")) {
        clearMark(fieldset);
        return;
      }
      missing.push(fieldset);
      fieldset.classList.add("has-error");
      fieldset.querySelector("[data-item-error]").textContent = msg("missing-item");
      fieldset.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.setAttribute("aria-invalid", "true");
      });
    });
    if (!missing.length) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();  // no confirm dialog for a form that cannot be sent
    var names = missing.map(function (fieldset) {
      return fieldset.getAttribute("data-label");
    });
    errorsBox.textContent = msg("missing")
      .replace("%(n)s", missing.length).replace("%(items)s", names.join(", "));
    errorsBox.classList.remove("d-none");
    var first = missing[0].querySelector("input[type=radio]");
    missing[0].scrollIntoView({ block: "start" });
    first.focus({ preventScroll: true });
  });

  form.addEventListener("submit", function () {
    submitting = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = msg("leave");
      return msg("leave");
    }
  });

  // Leaving anyway: hand the last changes to the server on the way out.
  window.addEventListener("pagehide", function () {
    if (dirty && !submitting && navigator.sendBeacon) {
      navigator.sendBeacon(url, new FormData(form));
    }
  });

  // A copy kept in this browser after a lost connection or a closed tab comes
  // back, but only over the server version it was made from: a newer save
  // elsewhere wins.
  var store = storage();
  var kept = null;
  try {
    kept = store && key ? JSON.parse(store.getItem(key) || "null") : null;
  } catch (e) {
    kept = null;
  }
  if (kept && kept.base === version && kept.values) {
    Object.keys(kept.values).forEach(function (name) {
      var value = kept.values[name];
      var field = /^(ind|comment)_\d+$/.test(name) && form.elements.namedItem(name);
      if (!field) {
        return;
      }
      if (field.tagName === "TEXTAREA") {
        field.value = value;
        return;
      }
      var radio = form.querySelector(
        'input[type=radio][name="' + name + '"][value="' + value + '"]');
      if (radio) {
        radio.checked = true;
      }
    });
    form.dispatchEvent(new Event("change"));  // the progress bars follow
    setStatus(msg("restored"), "restored");
    schedule(0);
  } else if (kept) {
    forget();
  }
})();
