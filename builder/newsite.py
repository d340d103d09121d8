"""`beat init`: a new archive in a folder, ready to build, preview and publish."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from pathlib import Path

from builder.config import CONFIG_FILE, SiteConfig

# What each site.toml key does: written above it as a comment. Every SiteConfig field needs one
# (site_toml() fails without it, and a test builds one), so a new setting cannot be forgotten here.
SETTINGS_HELP = {
    "title": "The site's name, shown at the top of every page and in the feeds.",
    "base_url": (
        "Where the site is published, with its path if it has one:\n"
        '"https://example.org/" or "https://example.org/archive/". Every link and feed uses it.\n'
        "`beat build` warns while it is still http://localhost:8000/. The GitHub Pages workflow\n"
        "(.github/workflows/publish.yml) passes the address of the Pages site with --base-url."
    ),
    "description": "One sentence about the site: the pages' description and the feeds' subtitle.",
    "language": 'The language of the pages, as a language tag: "en", "es", "en-US".',
    "author": "The feeds' author for stories that name no author of their own.",
    "theme": (
        'The theme: a folder in this site\'s themes/ folder, else one that comes with Beat ("default").\n'
        "Templates in this site's templates/ folder override the theme's by name."
    ),
    "paginate": "Stories per listing page (the home page, tags, departments).",
    "feed_limit": "Entries in each Atom feed (the site's, each tag's, each department's).",
    "timezone": (
        'The newsroom\'s time zone, an IANA name such as "America/Chicago": a story dated\n'
        "2026-11-23 without a time is published at midnight there."
    ),
    "search": "true: build the search index and the /search/ page; false: neither, and no search box.",
    "sources": (
        'A story without `sources:`: "required" stops the build, "recommended" warns,\n'
        '"optional" says nothing. Each story page lists its sources; so does the open data.'
    ),
    "data_license": (
        'The licence of the open data in /data/, as an SPDX id ("CC-BY-4.0", "CC0-1.0", "ODbL-1.0")\n'
        "or in words. Empty: the /data/ page says no licence has been stated."
    ),
}

GITIGNORE = """\
# What `beat build` makes: `public` is a link to one of the two trees beside it.
/public
/public.beat-*
/.public.beat-*
# Beat's build cache, and `beat report`'s page.
/.beat-cache/
/report/
# Python
.venv/
__pycache__/
"""

# GitHub Pages: build with Beat, then upload and deploy with GitHub's own Pages actions.
PUBLISH_WORKFLOW = """\
# Builds the archive with Beat and publishes it on GitHub Pages, on every push to main and when
# started by hand (Actions tab, "Publish", "Run workflow").
# Once, in the repository's Settings > Pages, set "Source" to "GitHub Actions".
name: Publish

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One publication at a time; one that has started is not cancelled by a newer push.
concurrency:
  group: pages
  cancel-in-progress: false

