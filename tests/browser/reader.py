"""What the reader-facing browser tests share: one page of every kind, the widths, and a watch
on everything that can go wrong while a page loads."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import ConsoleMessage, Page, Request, Response

# One page of every kind in the sample archive (name -> path under the site's address).
PAGE_TYPES: dict[str, str] = {
    "home": "",
    "home-page-2": "page/2/",
    "story": "stories/pulled-over-for-admiration/",
    "story-with-image": "stories/maple-hollow-bike-rodeo/",
    "story-with-image-2": "stories/coffee-with-a-cop-on-the-riverfront/",
    "story-with-corrections": "stories/harbor-city-night-out-on-dockside-avenue/",
    "story-with-sources": "stories/deputies-rescue-ducklings-from-storm-drain/",
    "tag": "tags/youth-outreach/",
    "tags": "tags/",
    "department": "departments/maple-hollow-police-department/",
    "departments": "departments/",
    "archive": "archive/",
    "year": "archive/2025/",
    "content-page": "about/",
    "404": "no-such-page/",
    "search": "search/",
    "corrections": "corrections/",
    "data": "data/",
}

# axe-core's options for the WCAG 2.1 A and AA rules: what every page must pass.
WCAG_21_AA = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
NOT_FOUND = "404"
WIDTHS = {"desktop": (1280, 800), "mobile": (390, 844)}


def expected_status(page_type: str) -> int:
    return 404 if page_type == NOT_FOUND else 200


@dataclass
class Watch:
    """Console errors, uncaught exceptions, failed requests and error responses of one page."""

    allowed: set[str] = field(default_factory=set)  # URLs whose error status is the point of the test
    navigating: bool = False  # True: leaving a page early may cancel its requests (the icon, often)
    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Watch:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught exception: {exc}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        return self

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            where = message.location.get("url", "")
            if message.type == "error" and where in self.allowed and "status of 404" in message.text:
                return  # the browser's own report of the deliberate 404
            self.problems.append(f"console {message.type}: {message.text} ({where})")

    def _failed(self, request: Request) -> None:
        if self.navigating and request.failure == "net::ERR_ABORTED":
            return
        self.problems.append(f"request failed: {request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.url not in self.allowed:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def load_every_image(page: Page) -> int:
    """Scroll each image into view (they load lazily) and insist it loaded; returns how many."""
    images = page.locator("img")
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        image.evaluate(
            "img => img.complete && img.naturalWidth > 0 ? null : new Promise((ok, fail) => {"
            " img.addEventListener('load', ok); img.addEventListener('error', () => fail(new Error('broken image ' + img.src))); })"
        )
    return images.count()
