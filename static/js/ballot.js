/* The phone ballot (C7): loads what to score from the ballot API, renders one card per
   unit, posts the scores once. Strings come from the page's JSON block #ballot-strings. */
(function () {
  var S = JSON.parse(document.getElementById("ballot-strings").textContent);
  var root = document.getElementById("ballot-form"), api = root.dataset.api, data = null;
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function count() {
    var n = root.querySelectorAll("input[type=radio]:checked").length, total = data.units.length * data.items.length;
    document.getElementById("progress").textContent = n + " / " + total + " " + S.done;
    root.querySelectorAll("details").forEach(function (d) {
      var got = d.querySelectorAll("input:checked").length;
      d.querySelector(".unit-count").textContent = got + "/" + data.items.length;
      d.querySelector(".unit-count").className = "unit-count badge " + (got === data.items.length ? "text-bg-success" : "text-bg-light");
    });
  }
  function render() {
    root.innerHTML = "";
    data.units.forEach(function (u, ui) {
      var d = el("details", "card mb-2"); if (ui === 0) d.open = true; d.dataset.unit = u.code;
      var s = el("summary", "card-header d-flex justify-content-between align-items-center");
      s.appendChild(el("span", "fw-bold", u.name)); s.appendChild(el("span", "unit-count badge text-bg-light", ""));
      d.appendChild(s);
      var body = el("div", "card-body py-2");
      var all = el("button", "btn btn-sm btn-outline-success mb-1 js-all", S.allTop.replace("{choice}", data.items[0].choices[0].label));
      all.type = "button";
      all.addEventListener("click", function () {
        body.querySelectorAll(".item").forEach(function (it) { it.querySelector("input").checked = true; it.classList.remove("missing"); });
        count();
      });
      body.appendChild(all);
      data.items.forEach(function (item, ii) {
        var box = el("div", "item"); box.dataset.item = item.code; box.dataset.required = item.required === false ? "no" : "yes";
        box.appendChild(el("div", "small mb-1", (ii + 1) + ". " + item.text));
        var group = el("div", "btn-group"); group.setAttribute("role", "group");
        item.choices.forEach(function (c) {
          var id = "c-" + ui + "-" + ii + "-" + c.value;
          var input = el("input", "btn-check"); input.type = "radio"; input.name = "s-" + ui + "-" + ii; input.id = id; input.value = c.value;
          input.addEventListener("change", function () { box.classList.remove("missing"); count(); });
          var label = el("label", "btn btn-outline-primary", c.label); label.htmlFor = id;
          group.appendChild(input); group.appendChild(label);
        });
        box.appendChild(group); body.appendChild(box);
      });
      d.appendChild(body); root.appendChild(d);
    });
    var bar = el("div", "xp-submitbar");
    bar.appendChild(el("div", "alert alert-danger d-none small py-1 px-2 mb-2", "")).id = "ballot-error";
    var line = el("div", "d-flex align-items-center gap-2");
    line.appendChild(el("span", "small text-muted flex-grow-1", "")).id = "progress";
    var btn = el("button", "btn btn-danger btn-lg", S.submit); btn.type = "button"; btn.id = "submit-ballot";
    btn.addEventListener("click", submit); line.appendChild(btn); bar.appendChild(line);
    root.appendChild(bar);
    count();
  }
  function submit() {
    var scores = {}, missing = 0, err = document.getElementById("ballot-error");
    root.querySelectorAll("details").forEach(function (d) {
      var unit = {};
      d.querySelectorAll(".item").forEach(function (it) {
        var c = it.querySelector("input:checked");
        if (c) { unit[it.dataset.item] = parseInt(c.value, 10); }
        else if (it.dataset.required !== "no") { missing++; it.classList.add("missing"); d.open = true; }
      });
      scores[d.dataset.unit] = unit;
    });
    if (missing) {
      err.textContent = S.missing; err.classList.remove("d-none");
      root.querySelector(".item.missing").scrollIntoView({block: "center"});
      return;
    }
    var btn = document.getElementById("submit-ballot"); btn.disabled = true;
    fetch(api, {method: "POST", credentials: "omit", headers: {"Content-Type": "application/json", "Accept": "application/json"},
                body: JSON.stringify({scores: scores})})
      .then(function (r) { return r.json().then(function (body) { return {status: r.status, body: body}; }); })
      .then(function (res) {
        if (res.status === 201) {
          root.classList.add("d-none"); var done = document.getElementById("ballot-done"); done.classList.remove("d-none");
          done.querySelector(".xp-receipt").textContent = res.body.receipt; window.scrollTo(0, 0);
        } else {
          err.textContent = S.failed + " " + (res.body.detail || JSON.stringify(res.body.scores || res.body));
          err.classList.remove("d-none"); btn.disabled = res.status === 409;
        }
      })
      .catch(function () { err.textContent = S.network; err.classList.remove("d-none"); btn.disabled = false; });
  }
  fetch(api, {credentials: "omit", headers: {"Accept": "application/json"}})
    .then(function (r) { if (!r.ok) throw r; return r.json(); })
    .then(function (body) { data = body; render(); })
    .catch(function () { root.innerHTML = ""; root.appendChild(el("div", "alert alert-warning", S.network)); });
})();
