"""The content checks in whole builds: silencing with a reason, site.toml [checks], `beat new`'s
drafts and placeholder, and the repository's own archive passing clean."""

from __future__ import annotations

import json
import re

import jsonschema

from builder import report
from builder.checks import RULES
from builder.pipeline import BuildOptions, build
from tests.conftest import NOW, REPO, SITE_TOML, story

PHONE_BODY = "Officers and neighbours met.\n\nThe family asks anyone who can help to call (503) 555-0134.\n"
PHONE_LINE = 9  # story() puts the body on line 7; the phone is two lines down


def check(site, **options) -> list[str]:
    result = build(site.root, BuildOptions(write=False, now=NOW, **options))
    return [str(p) for p in result.problems]


def ruled(lines: list[str]) -> list[str]:
    return [line for line in lines if line.endswith("]")]


def test_allow_with_a_reason_silences_that_rule_in_that_story_only(make_site):
    allowed = story(title="Front Desk", body=PHONE_BODY, allow='[{rule: phone-number, reason: "the department front desk"}]')
    site = make_site({"content/stories/a.md": allowed, "content/stories/b.md": story(title="Other", body=PHONE_BODY)})
    assert ruled(check(site)) == [
        f'content/stories/b.md:{PHONE_LINE}: warning: phone number "(503) 555-0134": '
        + RULES["phone-number"].fix % "phone-number"
        + " [phone-number]"
    ]


def test_allow_silences_only_the_rules_it_names(make_site):
    body = PHONE_BODY + "\nWrite to maria.lopez@example.com.\n"
    text = story(body=body, allow='[{rule: phone-number, reason: "a public line"}]')
    site = make_site({"content/stories/a.md": text})
    assert [line.split(": ")[0] + " " + line.rsplit(" ", 1)[1] for line in ruled(check(site))] == [
        "content/stories/a.md:12 [email-address]"  # one more front-matter line (allow)
    ]


def test_allow_without_a_reason_is_an_error_on_its_line(make_site):
    site = make_site({"content/stories/a.md": story(body=PHONE_BODY, allow="[{rule: phone-number}]")})
    result = site.cli("check")
    assert result.returncode == 1
    assert 'content/stories/a.md:6: error: "allow" for phone-number needs a reason' in result.stderr


def test_allow_naming_an_unknown_rule_is_an_error_with_a_suggestion(make_site):
    site = make_site({"content/stories/a.md": story(allow='[{rule: phone-numbers, reason: "x"}]')})
    problems = check(site)
    assert (
        'content/stories/a.md:6: error: "allow" names an unknown rule "phone-numbers"; did you mean "phone-number"?' in problems
    )


def test_allow_in_toml_front_matter(make_site):
    text = (
        '+++\ntitle = "A"\ndate = 2026-01-10\ndepartment = "Test PD"\ntags = ["a"]\n'
        'allow = [{rule = "phone-number", reason = "a public line"}]\n+++\nCall (503) 555-0134.\n'
    )
    site = make_site({"content/stories/a.md": text})
    assert check(site) == []


def with_checks(table: str) -> str:
    return SITE_TOML + "\n[checks]\n" + table


def test_site_toml_checks_makes_a_rule_an_error_and_the_build_fails(make_site):
    site = make_site({"content/stories/a.md": story(body=PHONE_BODY)}, site_toml=with_checks('phone-number = "error"\n'))
    result = site.cli("build")
    assert result.returncode == 1
    assert f'content/stories/a.md:{PHONE_LINE}: error: phone number "(503) 555-0134"' in result.stderr
    assert not site.public.exists()


def test_site_toml_checks_turns_a_rule_off(make_site):
    site = make_site({"content/stories/a.md": story(body=PHONE_BODY)}, site_toml=with_checks('phone-number = "off"\n'))
    assert check(site) == []


