// The admin portal's one enhancement: a bulk confirmation shows a live progress bar.
// Without JavaScript the form posts as usual and the result page follows.
"use strict";

(function () {
  const form = document.getElementById("confirm-form");
  if (!form || !window.fetch) {
    return;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const button = document.getElementById("confirm");
    const panel = document.getElementById("progress");
    const bar = document.getElementById("progress-bar");
    const text = document.getElementById("progress-text");
    const total = Number(form.dataset.total);
    button.disabled = true;
    panel.hidden = false;
    let done = false;
    const show = function (rows) {
      bar.value = rows;
      text.textContent = rows + " of " + total + " rows";
    };
    const poll = function () {
      if (done) {
        return;
      }
      fetch(form.dataset.progress, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (state && state.status === "confirming") {
            show(state.processedRows);
          }
        })
        .catch(function () { /* the next poll tries again */ })
        .finally(function () {
          if (!done) {
            setTimeout(poll, 250);
          }
        });
    };
    show(0);
    setTimeout(poll, 250);
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
    })
      .then(function (response) {
        done = true;
        show(total);
        // The confirmation answers with the result page (after its redirect).
        window.location.assign(response.url);
      })
      .catch(function () {
        done = true;
        text.textContent = "The confirmation could not be sent. Reload the page to see where it stands.";
        button.disabled = false;
      });
  });
})();
