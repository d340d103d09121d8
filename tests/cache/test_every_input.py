"""A cached build equals a clean one whatever changed: each field of a story, each key of site.toml,
each option of `beat build`. The fields, keys and options are found by introspection, so one
added later is covered without editing these tests."""

from __future__ import annotations

import dataclasses
import datetime
import shutil
import subprocess
import sys
import types
import typing

import pytest
from markupsafe import Markup

from builder import cli, model, parse, templates
from builder.config import SiteConfig
from builder.model import Card, Story
from builder.pipeline import BuildOptions, build
from tests.cache.test_build_cache import tree
from tests.conftest import NOW, SITE_TOML, story

MARK = "<!-- mutate: "
# Templates that print every shown field of every story a page holds: its own story, its
# neighbours, and each story of every listing.
SHOWN = [f.name for f in dataclasses.fields(Card) if f.metadata.get("shown", True)]
CARD_TEXT = "{% for name in shown_fields %}[{{ name }}={{ s[name] }}]{% endfor %}"
TEMPLATES = {
    "templates/_story_list.html": "{% for s in stories %}<li>" + CARD_TEXT + "</li>{% endfor %}\n",
    "templates/story.html": (
        '{% extends "base.html" %}{% block content %}{{ story.body_html }}'
        "{% for s in [story, previous, next] if s %}<p>" + CARD_TEXT + "</p>{% endfor %}{% endblock %}\n"
    ),
}


def sample(hint: typing.Any) -> typing.Any:
    """A value of the type `hint` names, made from the type alone (a field that was empty)."""
    if hint is Markup:
        return Markup("<p>A sample.</p>")
    if hint in (str, int, bool):
        return {str: "sample", int: 3, bool: True}[hint]
    if hint is datetime.datetime:
        return NOW - datetime.timedelta(days=3)
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return sample(next(arg for arg in args if arg is not type(None)))
    if typing.get_origin(hint) is tuple:
        return (sample(args[0]),) if args[-1] is Ellipsis else tuple(sample(arg) for arg in args)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return hint(**{f.name: sample(hints[f.name]) for f in dataclasses.fields(hint) if f.init})
    raise AssertionError(f"no sample value for a {hint} field: teach sample() one")


def changed(value: typing.Any, hint: typing.Any) -> typing.Any:
    """Another valid value of the field's type: any type built from strings, numbers, dates,
    Markup, optionals, tuples and dataclasses, so a new field of such a type needs nothing here."""
    if isinstance(value, Markup):
        return Markup("<p>A changed body.</p>")
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, datetime.datetime):
        return value + datetime.timedelta(days=1, hours=2)
    if value is None:
        return sample(hint)
    if dataclasses.is_dataclass(value):
        hints = typing.get_type_hints(type(value))
        fields = [f for f in dataclasses.fields(value) if f.init]
        return dataclasses.replace(value, **{f.name: changed(getattr(value, f.name), hints[f.name]) for f in fields})
    if isinstance(value, tuple):
        args = typing.get_args(hint)
        if args[-1] is not Ellipsis:
            return tuple(changed(item, arg) for item, arg in zip(value, args, strict=True))
        return (*value, changed(value[-1], args[0]) if value else sample(args[0]))
    raise AssertionError(f"no changed value for a {hint} field: teach changed() one")


# Another value for fields whose type alone cannot give a valid one (a media file must exist).
VALID = {"image": "media/other.svg", "media": ("media/other.svg",)}
MEDIA = {
    "content/media/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 30"/>',
    "content/media/other.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 20"/>',
}


