"""The editor's content checks (builder/checks/): each rule finds its planted problem once, on the
line of the file it is on, and leaves ordinary prose alone."""

from __future__ import annotations

import random
import re

import pytest

from builder.checks import RULES, access, personal
from builder.config import SiteConfig
from builder.model import SourceFile, Story
from builder.parse import parse_source
from builder.problems import Severity
from builder.prose import MarkdownRenderer
from tests.conftest import story

PATH = "content/stories/2026/a-story.md"
# story() writes five front-matter lines (---, title, date, department, tags), the closing ---,
# then the body: the body's first line is line 7 of the file.
BODY_LINE = 7
CONFIG = SiteConfig()


def parse(text: str, config: SiteConfig = CONFIG):
    return parse_source(SourceFile(PATH, text, "digest"), config, MarkdownRenderer(config.base_path))


def findings(text: str, config: SiteConfig = CONFIG) -> list[tuple[str, int | None]]:
    return [(p.rule, p.line) for p in parse(text, config).problems if p.rule]


def body_with(line: str) -> str:
    """A body where `line` is the third paragraph: file line BODY_LINE + 4."""
    return f"Officers and neighbours met on Saturday.\n\nThey talked about the park.\n\n{line}\n\nEveryone went home happy.\n"


PLANTED = BODY_LINE + 4

# One case per rule (and per shape a rule knows): the line planted in the body, and the rule.
CASES = [
    ("phone-number", "Call the family at (503) 555-0134 if you can help."),
    ("phone-number", "Neighbours can call 555-0134 to volunteer."),
    ("phone-number", "Her cousin in London, +44 20 7946 0958, sent thanks."),
    ("phone-number", "[Call the family](tel:+15035550134) to help."),
    ("email-address", "You can write to maria.lopez@example.com for details."),
    ("email-address", "[Write to Maria](mailto:maria.lopez@example.com) for details."),
    ("street-address", "The family lives at 1423 Willow Creek Road, near the school."),
    ("street-address", "The meeting was at 12 N. Main St. downtown."),
    ("license-plate", "The car with license plate 7ABC123 was returned."),
    ("license-plate", 'Its vanity plate, "BIGDOG", made the officers smile.'),
    ("license-plate", "The registration KX12 ABC matched the stolen van."),
    ("license-plate", "Its registration plate, 7ABC123, was on file."),
    ("date-of-birth", "Maria was born on March 3, 2010, in Riverbend."),
    ("date-of-birth", "The form gave her DOB: 03/04/2009."),
    ("minor-name", "Eight-year-old Maya Chen rode the course three times."),
    ("minor-name", "Jordan Price, 15, scored the winning basket."),
    ("minor-name", "The teen, Maya Lopez, found the wallet."),
    ("minor-name", "Maya Lopez, a student at Brookside Elementary School, found it."),
    ("minor-name", "A juvenile named Sam Ortiz helped carry the boxes."),
    ("minor-name", "The minor, Kai Singh, was not hurt."),
    ("minor-name", "The 6-month-old Ava Brooks slept through it."),
    ("image-alt-missing", "![](/media/bike.jpg)"),
    ("image-alt-missing", '<img src="/media/bike.jpg">'),
    ("image-alt-filename", "![IMG_1234.jpg](/media/IMG_1234.jpg)"),
    ("image-alt-filename", "![bike-rodeo](/media/bike-rodeo.jpg)"),
    ("heading-level-one", "# A Big Heading"),
    ("heading-level-one", "A Big Heading\n============="),
    ("link-text", "For the schedule, [click here](https://example.org/schedule)."),
    ("link-text", "The schedule is [here](https://example.org/schedule)."),
    ("link-text", "[Read more](https://example.org/schedule)"),
    ("link-text", "See [https://example.org/schedule](https://example.org/schedule)."),
    ("link-text", "See <https://example.org/schedule>."),
]


@pytest.mark.parametrize(("rule", "line"), CASES, ids=[f"{rule}-{n}" for n, (rule, _) in enumerate(CASES)])
def test_each_rule_finds_its_planted_problem_once_on_its_line(rule, line):
    assert findings(story(body=body_with(line))) == [(rule, PLANTED)]