def test_site_toml_checks_makes_an_error_rule_a_warning_and_the_story_is_published(make_site):
    body = "A picture: ![](/media/x.svg)\n"
    files = {
        "content/stories/a.md": story(title="Pictured", body=body),
        "content/media/x.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    }
    site = make_site(files, site_toml=with_checks('image-alt-missing = "warning"\n'))
    result = site.build()
    assert result.ok, [str(p) for p in result.problems]
    assert [p.severity for p in result.problems if p.rule] == ["warning"]
    assert "Pictured" in site.read("stories/a/index.html")


def test_an_unknown_rule_or_level_in_site_toml_checks_is_an_error_at_its_line(make_site):
    table = 'phone-number = "warning"\nphone-nuber = "off"\nheading-skip = "loud"\n'
    site = make_site({"content/stories/a.md": story()}, site_toml=with_checks(table))
    problems = check(site)
    lines = SITE_TOML.count("\n") + 2  # the blank line and "[checks]"
    assert any(p.startswith(f'site.toml:{lines + 2}: error: [checks]: unknown rule "phone-nuber"') for p in problems), problems
    assert any(p.startswith(f"site.toml:{lines + 3}: error: [checks] heading-skip must be") for p in problems), problems
    assert not any("unknown setting" in p for p in problems)


def test_strict_fails_on_a_finding(make_site):
    site = make_site({"content/stories/a.md": story(body=PHONE_BODY)})
    assert site.cli("check").returncode == 0
    assert site.cli("check", "--strict").returncode == 1


def test_a_cached_build_after_changing_checks_reports_what_a_clean_build_does(make_site):
    site = make_site({"content/stories/a.md": story(body=PHONE_BODY)})
    cached = BuildOptions(out_dir=site.public, disk_cache=True, now=NOW)
    assert build(site.root, cached).ok
    (site.root / "site.toml").write_text(with_checks('phone-number = "error"\n'), encoding="utf-8")
    again = build(site.root, cached)
    clean = build(site.root, BuildOptions(write=False, now=NOW))
    assert not again.ok and not clean.ok
    assert [str(p) for p in again.problems] == [str(p) for p in clean.problems]


def test_the_repository_archive_and_the_seed_story_pass_clean():
    # The archive's first story (the team's shared seed-story.md, which a clean checkout does not have beside it).
    seed = (REPO / "content/stories/2026/pulled-over-for-admiration.md").read_text(encoding="utf-8")
    assert 'title: "Pulled Over for Admiration: An Officer, a Car Enthusiast and Common Ground"' in seed
    result = build(REPO, BuildOptions(write=False, now=NOW, drafts=True, future=True))
    assert [str(p) for p in result.problems] == []


# --- beat new: nothing half-written goes out ---------------------------------------------------


def readme_story_keys() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Story front matter", 1)[1].split("\n\n", 2)[2]
    return re.findall(r"^\| `([a-z_]+)` \|", table.split("\n\n")[0], re.MULTILINE)


def test_beat_new_writes_a_draft_with_every_field_the_readme_lists(make_site):
    site = make_site({})
    created = site.cli("new", "Officer Reads to Kids", "--department", "Test PD", "--tags", "a,b")
    text = (site.root / created.stdout.strip()).read_text(encoding="utf-8")
    keys = readme_story_keys()
    assert len(keys) >= 13, keys
    for key in keys:
        assert re.search(rf"^(# )?{key}:", text, re.MULTILINE), f"{key} missing from:\n{text}"
    assert re.search(r"^draft: true$", text, re.MULTILINE)
    for key in ("title", "date", "department", "tags"):
        assert re.search(rf"^{key}:", text, re.MULTILINE), f"required {key} is commented out"


def test_a_new_story_cannot_be_published_until_its_placeholder_is_replaced(make_site):
    site = make_site({})
    created = site.cli("new", "Officer Reads to Kids", "--department", "Test PD", "--tags", "a,b")
    path = site.root / created.stdout.strip()
    relative = created.stdout.strip()
    assert site.cli("check").returncode == 0, "a draft may hold the placeholder"
    ready = path.read_text(encoding="utf-8").replace("draft: true", "draft: false")
    path.write_text(ready, encoding="utf-8")
    body_line = ready.split("\n").index("---", 1) + 2
    result = site.cli("build")
    assert result.returncode == 1
    assert f"{relative}:{body_line}: error: the story still holds the text `beat new` wrote" in result.stderr
    assert not site.public.exists()
    written = re.sub(r"(?m)^Write the story here\..*$", "Officer Ana read to twenty children on Tuesday.", ready)
    path.write_text(written, encoding="utf-8")
    result = site.cli("build")
    assert result.returncode == 0, result.stderr
    assert (site.public / "stories/officer-reads-to-kids/index.html").is_file()


def test_an_uncommented_example_value_is_placeholder_text_too(make_site):
    site = make_site({})
    created = site.cli("new", "Quiet Night", "--department", "Test PD", "--tags", "a")
    path = site.root / created.stdout.strip()
    text = path.read_text(encoding="utf-8").replace("draft: true", "draft: false").replace("# summary:", "summary:")
    text = re.sub(r"(?m)^Write the story here\..*$", "A quiet night.", text)
    path.write_text(text, encoding="utf-8")
    summary_line = text.split("\n").index(next(line for line in text.split("\n") if line.startswith("summary:"))) + 1
    problems = check(site)
    assert [p.split(": error: ")[0] for p in problems] == [f"{created.stdout.strip()}:{summary_line}"], problems


def test_every_rule_is_explained_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule}`" in readme, rule


def test_the_report_lists_a_finding_with_its_rule_id_and_its_json_validates(make_site):
    site = make_site({"content/stories/a.md": story(body=PHONE_BODY)})
    result = build(site.root, BuildOptions(write=False, now=NOW))
    data = json.loads(report.as_json(report.from_build(result, NOW)))
    schema = json.loads((REPO / "docs/report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    found = [(entry["path"], p["line"], p["rule"]) for entry in data["problems"] for p in entry["problems"] if p["rule"]]
    assert found == [("content/stories/a.md", PHONE_LINE, "phone-number")]
