"""A small but complete fixture site: every page type, profiles, a page, a draft and a future story.

The expectations below are written from the fixture's front matter, not read back from Beat.
"""

from __future__ import annotations

from tests.conftest import story

SITE_TOML = """\
title = "Test Beat"
base_url = "{base_url}"
description = "Stories for tests."
author = "Test Desk"
paginate = 3
sources = "optional"
"""

HARBOR_BODY = (
    "Volunteers and officers cleared the harbor front on Saturday morning.\n\n"
    "It followed [the food drive](/stories/food-drive/) in February.\n"
)


def site_toml(base_url: str = "https://example.org/") -> str:
    return SITE_TOML.format(base_url=base_url)


def files() -> dict[str, str]:
    return {
        "content/stories/2026/reading-club.md": story(
            "Officers Start a Reading Club",
            "2026-04-10",
            "Harbor City Police Department",
            ["Youth Outreach"],
            "Officers read aloud at the library every Tuesday.",
        ),
        "content/stories/2026/harbor-cleanup.md": story(
            "Harbor Cleanup Day",
            "2026-03-05T09:30:00-06:00",
            "Harbor City PD",
            ["Community Policing", "Volunteering"],
            HARBOR_BODY,
            author="Jane Reporter",
            location="Harbor City, Bayshore County",
            source={"name": "Harbor Gazette", "url": "https://news.example.com/harbor-cleanup"},
        ),
        "content/stories/2026/food-drive.md": story(
            "Riverbend Food Drive Fills Two Trucks",
            "2026-02-01",
            "Riverbend Police Department",
            ["food-drive", "community-policing"],
            "Two trucks of food left the station for the pantry.",
        ),
        "content/stories/2025/winter-coats.md": story(
            "Winter Coats for Families",
            "2025-12-20",
            "Riverbend PD",
            ["volunteering"],
            "Officers handed out two hundred winter coats.",
        ),
        "content/stories/2025/old-story.md": story(
            "Deputies Help at the County Fair",
            "2025-06-01",
            "Cedar Point Sheriff's Office",
            ["volunteering"],
            "Deputies ran the lost-children tent at the fair.",
        ),
        "content/stories/2026/draft-plan.md": story(
            "Secret Draft Plan",
            "2026-01-15",
            "Harbor City PD",
            ["Secret Plans", "volunteering"],
            "Not ready yet.",
            draft="true",
        ),
        "content/stories/2027/next-year.md": story(
            "A Story From Next Year",
            "2027-01-05",
            "Riverbend PD",
            ["volunteering", "Future Only"],
            "This has not happened yet.",
        ),
        "content/departments/harbor-city-police-department.md": (
            "---\nname: Harbor City Police Department\ncity: Harbor City\nregion: Bayshore County\n"
            'website: https://harbor.example.gov/police\naliases: ["Harbor City PD"]\n---\n'
            "The department of a working port city.\n"
        ),
        "content/departments/riverbend-police-department.md": (
            "---\nname: Riverbend Police Department\ncity: Riverbend\nregion: Lakeshore County\n"
            'website: https://riverbend.example.gov/\naliases: ["Riverbend PD"]\n---\n'
            "The department of a river town.\n"
        ),
        "content/tags/community-policing.md": (
            '---\ntitle: Community Policing\naliases: ["neighbourhood policing"]\n---\n'
            "Officers and residents working side by side.\n"
        ),
        "content/pages/about.md": "---\ntitle: About This Beat\n---\nWe collect good news about [local officers](/departments/).\n",
    }


# Published stories, newest first.
STORIES = ["reading-club", "harbor-cleanup", "food-drive", "winter-coats", "old-story"]
UNPUBLISHED = ["draft-plan", "next-year"]
UNPUBLISHED_TITLES = ["Secret Draft Plan", "A Story From Next Year"]
TITLES = {
    "reading-club": "Officers Start a Reading Club",
    "harbor-cleanup": "Harbor Cleanup Day",
    "food-drive": "Riverbend Food Drive Fills Two Trucks",
    "winter-coats": "Winter Coats for Families",
    "old-story": "Deputies Help at the County Fair",
}
# tag slug -> (title, or None where stories spell it differently; stories newest first)
TAGS = {
    "community-policing": ("Community Policing", ["harbor-cleanup", "food-drive"]),
    "food-drive": (None, ["food-drive"]),  # a slug as written: its display title is up to Beat
    "volunteering": (None, ["harbor-cleanup", "winter-coats", "old-story"]),  # spelled two ways
    "youth-outreach": ("Youth Outreach", ["reading-club"]),
}
UNPUBLISHED_TAGS = ["secret-plans", "future-only"]
# department slug -> (name, city, region, website, stories newest first)
DEPARTMENTS = {
    "harbor-city-police-department": (
        "Harbor City Police Department",
        "Harbor City",
        "Bayshore County",
        "https://harbor.example.gov/police",
        ["reading-club", "harbor-cleanup"],
    ),
    "riverbend-police-department": (
        "Riverbend Police Department",
        "Riverbend",
        "Lakeshore County",
        "https://riverbend.example.gov/",
        ["food-drive", "winter-coats"],
    ),
    "cedar-point-sheriffs-office": ("Cedar Point Sheriff's Office", "", "", "", ["old-story"]),
}
YEARS = {2026: ["reading-club", "harbor-cleanup", "food-drive"], 2025: ["winter-coats", "old-story"]}
