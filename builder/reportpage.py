"""The report as one HTML page: no theme, no outside file, every value escaped.

Written by `beat report` (report/index.html) and served by the preview at /_beat/report/; never
part of the published site.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from builder.report import ArchiveReport, Month

CHART_HEIGHT = 120  # px of the tallest bar
BAR_WIDTH = 8
GAP = 2

_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Archive report: {{ r.title }}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; } th, td { text-align: left; padding: .15rem .6rem .15rem 0; vertical-align: top; }
code { font-size: .9em; } .error { color: #a30000; font-weight: bold; } .warning { color: #7a4d00; font-weight: bold; }
.chart { overflow-x: auto; } .chart rect { fill: #1d5fa6; }
details { margin: .5rem 0; }
</style>
</head>
<body>
<main>
<h1>Archive report: {{ r.title }}</h1>
<p>Made {{ r.generated }}: {{ r.errors }} {{ "error" if r.errors == 1 else "errors" }},
{{ r.warnings }} {{ "warning" if r.warnings == 1 else "warnings" }}.</p>
<nav aria-label="Sections"><ul>
<li><a href="#problems">Problems by file</a></li><li><a href="#drafts">Drafts and scheduled stories</a></li>
<li><a href="#missing">Stories without a picture, summary or source</a></li><li><a href="#terms">Tags and departments</a></li>
<li><a href="#months">Stories per month</a></li></ul></nav>

<h2 id="problems">Problems by file ({{ r.problems | length }} {{ "file" if r.problems | length == 1 else "files" }})</h2>
{% for entry in r.problems %}
<h3><code>{{ entry.path }}</code></h3>
<ul>{% for p in entry.problems %}
<li><span class="{{ p.severity }}">{{ p.severity }}</span>{% if p.line %} line {{ p.line }}{% endif %}: {{ p.message }}</li>{% endfor %}
</ul>
{% else %}<p>No problems.</p>{% endfor %}

<h2 id="drafts">Drafts and scheduled stories</h2>
<h3>Drafts ({{ r.drafts | length }})</h3>
{{ stories(r.drafts) }}
<h3>Scheduled ({{ r.scheduled | length }})</h3>
{{ stories(r.scheduled) }}

<h2 id="missing">Stories without a picture, summary or source ({{ r.missing | length }})</h2>
{% if r.missing %}<table><thead><tr><th scope="col">Story</th><th scope="col">File</th><th scope="col">Lacks</th></tr></thead><tbody>
{% for m in r.missing %}<tr><td>{{ m.title }}</td><td><code>{{ m.path }}</code></td><td>{{ m.lacks | join(", ") }}</td></tr>
{% endfor %}</tbody></table>{% else %}<p>Every story has all three.</p>{% endif %}

<h2 id="terms">Tags and departments</h2>
<h3>Tags used by one story ({{ r.singleton_tags | length }})</h3>
{{ terms(r.singleton_tags) }}
<h3>Names that look alike ({{ r.look_alike_names | length }})</h3>
{% if r.look_alike_names %}<ul>{% for pair in r.look_alike_names %}
<li>{{ pair.kind }} “{{ pair.first }}” and “{{ pair.second }}” ({{ pair.similarity }}% alike): <code>beat terms merge</code> one into the other</li>{% endfor %}
</ul>{% else %}<p>None.</p>{% endif %}
<h3>Departments without a profile ({{ r.departments_without_profile | length }})</h3>
{{ terms(r.departments_without_profile) }}
<h3>Departments without a story in the last 12 months ({{ r.quiet_departments | length }})</h3>
{% if r.quiet_departments %}<ul>{% for d in r.quiet_departments %}
<li>{{ d.name }}: {% if d.last_story %}last story {{ d.last_story }}{% else %}no published story{% endif %}</li>{% endfor %}
</ul>{% else %}<p>None.</p>{% endif %}

<h2 id="months">Stories per month</h2>
{% if r.stories_per_month %}
<div class="chart">{{ chart }}</div>
<details><summary>The numbers</summary>
<table><thead><tr><th scope="col">Month</th><th scope="col">Stories</th></tr></thead><tbody>
{% for m in r.stories_per_month %}<tr><td>{{ m.month }}</td><td>{{ m.stories }}</td></tr>
{% endfor %}</tbody></table></details>
{% else %}<p>No published stories yet.</p>{% endif %}
</main>
</body>
</html>
"""

_MACROS = """
{% macro stories(items) %}{% if items %}<ul>{% for s in items %}
<li>{{ s.date[:10] }}: {{ s.title }} (<code>{{ s.path }}</code>)</li>{% endfor %}
</ul>{% else %}<p>None.</p>{% endif %}{% endmacro %}
{% macro terms(items) %}{% if items %}<ul>{% for t in items %}
<li>{{ t.name }} ({{ t.stories }} {{ "story" if t.stories == 1 else "stories" }})</li>{% endfor %}
</ul>{% else %}<p>None.</p>{% endif %}{% endmacro %}
"""

_ENVIRONMENT = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
_PAGE = _ENVIRONMENT.from_string(_MACROS + _TEMPLATE)


def month_chart(months: tuple[Month, ...]) -> str:
    """An SVG bar chart of the months, to be placed inside the page (already escaped: numbers only)."""
    tallest = max((m.stories for m in months), default=0) or 1
    width = len(months) * (BAR_WIDTH + GAP)
    bars = []
    for index, month in enumerate(months):
        height = round(CHART_HEIGHT * month.stories / tallest)
        x = index * (BAR_WIDTH + GAP)
        bars.append(
            f'<rect x="{x}" y="{CHART_HEIGHT - height}" width="{BAR_WIDTH}" height="{height}">'
            f"<title>{month.month}: {month.stories}</title></rect>"
        )
    label = f"Stories per month, {months[0].month} to {months[-1].month}; the numbers are in the table below" if months else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}" width="{width}" height="{CHART_HEIGHT}" '
        f'viewBox="0 0 {width} {CHART_HEIGHT}">{"".join(bars)}</svg>'
    )


def report_page(report: ArchiveReport) -> str:
    return _PAGE.render(r=report, chart=Markup(month_chart(report.stories_per_month))).lstrip()
