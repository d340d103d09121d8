"""How much a reader downloads for each kind of page of the repository's sample archive.

    python benchmarks/page_weight.py

Builds the sample (the repository root is a Beat site) into a temporary folder with the real
pipeline and prints, for the home page, a story, a tag, a department and the search page (if the
site has one): the HTML's bytes, its stylesheets' bytes, and both gzipped at level 9 as a server
would send them. tests/checks/test_page_weight.py holds the home and story pages to 30 KB.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from builder.pipeline import BuildOptions, build  # noqa: E402
from tests.checks.weight import page_weight  # noqa: E402


def first(public: Path, pattern: str) -> str:
    found = sorted(public.glob(pattern))
    return found[0].parent.relative_to(public).as_posix() + "/" if found else ""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        public = Path(folder) / "public"
        result = build(REPO, BuildOptions(out_dir=public, now=datetime.now(UTC)))
        if not result.ok:
            sys.exit("\n".join(map(str, result.problems)))
        base_path = result.config.base_path
        kinds = {
            "home": "",
            "story": first(public, "stories/*/index.html"),
            "tag": first(public, "tags/*/index.html"),
            "department": first(public, "departments/*/index.html"),
        }
        if (public / "search" / "index.html").is_file():
            kinds["search"] = "search/"
        print("| page | address | HTML bytes | CSS bytes | gzipped total |")
        print("| --- | --- | ---: | ---: | ---: |")
        for kind, site_path in kinds.items():
            weight = page_weight(public, site_path, base_path)
            print(f"| {kind} | /{site_path} | {weight.html_bytes:,} | {weight.css_bytes:,} | {weight.compressed:,} |")


if __name__ == "__main__":
    main()