def test_a_heading_that_skips_a_level_is_found_on_its_line():
    body = "Intro.\n\n## The team\n\nText.\n\n#### The coach\n\nMore text.\n"
    assert findings(story(body=body)) == [("heading-skip", BODY_LINE + 6)]


def test_a_first_heading_below_level_two_skips_a_level():
    assert findings(story(body="Intro.\n\n### Too deep\n")) == [("heading-skip", BODY_LINE + 2)]


def test_findings_in_the_title_and_a_folded_summary_name_their_own_lines():
    text = (
        "---\n"
        'title: "Officers Help Family at 1423 Willow Creek Road"\n'  # line 2
        "date: 2026-01-10\n"
        "department: Test PD\n"
        "tags: [community]\n"
        "summary: >-\n"  # line 6
        "  Neighbours rallied after the fire, and anyone who can help\n"
        "  may call (503) 555-0134.\n"  # line 8
        "---\n"
        "Body text.\n"
    )
    assert sorted(findings(text)) == [("phone-number", 8), ("street-address", 2)]


def test_lines_count_from_the_file_with_toml_front_matter():
    text = '+++\ntitle = "A Story"\ndate = 2026-01-10\ndepartment = "Test PD"\ntags = ["a"]\n+++\n\nCall 555-0134.\n'
    assert findings(text) == [("phone-number", 8)]


def test_every_rule_has_a_planted_case_and_a_fix():
    planted = {rule for rule, _ in CASES} | {"heading-skip", "placeholder-text"}
    assert planted == set(RULES)
    assert all(rule.fix for rule in RULES.values())


def test_a_finding_says_where_what_which_rule_and_how_to_fix_it():
    (problem,) = [p for p in parse(story(body=body_with("Call (503) 555-0134."))).problems if p.rule]
    assert problem.severity is Severity.WARNING
    assert str(problem).startswith(f'{PATH}:{PLANTED}: warning: phone number "(503) 555-0134": remove it')
    assert "allow: [{rule: phone-number" in problem.message
    assert str(problem).endswith("[phone-number]")


ORDINARY_PROSE = [
    "In 2024 the club paid $1,200 for 3 bikes, and 12,000 people came.",
    "The convoy drove Route 66, then stopped at the Apollo 11 exhibit.",
    "On November 23, 2026 at 9:30 a.m. the doors opened; by 5:45 p.m. 98.6 percent had voted.",
    "The department is at Main Street, Riverbend, OR 97201, or ZIP 97201-1234.",
    "Officers walked the 1200 block of Dockside Avenue.",
    "In 2019 Main Street reopened after the flood.",
    "He suffered minor injuries, and Officer Ben Alvarez drove him home.",
    "The teenagers won 48 to 37. Coach Rick Dalton shook every hand.",
    "Teens from the Summer Hoops League met at Riverbend Park.",
    "Officer Dana Reyes tagged along with the K-9 unit.",
    "Registration for the 5K opens in May 2026.",
    "A 52-year-old snowshoer, Tom Hale, was found at dawn.",
    "Eighty-one-year-old Walter Amundsen painted the railings.",
    "Students at Brookside Elementary wrote the cards.",
    "Read [the department's news page](https://example.org/news/5035550134).",
    "Case 2024-001234 was closed in 2025.",
    "The score was 102-98, the season 2024-2025, the cost $45.99 a head.",
    "She was born in 1962 and joined the force in 1985.",
    "A plate of cookies and a tag sale raised $450 on 11/24/2026.",
    "![Officer Reyes fitting a helmet on a boy](/media/helmet.jpg)",
    "See [the bike rodeo schedule](https://example.org/rodeo).",
    "## The day\n\nText.\n\n### The morning\n\nText.\n\n## The evening",
    "```\n# a comment in code, not a heading\n```",
    "Write a picture as `![](/media/x.jpg)` with words between the brackets, and never `[click here](/x/)`.",
    "<!-- call 555-0134 for the editor: never published -->",
    "Officers Help Teens Start a Reading Club in Maple Hollow",
]


