"""Write a deterministic Beat archive of any size, for benchmarks.

    python benchmarks/generate.py OUT_DIR --stories 10000 [--seed 1] [--force] [--one-year] [--profile dense]

The same arguments always give byte-identical files. The site has no theme of its own (Beat uses
the bundled default theme), ~20 department profiles, ~10 tag profiles and an about page. Every
story is dated between 2015 and October 2026, so none is in the future (with --one-year, all of
them in 2026). The `standard` profile writes stories of 600 to 1,100 words; `dense` writes
stories of 900 to 1,100 words with about twice the emphasis, links, lists and quotes, the kind
of corpus that costs a Markdown converter the most per word.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SITE_TOML = """\
title = "Beat Benchmark Archive"
description = "A generated archive for measuring Beat."
base_url = "https://bench.example.org/"
language = "en"
author = "Beat Bench Desk"
paginate = 20
feed_limit = 20
"""


def _words(text: str) -> list[str]:
    return text.split()


FIRST_DAY = date(2015, 1, 1)
LAST_DAY = date(2026, 10, 31)
DEPARTMENT_PROFILES = 20
TAG_PROFILES = 10

WORDS = _words(
    """
a about after afternoon again ahead all along also always among an and another answer any area
around art asked at attend away back bake ball bank be because before began behind being bench
best between bicycle block board book both bring brother build bus busy but by cafe call came
camp can car card care center chance check child children city class clean close club coach
coffee cold come community cook corner could counter county court crew crossing cup day dealt
deputy desk did dinner dog door down drive during each early east edge eight enough evening
even every family far farm father feet few field first five floor food for found four free
friend from front full game garden gave gift girl go good grade great green group grow had hall
hand harbor has have he heard help her here hill his hold home hope hour house how hundred idea
in inside into it join just keep kept kids kind kitchen knew know lake last late later lead learn
left lesson let library light like line list little live local long look lost lot lunch made main
make many market may meal meet member met might mile minute mom month more morning most mother
much music near need neighbor neighborhood never new next night nine no north now number of off
office officer often old on once one only open or other our out over paint park part party past
path people picnic place plan play point porch program project public put question quiet race
rain ran read ready reading recent repair resident rest ride river road room round run safe said
saw say school season second see send sergeant service set seven she shelter shop short should
show side sign since six small so some soon spent sport spring staff start station stay step
still stop store story street student summer sun supply table take talk team tell ten than thank
that the their them then there these they thing third this those three through time to today
together told took town toy track trail train tree truck try turn twelve two under until up upon
used van very visit volunteer wait walk want warm was watch water way we week weekend well went
were west what when where which while who whole why will winter with within word work year yes
yet young youth
"""
)

NAMES = _words(
    """
Ada Alma Amir Ana Ben Bea Cal Cora Dana Dev Eli Emma Finn Gia Hal Ines Ivan Jada Joel Kai Lena
Leo Lucia Mara Milo Nadia Noor Omar Pia Quinn Ravi Rosa Sam Sana Tess Theo Uma Vera Wes Yara Zane
"""
)
SURNAMES = _words(
    """
Abbott Alvarez Baker Brooks Castillo Chen Dorsey Ellis Fernandes Foster Garcia Hale Ibarra Jensen
Kowalski Lowe Mbeki Novak Okafor Ortiz Patel Quist Raman Reyes Sato Singh Tran Ueda Vance Walsh
Whitfield Young Zimmer
"""
)

PLACE_FIRST = _words(
    """
Maple Cedar Oak Pine Willow Birch Elm Aspen Hazel Juniper Laurel Alder Ash Spruce Hickory Linden
Rowan Sage Clover Fern Heather Holly Ivy Briar Thorn Stone Iron Silver Copper Amber
"""
)
PLACE_SECOND = _words(
    """
