"""The vocabulary guard: a department or tag only one story uses, close to a known one, is a
warning with the suggestion; site.toml's `departments`/`tags = "profiles"` makes a name without
a profile an error."""

from __future__ import annotations

import pytest

from benchmarks.guard import worst_case_terms
from builder.config import TermPolicy
from builder.model import Card, Content, DepartmentProfile
from builder.terms import Matcher, Vocabulary, near_pairs, normalised, term_problems, vocabulary
from tests.conftest import SITE_TOML, story

PROFILE = "---\nname: Springfield Police Department\n---\n"


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Springfield PD", "Springfield Police Department"),
        ("Springfield Police Dept.", "springfield police department"),
        ("Police Department, Springfield", "Springfield Police Department"),
        ("Café Outreach", "cafe outreach"),
        ("Cedar Point Sheriff's Office", "CEDAR POINT SHERIFFS OFFICE"),
    ],
)
def test_names_written_in_different_ways_normalise_alike(first, second):
    assert normalised(first) == normalised(second)


def test_a_misspelt_department_is_warned_with_the_known_one_on_its_line(make_site):
    site = make_site(
        {
            "content/departments/springfield-police-department.md": PROFILE,
            "content/stories/2026/a.md": story(title="A", department="Springfield Police Department"),
            "content/stories/2026/x.md": story(title="X", department="Sprinfield PD"),
        }
    )
    result = site.build(write=False)
    assert messages(result) == [
        'content/stories/2026/x.md:4: warning: unknown department "Sprinfield PD"; did you mean "Springfield Police Department"?'
    ]
    assert result.ok


def test_a_misspelt_tag_is_warned_with_the_tag_other_stories_use(make_site):
    site = make_site(
        {
            "content/stories/a.md": story(title="A", tags=["community-policing", "sports"]),
            "content/stories/b.md": story(title="B", tags=["community-policing"]),
            "content/stories/c.md": story(title="C", tags=["comunity policing", "sports"]),
        }
    )
    assert messages(site.build(write=False)) == [
        'content/stories/c.md:5: warning: unknown tag "comunity policing"; did you mean "community-policing"?'
    ]


def test_a_name_two_stories_use_or_a_profile_names_is_not_warned(make_site):
    site = make_site(
        {
            "content/departments/springfield-police-department.md": PROFILE,
            "content/departments/springfeld-police.md": "---\nname: Springfeld Police\n---\n",
            "content/stories/a.md": story(title="A", department="Springfield Police Department"),
            "content/stories/b.md": story(title="B", department="Springfeld Police"),
            "content/stories/c.md": story(title="C", department="Springfild PD", tags=["reading"]),
            "content/stories/d.md": story(title="D", department="Springfild PD", tags=["reading", "sports"]),
            "content/stories/e.md": story(title="E", department="Harbor City Police", tags=["sports"]),
        }
    )
    assert messages(site.build(write=False)) == []


def test_an_unrelated_new_name_is_not_warned(make_site):
    site = make_site(
        {
            "content/stories/a.md": story(title="A", department="Springfield Police Department"),
            "content/stories/b.md": story(title="B", department="Springfield Police Department"),
            "content/stories/c.md": story(title="C", department="Shelbyville Sheriff's Office", tags=["reading"]),
        }
    )
    assert messages(site.build(write=False)) == []


def test_with_profiles_policy_a_department_without_a_profile_is_an_error(make_site):
    site = make_site(
        {
            "content/departments/springfield-police-department.md": PROFILE,
            "content/stories/a.md": story(title="A", department="Springfield Police Department"),
            "content/stories/b.md": story(title="B", department="Sprinfield PD"),
            "content/stories/c.md": story(title="C", department="Ogdenville Police"),
        },
        site_toml=SITE_TOML + 'departments = "profiles"\n',
    )
    result = site.build(write=False)
    assert messages(result) == [
        'content/stories/b.md:4: error: department "Sprinfield PD" has no profile in content/departments/; '
        'did you mean "Springfield Police Department"?',
        'content/stories/c.md:4: error: department "Ogdenville Police" has no profile in content/departments/; '
        "add content/departments/ogdenville-police.md",
    ]
    assert not result.ok


def test_with_profiles_policy_for_tags_a_tag_without_a_profile_is_an_error(make_site):
    site = make_site(
        {
            "content/tags/community.md": "---\ntitle: Community\n---\n",
            "content/stories/a.md": story(title="A", tags=["community", "extra"]),
        },
        site_toml=SITE_TOML + 'tags = "profiles"\n',
    )
    assert messages(site.build(write=False)) == [
        'content/stories/a.md:5: error: tag "extra" has no profile in content/tags/; add content/tags/extra.md'
    ]


def test_a_policy_other_than_open_or_profiles_is_an_error_in_site_toml(make_site):
    site = make_site({"content/stories/a.md": story()}, site_toml=SITE_TOML + 'tags = "closed"\n')
    assert messages(site.build(write=False)) == ['site.toml: error: "tags" must be "open" or "profiles", not \'closed\'']


def test_the_near_duplicate_pairs_are_listed_closest_first():
    content = Content(
        stories=tuple(
            Card(slug=f"s{n}", title="T", date=None, department_name=name, tag_names=(), tags=(), summary="", path=f"s{n}.md")
            for n, name in enumerate(["Springfield PD", "Springfield Police Dept", "Springfeld Police Department", "Ogdenville"])
        ),
        departments=(DepartmentProfile(slug="ogdenville-pd", name="Ogdenville PD", path="p.md"),),
    )
    pairs = near_pairs(vocabulary(content).departments)
    assert [(p.first.slug, p.second.slug, round(p.score)) for p in pairs] == [
        ("springfield-pd", "springfield-police-dept", 100),
        ("springfeld-police-department", "springfield-pd", 96),
        ("springfeld-police-department", "springfield-police-dept", 96),
        ("ogdenville", "ogdenville-pd", 87),
    ]


def test_at_two_thousand_terms_each_close_to_others_every_one_gets_its_suggestion():
    """2,000 departments, each used by one story: the worst case, every one compared with all
    (its time is measured in benchmarks/guard.py, not here: a timed test flakes on a busy machine)."""
    terms = worst_case_terms(2000)
    problems = term_problems(Vocabulary(terms, ()), TermPolicy())
    # "Maple 0 Police Department" is close to "Maple 20 Police Department" and the like.
    assert len(problems) == len(terms)
    closest = Matcher(terms).closest(terms[0])
    assert closest is not None and closest[0].name.startswith("Maple ") and closest[0] != terms[0]
    assert '"Maple 0 Police Department"; did you mean "Maple ' in str(problems[0])
