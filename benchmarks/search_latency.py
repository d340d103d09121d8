"""How long does the search page take to show results, and what does it fetch?

The index is made in shards (builder/search.py) that the search page merges in the browser, so
the size of a shard is a trade: smaller shards make an edit re-index fewer stories, and give
the search page more indexes to fetch. This measures the reader's side of that trade.

    python benchmarks/search_latency.py --site DIR [--queries officers,pantry] [--rounds 5]

DIR is a site built with search on (its public/ is served as it is, by a static server on a
free port). Each round opens the search page in a new browser context (nothing cached), waits
for the search box, types a query and measures until the interface says how many results it
found; it counts the requests the page made and the bytes they brought. Debian's chromium,
driven by Playwright; figures per round, then medians.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import statistics
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def one_search(browser, url: str, query: str) -> tuple[float, int, int]:
    """(seconds from typing to the results count, requests made, bytes received)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []
    page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
    page.goto(url)
    box = page.get_by_role("textbox")
    box.wait_for()
    started = time.perf_counter()
    box.fill(query)
    page.get_by_text(re.compile(rf"^(?:[\d,]+ results?|No results) for {re.escape(query)}$")).wait_for(timeout=60_000)
    seconds = time.perf_counter() - started
    context.close()
    return seconds, len(sizes), sum(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="a site built with search on")
    parser.add_argument("--queries", default="officers,pantry", help="comma-separated")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    public = args.site / "public"
    shards = len(list((public / "pagefind").glob("*/pagefind-entry.json")))
    print(f"{shards} search shards in {public}")
    server = serve(public)
    url = f"http://127.0.0.1:{server.server_address[1]}/search/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        for query in args.queries.split(","):
            runs = [one_search(browser, url, query) for _ in range(args.rounds)]
            for number, (seconds, requests, received) in enumerate(runs, 1):
                print(f"  {query!r} round {number}: {seconds * 1000:.0f} ms, {requests} requests, {received / 1024:.0f} KiB")
            print(
                f"{query!r}: median {statistics.median(r[0] for r in runs) * 1000:.0f} ms to results, "
                f"{statistics.median(r[1] for r in runs):.0f} requests, {statistics.median(r[2] for r in runs) / 1024:.0f} KiB"
            )
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
