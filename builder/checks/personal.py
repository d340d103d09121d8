"""Personal data about members of the public: phone numbers, e-mail and street addresses,
licence plates, dates of birth, and the full names of minors.

Each check is a function (text, ...) -> hits, reading prose with web addresses blanked (see
text.prose). They look for the shapes these details take in news copy and leave ordinary
numbers alone: years, prices, "Route 66", "Apollo 11", dates, times, percentages, ZIP codes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from builder.checks.text import Hit, sentence_bounds

DEFAULT_REGION = "US"
# Words that make a check look around them ("plate", "teen"), looked at in one text: no story
# has this many, and a pasted list of them must not take minutes to check.
MAX_CUES = 500


def region_of(language: str) -> str:
    """The region phone numbers are read in: the site's language tag's region ("en-GB" -> GB),
    else the United States."""
    parts = re.split(r"[-_]", language)
    if len(parts) < 2 or len(parts[1]) != 2:
        return DEFAULT_REGION
    import phonenumbers  # see phone_numbers

    region = parts[1].upper()
    return region if region in phonenumbers.SUPPORTED_REGIONS else DEFAULT_REGION


# --- phone numbers --------------------------------------------------------------------------

# A run of digits and the marks phone numbers are written with, with the "+" and "(" before its
# first digit; one of seven digits or more, short enough to be one number, goes to the library's
# matcher (most stories have none). A long run is a table of figures, not a phone number.
# The pattern starts at a digit, which the regex engine finds by a fast scan (starting with the
# optional "+(" it was tried at every character: three times slower); `_number_runs` adds them.
_NUMBER_RUN = re.compile(r"\d[\d ().\-–]*\d")
_BEFORE_DIGITS = "+("
MAX_RUN = 40
# A local number without its area code ("call 555-0134"): the library needs the area code, so
# these count only after a word that says a number follows.
_LOCAL_FORM = re.compile(r"[2-9](?!11)\d{2}[-. ]\d{4}")
_LOCAL_CUE = re.compile(
    r"\b(?:call|calls|called|calling|phone|telephone|tel|text|dial|number|line|reach(?:ed)?|at)\b[^.\n\d]{0,20}$", re.IGNORECASE
)


def _number_runs(text: str) -> Iterator[tuple[int, int]]:
    """Where each run of digits lies, with the "+" and "(" written just before it (never part of
    the run before: a run ends at a digit)."""
    for run in _NUMBER_RUN.finditer(text):
        start = run.start()
        while start and text[start - 1] in _BEFORE_DIGITS:
            start -= 1
        yield start, run.end()


def phone_numbers(text: str, region: str) -> Iterator[Hit]:
    for start, end in _number_runs(text):
        run = text[start:end]
        if len(run) > MAX_RUN or sum(ch.isdigit() for ch in run) < 7:
            continue
        # Imported at the first run of seven digits: most stories have none, and importing the
        # library took 40 ms, which every one-story rebuild paid.
        from phonenumbers import Leniency, PhoneNumberMatcher

        base = max(0, start - 1)
        found = False
        for match in PhoneNumberMatcher(text[base : end + 1], region, leniency=Leniency.VALID):
            groups = re.findall(r"\d+", match.raw_string)
            if len(groups) > 1 and any(len(group) > 4 for group in groups):
                continue  # "2024-001234": a case or file number, not grouped as phone numbers are
            found = True
            yield Hit("phone-number", base + match.start, f'phone number "{match.raw_string}"')
        if not found and _LOCAL_FORM.fullmatch(run) and _LOCAL_CUE.search(text, max(0, start - 30), start):
            yield Hit("phone-number", start, f'phone number "{run}"')


# --- e-mail addresses -----------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")


def email_addresses(text: str) -> Iterator[Hit]:
    if "@" not in text:
        return
    for match in _EMAIL.finditer(text):
        yield Hit("email-address", match.start(), f'e-mail address "{match.group()}"')


# --- street addresses -----------------------------------------------------------------------

_STREET_KINDS = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir"
    r"|Parkway|Pkwy|Highway|Hwy|Trail|Square|Sq|Loop|Alley|Row|Crescent|Close"
)
_STREET_ADDRESS = re.compile(
    r"(\d\d{0,5}[A-Za-z]?)\s+(?:[NSEW]\.?\s+)?"  # \d first: the engine scans for it fast, as for _NUMBER_RUN
    r"(?:(?:[A-Z][A-Za-z'’.-]*|\d+(?:st|nd|rd|th))\s+){1,3}"
    rf"(?:{_STREET_KINDS})\b\.?"
)
# "in 2019 Main Street reopened": a year, not a house number.
_YEAR_BEFORE = re.compile(r"\b(?:in|since|by|until|of|from|during|before|after)\s+$", re.IGNORECASE)


def street_addresses(text: str) -> Iterator[Hit]:
    for match in _STREET_ADDRESS.finditer(text):
        if match.start() and (text[match.start() - 1].isalnum() or text[match.start() - 1] in "_$.,/-"):
            continue  # part of a longer number, a price or a date (checked here, not in the pattern: several times faster)
        number = match.group(1)
        if len(number) == 4 and number.isdigit() and _YEAR_BEFORE.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        yield Hit("street-address", match.start(), f'street address "{" ".join(match.group().split())}"')


# --- licence plates -------------------------------------------------------------------------

_PLATE_WORD = re.compile(r"\b(?:plates?|tags?|registration)\b", re.IGNORECASE)
# Four to eight letters and digits, with at least one of each, maybe split by a space or dash
# ("7ABC123", "ABC-1234", "KX12 ABC"); or any capitals in quotes ("BIGCAR").
_PLATE = re.compile(
    r"(?<![\w-])(?=[A-Z0-9 -]{0,9}\d)(?=[A-Z0-9 -]{0,9}[A-Z])([A-Z0-9]{1,4}[- ]?[A-Z0-9]{1,5})(?![\w-])"
    r"|[\"“]([A-Z0-9]{2,8})[\"”]"
)


def licence_plates(text: str) -> Iterator[Hit]:
    lower = text.lower()
    if "plate" not in lower and "tag" not in lower and "registration" not in lower:
        return
    seen: set[int] = set()  # a plate beside two cue words ("registration plate") is one finding
    for word in itertools.islice(_PLATE_WORD.finditer(text), MAX_CUES):
        start, end = sentence_bounds(text, word.start(), word.end())
        window = text[max(start, word.start() - 30) : min(end, word.end() + 40)]
        offset = max(start, word.start() - 30)
        for plate in _PLATE.finditer(window):
            value = plate.group(1) or plate.group(2)
            if 4 <= len(value.replace(" ", "").replace("-", "")) <= 8 and offset + plate.start() not in seen:
                seen.add(offset + plate.start())
                yield Hit("license-plate", offset + plate.start(), f'licence plate "{value}" (beside "{word.group()}")')


# --- dates of birth -------------------------------------------------------------------------

_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DATE = (
    rf"(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?(?:,?\s+\d{{4}})?"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})"
)
_BIRTH = re.compile(
    rf"\b(?:born(?:\s+on)?|date\s+of\s+birth|birth\s*date|d\.?o\.?b\.?)\s*(?:is|was|:|,)?\s*(?:on\s+)?({_DATE})",
    re.IGNORECASE,
)


def dates_of_birth(text: str) -> Iterator[Hit]:
    lower = text.lower()
    if "born" not in lower and "birth" not in lower and "dob" not in lower and "d.o.b" not in lower:
        return
    for match in _BIRTH.finditer(text):
        yield Hit("date-of-birth", match.start(), f'date of birth "{" ".join(match.group().split())}"')


# --- a minor's full name ----------------------------------------------------------------------

_AGE_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
# Found by its end ("-year-old"), then its number looked for just before: a case-insensitive
# pattern starting with the number words would be tried at every letter of the story.
_OLD = re.compile(r"old\b")
_AGE_BEFORE_OLD = re.compile(rf"(?<![\w-])(\d{{1,3}}|{_AGE_WORDS})[- ](year|month|week|day)s?[- ]$", re.IGNORECASE)
_YOUTH_WORD = re.compile(r"(?<![\w-])(?:juveniles?|teens?|teenagers?|teenaged?)\b", re.IGNORECASE)
# "minor" the noun, not the adjective of "minor injuries": followed by a pause or a clause.
_MINOR = re.compile(r"(?<![\w-])minors?\b(?=\s*[,.;:)]|\s+(?:who|whose|named|was|is|were|had|from|and)\b)", re.IGNORECASE)
_STUDENT_AT = re.compile(
    r"students?\s+at\s+(?:[A-Z][\w'’.-]*\s+){1,4}?(?:Elementary|Middle|High|Junior|Intermediate|Primary)\b(?:\s+School)?"
)
_APPOSED_AGE = re.compile(r",\s+(\d{1,2}),")  # "Maya Chen, 9, rode ..."

_WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+)?"  # "Smith-Jones", not "Sixteen-year-old"
_NAME = re.compile(rf"(?=(?<![\w'’-])({_WORD})(?:\s+[A-Z]\.)?\s+({_WORD})(?![\w'’-]))")
# Capitalised words that are not a first or last name: sentence openers, titles (the people
# they name are adults at work), days, months, and the nouns of places and institutions.
_NOT_NAME_WORDS = """
    a an and as at after all also before but by during for from he her his how i if in it its my no not of on or our
    she so that the their then there these they this those to we what when where which while who why with you your
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december officer officers sergeant sgt deputy deputies chief detective det captain capt
    lieutenant lt corporal cpl trooper sheriff principal coach mayor judge councilmember commissioner superintendent
    pastor reverend rev father sister dispatcher firefighter teacher professor prof director manager agent ranger
    marshal constable inspector commander major colonel governor senator representative mr mrs ms dr miss
    police department school elementary middle high academy college university league club team park street avenue
    road lane drive boulevard center centre county city town township library church hospital office station unit
    division bureau fire community youth summer winter spring fall day night week festival fair foundation society
    association services pantry bank market cafe coffee bakery store shop hall court bridge river lake creek trail
    forest beach harbor pier north south east west new saint st juvenile juveniles teen teens teenager teenagers
    minor minors student students k-9 k9
