// Shows each `<time data-local datetime="...">` of a page in the reader's language
// (the page's `lang`) and time zone (the browser's), keeping the server's UTC text as
// the element's title. Without this script the page shows that UTC text. Times that
// arrive later (a list region replaced by portal.js) are shown the same way.
(function () {
  "use strict";
  var format;
  try {
    format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      dateStyle: "medium",
      timeStyle: "short",
    });
  } catch (e) {
    return;
  }
  function localize(root) {
    var times = root.querySelectorAll("time[data-local]");
    for (var i = 0; i < times.length; i++) {
      var element = times[i];
      var at = new Date(element.getAttribute("datetime"));
      if (isNaN(at.getTime())) continue;
      element.title = element.textContent;
      element.textContent = format.format(at);
      element.removeAttribute("data-local");
    }
  }
  function start() {
    localize(document);
    new MutationObserver(function () {
      localize(document);
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
