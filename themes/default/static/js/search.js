// Starts Pagefind's search interface on the search page. A query in the address
// (?q=..., sent by the search box in every page's header) is searched at once.
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") {
    return;  // the index did not load: the page keeps offering its browsing links
  }
  // Shown until now for browsers without JavaScript (a <noscript> would not cover a failed load).
  document.getElementById("search-fallback").hidden = true;
  var ui = new PagefindUI({
    element: "#search",
    showSubResults: false,
    showImages: false,
    autofocus: true
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
});
