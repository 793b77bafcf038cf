// The progress bar of a background job (admin/jobs/progress.html): poll the job's
// status (JSON) every second, show how far it has got, and reload the page when
// the job moves on to another state (checked, imported, failed).
(function () {
  "use strict";
  function start() {
    var box = document.querySelector(".job-progress[data-status-url]");
    if (!box) { return; }
    var url = box.getAttribute("data-status-url");
    var state = box.getAttribute("data-state");
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-job-label]");
    var count = box.querySelector("[data-job-count]");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (status) {
          if (!status) { return; }
          if (status.state !== state || status.finished) { window.location.reload(); return; }
          label.textContent = status.label;
          if (status.total) {
            bar.max = status.total;
            bar.value = status.done;
            bar.textContent = status.percent + "%";
            count.textContent = "(" + status.done + " of " + status.total + " rows)";
          }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 1000);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