"""
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


def minor_names(text: str) -> Iterator[Hit]:
    # Each pattern runs only where its words are: case-insensitive searches are slow.
    lower = text.lower()
    triggers: list[tuple[int, int, str]] = []
    for old in _OLD.finditer(text):
        if old.start() == 0 or text[old.start() - 1] not in "- ":
            continue  # "told", "hold"
        age_match = _AGE_BEFORE_OLD.search(text, max(0, old.start() - 22), old.start())
        if age_match is None:
            continue
        amount, unit = age_match.group(1).lower(), age_match.group(2).lower()
        age = int(amount) if amount.isdigit() else _AGE_WORDS.split("|").index(amount) + 1
        if unit != "year" or age < 18:
            triggers.append((age_match.start(), old.end(), text[age_match.start() : old.end()]))
    for pattern, word in ((_YOUTH_WORD, "teen"), (_YOUTH_WORD, "juvenil"), (_MINOR, "minor"), (_STUDENT_AT, "student")):
        if word in lower:
            triggers += [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
    for match in _APPOSED_AGE.finditer(text):
        if int(match.group(1)) < 18:
            triggers.append((match.start(1), match.end(1), match.group(1)))
    reported: set[str] = set()
    for start, end, trigger in sorted(triggers)[:MAX_CUES]:
        for name, at in _names_beside(text, start, end):
            if name not in reported:
                reported.add(name)
                yield Hit("minor-name", at, f'full name "{name}" beside "{" ".join(trigger.split())}" may name a minor')


def _names_beside(text: str, start: int, end: int) -> Iterator[tuple[str, int]]:
    """Capitalised first-and-last names in the same sentence as [start, end), near it."""
    first, last = sentence_bounds(text, start, end)
    low, high = max(first, start - 60), min(last, end + 60)
    sentence = text[first:last]
    words = re.findall(r"[^\W\d_][\w'’-]*", sentence)
    title_case = len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
    for match in _NAME.finditer(text, low, high):
        given, family = match.group(1), match.group(2)
        at = match.start(1)
        if given.lower() in _NOT_NAMES or family.lower() in _NOT_NAMES or given.endswith(("'s", "’s")):
            continue
        before = text[max(first, at - 30) : at].split()
        previous = before[-1].strip('"“(') if before else ""
        after = text[match.end(2) : match.end(2) + 30].split()
        following = after[0] if after else ""
        adjacent = at - end in range(0, 3)  # "Sixteen-year-old Jordan Price"
        if title_case and not adjacent:
            continue  # a headline capitalises every word: only a name right after the age is one
        if previous.rstrip(".").lower() in _NOT_NAMES and previous[:1].isupper() and not adjacent:
            continue  # "Officer Ben Alvarez": an adult named with their title
        if following[:1].isupper() and following.strip(".,;:") == following:
            continue  # "Summer Hoops League": part of a longer proper name
        yield f"{given} {family}", at
