// A Thai calendar over the Buddhist-era date fields (competency/datefield.py).
// The text field stays the one input: this only writes into it the text a
// person could have typed ("31/08/2570"), and the server parses and checks it.
// Keyboard (the WAI-ARIA date picker dialog): arrows move by day and week,
// Page Up/Down by month (with Shift by year), Home/End to the week's ends,
// Enter or Space picks, Escape closes and gives focus back to the button.
(function () {
  "use strict";

  var BE = 543;
  var SHAPE = /^\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})\s*$/;
  var THAI = "๐๑๒๓๔๕๖๗๘๙";
  var counter = 0;

  function arabic(text) {
    return text.replace(/[๐-๙]/g, function (d) { return String(THAI.indexOf(d)); });
  }

  function thai(text) {
    return text.replace(/[0-9]/g, function (d) { return THAI[Number(d)]; });
  }

  // The typed text as a date, when it names one in the Buddhist era (else null).
  function parse(text) {
    var m = SHAPE.exec(arabic(text || ""));
    if (!m) { return null; }
    var day = Number(m[1]), month = Number(m[2]) - 1, year = Number(m[3]) - BE;
    var date = new Date(year, month, day);
    if (date.getFullYear() !== year || date.getMonth() !== month || date.getDate() !== day) {
      return null;
    }
    return year + BE >= 2500 && year + BE <= 2700 ? date : null;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function typed(date) {
    return pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + (date.getFullYear() + BE);
  }

  function sameDay(a, b) {
    return a && b && a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() &&
      a.getDate() === b.getDate();
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function setup(input) {
    var texts = JSON.parse(input.getAttribute("data-be-date"));
    var id = "be-date-" + (++counter);

    function yearText(date) {
      var ce = date.getFullYear();
      return texts.year.replace("{be}", String(ce + BE)).replace("{ce}", String(ce));
    }

    function longDate(date) {
      return texts.date.replace("{weekday}", texts.weekdays[date.getDay()])
        .replace("{day}", String(date.getDate())).replace("{month}", texts.months[date.getMonth()])
        .replace("{year}", yearText(date));
    }

    // The field and its button side by side; the calendar opens under them.
    var wrap = el("div", "be-date");
    var group = el("div", "input-group");
    // The server's message stays right under the field. Bootstrap shows it only
    // after an .is-invalid sibling, which the field is no longer in the group.
    var errors = Array.prototype.filter.call(input.parentNode.children, function (node) {
      return node.classList.contains("invalid-feedback");
    });
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(group);
    group.appendChild(input);
    errors.forEach(function (node) {
      node.classList.add("d-block");
      wrap.appendChild(node);
    });
    var toggle = el("button", "btn btn-outline-secondary be-date-toggle");
    toggle.type = "button";
    toggle.setAttribute("aria-haspopup", "dialog");
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", id);
    toggle.setAttribute("aria-label", texts.open);
    toggle.title = texts.open;
    toggle.appendChild(el("span", "be-date-icon"));
    group.appendChild(toggle);

    // The date the typed text names, in words: a 2027 typed for 2570 shows at once.
    var echo = el("div", "form-text be-date-echo");
    echo.id = id + "-echo";
    echo.setAttribute("aria-live", "polite");
    wrap.appendChild(echo);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + echo.id);

    function showEcho() {
      var date = parse(input.value);
      echo.textContent = date ? texts.chosen.replace("{date}", longDate(date)) : "";
    }
    // Kept in step with every keystroke: a stale date beside other text would
    // mislead, and a line that vanishes on blur moves the button being clicked.
    input.addEventListener("input", showEcho);
    input.addEventListener("change", showEcho);
    showEcho();

    var dialog = el("div", "be-date-dialog shadow");
    dialog.id = id;
    dialog.hidden = true;
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-label", texts.dialog);
    dialog.setAttribute("aria-describedby", id + "-keys");
    var head = el("div", "be-date-head");
    var prev = el("button", "btn btn-sm btn-outline-secondary be-date-nav", "\u2039");
    prev.type = "button";
    prev.setAttribute("aria-label", texts.prev);
    var title = el("h2", "be-date-title");
    title.id = id + "-title";
    title.setAttribute("aria-live", "polite");
    var next = el("button", "btn btn-sm btn-outline-secondary be-date-nav", "\u203a");
    next.type = "button";
    next.setAttribute("aria-label", texts.next);
    head.appendChild(prev);
    head.appendChild(title);
    head.appendChild(next);
    var grid = el("table", "be-date-grid");
    grid.setAttribute("role", "grid");
    grid.setAttribute("aria-labelledby", title.id);
    var headRow = el("tr");
    texts.weekdaysShort.forEach(function (name, i) {
      var th = el("th", "", name);
      th.scope = "col";
      th.abbr = texts.weekdays[i];
      headRow.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(headRow);
    grid.appendChild(thead);
    var tbody = el("tbody");
    grid.appendChild(tbody);
    var foot = el("div", "be-date-foot");
    var todayButton = el("button", "btn btn-sm btn-outline-primary", texts.today);
    todayButton.type = "button";
    var close = el("button", "btn btn-sm btn-outline-secondary", texts.close);
    close.type = "button";
    foot.appendChild(todayButton);
    foot.appendChild(close);
    var keys = el("p", "be-date-keys", texts.keys);
    keys.id = id + "-keys";
    dialog.appendChild(head);
    dialog.appendChild(grid);
    dialog.appendChild(foot);
    dialog.appendChild(keys);
    wrap.appendChild(dialog);

    var focused = null; // the day that has the grid's one tab stop

    function render() {
      var year = focused.getFullYear(), month = focused.getMonth();
      var chosen = parse(input.value), today = new Date();
      title.textContent = texts.months[month] + " " + yearText(focused);
      tbody.textContent = "";
      var first = new Date(year, month, 1).getDay();
      var days = new Date(year, month + 1, 0).getDate();
      var row = null;
      for (var cell = 0; cell < Math.ceil((first + days) / 7) * 7; cell++) {
        if (cell % 7 === 0) { row = el("tr"); tbody.appendChild(row); }
        var td = el("td");
        var day = cell - first + 1;
        if (day >= 1 && day <= days) {
          var date = new Date(year, month, day);
          var button = el("button", "be-date-day", String(day));
          button.type = "button";
          button.tabIndex = sameDay(date, focused) ? 0 : -1;
          button.setAttribute("aria-label", longDate(date));
          button.setAttribute("data-day", String(day));
          if (sameDay(date, chosen)) {
            td.setAttribute("aria-selected", "true");
            button.classList.add("is-chosen");
          }
          if (sameDay(date, today)) {
            button.setAttribute("aria-current", "date");
          }
          td.appendChild(button);
        }
        row.appendChild(td);
      }
    }

    function focusDay() {
      var button = tbody.querySelector('[data-day="' + focused.getDate() + '"]');
      if (button) { button.focus(); }
    }

    function moveTo(date) {
      var redraw = date.getMonth() !== focused.getMonth() ||
        date.getFullYear() !== focused.getFullYear();
      focused = date;
      if (redraw) {
        render();
      } else {
        tbody.querySelectorAll(".be-date-day").forEach(function (b) {
          b.tabIndex = Number(b.getAttribute("data-day")) === date.getDate() ? 0 : -1;
        });
      }
      focusDay();
    }

    function addMonths(date, n) {
      var target = new Date(date.getFullYear(), date.getMonth() + n, 1);
      var last = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
      target.setDate(Math.min(date.getDate(), last));
      return target;
    }

    function addDays(date, n) {
      return new Date(date.getFullYear(), date.getMonth(), date.getDate() + n);
    }

    function open() {
      focused = parse(input.value) || new Date();
      render();
      dialog.hidden = false;
      toggle.setAttribute("aria-expanded", "true");
      focusDay();
    }

    function shut(giveFocus) {
      if (dialog.hidden) { return; }
      dialog.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      if (giveFocus) { toggle.focus(); }
    }

    function pick(date) {
      var text = typed(date);
      // Someone who types Thai digits gets Thai digits back.
      input.value = /[๐-๙]/.test(input.value) ? thai(text) : text;
      input.dispatchEvent(new Event("input", {bubbles: true}));
      input.dispatchEvent(new Event("change", {bubbles: true}));
      shut(true);
    }

    toggle.addEventListener("click", function () {
      if (dialog.hidden) { open(); } else { shut(true); }
    });
    prev.addEventListener("click", function () { focused = addMonths(focused, -1); render(); });
    next.addEventListener("click", function () { focused = addMonths(focused, 1); render(); });
    todayButton.addEventListener("click", function () { pick(new Date()); });
    close.addEventListener("click", function () { shut(true); });
    tbody.addEventListener("click", function (event) {
      var button = event.target.closest(".be-date-day");
      if (button) {
        pick(new Date(focused.getFullYear(), focused.getMonth(),
          Number(button.getAttribute("data-day"))));
      }
    });
    tbody.addEventListener("keydown", function (event) {
      var moves = {
        ArrowLeft: function (d) { return addDays(d, -1); },
        ArrowRight: function (d) { return addDays(d, 1); },
        ArrowUp: function (d) { return addDays(d, -7); },
        ArrowDown: function (d) { return addDays(d, 7); },
        Home: function (d) { return addDays(d, -d.getDay()); },
        End: function (d) { return addDays(d, 6 - d.getDay()); },
        PageUp: function (d) { return addMonths(d, event.shiftKey ? -12 : -1); },
        PageDown: function (d) { return addMonths(d, event.shiftKey ? 12 : 1); }
      };
      if (moves[event.key]) {
        event.preventDefault();
        moveTo(moves[event.key](focused));
      }
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        shut(true);
      } else if (event.key === "Tab") {
        // Focus stays in the calendar while it is open (it is a modal dialog).
        var stops = [prev, next, tbody.querySelector('.be-date-day[tabindex="0"]'),
          todayButton, close].filter(Boolean);
        var at = stops.indexOf(document.activeElement);
        var to = (at + (event.shiftKey ? -1 : 1) + stops.length) % stops.length;
        event.preventDefault();
        stops[to].focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!dialog.hidden && !wrap.contains(event.target)) { shut(false); }
    });
  }

  document.querySelectorAll("input[data-be-date]").forEach(setup);
})();