env:
  # Beat is not on PyPI: pip installs it from its Git repository. Replace the address with the
  # repository Beat is kept in, and pin a tag or commit (@v0.1.0, @<commit>) so that every build
  # uses the same Beat.
  BEAT_PACKAGE: "beat @ git+https://github.com/OWNER/beat.git@main"

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v7

      - uses: actions/setup-python@v7
        with:
          python-version: "3.11"

      - name: Install Beat
        run: python -m pip install "$BEAT_PACKAGE"

      - name: Configure GitHub Pages
        id: pages
        uses: actions/configure-pages@v6

      - name: Build
        # The address GitHub Pages serves the site at, such as https://owner.github.io/repo/:
        # it overrides base_url in site.toml.
        env:
          PAGES_URL: ${{ steps.pages.outputs.base_url }}
        run: beat build --base-url "$PAGES_URL/"

      - name: Copy the site into a plain folder
        # `public` is a symbolic link to public.beat-a or public.beat-b: copy the files it points at.
        run: |
          mkdir _site
          cp -RL public/. _site/

      - uses: actions/upload-pages-artifact@v5
        with:
          path: _site/

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v5
"""

EXAMPLE_DEPARTMENT = "Example Police Department"
EXAMPLE_TAG = "community-events"


class InitError(Exception):
    pass


def site_toml(*, title: str | None = None, base_url: str | None = None) -> str:
    """site.toml with every setting present, each with what it does in a comment above it."""
    values = {f.name: f.default for f in fields(SiteConfig)}
    if title is not None:
        values["title"] = title
    if base_url is not None:
        values["base_url"] = base_url
    blocks = ["# Beat's settings for this site. Every key is optional: one left out takes Beat's default.\n"]
    for field in fields(SiteConfig):
        if field.name not in SETTINGS_HELP:
            raise KeyError(f"builder/newsite.py: SETTINGS_HELP has nothing to say about {field.name!r}")
        comment = "".join(f"# {line}\n" for line in SETTINGS_HELP[field.name].splitlines())
        blocks.append(f"{comment}{field.name} = {_toml_value(values[field.name])}\n")
    blocks.append(_CHECKS_EXAMPLE)
    return "\n".join(blocks)


# The content checks' table, commented out: rule ids are listed in the README ("Checks before publishing").
_CHECKS_EXAMPLE = """\
# The content checks (phone numbers, e-mail addresses, a minor's full name, alt text...) each
# report a warning or an error. Set a rule to "error", "warning" or "off" for the whole site:
# [checks]
# phone-number = "error"
"""


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def starter_files(today: date, *, title: str | None = None, base_url: str | None = None) -> dict[str, str]:
    """Every file of a new archive, by its path in the site folder."""
    return {
        CONFIG_FILE: site_toml(title=title, base_url=base_url),
        f"content/stories/{today.year}/welcome.md": _example_story(today),
        f"content/departments/{EXAMPLE_DEPARTMENT.lower().replace(' ', '-')}.md": _EXAMPLE_PROFILE,
        f"content/tags/{EXAMPLE_TAG}.md": _EXAMPLE_TAG_PROFILE,
        "content/pages/about.md": _ABOUT,
        ".gitignore": GITIGNORE,
        ".github/workflows/publish.yml": PUBLISH_WORKFLOW,
    }


EMPTY_FOLDERS = ("content/media",)  # pictures and other files published at /media/...


def init_site(
    folder: Path, *, today: date, title: str | None = None, base_url: str | None = None, force: bool = False
) -> list[str]:
    """Write a new archive into `folder` and return the paths written. Refuses a folder that is
    not empty (unless `force`) or already holds a site, and never overwrites a file."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file, not a folder")
    if (folder / CONFIG_FILE).exists():
        raise InitError(f"{folder} already holds a site ({CONFIG_FILE})")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InitError(f"{folder} is not empty; choose an empty or new folder, or pass --force to add a new archive to it")
    files = starter_files(today, title=title, base_url=base_url)
    if taken := sorted(path for path in files if (folder / path).exists() or (folder / path).is_symlink()):
        raise InitError(f"{folder} already has {', '.join(taken)}; nothing was written")
    written = []
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x": fail rather than overwrite, should a file appear in the meantime.
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(relative)
    for relative in EMPTY_FOLDERS:
        (folder / relative).mkdir(parents=True, exist_ok=True)
    return written


def _example_story(today: date) -> str:
    return f"""\
---
title: "Welcome to the Archive"
date: {today.isoformat()}
department: "{EXAMPLE_DEPARTMENT}"
tags: [{EXAMPLE_TAG}]
summary: "An example story: edit it, or delete it once the archive has stories of its own."
author: "The Editors"
sources:
  - name: "Beat"
    url: "https://example.org/beat/getting-started"
---
This is an example story. Each story is one Markdown file in `content/stories/<year>/`;
its address is `/stories/<file name>/`. `beat new "Title"` starts a new one with today's date.

The lines between the two `---` at the top are the story's front matter: its title, date,
department and tags are required, the summary and author are optional. `sources:` lists
the reports the story is based on (each a `url`, with a `name`, `date` and `archived` copy
if you have them); `corrections:` lists what was changed after publication (each a `date`
and a short `text`).

Write the story below them in Markdown: **bold**, *italics*, [links](https://example.org/),
lists and quotes all work. Pictures go in `content/media/` and are shown with
`![what the picture shows](/media/picture.jpg)`.
"""


_EXAMPLE_PROFILE = f"""\
---
name: "{EXAMPLE_DEPARTMENT}"
city: "Example City"
region: "Example State"
aliases: ["Example PD"]
---
A department's profile: its name, city and region, and other names stories may use for it.
A department needs no profile: the first story that names it makes its page.
"""

_EXAMPLE_TAG_PROFILE = """\
---
title: "Community Events"
---
A tag's profile gives the tag its title and a description, shown on the tag's page.
"""

_ABOUT = """\
---
title: "About"
summary: "What this archive is and who keeps it."
---
Each page in `content/pages/` is published at `/<file name>/` and linked from every page's
navigation. Say here what this archive collects, who keeps it, and how to send a story.
"""