Hollow Ridge Falls Creek Harbor Springs Valley Crossing Point Bluff Glen Meadow Heights Landing
Grove Bend Park Haven Shore Field
"""
)
DEPARTMENT_KINDS = [
    "Police Department",
    "Police Department",
    "Police Department",
    "Police Department",
    "County Sheriff's Office",
    "Township Police",
    "University Police Department",
    "Transit Police",
]
REGIONS = ["Oregon", "Vermont", "Lakeshore County", "Bayshore County", "Idaho", "Maine", "New Mexico", "Iowa"]

TAGS = _words(
    """
youth-outreach community-policing mental-health traffic-safety bike-safety school-visits
reading sports volunteering food-drive holiday-giving animal-rescue lost-and-found seniors
de-escalation crisis-response neighborhood-watch coffee-with-a-cop k9 mounted-unit
water-rescue first-aid cpr fire-safety disaster-relief flood-response snow-days heat-relief
homeless-outreach veterans recovery-support language-access immigrant-communities
faith-communities small-business downtown rural-policing tribal-partnerships
campus-safety transit summer-camp mentoring coaching basketball soccer baseball fishing
chess music art gardening cooking bake-sale fundraiser blood-drive toy-drive coat-drive
back-to-school graduation scholarships career-day cadets explorers recruiting training
body-cameras open-house citizens-academy ride-along national-night-out parades festivals
car-seats missing-persons wellness-checks accessibility sign-language autism-awareness
domestic-violence-support restorative-justice
"""
)

HEADLINE_SUBJECTS = ["Officers", "Deputies", "Sergeant", "Officer", "Volunteers and Officers", "K-9 Team", "Cadets"]
HEADLINE_VERBS = ["Help", "Start", "Host", "Rebuild", "Join", "Organize", "Lead", "Support", "Repair", "Celebrate"]
HEADLINE_OBJECTS = [
    "a Reading Club",
    "the Park Cleanup",
    "a Winter Coat Drive",
    "a Bike Rodeo",
    "the Summer Hoops League",
    "a Garden for Seniors",
    "a Lost Dog's Homecoming",
    "the Pancake Breakfast",
    "a Chess Night",
    "the River Trail Repair",
    "a Food Pantry",
    "the Holiday Toy Run",
    "a Coffee Morning",
    "a Career Day Visit",
    "the Flood Relief Effort",
]


def slugify(text: str) -> str:
    """The slug Beat derives from a name: lower case, apostrophes dropped, other marks hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def department_pool() -> list[str]:
    """150 fictional departments; the same list whatever the seed."""
    rng = random.Random("beat-departments")
    places = [f"{first} {second}" for first in PLACE_FIRST for second in PLACE_SECOND]
    rng.shuffle(places)
    return [f"{place} {DEPARTMENT_KINDS[i % len(DEPARTMENT_KINDS)]}" for i, place in enumerate(places[:150])]


def tag_title(slug: str) -> str:
    special = {"k9": "K9", "cpr": "CPR", "coffee-with-a-cop": "Coffee with a Cop"}
    return special.get(slug, slug.replace("-", " ").title())


@dataclass(frozen=True)
class Profile:
    """How a story is written: cumulative thresholds of one random roll each."""

    inline: tuple[float, float, float, float]  # a sentence's roll under these: italic, bold, link, a name
    blocks: tuple[float, float, float]  # a block's roll under these: heading, list, quote (else a paragraph)
    words: tuple[int, int]  # a body's target length, before its last block


PROFILES = {
    "standard": Profile(inline=(0.08, 0.11, 0.13, 0.18), blocks=(0.07, 0.12, 0.16), words=(600, 1100)),
    # Twice the italic, bold and links of `standard` per sentence, twice the lists and quotes per block.
    "dense": Profile(inline=(0.16, 0.22, 0.26, 0.31), blocks=(0.07, 0.17, 0.25), words=(900, 1100)),
}


