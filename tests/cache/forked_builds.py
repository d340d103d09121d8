"""Run by test_forked_keys.py in a process of its own, as `beat build` runs: pytest's workers run
threads, and Beat forks only a process that runs none. Reads a list of operations (JSON, as
tests/serve/test_rebuild_exactness.py's `apply` takes them) on standard input; applies each to a
site with the search index off, builds it with the cache on disk, builds it clean, and prints
(JSON) for each step whether both builds succeeded and gave the same files, and whether the
story pages' keys were made by a forked copy."""

from __future__ import annotations

import json
import sys
import tempfile
import threading
from pathlib import Path

from builder import forked
from tests.cache.test_build_cache import cached_build, clean_build, new_site, tree
from tests.serve.test_rebuild_exactness import apply

SEARCH_OFF = "search = false\n"


def main() -> None:
    operations = json.loads(sys.stdin.read())
    copies: list[bool] = []
    real_init = forked.Forked.__init__

    def recording_init(self, work) -> None:
        real_init(self, work)
        copies.append(self._reader is not None)  # a copy was started

    forked.Forked.__init__ = recording_init
    steps = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "site"
        new_site(root)
        for number, operation in enumerate([None, *operations]):
            if operation is not None:
                apply(root, operation)
            config = root / "site.toml"
            if SEARCH_OFF not in config.read_text(encoding="utf-8"):
                config.write_text(config.read_text(encoding="utf-8") + SEARCH_OFF, encoding="utf-8")
            threads = threading.active_count()
            del copies[:]
            cached = cached_build(root)
            clean = Path(folder) / f"clean-{number}"
            cleaned = clean_build(root, clean)
            same = cached and cleaned and tree(root / "public") == tree(clean)
            steps.append(
                {
                    "operation": operation,
                    "ok": cached == cleaned,
                    "same": same or not cached,
                    "forked": list(copies),
                    "threads": threads,
                }
            )
    sys.stdout.write(json.dumps(steps))


if __name__ == "__main__":
    main()
