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

  form.addEventListener("input", function (e) {
    if (e.target.hasAttribute("data-max")) count(e.target);
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
  });
})();
