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
    autofocus: true,
    processResult: withoutTitle
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
});

// The result's heading is the story's title: an excerpt that begins with it (a word of the title was
// searched for) starts after it instead. Excerpts are text with <mark> tags; tags are kept as they are.
function withoutTitle(result) {
  var title = result.meta && result.meta.title;
  var excerpt = result.excerpt || "";
  if (!title || excerpt.replace(/<\/?mark>/g, "").indexOf(title) !== 0) {
    return result;
  }
  var shown = 0, at = 0;
  while (at < excerpt.length && shown < title.length) {
    if (excerpt[at] === "<") {
      at = excerpt.indexOf(">", at) + 1;
    } else {
      shown += 1;
      at += 1;
    }
  }
  var rest = excerpt.slice(at).replace(/^(\s*<\/mark>)?[\s.:\-–—]*/, "");
  if (rest.replace(/<\/?mark>/g, "").trim()) {
    result.excerpt = rest;
  }
  return result;
}