def mutating_parse(real):
    """The parser, changing one field of a story whose text names it (as a parser that computed
    that field differently would)."""

    def parse_source(source, config, renderer):
        result = real(source, config, renderer)
        if MARK not in source.text or not isinstance(result.item, Story):
            return result
        name = source.text.split(MARK, 1)[1].split(" ", 1)[0]
        hints = typing.get_type_hints(Story)
        values = {name: VALID.get(name) or changed(getattr(result.item, name), hints[name])}
        if name in ("tags", "tag_names"):  # kept in step: one name per tag
            values = {"tags": (*result.item.tags, "extra"), "tag_names": (*result.item.tag_names, "extra")}
        item = dataclasses.replace(result.item, **values)
        if name != "key":
            item = dataclasses.replace(item, key=model.card_key(item))
        return dataclasses.replace(result, item=item)

    return parse_source


@pytest.fixture
def field_site(make_site, monkeypatch):
    monkeypatch.setattr(parse, "parse_source", mutating_parse(parse.parse_source))
    real_environment = __import__("builder.templates", fromlist=["environment"]).environment

    def environment(dirs, compiled=None):
        env = real_environment(dirs, compiled)
        env.globals["shown_fields"] = SHOWN
        return env

    monkeypatch.setattr("builder.templates.environment", environment)
    stories = {
        f"content/stories/{slug}.md": story(
            title=f"Story {slug}",
            date=f"2026-01-0{n}",
            tags=["alpha", "beta"],
            summary=f'"About {slug}."',
            author='"A. Writer"',
            image="media/pic.svg",
            image_alt='"A picture"',
        )
        for n, slug in enumerate("abc", 1)
    }
    return make_site({**stories, **TEMPLATES, **MEDIA}, site_toml=SITE_TOML + "search = false\n")


def cached_equals_clean(site, edit: str) -> tuple[bool, dict, dict]:
    """Build with memory, apply `edit` to story b, build with memory again and clean; the two trees."""
    options = BuildOptions(out_dir=site.public, disk_cache=True, now=NOW)
    assert build(site.root, options).ok
    before = tree(site.public)
    path = site.root / "content/stories/b.md"
    path.write_text(path.read_text(encoding="utf-8") + edit, encoding="utf-8")
    cached = build(site.root, options)
    clean_dir = site.root.parent / "clean"
    clean = build(site.root, BuildOptions(out_dir=clean_dir, now=NOW))
    assert [str(p) for p in cached.problems] == [str(p) for p in clean.problems]
    if not clean.ok:
        return True, before, {}
    return tree(site.public) == tree(clean_dir), before, tree(clean_dir)


# Where a story comes from: the loader sets them from the file, so they change only with the file.
ORIGIN = {"path", "digest"}


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Story) if f.name not in ORIGIN])
def test_each_story_field_changed_alone_gives_a_cached_build_equal_to_a_clean_one(field_site, name):
    equal, before, after = cached_equals_clean(field_site, f"\n{MARK}{name} -->\n")
    assert equal
    if name in SHOWN or name == "body_html":
        assert after and after != before, "the test templates show the field, so the site must change"


def test_a_field_left_out_of_the_card_key_is_caught(field_site, monkeypatch):
    """The planted mistake: listings keyed without the story's summary keep showing the old one."""
    monkeypatch.setattr(model, "SHOWN_CARD_FIELDS", tuple(name for name in model.SHOWN_CARD_FIELDS if name != "summary"))
    equal, _, _ = cached_equals_clean(field_site, f"\n{MARK}summary -->\n")
    assert not equal


def test_only_where_a_story_comes_from_is_hidden_from_listings():
    """Hiding a field from the card key is a decision to review: these say where a story comes
    from (for messages and for finding its body), and no page shows them."""
    assert {f.name for f in dataclasses.fields(Card)} - set(SHOWN) == {"digest", "lines", "body_line", "key"}


# Another valid value for settings whose type alone cannot give one.
CONFIG_VALUES = {
    "base_url": "https://example.org/sub/path/",
    "timezone": "Asia/Tokyo",
    "theme": "copied",  # the default theme, copied into the site's themes/ and changed (see below)
    "language": "fr",
    "sources": "recommended",  # one of three words; the test sites' "optional" is the other end (the schema states it)
}


