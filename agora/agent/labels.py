"""Numbers in a word problem that name rather than count, and spans between two times of day.

A route or platform number ("the number 56 bus"), a time of day ("at 10:00", "7:30 a.m."),
an ordinal ("the 13th floor"), a date ("On 18 May"), a school year ("Year 6") or a calendar
year ("since 2011")
is no operand of the program: :func:`masked` hides it. Two times of day that bound one span
("from 10 a.m. until 2 p.m.") do tell a quantity, the time between them: :func:`durations` reads
the story as "for 4 hours" before the program is written.
"""

from __future__ import annotations

import re

_NAMING = r"\b(?:number|no\.|route|room|platform|gate|flight|channel|track|lane|floor)\s+\d+\b"
_SCHOOL_YEAR = r"\b(?-i:Year|Grade|Class)\s+\d+\b"  # "Year 6" (but "each year 12 new members")
_CLOCK = r"\b\d{1,2}(?::\d\d)?\s*(?:o'clock|am\b|pm\b|a\.m\.|p\.m\.)|\b\d{1,2}:\d\d\b"
_ORDINAL = r"\b\d+(?:st|nd|rd|th)\b"
#: a calendar year after a word that places it in time ("since 2011", "in 1980"), not a
#: count ("in 2000 boxes")
_YEAR = r"\b(?:since|in|from|until|till|by|of|year)\s+(?:1[6-9]|20)\d\d\b(?!\s+[a-z]+s\b)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
#: a day of the month ("On 18 May", "June 3")
_DATE = rf"\b\d{{1,2}}\s+(?-i:{_MONTH})\b|\b(?-i:{_MONTH})\s+\d{{1,2}}\b"
LABEL = re.compile("|".join([_NAMING, _SCHOOL_YEAR, _CLOCK, _ORDINAL, _YEAR, _DATE]), re.IGNORECASE)
#: an age told in passing ("the 14-year-old dog", "Biscuit is 11 years old", "Ronan turned 8",
#: "a garden she started 12 years ago")
AGE = re.compile(r"\b\d+-years?-old\b|\b\d+\s+years?\s+(?:old|ago)\b|(?<=\bturned )\d+\b|(?<=\bturns )\d+\b|"
                 r"(?<=\baged )\d+\b", re.IGNORECASE)
#: a question about ages or years, where an age is a number of the problem
ASKS_AGE = re.compile(r"\b(?:old|older|younger|ages?|years?|born|birthday)\b", re.IGNORECASE)
_YEAR_ALONE = re.compile(_YEAR, re.IGNORECASE)
_LEADING_WORD = re.compile(r"^[a-z]+\s+(?=\d)", re.IGNORECASE)


def masked(text: str, ages: bool = False) -> str:
    """``text`` with every naming number blanked out ("#"), its length kept; the word before
    a calendar year stays ("since ####"). With ``ages``, ages told in passing are blanked too
    (for a question that asks nothing about ages or years)."""
    def blank(m: re.Match[str]) -> str:
        found = m.group(0)
        if _YEAR_ALONE.fullmatch(found):
            word = _LEADING_WORD.match(found)
            keep = word.group(0) if word else ""
            return keep + "#" * (len(found) - len(keep))
        return "#" * len(found)
    text = LABEL.sub(blank, text)
    return AGE.sub(lambda m: "#" * len(m.group(0)), text) if ages else text


_TIME = r"(\d{1,2})(?::(\d\d))?(?:\s*(a\.m\.|p\.m\.|am\b|pm\b|o'clock))?"
_SPAN = re.compile(rf"\b(?:from|between)\s+{_TIME}\s+(?:until|till|to|and)\s+{_TIME}", re.IGNORECASE)


def _minutes(hour: str, minute: str | None, half: str | None) -> int:
    h = int(hour) % 12 if half and half[0].lower() in "ap" else int(hour)
    if half and half[0].lower() == "p":
        h += 12
    return h * 60 + int(minute or 0)


def durations(text: str) -> str:
    """``text`` with each span between two times of day told as its length: "from 10 a.m.
    until 2 p.m." -> "for 4 hours", "from 9:15 to 10:00" -> "for 45 minutes". A span whose
    times carry no mark of a time of day ("from 3 to 5") is left as written."""
    def length(m: re.Match[str]) -> str:
        h1, m1, half1, h2, m2, half2 = m.groups()
        if not (m1 or half1) or not (m2 or half2):
            return m.group(0)
        if half1 and not half2 and half1[0].lower() in "ap":
            half2 = half1
        start, end = _minutes(h1, m1, half1), _minutes(h2, m2, half2)
        if end <= start:
            end += 12 * 60
        minutes = end - start
        told = f"for {minutes // 60} hour{'s' if minutes != 60 else ''}" if minutes % 60 == 0 else \
            f"for {minutes} minutes"
        # "until 2 p.m. Parking costs": the abbreviation's dot also ended the sentence
        ends = m.group(0).endswith(".") and re.match(r"\s+[A-Z$\d]|\s*$", text[m.end():]) is not None
        return told + ("." if ends else "")
    return _SPAN.sub(length, text)


__all__ = ["AGE", "ASKS_AGE", "LABEL", "durations", "masked"]