class Writer:
    """Prose from a word list, driven by one random.Random."""

    def __init__(self, rng: random.Random, profile: Profile = PROFILES["standard"]):
        self.rng = rng
        self.profile = profile

    def sentence(self, low: int = 8, high: int = 20, *, plain: bool = False) -> str:
        rng = self.rng
        words = rng.choices(WORDS, k=rng.randint(low, high))
        roll = rng.random()
        italic, bold, link, name = self.profile.inline
        if plain or len(words) < 6:
            pass  # headings and summaries stay plain text
        elif roll < italic:
            at = rng.randrange(1, len(words))
            words[at] = f"*{words[at]}*"
        elif roll < bold:
            at = rng.randrange(1, len(words))
            words[at] = f"**{words[at]}**"
        elif roll < link:
            at = rng.randrange(1, len(words) - 1)
            words[at] = f"[{words[at]} {words[at + 1]}](https://example.org/{words[at]}-{words[at + 1]})"
            del words[at + 1]
        elif roll < name:
            words.insert(rng.randrange(1, len(words)), rng.choice(NAMES))
        text = " ".join(words)
        end = "?" if roll > 0.97 else "."
        return text[0].upper() + text[1:] + end

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 6)))

    def body(self) -> str:
        rng = self.rng
        target = rng.randint(*self.profile.words)  # the last block may add up to ~100
        heading, listing, quoting = self.profile.blocks
        blocks: list[str] = []
        words = 0
        has_link = False
        while words < target:
            roll = rng.random()
            if roll < heading and blocks:
                blocks.append("## " + self.sentence(2, 5)[:-1])
            elif roll < listing:
                items = [self.sentence(4, 10) for _ in range(rng.randint(3, 5))]
                blocks.append("\n".join(f"- {item}" for item in items))
                words += sum(len(item.split()) for item in items)
            elif roll < quoting:
                quote = self.sentence(10, 24)
                blocks.append(f'> "{quote}" said {rng.choice(NAMES)} {rng.choice(SURNAMES)}.')
                words += len(quote.split()) + 3
            else:
                text = self.paragraph()
                blocks.append(text)
                words += len(text.split())
                has_link = has_link or "](https://" in text
        if not has_link:
            slug = "-".join(rng.choices(WORDS, k=3))
            blocks.append(f"Read more at [the department's news page](https://example.org/news/{slug}).")
        return "\n\n".join(blocks) + "\n"


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def story_text(
    rng: random.Random, writer: Writer, index: int, departments: list[str], days: tuple[date, date] = (FIRST_DAY, LAST_DAY)
) -> tuple[int, str, str]:
    """(year, slug, file text) of story number `index`, dated between `days`."""
    first, last = days
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    if rng.random() < 0.2:
        offset = rng.choice(["-08:00", "-07:00", "-06:00", "-05:00", "-04:00", "+00:00", "+01:00"])
        when = f"{day.isoformat()}T{rng.randint(6, 21):02d}:{rng.choice([0, 15, 30, 45]):02d}:00{offset}"
    else:
        when = day.isoformat()
    subject, verb = rng.choice(HEADLINE_SUBJECTS), rng.choice(HEADLINE_VERBS)
    verb += "" if subject.endswith("s") else "s"
    headline = f"{subject} {verb} {rng.choice(HEADLINE_OBJECTS)}"
    place = rng.choice(PLACE_FIRST) + " " + rng.choice(PLACE_SECOND)
    title = f"{place} {headline}"
    slug = f"{slugify(title)}-{index:05d}"
    department = rng.choice(departments)
    if rng.random() < 0.05:
        department = department.upper()  # names match without regard to case
    tags = rng.sample(TAGS, rng.randint(1, 4))
    if rng.random() < 0.1:
        tags[0] = tag_title(tags[0])  # a display spelling of the same tag
    summary = writer.sentence(14, 28, plain=True)
    author = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"
    location = f"{place}, {rng.choice(REGIONS)}"
    front = [
        "---",
        f"title: {_yaml(title)}",
        f"date: {when}",
        f"department: {_yaml(department)}",
        "tags: [" + ", ".join(_yaml(tag) for tag in tags) + "]",
        f"summary: {_yaml(summary)}",
        f"author: {_yaml(author)}",
        f"location: {_yaml(location)}",
        f"source: https://example.org/news/{slug}",  # the default sources policy warns about a story without one
        "---",
    ]
    return day.year, slug, "\n".join(front) + "\n" + writer.body()


