// The online application: autosave as you type, live eligibility panel, repeated rows, counters.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form) return;
  var status = document.getElementById("save-status");
  var panel = document.getElementById("eligibility");
  var timer = null;
  var pending = false;

  function showErrors(errors) {
    form.querySelectorAll("[data-error-for]").forEach(function (el) {
      el.textContent = errors[el.getAttribute("data-error-for")] || "";
    });
  }

  function refreshPanel() {
    fetch(form.getAttribute("data-eligibility"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) panel.innerHTML = html; });
  }

  function save(keepalive) {
    timer = null;
    pending = false;
    status.textContent = "正在保存…";
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Autosave": "1" },
      keepalive: !!keepalive
    }).then(function (r) { return r.json(); }).then(function (answer) {
      if (answer.refused) { status.textContent = answer.refused; return; }
      status.textContent = "已自动保存 " + answer.saved;
      showErrors(answer.errors || {});
      refreshPanel();
    }).catch(function () {
      pending = true;
      status.textContent = "自动保存失败，请检查网络后点“保存草稿”";
    });
  }

  function changed() {
    pending = true;
    status.textContent = "有未保存的修改";
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 1200);
  }

  function count(area) {
    var out = form.querySelector('[data-count-for="' + area.id + '"]');
    if (!out) return;
    out.textContent = area.value.length;
    out.parentNode.classList.toggle("over", area.value.length > Number(area.getAttribute("data-max")));
  }

  // How far the form is filled: the required inputs with a value, per section and in all.
  function filled(input) {
    return input.type === "checkbox" ? input.checked : input.value.trim() !== "";
  }
  function progress() {
    var done = 0, total = 0;
    form.querySelectorAll("section[id^='section-']").forEach(function (section) {
      // Outside the rows every required input; in a group of rows those of the rows begun
      // (or of the first row, if none is), not of the blank row offered for one more.
      var inputs = Array.prototype.filter.call(
        section.querySelectorAll("[data-required]"),
        function (input) { return !input.closest(".row"); }
      );
      section.querySelectorAll("[data-rows]").forEach(function (group) {
        var rows = Array.prototype.slice.call(group.querySelectorAll(".row"));
        var begun = rows.filter(function (row) {
          return Array.prototype.some.call(row.querySelectorAll("input, select, textarea"), filled);
        });
        (begun.length ? begun : rows.slice(0, 1)).forEach(function (row) {
          inputs = inputs.concat(Array.prototype.slice.call(row.querySelectorAll("[data-required]")));
        });
      });
      var n = inputs.filter(filled).length;
      done += n;
      total += inputs.length;
      var out = document.querySelector('[data-progress-for="' + section.id + '"]');
      if (out && inputs.length) out.textContent = n + "/" + inputs.length;
    });
    var bar = document.getElementById("form-progress");
    var text = document.getElementById("progress-text");
    if (!bar || !text) return;
    bar.max = total;
    bar.value = done;
    text.textContent = done + "/" + total + "（" + (total ? Math.floor(100 * done / total) : 100) + "%）";
  }

  // Gender and birth date from a valid 18-digit ID number (GB 11643), where left blank.
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECKS = "10X98765432";
  function fromIdNumber(input) {
    var v = input.value.trim().toUpperCase();
    if (!/^\d{17}[\dX]$/.test(v)) return;
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += Number(v[i]) * WEIGHTS[i];
    if (CHECKS[sum % 11] !== v[17]) return;
    var y = Number(v.slice(6, 10)), m = Number(v.slice(10, 12)), d = Number(v.slice(12, 14));
    var day = new Date(Date.UTC(y, m - 1, d));
    if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return;
    var birth = v.slice(6, 10) + "-" + v.slice(10, 12) + "-" + v.slice(12, 14);
    var gender = form.querySelector("#f-gender");
    var born = form.querySelector("#f-birth_date");
    if (gender && !gender.value) gender.value = Number(v[16]) % 2 ? "男" : "女";
    if (born && !born.value) born.value = birth;
  }

  form.addEventListener("input", function (e) {
    if (e.target.hasAttribute("data-max")) count(e.target);
    if (e.target.id === "f-id_number") fromIdNumber(e.target);
    progress();
    changed();
  });
  form.addEventListener("change", changed);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && pending) save(true);
  });

  form.addEventListener("click", function (e) {
    var target = e.target;
    if (target.hasAttribute("data-add-row")) {
      var group = target.closest("[data-rows]");
      var list = group.querySelector(".row-list");
      var next = 0;
      group.querySelectorAll("[name]").forEach(function (input) {
        var rest = input.name.slice(group.getAttribute("data-rows").length + 1);
        var index = parseInt(rest, 10);
        if (!isNaN(index) && index >= next) next = index + 1;
      });
      var html = group.querySelector("template").innerHTML
        .split("__i__").join(String(next))
        .split("__n__").join(String(list.children.length + 1));
      list.insertAdjacentHTML("beforeend", html);
      var first = list.lastElementChild.querySelector("input, select, textarea");
      if (first) first.focus();
    } else if (target.hasAttribute("data-remove-row")) {
      target.closest(".row").remove();
      changed();
    }
    progress();
  });
})();
