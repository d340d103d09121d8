// Starts Pagefind's search interface on the search page, over every year's index (the page
// lists them, newest first). A query in the address (?q=..., sent by the search box in every
// page's header) is searched at once.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (typeof PagefindUI === "undefined" || !element) {
    return;  // the interface did not load: the page keeps offering its browsing links
  }
  // Shown until now for browsers without JavaScript (a <noscript> would not cover a failed load).
  document.getElementById("search-fallback").hidden = true;
  var bundles = element.getAttribute("data-bundles").split(" ");
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: bundles[0],
    mergeIndex: bundles.slice(1).map(function (path) { return { bundlePath: path }; }),
    showSubResults: false,
    showImages: false,
    autofocus: true
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
});
