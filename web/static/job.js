/* Ingest job status: poll /api/curate/jobs/{id} until the job is done or failed. */
(function () {
  "use strict";
  var box = document.querySelector("[data-job]");
  if (!box || !window.fetch) { return; }
  var LABELS = { queued: "Waiting", running: "Working", done: "Done", failed: "Failed" };
  var id = box.getAttribute("data-job-id");
  function poll() {
    var state = box.getAttribute("data-job-state");
    if (state === "done" || state === "failed") { return; }
    fetch("/api/curate/jobs/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        box.setAttribute("data-job-state", job.state);
        box.querySelector("[data-job-state-label]").textContent = LABELS[job.state] + ":";
        box.querySelector("[data-job-message]").textContent = job.message;
        if (job.state === "done") { box.classList.add("notification--success"); }
      })
      .then(function () { window.setTimeout(poll, 1000); });
  }
  window.setTimeout(poll, 500);
}());
