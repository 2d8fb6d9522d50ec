/* Xingping's page behaviours, declared in templates with data-* attributes (the
   Content-Security-Policy allows no inline script and no on*= handlers):
   - <select data-autosubmit>            submits its form when changed;
   - <button data-confirm="question">    asks before its form is submitted (also on <form>);
   - <button data-print>                 prints the page;
   - <el data-xp-width="42.5">           width 42.5 % (progress and timeline bars);
   - <el data-xp-left="10">              left 10 %;
   - <button data-xp-check="4" data-xp-scope=".xp-dim">  checks value 4 in every scope;
   - <div data-xp-chart="id-of-json">    an ECharts chart from a JSON data block.
   Runs on page load and on every piece of content HTMX swaps in. */
(function () {
  "use strict";

  function percent(value) {
    var n = parseFloat(value);
    return isNaN(n) ? null : Math.max(0, Math.min(100, n)) + "%";
  }

  function apply(root) {
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

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target, question = form.getAttribute("data-confirm");
    var button = event.submitter;
    if (button && button.getAttribute("data-confirm")) { question = button.getAttribute("data-confirm"); }
    if (question && !window.confirm(question)) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);

  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-print], [data-xp-check]") : null;
    if (!el) { return; }
    if (el.hasAttribute("data-print")) { window.print(); return; }
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