def generate(out_dir: Path, stories: int, seed: int = 1, *, one_year: bool = False, profile: str = "standard") -> None:
    """Write site.toml and content/ for an archive of `stories` stories into `out_dir`; with
    `one_year`, every story is dated in 2026 (an archive imported in bulk); `profile` is a key of
    PROFILES."""
    days = (date(LAST_DAY.year, 1, 1), LAST_DAY) if one_year else (FIRST_DAY, LAST_DAY)
    rng = random.Random(seed)
    writer = Writer(rng, PROFILES[profile])
    departments = department_pool()
    content = out_dir / "content"
    for folder in ("stories", "departments", "tags", "pages"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    _write(out_dir / "site.toml", SITE_TOML)

    for index, name in enumerate(departments[:DEPARTMENT_PROFILES]):
        place = name.split(" ")[0] + " " + name.split(" ")[1]
        initials = "".join(word[0] for word in name.replace("'s", "").split() if word[0].isupper())
        front = [
            "---",
            f"name: {_yaml(name)}",
            f"city: {_yaml(place)}",
            f"region: {_yaml(REGIONS[index % len(REGIONS)])}",
            f"website: https://example.org/{slugify(name)}",
            f"aliases: [{_yaml(place + ' PD')}, {_yaml(initials + str(index))}]",
            "---",
        ]
        _write(content / "departments" / f"{slugify(name)}.md", "\n".join(front) + "\n" + writer.paragraph() + "\n")
    for slug in TAGS[:TAG_PROFILES]:
        front = ["---", f"title: {_yaml(tag_title(slug))}", f"aliases: [{_yaml(slug.replace('-', ' ') + 's')}]", "---"]
        _write(content / "tags" / f"{slug}.md", "\n".join(front) + "\n" + writer.paragraph() + "\n")
    about = ["---", 'title: "About this archive"', 'summary: "A generated archive for benchmarks."', "---"]
    _write(content / "pages" / "about.md", "\n".join(about) + "\n" + writer.paragraph() + "\n\n" + writer.paragraph() + "\n")

    years: set[int] = set()
    for index in range(stories):
        year, slug, text = story_text(rng, writer, index, departments, days)
        folder = content / "stories" / str(year)
        if year not in years:
            folder.mkdir(exist_ok=True)
            years.add(year)
        _write(folder / f"{slug}.md", text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a deterministic Beat archive for benchmarks.")
    parser.add_argument("out_dir", type=Path, help="the site folder to write")
    parser.add_argument("--stories", type=int, required=True, help="how many stories")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true", help="replace an existing content/ and site.toml in OUT_DIR")
    parser.add_argument("--one-year", action="store_true", help="date every story in 2026, as an archive imported in bulk")
    parser.add_argument(
        "--profile", choices=sorted(PROFILES), default="standard", help="how stories are written (default standard)"
    )
    args = parser.parse_args(argv)
    if args.stories < 0:
        parser.error("--stories must be 0 or more")
    out_dir: Path = args.out_dir
    existing = out_dir.is_dir() and any(out_dir.iterdir())
    if existing and not args.force:
        parser.error(f"{out_dir} is not empty; pass --force to replace its content/ and site.toml")
    if existing:
        shutil.rmtree(out_dir / "content", ignore_errors=True)
    started = time.perf_counter()
    generate(out_dir, args.stories, args.seed, one_year=args.one_year, profile=args.profile)
    print(f"wrote {args.stories} stories to {out_dir} in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