def toml_value(name: str, field: dataclasses.Field) -> str | None:
    if name in CONFIG_VALUES:
        return f'"{CONFIG_VALUES[name]}"'
    default = field.default
    if isinstance(default, bool):
        return "false" if default else "true"
    if isinstance(default, int):
        return "2" if default != 2 else "3"  # small: the test site has four stories
    if isinstance(default, str):
        return f'"{default} changed"'
    raise AssertionError(f"no value for site.toml key {name}: add one to CONFIG_VALUES")


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(SiteConfig)])
def test_each_site_toml_key_changed_gives_a_cached_build_equal_to_a_clean_one(make_site, name):
    field = next(f for f in dataclasses.fields(SiteConfig) if f.name == name)
    value = toml_value(name, field)
    stories = {
        f"content/stories/s{n}.md": story(title=f"S{n}", date=f"2026-01-0{n}", body=f"[Other](/stories/s{n + 1}/)")
        for n in range(1, 5)
    }
    site = make_site(stories)
    options = BuildOptions(out_dir=site.public, disk_cache=True, now=NOW)
    assert build(site.root, options).ok
    before = tree(site.public)
    copied = site.root / "themes/copied"
    shutil.copytree(templates.theme_dir(site.root, "default"), copied)
    with (copied / "templates/base.html").open("a", encoding="utf-8") as base:
        base.write("<!-- the copied theme -->\n")
    lines = [line for line in SITE_TOML.splitlines() if not line.startswith(f"{name} =")]
    (site.root / "site.toml").write_text("\n".join([*lines, f"{name} = {value}", ""]), encoding="utf-8")
    assert build(site.root, options).ok
    clean = site.root.parent / "clean"
    assert build(site.root, BuildOptions(out_dir=clean, now=NOW)).ok
    assert tree(site.public) == tree(clean)
    assert tree(clean) != before, f"{name} = {value} changed nothing: the test proves nothing"


def build_options() -> list[str]:
    parser = cli._parser()
    commands = next(a for a in parser._actions if a.dest == "==SUPPRESS==" or a.__class__.__name__ == "_SubParsersAction")
    build_parser = commands.choices["build"]
    return sorted(option for action in build_parser._actions for option in action.option_strings[-1:] if option != "--help")


# A value for options that take one.
OPTION_VALUES = {"--base-url": "https://example.org/under/a/path/", "--jobs": "2", "--out": "elsewhere", "--site": "."}


@pytest.mark.parametrize("option", build_options())
def test_each_build_option_gives_a_cached_build_equal_to_a_clean_one(make_site, option):
    stories = {
        "content/stories/a.md": story(title="A", body="[B](/stories/b/)"),
        "content/stories/b.md": story(title="B", date="2026-01-11", draft="true"),
        "content/stories/c.md": story(title="C", date="2030-01-01"),
    }
    site = make_site(stories)
    command = [sys.executable, "-m", "builder", "build"]
    run = lambda *args: subprocess.run([*command, *args], cwd=site.root, capture_output=True, text=True, timeout=120)  # noqa: E731
    assert run().returncode == 0
    flag = [option] if option not in OPTION_VALUES else [option, OPTION_VALUES[option]]
    out = site.root / ("elsewhere" if option == "--out" else "public")
    clean_out = site.root.parent / "clean"
    clean_flag = [f for f in flag if f not in ("--no-cache", "--out", "elsewhere")]
    clean = run("--no-cache", "--out", str(clean_out), *clean_flag)
    for _ in range(2):  # the first build with the option, then a rebuild with it
        cached = run(*flag)
        assert cached.returncode == clean.returncode
        assert cached.stderr.replace(str(out), "OUT") == clean.stderr.replace(str(clean_out), "OUT")
        if cached.returncode == 0:
            assert tree(out) == tree(clean_out)
