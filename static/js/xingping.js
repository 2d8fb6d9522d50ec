/* Xingping's page behaviours, declared in templates with data-* attributes (the
   Content-Security-Policy allows no inline script and no on*= handlers):
   - <select data-autosubmit>            submits its form when changed;
   - <button data-confirm="question">    asks before its form is submitted (also on <form>);
   - <button data-print>                 prints the page;
   - <el data-xp-width="42.5">           width 42.5 % (progress and timeline bars);
   - <el data-xp-left="10">              left 10 %;
   - <button data-xp-check="4" data-xp-scope=".xp-dim">  checks value 4 in every scope;
   - <button data-xp-tick="on|off" data-xp-scope="#group">  ticks (on) or clears (off) every
                                         checkbox in the scope (a group of units);
   - <div data-xp-chart="id-of-json">    an ECharts chart from a JSON data block;
   - <table class="xp-stack">            on a phone each row is a card: every cell gets its
                                         column's heading as data-label (shown by the CSS);
   - <ul class="nav overflow-auto">      a tab strip that scrolls sideways: the active tab is
     (or any [data-xp-scroll])           scrolled into view and the edges that hide more tabs
                                         fade (xp-more-start / xp-more-end);
   - <input data-xp-option-search="id">  narrows the options of <select id> as one types
                                         (the unit tree picker);
   - <input data-xp-picker="id" list="…">  a search picker (orgs/picker.py): when the text is
                                         one of its suggestions, the suggestion's label is
                                         shown in #id (and a data-autosubmit form is sent
                                         then, or when the text is cleared; not on every key).
   Runs on page load and on every piece of content HTMX swaps in. */
(function () {
  "use strict";

  function percent(value) {
    var n = parseFloat(value);
    return isNaN(n) ? null : Math.max(0, Math.min(100, n)) + "%";
  }

  function labelCells(table) {
    var heads = [];
    table.querySelectorAll("thead tr:last-child th, thead tr:last-child td").forEach(function (th) {
      var span = parseInt(th.getAttribute("colspan") || "1", 10);
      for (var i = 0; i < span; i++) { heads.push((th.textContent || "").replace(/\s+/g, " ").trim()); }
    });
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var col = 0;
      Array.prototype.forEach.call(tr.children, function (td) {
        var label = heads[col];
        if (label && !td.hasAttribute("data-label")) { td.setAttribute("data-label", label); }
        td.classList.toggle("xp-empty", !td.textContent.trim() && !td.querySelector("input, select, button, img"));
        col += parseInt(td.getAttribute("colspan") || "1", 10);
      });
    });
  }

  function scrollCue(strip) {
    var more = function () {
      var max = strip.scrollWidth - strip.clientWidth;
      strip.classList.toggle("xp-more-start", strip.scrollLeft > 2);
      strip.classList.toggle("xp-more-end", max > 2 && strip.scrollLeft < max - 2);
    };
    if (!strip.getAttribute("data-xp-scroll-ready")) {
      strip.setAttribute("data-xp-scroll-ready", "1");
      strip.classList.add("xp-scroll-strip");
      var active = strip.querySelector(".active");
      if (active && active.offsetLeft + active.offsetWidth > strip.clientWidth) {
        strip.scrollLeft = active.offsetLeft - 24;
      }
      strip.addEventListener("scroll", more, {passive: true});
      window.addEventListener("resize", more);
    }
    more();
  }

  function apply(root) {
    root.querySelectorAll("table.xp-stack").forEach(labelCells);
    root.querySelectorAll(".nav.overflow-auto, [data-xp-scroll]").forEach(scrollCue);
    root.querySelectorAll("[data-xp-width]").forEach(function (el) {
      var w = percent(el.getAttribute("data-xp-width"));
      if (w !== null) { el.style.width = w; }
    });
    root.querySelectorAll("[data-xp-left]").forEach(function (el) {
      var l = percent(el.getAttribute("data-xp-left"));
      if (l !== null) { el.style.left = l; }
    });
    root.querySelectorAll("[data-xp-chart]").forEach(function (el) {
      if (el.getAttribute("data-xp-chart-ready")) { return; }
      el.setAttribute("data-xp-chart-ready", "1");
      if (window.XingpingCharts) { window.XingpingCharts.render(el); }
    });
  }

  function submit(form) {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  function pickerChoice(el) {
    var list = el.list, value = el.value;
    if (!list || !value) { return null; }
    return Array.prototype.find.call(list.options, function (o) { return o.value === value; }) || null;
  }

  document.addEventListener("input", function (event) {
    var el = event.target, hint = el.getAttribute && el.getAttribute("data-xp-picker");
    if (!hint) { return; }
    var choice = pickerChoice(el), label = document.getElementById(hint);
    if (label) { label.textContent = choice ? (choice.textContent || choice.label || "") : ""; }
    if (choice && el.hasAttribute("data-autosubmit") && el.form) { submit(el.form); }
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-xp-picker")) {  // sent on a suggestion or an empty box only
      if (!el.value && el.hasAttribute("data-autosubmit") && el.form) { submit(el.form); }
      return;
    }
    if (el.matches && el.matches("[data-autosubmit]") && el.form) {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });

  document.addEventListener("input", function (event) {
    var el = event.target, target = el.getAttribute && el.getAttribute("data-xp-option-search");
    var select = target ? document.getElementById(target) : null;
    if (!select) { return; }
    var words = el.value.trim().toLowerCase(), first = null;
    Array.prototype.forEach.call(select.options, function (option) {
      var show = !words || !option.value || option.text.toLowerCase().indexOf(words) >= 0 ||
        option.value.toLowerCase().indexOf(words) >= 0;
      option.hidden = !show;
      if (show && option.value && first === null) { first = option; }
    });
    var current = select.options[select.selectedIndex];
    if (words && first && (!current || current.hidden || !current.value)) { select.value = first.value; }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target, question = form.getAttribute("data-confirm");
    var button = event.submitter;
    if (button && button.getAttribute("data-confirm")) { question = button.getAttribute("data-confirm"); }
    if (question && !window.confirm(question)) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-print], [data-xp-check], [data-xp-tick]") : null;
    if (!el) { return; }
    if (el.hasAttribute("data-print")) { window.print(); return; }
    if (el.hasAttribute("data-xp-tick")) {
      var on = el.getAttribute("data-xp-tick") === "on";
      document.querySelectorAll(el.getAttribute("data-xp-scope") || "form").forEach(function (scope) {
        scope.querySelectorAll('input[type="checkbox"]').forEach(function (box) { box.checked = on; });
      });
      return;
    }
    var value = el.getAttribute("data-xp-check"), scope = el.getAttribute("data-xp-scope") || "form";
    document.querySelectorAll(scope).forEach(function (box) {
      var radio = box.querySelector('input[type="radio"][value="' + value + '"]');
      if (radio) { radio.checked = true; }
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { apply(document); });
  } else {
    apply(document);
  }
  document.addEventListener("htmx:load", function (event) { apply(event.target); });
})();
