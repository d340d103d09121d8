"""Turn a generated Beat archive into equivalent Hugo and Pelican sites, for benchmarks/compare.py.

Every site gets the same stories, departments, tags and about page at the same addresses:
/stories/<slug>/, /tags/<slug>/, /departments/<slug>/ (each tag and department with /page/N/ and
a feed), /archive/<year>/, / with /page/N/ (20 per page) and a site feed. The peers' templates
follow Beat's default theme (head with canonical/feed/Open Graph tags, header with navigation,
footer, story lists with date, department and summary, year pages one line a story, pagination
linking the first, the last and two pages either side) so that no tool renders much lighter
pages than another.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import slugify, tag_title  # a sibling script, not a package

REPO = Path(__file__).resolve().parent.parent
BEAT_CSS = REPO / "themes" / "default" / "static" / "css" / "style.css"


@dataclass
class Story:
    path: Path  # the Beat source file
    slug: str
    title: str
    date: str
    department: str  # slug
    tags: list[str]  # slugs
    summary: str
    author: str
    location: str
    body: str

    @property
    def year(self) -> str:
        return self.date[:4]


@dataclass
class Term:
    slug: str
    title: str
    description: str = ""
    city: str = ""
    region: str = ""
    website: str = ""


@dataclass
class Archive:
    config: dict[str, str]
    stories: list[Story]
    departments: dict[str, Term]
    tags: dict[str, Term]
    pages: list[tuple[str, str, str, str]] = field(default_factory=list)  # slug, title, summary, body


def _scalar(text: str):
    text = text.strip()
    if text.startswith(('"', "[", "{")):
        try:
            return json.loads(text)
        except ValueError:
            pass
    return text.strip("'")


def split_front_matter(text: str) -> tuple[dict, str]:
    """The generator's front matter: one `key: value` a line, values JSON strings or lists or bare."""
    lines = text.split("\n")
    if lines[0] != "---":
        raise ValueError("no front matter")
    end = lines.index("---", 1)
    meta = {}
    for line in lines[1:end]:
        key, _, value = line.partition(":")
        meta[key.strip()] = _scalar(value)
    return meta, "\n".join(lines[end + 1 :])


def read_site_toml(path: Path) -> dict[str, str]:
    import tomllib

    with path.open("rb") as handle:
        return tomllib.load(handle)