@pytest.mark.parametrize("line", ORDINARY_PROSE)
def test_ordinary_prose_is_not_flagged(line):
    assert findings(story(body=body_with(line))) == []


def test_an_inline_picture_without_alt_text_is_an_error_like_a_front_matter_one():
    (problem,) = [p for p in parse(story(body="![](/media/x.jpg)")).problems if p.rule]
    assert problem.is_error and problem.rule == "image-alt-missing" and problem.line == BODY_LINE


def test_image_alt_that_is_the_file_name_in_front_matter_is_found_on_its_line():
    text = story(image="media/bike.jpg", image_alt="bike.jpg")
    assert findings(text) == [("image-alt-filename", 7)]  # image on line 6, image_alt on 7


def test_a_finding_does_not_keep_the_story_out_of_the_content():
    # site.toml may turn an error-level rule into a warning: the story must still be there.
    result = parse(story(body="![](/media/x.jpg)"))
    assert isinstance(result.item, Story)


def test_the_phone_region_follows_the_site_language():
    british = "Ring the café on 020 7946 0958 to book."
    assert findings(story(body=british)) == []
    assert findings(story(body=british), SiteConfig(language="en-GB")) == [("phone-number", BODY_LINE)]


@pytest.mark.timeout(60)
def test_a_pasted_megabyte_of_personal_data_is_checked_quickly_and_reported_in_brief():
    # Linear work whatever the text: a hang here would stall every save in the preview.
    line = "The teen Maya Lopez called (503) 555-0134 about plate ABC123 at 1423 Willow Creek Road."
    problems = [p for p in parse(story(body=" ".join([line] * 12_000))).problems if p.rule]
    by_rule: dict[str, list[str]] = {}
    for problem in problems:
        by_rule.setdefault(problem.rule, []).append(problem.message)
    assert set(by_rule) == {"phone-number", "license-plate", "street-address", "minor-name"}
    assert all(len(messages) <= 21 for messages in by_rule.values()), {rule: len(m) for rule, m in by_rule.items()}
    assert by_rule["phone-number"][-1].startswith("and more than 180 more like these")


def test_number_runs_and_street_addresses_are_found_where_the_one_pattern_forms_found_them():
    # The patterns start at a digit so the regex engine can scan for it; what they find must be
    # what the earlier forms (which began with an optional "+(" or a counted group) found.
    number_run = re.compile(r"[+(]*\d[\d ().\-–]*\d")
    street = re.compile(personal._STREET_ADDRESS.pattern.replace(r"(\d\d{0,5}", r"(\d{1,6}", 1))
    assert street.pattern != personal._STREET_ADDRESS.pattern
    pieces = ["1", "2", "345", "(", "+", ")", " ", "-", "–", ".", "a", "Main", "St", "Road", "N.", "\n", "1st"]
    chooser = random.Random(1234)
    for _ in range(3_000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 30)))
        expected = [match.span() for match in number_run.finditer(text)]
        assert list(personal._number_runs(text)) == expected, text
        assert [m.span() for m in personal._STREET_ADDRESS.finditer(text)] == [m.span() for m in street.finditer(text)], text


def test_headings_are_found_where_the_line_start_patterns_found_them():
    atx = re.compile(r"^ {0,3}(#{1,6})(?=[ \t]|$)", re.MULTILINE)
    underline = re.compile(r"^ {0,3}(=+|-+)[ \t]*$", re.MULTILINE)
    pieces = ["#", "##", "#######", " ", "    ", "\t", "\n", "\n", "=", "==", "-", "---", "a", "Title"]
    chooser = random.Random(99)
    for _ in range(3_000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 25)))
        lines = "\n" + text
        for old, new in ((atx, access._ATX), (underline, access._UNDERLINE)):
            assert [(m.start(), m.group(1)) for m in new.finditer(lines)] == [
                (m.start(), m.group(1)) for m in old.finditer(text)
            ], text
