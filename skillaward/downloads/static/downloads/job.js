// A document job's page: ask the server for the job's progress every two seconds and show it;
// when the job is done, reload to show the download link (the page works without script too).
(function () {
  var bar = document.getElementById("job-progress");
  if (!bar || bar.dataset.finished === "1") return;
  var text = document.getElementById("job-text");
  function poll() {
    fetch(bar.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.value = job.percent;
        text.textContent = job.status_name + "：" + job.done + " / " + job.total;
        if (job.status === "done" || job.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
