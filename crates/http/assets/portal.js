// The admin portal's enhancements. Every form works without them (a full page
// load); with them:
// - a list's filter form (`form[data-swap]`) and its paging links update only the
//   list (the element whose id the form names, marked `data-region`), as the user
//   types or chooses, and the address follows so reloading or sharing shows the same;
// - a bulk confirmation shows a live progress bar while the rows are invited.
"use strict";

(function () {
  if (!window.fetch || !window.DOMParser || !window.history) {
    return;
  }

  // --- Partial updates -----------------------------------------------------------

  let generation = 0;

  // Loads `url` and puts its copy of the region in place of ours; anything that
  // goes wrong falls back to loading the page itself.
  function swap(regionId, url, push) {
    const region = document.getElementById(regionId);
    if (!region) {
      window.location.assign(url);
      return;
    }
    const mine = ++generation;
    region.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { "X-Entente-Region": regionId } })
      .then(function (response) {
        return response.text().then(function (html) {
          return { html: html, url: response.url, redirected: response.redirected };
        });
      })
      .then(function (answer) {
        if (mine !== generation) {
          return; // A later request (the user kept typing) wins.
        }
        const page = new DOMParser().parseFromString(answer.html, "text/html");
        const fresh = page.getElementById(regionId);
        if (answer.redirected || !fresh) {
          window.location.assign(url); // Signed out meanwhile, or another page.
          return;
        }
        region.replaceWith(document.adoptNode(fresh));
        if (push) {
          window.history.pushState({ region: regionId }, "", url);
        } else {
          window.history.replaceState({ region: regionId }, "", url);
        }
      })
      .catch(function () {
        window.location.assign(url);
      });
  }

  function formUrl(form) {
    const query = new URLSearchParams(new FormData(form));
    for (const [name, value] of Array.from(query.entries())) {
      if (value === "") {
        query.delete(name);
      }
    }
    const text = query.toString();
    // Read as attributes: a field named "action" or "method" shadows the properties.
    const target = new URL(form.getAttribute("action") || "", window.location.href);
    return target.pathname + (text ? "?" + text : "");
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    const method = (form.getAttribute && form.getAttribute("method")) || "get";
    if (form.dataset && form.dataset.swap && method.toLowerCase() === "get") {
      event.preventDefault();
      swap(form.dataset.swap, formUrl(form), true);
    }
  });

  let typing = null;
  const live = function (event) {
    const field = event.target;
    const form = field.form;
    if (!form || !form.dataset.swap) {
      return;
    }
    clearTimeout(typing);
    const delay = field.tagName === "SELECT" || field.type === "date" ? 0 : 300;
    typing = setTimeout(function () {
      if (form.checkValidity()) {
        swap(form.dataset.swap, formUrl(form), false);
      }
    }, delay);
  };
  document.addEventListener("input", live);
  document.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT") {
      live(event);
    }
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest && event.target.closest("a[rel=next]");
    const region = link && link.closest("[data-region]");
    if (region && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      swap(region.id, link.href, true);
    }
  });

  // Back and forward over swapped states show the page of that address.
  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.region) {
      swap(event.state.region, window.location.href, false);
    }
  });

  // --- Bulk confirmation progress -----------------------------------------------

  const form = document.getElementById("confirm-form");
  if (!form) {
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
      text.textContent = form.dataset.progressText
        .replace("{processed}", String(rows))
        .replace("{total}", String(total));
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
        text.textContent = form.dataset.failedText;
        button.disabled = false;
      });
  });
})();