def read_archive(site: Path) -> Archive:
    """Everything the peers need from a Beat site written by benchmarks/generate.py."""
    content = site / "content"
    departments: dict[str, Term] = {}
    department_keys: dict[str, str] = {}  # casefolded name, alias or slug -> slug
    for path in sorted((content / "departments").glob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        slug = path.stem
        departments[slug] = Term(
            slug, meta["name"], body.strip(), meta.get("city", ""), meta.get("region", ""), meta.get("website", "")
        )
        for key in [meta["name"], slug, *meta.get("aliases", [])]:
            department_keys[key.casefold()] = slug
    tags: dict[str, Term] = {}
    tag_keys: dict[str, str] = {}
    for path in sorted((content / "tags").glob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        tags[path.stem] = Term(path.stem, meta["title"], body.strip())
        for key in [meta["title"], path.stem, *meta.get("aliases", [])]:
            tag_keys[slugify(key)] = path.stem
    pages = []
    for path in sorted((content / "pages").glob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        pages.append((path.stem, meta["title"], meta.get("summary", ""), body))

    stories = []
    for path in sorted((content / "stories").rglob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        name = meta["department"]
        dept = department_keys.get(name.casefold()) or slugify(name)
        if dept not in departments:
            departments[dept] = Term(dept, name)
        elif departments[dept].title.isupper() and not name.isupper():
            departments[dept].title = name  # prefer a spelling that is not all capitals
        raw_tags = meta.get("tags", [])
        if isinstance(raw_tags, str):
            raw_tags = [t for t in raw_tags.split(",") if t.strip()]
        story_tags = []
        for tag in raw_tags:
            slug = tag_keys.get(slugify(tag), slugify(tag))
            if slug not in tags:
                tags[slug] = Term(slug, tag_title(slug))
            if slug not in story_tags:
                story_tags.append(slug)
        stories.append(
            Story(
                path=path,
                slug=meta.get("slug") or path.stem,
                title=meta["title"],
                date=str(meta["date"]),
                department=dept,
                tags=story_tags,
                summary=meta.get("summary", ""),
                author=meta.get("author", ""),
                location=meta.get("location", ""),
                body=body,
            )
        )
    return Archive(read_site_toml(site / "site.toml"), stories, departments, tags, pages)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a valid double-quoted YAML and TOML string


# --------------------------------------------------------------------------------------------- Hugo

HUGO_CONFIG = """\
baseURL = {base_url}
languageCode = {language}
title = {title}
timeZone = "UTC"
buildFuture = true
disableKinds = ["robotsTXT", "404"]
enableRobotsTXT = false

[params]
description = {description}
author = {author}

[pagination]
pagerSize = {paginate}
path = "page"
disableAliases = true  # no /page/1/ redirect pages: Beat and Pelican write none

[taxonomies]
tag = "tags"
department = "departments"
year = "archive"

[permalinks.page]
stories = "/stories/:slug/"

[outputs]
home = ["html", "rss"]
section = ["html"]
taxonomy = ["html"]
term = ["html", "rss"]
page = ["html"]

[outputFormats.rss]
baseName = "feed"

[services.rss]
limit = {feed_limit}

[markup.goldmark.renderer]
unsafe = false

[markup.goldmark.extensions.typographer]
disable = false
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.Language.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
{{ $description := or .Params.summary site.Params.description }}<meta name="description" content="{{ $description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}: {{ $.Title }}" href="{{ .Permalink }}">
{{ else }}{{ with site.Home.OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ .Permalink }}">
{{ end }}{{ end }}
{{ with resources.Get "css/style.css" | fingerprint }}<link rel="stylesheet" href="{{ .RelPermalink }}">{{ end }}
<meta property="og:title" content="{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }}{{ end }}">
<meta property="og:description" content="{{ $description }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:type" content="{{ if eq .Section "stories" }}article{{ else }}website{{ end }}">
<meta property="og:site_name" content="{{ site.Title }}">
{{ block "head" . }}{{ end }}
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header">
<div class="wrap">
<a class="site-title" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav class="site-nav" aria-label="Main">
<ul>
<li><a href="/"{{ if .IsHome }} aria-current="page"{{ end }}>Home</a></li>
<li><a href="/departments/">Departments</a></li>
<li><a href="/tags/">Tags</a></li>
<li><a href="/archive/">Archive</a></li>
{{ range site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>
{{ end }}
</ul>
</nav>
</div>
</header>
<main id="content" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<div class="wrap">
<p>{{ site.Params.description }}</p>
<nav aria-label="Footer">
<ul>
{{ range site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>
{{ end }}
</ul>
</nav>
<p><a href="/feed.xml" type="application/rss+xml">Subscribe to the feed</a> · Published by {{ site.Params.author }}</p>
</div>
</footer>
</body>
</html>
""",
    "_partials/story-list.html": """\
{{ $h3 := eq .level 3 }}
{{ with .pages }}
<ul class="story-list">
{{ range . }}
<li>
<article class="story-summary">
{{ if $h3 }}<h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>{{ else }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ end }}
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "January 2, 2006" }}</time>{{ with .GetTerms "departments" }}{{ with index . 0 }} <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}{{ end }}</p>
{{ with .Params.summary }}<p>{{ . }}</p>
{{ end }}
</article>
</li>
{{ end }}
</ul>
{{ else }}
<p>No stories yet.</p>
{{ end }}
""",
    "_partials/pagination.html": """\
{{ if gt .TotalPages 1 }}
{{ $current := .PageNumber }}{{ $last := .TotalPages }}{{ $gap := false }}
<nav class="pagination" aria-label="Pagination">
<ul>
{{ with .Prev }}<li><a href="{{ .URL }}" rel="prev">← Previous<span class="visually-hidden"> page</span></a></li>
{{ end }}
{{ range .Pagers }}{{ $n := .PageNumber }}{{ if or (eq $n 1) (eq $n $last) (and (ge $n (sub $current 2)) (le $n (add $current 2))) }}<li><a href="{{ .URL }}"{{ if eq $n $current }} aria-current="page"{{ end }}><span class="visually-hidden">Page </span>{{ $n }}</a></li>{{ $gap = false }}
{{ else if not $gap }}<li class="pagination-gap">…</li>{{ $gap = true }}
{{ end }}{{ end }}
{{ with .Next }}<li><a href="{{ .URL }}" rel="next">Next<span class="visually-hidden"> page</span> →</a></li>
{{ end }}
</ul>
</nav>
{{ end }}
""",
    "home.html": """\
{{ define "main" }}
{{/* The section's own list: `where site.RegularPages ...` here would filter every page again on each of the home's pages. */}}
{{ $pager := .Paginate (site.GetPage "/stories").RegularPages }}
<div class="page-header">
{{ if eq $pager.PageNumber 1 }}<h1>{{ site.Title }}</h1>{{ else }}<h1>Stories, page {{ $pager.PageNumber }}</h1>{{ end }}
<p class="lede">{{ site.Params.description }}</p>
</div>
{{ partial "story-list.html" (dict "pages" $pager.Pages "level" 2) }}
{{ partial "pagination.html" $pager }}
{{ end }}
""",
    "single.html": """\
{{ define "head" }}
{{ if eq .Section "stories" }}
<meta property="article:published_time" content="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
{{ range .GetTerms "tags" }}<meta property="article:tag" content="{{ .LinkTitle }}">
{{ end }}
<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "NewsArticle" "headline" .Title "datePublished" (.Date.Format "2006-01-02T15:04:05Z07:00") "url" .Permalink "author" .Params.author | jsonify | safeJS }}</script>
{{ end }}
{{ end }}
{{ define "main" }}
{{ if eq .Section "stories" }}
<article class="story" data-pagefind-body>
<header class="story-header">
<h1>{{ .Title }}</h1>
<p class="meta">
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}" data-pagefind-filter="year:{{ .Date.Year }}">{{ .Date.Format "January 2, 2006" }}</time>
{{ with .GetTerms "departments" }}{{ with index . 0 }}<a href="{{ .RelPermalink }}" data-pagefind-filter="department">{{ .LinkTitle }}</a>{{ end }}{{ end }}
{{ with .Params.author }}<span>By {{ . }}</span>{{ end }}
{{ with .Params.location }}<span>{{ . }}</span>{{ end }}
<span>{{ .ReadingTime }} min read</span>
</p>
</header>
<div class="prose">
{{ .Content }}
</div>
{{ with .GetTerms "tags" }}
<footer class="story-footer">
<h2 class="tags-heading">Tags</h2>
<ul class="tag-list">
{{ range . }}<li><a href="{{ .RelPermalink }}" rel="tag" data-pagefind-filter="tag">{{ .LinkTitle }}</a></li>
{{ end }}
</ul>
</footer>
{{ end }}
</article>
{{ if or .NextInSection .PrevInSection }}
<nav class="story-nav" aria-label="More stories">
<ul>
{{ with .NextInSection }}<li class="story-nav-previous"><a href="{{ .RelPermalink }}" rel="prev"><span class="story-nav-label">← Older story</span> {{ .Title }}</a></li>
{{ end }}
{{ with .PrevInSection }}<li class="story-nav-next"><a href="{{ .RelPermalink }}" rel="next"><span class="story-nav-label">Newer story →</span> {{ .Title }}</a></li>
{{ end }}
</ul>
</nav>
{{ end }}
{{ else }}
<article class="page">
<h1>{{ .Title }}</h1>
<div class="prose">
{{ .Content }}
</div>
</article>
{{ end }}
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
{{ $count := len .Pages }}
<div class="page-header">
<h1>{{ .Title }}</h1>
{{ if or .Params.city .Params.region .Params.website }}
<dl class="details">
{{ with .Params.city }}<div><dt>City</dt><dd>{{ . }}</dd></div>
{{ end }}{{ with .Params.region }}<div><dt>Region</dt><dd>{{ . }}</dd></div>
{{ end }}{{ with .Params.website }}<div><dt>Website</dt><dd><a href="{{ . }}">{{ . }}</a></dd></div>
{{ end }}
</dl>
{{ end }}
{{ with .Content }}<div class="prose description">
{{ . }}
</div>
{{ end }}
<p class="meta"><span>{{ $count }} {{ if eq $count 1 }}story{{ else }}stories{{ end }}</span>{{ with .OutputFormats.Get "rss" }} <a href="{{ .RelPermalink }}" type="application/rss+xml">Feed for “{{ $.Title }}”</a>{{ end }}</p>
</div>
{{ $pager := .Paginate .Pages }}
{{ partial "story-list.html" (dict "pages" $pager.Pages "level" 2) }}
{{ partial "pagination.html" $pager }}
{{ end }}
""",
    "archive/term.html": """\
{{ define "main" }}
<div class="page-header">
<h1>Stories from {{ .Title }}</h1>
<p><a href="/archive/">← All years</a></p>
</div>
{{ range .Pages.GroupByDate "January" }}
<section class="month">
<h2>{{ .Key }}</h2>
<ul class="archive-list">
{{ range .Pages }}<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .GetTerms "departments" }}{{ with index . 0 }} <span class="archive-department">{{ .LinkTitle }}</span>{{ end }}{{ end }}</li>
{{ end }}
</ul>
</section>
{{ end }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<div class="page-header">
<h1>{{ .Title }}</h1>
</div>
<ul class="term-list">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> <span class="count">({{ .Count }} {{ if eq .Count 1 }}story{{ else }}stories{{ end }})</span></li>
{{ end }}
</ul>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<div class="page-header"><h1>{{ .Title }}</h1></div>
{{ $pager := .Paginate .Pages }}
{{ partial "story-list.html" (dict "pages" $pager.Pages "level" 2) }}
{{ partial "pagination.html" $pager }}
{{ end }}
""",
    "rss.xml": """\
{{- $pages := .Pages -}}
{{- if .IsHome }}{{ $pages = (site.GetPage "/stories").RegularPages }}{{ end -}}
{{- $pages = first site.Config.Services.RSS.Limit $pages -}}
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<link>{{ .Permalink }}</link>
<description>{{ site.Params.description }}</description>
<language>{{ site.Language.LanguageCode }}</language>
{{ with .OutputFormats.Get "rss" }}{{ printf "<atom:link href=%q rel=\\"self\\" type=%q />" .Permalink .MediaType | safeHTML }}{{ end }}
{{- range $pages }}
<item>
<title>{{ .Title }}</title>
<link>{{ .Permalink }}</link>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
<guid>{{ .Permalink }}</guid>
<author>{{ .Params.author }}</author>
<description>{{ .Params.summary }}</description>
<content:encoded>{{ .Content | transform.XMLEscape | safeHTML }}</content:encoded>
</item>
{{- end }}
</channel>
</rss>
""",
}


def write_hugo_site(archive: Archive, site: Path) -> dict[str, Path]:
    """A Hugo site in `site`; returns {story slug: its content file}."""
    if site.exists():
        shutil.rmtree(site)
    config = archive.config
    _write(
        site / "hugo.toml",
        HUGO_CONFIG.format(
            base_url=_q(config.get("base_url", "http://localhost:8000/")),
            language=_q(config.get("language", "en")),
            title=_q(config.get("title", "Beat")),
            description=_q(config.get("description", "")),
            author=_q(config.get("author", "")),
            paginate=int(config.get("paginate", 20)),
            feed_limit=int(config.get("feed_limit", 20)),
        ),
    )
    for name, text in HUGO_LAYOUTS.items():
        _write(site / "layouts" / name, text)
    (site / "assets" / "css").mkdir(parents=True)
    shutil.copyfile(BEAT_CSS, site / "assets" / "css" / "style.css")
    content = site / "content"
    # The stories section has no listing of its own (Beat has none): home, terms and years list them.
    _write(content / "stories" / "_index.md", '---\ntitle: "Stories"\nbuild:\n  render: never\n  list: always\n---\n')
    _write(content / "archive" / "_index.md", '---\ntitle: "Archive"\ncascade:\n  outputs: ["html"]\n---\n')
    _write(content / "tags" / "_index.md", '---\ntitle: "Tags"\n---\n')
    _write(content / "departments" / "_index.md", '---\ntitle: "Departments"\n---\n')
    # Like Beat, publish a profile's page only when a story names it.
    used_departments = {story.department for story in archive.stories}
    used_tags = {tag for story in archive.stories for tag in story.tags}
    for term in archive.departments.values():
        if term.slug not in used_departments:
            continue
        front = [f"title: {_q(term.title)}"]
        front += [
            f"{key}: {_q(value)}"
            for key, value in (("city", term.city), ("region", term.region), ("website", term.website))
            if value
        ]
        _write(
            content / "departments" / term.slug / "_index.md", "---\n" + "\n".join(front) + "\n---\n" + term.description + "\n"
        )
    for term in archive.tags.values():
        if term.slug not in used_tags:
            continue
        _write(content / "tags" / term.slug / "_index.md", f"---\ntitle: {_q(term.title)}\n---\n{term.description}\n")
    for slug, title, summary, body in archive.pages:
        front = f"---\ntitle: {_q(title)}\nsummary: {_q(summary)}\nurl: /{slug}/\nmenus: main\n---\n"
        _write(content / f"{slug}.md", front + body)
    files = {}
    for story in archive.stories:
        front = [
            "---",
            f"title: {_q(story.title)}",
            f"date: {story.date}",
            f"slug: {_q(story.slug)}",
            f"departments: [{_q(story.department)}]",
            "tags: [" + ", ".join(_q(tag) for tag in story.tags) + "]",
            f"archive: [{_q(story.year)}]",
            f"summary: {_q(story.summary)}",
            f"author: {_q(story.author)}",
            f"location: {_q(story.location)}",
            "---",
        ]
        path = content / "stories" / f"{story.slug}.md"
        _write(path, "\n".join(front) + "\n" + story.body)
        files[story.slug] = path
    return files


# ------------------------------------------------------------------------------------------ Pelican

PELICAN_CONF = """\
# Written by benchmarks/peer_sites.py: settings chosen so that Pelican publishes the same pages as Beat.
AUTHOR = {author}
SITENAME = {title}
SITESUBTITLE = {description}
SITEURL = {site_url}
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
TIMEZONE = "UTC"
DEFAULT_LANG = {language}
THEME = {theme}
PATH = {content}
ARTICLE_PATHS = ["stories"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
USE_FOLDER_AS_CATEGORY = False
DELETE_OUTPUT_DIRECTORY = False

MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.extra": {{}},
        "markdown.extensions.sane_lists": {{}},
        "markdown.extensions.smarty": {{"smart_angled_quotes": False}},
        "markdown.extensions.meta": {{}},
    }},
    "output_format": "html",
}}

ARTICLE_URL = "stories/{{slug}}/"
ARTICLE_SAVE_AS = "stories/{{slug}}/index.html"
PAGE_URL = "{{slug}}/"
PAGE_SAVE_AS = "{{slug}}/index.html"
TAG_URL = "tags/{{slug}}/"
TAG_SAVE_AS = "tags/{{slug}}/index.html"
CATEGORY_URL = "departments/{{slug}}/"
CATEGORY_SAVE_AS = "departments/{{slug}}/index.html"
TAGS_SAVE_AS = "tags/index.html"
CATEGORIES_SAVE_AS = "departments/index.html"
ARCHIVES_SAVE_AS = "archive/index.html"
YEAR_ARCHIVE_URL = "archive/{{date:%Y}}/"
YEAR_ARCHIVE_SAVE_AS = "archive/{{date:%Y}}/index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "categories", "archives"]
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

DEFAULT_PAGINATION = {paginate}
PAGINATED_TEMPLATES = {{"index": None, "tag": None, "category": None}}
PAGINATION_PATTERNS = (
    (1, "{{url}}", "{{save_as}}"),
    (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"),
)

FEED_MAX_ITEMS = {feed_limit}
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = "departments/{{slug}}/feed.xml"
TAG_FEED_ATOM = "tags/{{slug}}/feed.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = {cache}

BENCH_DEPARTMENTS = {departments}
BENCH_TAGS = {tags}
"""

PELICAN_TEMPLATES = {
    "base.html": """\
<!DOCTYPE html>
<html lang="{{ DEFAULT_LANG }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title>
<meta name="description" content="{% block description %}{{ SITESUBTITLE }}{% endblock %}">
<link rel="canonical" href="{{ SITEURL }}/{% block canonical %}{% endblock %}">
<link rel="alternate" type="application/atom+xml" title="{{ SITENAME }}" href="{{ FEED_DOMAIN }}/{% block feed %}{{ FEED_ALL_ATOM }}{% endblock %}">
<link rel="stylesheet" href="{{ SITEURL }}/{{ THEME_STATIC_DIR }}/css/style.css">
<meta property="og:title" content="{{ self.title() }}">
<meta property="og:description" content="{{ self.description() }}">
<meta property="og:url" content="{{ SITEURL }}/{{ self.canonical() }}">
<meta property="og:type" content="{% block og_type %}website{% endblock %}">
<meta property="og:site_name" content="{{ SITENAME }}">
{% block head %}{% endblock %}
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header">
<div class="wrap">
<a class="site-title" href="{{ SITEURL }}/">{{ SITENAME }}</a>
<nav class="site-nav" aria-label="Main">
<ul>
<li><a href="{{ SITEURL }}/">Home</a></li>
<li><a href="{{ SITEURL }}/departments/">Departments</a></li>
<li><a href="{{ SITEURL }}/tags/">Tags</a></li>
<li><a href="{{ SITEURL }}/archive/">Archive</a></li>
{% for p in pages %}<li><a href="{{ SITEURL }}/{{ p.url }}">{{ p.title }}</a></li>
{% endfor %}
</ul>
</nav>
</div>
</header>
<main id="content" class="wrap">
{% block content %}{% endblock %}
</main>
<footer class="site-footer">
<div class="wrap">
<p>{{ SITESUBTITLE }}</p>
<nav aria-label="Footer">
<ul>
{% for p in pages %}<li><a href="{{ SITEURL }}/{{ p.url }}">{{ p.title }}</a></li>
{% endfor %}
</ul>
</nav>
<p><a href="{{ FEED_DOMAIN }}/{{ FEED_ALL_ATOM }}" type="application/atom+xml">Subscribe to the Atom feed</a> · Published by {{ AUTHOR }}</p>
</div>
</footer>
</body>
</html>
""",
    "_macros.html": """\
{% macro story_list(items, level=2) %}
{% if items %}
<ul class="story-list">
{% for s in items %}
<li>
<article class="story-summary">
<h{{ level }}><a href="{{ SITEURL }}/{{ s.url }}">{{ s.title }}</a></h{{ level }}>
<p class="meta"><time datetime="{{ s.date.isoformat() }}">{{ s.locale_date }}</time> <a href="{{ SITEURL }}/{{ s.category.url }}">{{ s.category }}</a></p>
{% if s.summary %}<p>{{ s.summary|striptags }}</p>
{% endif %}
</article>
</li>
{% endfor %}
</ul>
{% else %}
<p>No stories yet.</p>
{% endif %}
{% endmacro %}
{% macro page_url(base, n) %}{{ SITEURL }}/{{ base }}{% if n > 1 %}page/{{ n }}/{% endif %}{% endmacro %}
{% macro pagination(page, paginator, base) %}
{% if paginator.num_pages > 1 %}
<nav class="pagination" aria-label="Pagination">
<ul>
{% if page.has_previous() %}<li><a href="{{ page_url(base, page.number - 1) }}" rel="prev">← Previous<span class="visually-hidden"> page</span></a></li>
{% endif %}
{% set ns = namespace(gap=false) %}
{% for n in paginator.page_range %}{% if n == 1 or n == paginator.num_pages or (n >= page.number - 2 and n <= page.number + 2) %}<li><a href="{{ page_url(base, n) }}"{% if n == page.number %} aria-current="page"{% endif %}><span class="visually-hidden">Page </span>{{ n }}</a></li>{% set ns.gap = false %}
{% elif not ns.gap %}<li class="pagination-gap">…</li>{% set ns.gap = true %}
{% endif %}{% endfor %}
{% if page.has_next() %}<li><a href="{{ page_url(base, page.number + 1) }}" rel="next">Next<span class="visually-hidden"> page</span> →</a></li>
{% endif %}
</ul>
</nav>
{% endif %}
{% endmacro %}
""",
    "index.html": """\
{% extends "base.html" %}
{% from "_macros.html" import story_list, pagination with context %}
{% block title %}{% if articles_page.number > 1 %}Stories, page {{ articles_page.number }} · {% endif %}{{ SITENAME }}{% endblock %}
{% block canonical %}{{ articles_page.url }}{% endblock %}
{% block content %}
<div class="page-header">
{% if articles_page.number == 1 %}<h1>{{ SITENAME }}</h1>{% else %}<h1>Stories, page {{ articles_page.number }}</h1>{% endif %}
<p class="lede">{{ SITESUBTITLE }}</p>
</div>
{{ story_list(articles_page.object_list, 2) }}
{{ pagination(articles_page, articles_paginator, "") }}
{% endblock %}
""",
    "article.html": """\
{% extends "base.html" %}
{% block title %}{{ article.title }} · {{ SITENAME }}{% endblock %}
{% block description %}{{ article.summary|striptags }}{% endblock %}
{% block canonical %}{{ article.url }}{% endblock %}
{% block og_type %}article{% endblock %}
{% block head %}
<meta property="article:published_time" content="{{ article.date.isoformat() }}">
{% for t in article.tags %}<meta property="article:tag" content="{{ t }}">
{% endfor %}
<script type="application/ld+json">{{ {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title, "datePublished": article.date.isoformat(), "url": SITEURL ~ "/" ~ article.url, "author": article.author|string}|tojson }}</script>
{% endblock %}
{% block content %}
<article class="story">
<header class="story-header">
<h1>{{ article.title }}</h1>
<p class="meta">
<time datetime="{{ article.date.isoformat() }}">{{ article.locale_date }}</time>
<a href="{{ SITEURL }}/{{ article.category.url }}">{{ article.category }}</a>
{% if article.author %}<span>By {{ article.author }}</span>{% endif %}
{% if article.location %}<span>{{ article.location }}</span>{% endif %}
<span>{{ ((article.content|wordcount) / 220)|round(0, "ceil")|int }} min read</span>
</p>
</header>
<div class="prose">
{{ article.content }}
</div>
{% if article.tags %}
<footer class="story-footer">
<h2 class="tags-heading">Tags</h2>
<ul class="tag-list">
{% for t in article.tags %}<li><a href="{{ SITEURL }}/{{ t.url }}" rel="tag">{{ t }}</a></li>
{% endfor %}
</ul>
</footer>
{% endif %}
</article>
{% endblock %}
""",
    "page.html": """\
{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ SITENAME }}{% endblock %}
{% block canonical %}{{ page.url }}{% endblock %}
{% block content %}
<article class="page">
<h1>{{ page.title }}</h1>
<div class="prose">
{{ page.content }}
</div>
</article>
{% endblock %}
""",
    "tag.html": """\
{% extends "base.html" %}
{% from "_macros.html" import story_list, pagination with context %}
{% set profile = BENCH_TAGS.get(tag.slug, {}) %}
{% block title %}{{ profile.get("title", tag.name) }} · {{ SITENAME }}{% endblock %}
{% block canonical %}{{ articles_page.url }}{% endblock %}
{% block feed %}{{ TAG_FEED_ATOM.format(slug=tag.slug) }}{% endblock %}
{% block content %}
<div class="page-header">
<h1>{{ profile.get("title", tag.name) }}</h1>
{% if profile.get("description") %}<div class="prose description">
{{ profile["description"] }}
</div>
{% endif %}
<p class="meta"><span>{{ articles|length }} {{ "story" if articles|length == 1 else "stories" }}</span> <a href="{{ FEED_DOMAIN }}/{{ TAG_FEED_ATOM.format(slug=tag.slug) }}" type="application/atom+xml">Feed for “{{ tag }}”</a></p>
</div>
{{ story_list(articles_page.object_list, 2) }}
{{ pagination(articles_page, articles_paginator, tag.url) }}
{% endblock %}
""",
    "category.html": """\
{% extends "base.html" %}
{% from "_macros.html" import story_list, pagination with context %}
{% set profile = BENCH_DEPARTMENTS.get(category.slug, {}) %}
{% block title %}{{ category }} · {{ SITENAME }}{% endblock %}
{% block canonical %}{{ articles_page.url }}{% endblock %}
{% block feed %}{{ CATEGORY_FEED_ATOM.format(slug=category.slug) }}{% endblock %}
{% block content %}
<div class="page-header">
<h1>{{ category }}</h1>
{% if profile %}
<dl class="details">
{% if profile.city %}<div><dt>City</dt><dd>{{ profile.city }}</dd></div>
{% endif %}{% if profile.region %}<div><dt>Region</dt><dd>{{ profile.region }}</dd></div>
{% endif %}{% if profile.website %}<div><dt>Website</dt><dd><a href="{{ profile.website }}">{{ profile.website.split("://", 1)[-1].rstrip("/") }}</a></dd></div>
{% endif %}
</dl>
{% if profile.description %}<div class="prose description">
{{ profile.description }}
</div>
{% endif %}
{% endif %}
<p class="meta"><span>{{ articles|length }} {{ "story" if articles|length == 1 else "stories" }}</span> <a href="{{ FEED_DOMAIN }}/{{ CATEGORY_FEED_ATOM.format(slug=category.slug) }}" type="application/atom+xml">Feed for {{ category }}</a></p>
</div>
{{ story_list(articles_page.object_list, 2) }}
{{ pagination(articles_page, articles_paginator, category.url) }}
{% endblock %}
""",
    "tags.html": """\
{% extends "base.html" %}
{% block title %}Tags · {{ SITENAME }}{% endblock %}
{% block canonical %}tags/{% endblock %}
{% block content %}
<div class="page-header"><h1>Tags</h1></div>
<ul class="term-list term-cloud">
{% for t, items in tags %}<li><a href="{{ SITEURL }}/{{ t.url }}">{{ t }}</a> <span class="count">({{ items|length }} {{ "story" if items|length == 1 else "stories" }})</span></li>
{% endfor %}
</ul>
{% endblock %}
""",
    "categories.html": """\
{% extends "base.html" %}
{% block title %}Departments · {{ SITENAME }}{% endblock %}
{% block canonical %}departments/{% endblock %}
{% block content %}
<div class="page-header"><h1>Departments</h1></div>
<ul class="term-list">
{% for c, items in categories %}<li><a href="{{ SITEURL }}/{{ c.url }}">{{ c }}</a> <span class="count">({{ items|length }} {{ "story" if items|length == 1 else "stories" }})</span></li>
{% endfor %}
</ul>
{% endblock %}
""",
    "archives.html": """\
{% extends "base.html" %}
{% block title %}Archive · {{ SITENAME }}{% endblock %}
{% block canonical %}archive/{% endblock %}
{% block content %}
<div class="page-header"><h1>Archive</h1></div>
<ul class="term-list">
{% for year, items in dates|groupby("date.year")|reverse %}<li><a href="{{ SITEURL }}/archive/{{ year }}/">{{ year }}</a> <span class="count">({{ items|length }} stories)</span></li>
{% endfor %}
</ul>
{% endblock %}
""",
    "period_archives.html": """\
{% extends "base.html" %}
{% from "_macros.html" import story_list with context %}
{% block title %}Stories from {{ period[0] }} · {{ SITENAME }}{% endblock %}
{% block canonical %}archive/{{ period[0] }}/{% endblock %}
{% block content %}
<div class="page-header">
<h1>Stories from {{ period[0] }}</h1>
<p><a href="{{ SITEURL }}/archive/">← All years</a></p>
</div>
{% for month, items in dates|groupby("date.month")|reverse %}
<section class="month">
<h2>{{ items[0].date.strftime("%B %Y") }}</h2>
<ul class="archive-list">
{% for s in items %}<li><time datetime="{{ s.date.strftime('%Y-%m-%d') }}">{{ s.locale_date }}</time> <a href="{{ SITEURL }}/{{ s.url }}">{{ s.title }}</a> <span class="archive-department">{{ s.category }}</span></li>
{% endfor %}
</ul>
</section>
{% endfor %}
{% endblock %}
""",
}


def _html(markdown_text: str) -> str:
    """A profile's description as HTML (Pelican has no profiles: its templates get them from the settings)."""
    if not markdown_text:
        return ""
    try:
        import markdown
    except ImportError:
        return "<p>" + markdown_text.replace("&", "&amp;").replace("<", "&lt;") + "</p>"
    return markdown.markdown(markdown_text)


def _wall_clock(date: str) -> str:
    """A story's date as its own wall-clock time, without its offset. Pelican groups its year
    archives with itertools.groupby over the stories sorted by instant: the dense archive's
    story of 2022-12-31T17:15:00-08:00 (2023-01-01 01:15 UTC) sorts after one of 2023-01-01, the
    years are no longer contiguous, and Pelican stops at the second write of a year's page.
    By wall clock each story stays in the year Beat and Hugo give it (the year of its own date);
    only the order of stories hours apart across offsets may differ."""
    return re.sub(r"(?:[+-]\d\d:\d\d|Z)$", "", date) if "T" in date else date


def write_pelican_site(archive: Archive, root: Path, cache: Path) -> dict[str, Path]:
    """pelicanconf.py, content/ and theme/ in `root`; returns {story slug: its content file}."""
    if root.exists():
        shutil.rmtree(root)
    config = archive.config
    theme = root / "theme"
    for name, text in PELICAN_TEMPLATES.items():
        _write(theme / "templates" / name, text)
    (theme / "static" / "css").mkdir(parents=True)
    shutil.copyfile(BEAT_CSS, theme / "static" / "css" / "style.css")
    departments = {
        t.slug: {"city": t.city, "region": t.region, "website": t.website, "description": _html(t.description)}
        for t in archive.departments.values()
        if t.city or t.region or t.website or t.description
    }
    tags = {t.slug: {"title": t.title, "description": _html(t.description)} for t in archive.tags.values() if t.description}
    _write(
        root / "pelicanconf.py",
        PELICAN_CONF.format(
            author=repr(config.get("author", "")),
            title=repr(config.get("title", "Beat")),
            description=repr(config.get("description", "")),
            site_url=repr(config.get("base_url", "http://localhost:8000/").rstrip("/")),
            language=repr(config.get("language", "en")),
            theme=repr(str(theme)),
            content=repr(str(root / "content")),
            cache=repr(str(cache)),
            paginate=int(config.get("paginate", 20)),
            feed_limit=int(config.get("feed_limit", 20)),
            departments=repr(departments),
            tags=repr(tags),
        ),
    )
    content = root / "content"
    for slug, title, summary, body in archive.pages:
        _write(content / "pages" / f"{slug}.md", f"Title: {title}\nSlug: {slug}\nSummary: {summary}\n\n{body}")
    files = {}
    for story in archive.stories:
        head = [
            f"Title: {story.title}",
            f"Date: {_wall_clock(story.date)}",
            f"Category: {archive.departments[story.department].title}",
            "Tags: " + ", ".join(archive.tags[tag].title for tag in story.tags),
            f"Slug: {story.slug}",
            f"Summary: {story.summary}",
            f"Author: {story.author}",
            f"Location: {story.location}",
        ]
        path = content / "stories" / story.year / f"{story.slug}.md"
        _write(path, "\n".join(head) + "\n\n" + story.body)
        files[story.slug] = path
    return files
