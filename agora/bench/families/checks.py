"""Checkers: is an agent's answer (or its first tool call) the gold one?

Every checker reads the answer the way a user would and returns a :class:`Verdict`; an
answer it cannot read is wrong (``parsed`` is None). Numbers compare numerically within the
item's tolerance; text compares case- and punctuation-blind, and an answer that also names
another candidate (a distractor) is wrong, so listing every name cannot score.

``seen`` tells whether the gold answer was already in a tool observation: a run that saw
it and still answered something else lost a right answer it had.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Iterable

from agora.answers import final_part
from agora.bench.families.base import BenchItem
from agora.bench.scoring import read_answer

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_NUMBER = re.compile(r"(?<![\w.])[-−]?\d[\d,]*(?:\.\d+)?(?![\w])")


@dataclass(frozen=True)
class Verdict:
    correct: bool
    #: what was read from the answer (None = unreadable)
    parsed: str | None
    #: tool-calling only: the right tool was called (its arguments may still be wrong)
    right_tool: bool | None = None


def norm_text(text: str) -> str:
    """Lower case, punctuation to spaces, whitespace collapsed."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _contains(haystack: str, phrase: str) -> bool:
    needle = norm_text(phrase)
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", norm_text(haystack)) is not None


def close(value: float, gold: float, item: BenchItem) -> bool:
    return math.isfinite(value) and abs(value - gold) <= max(item.abs_tol, item.rel_tol * abs(gold))


def check_number(item: BenchItem, answer: str | None) -> Verdict:
    raw = read_answer(answer.replace("−", "-") if answer else answer, numeric=True)
    if raw is None:
        return Verdict(False, None)
    return Verdict(close(float(raw), float(item.gold), item), raw)


def check_text(item: BenchItem, answer: str | None) -> Verdict:
    if not answer or not norm_text(answer):
        return Verdict(False, None)
    part = final_part(answer) or answer
    # the gold phrase must be stated, and no other candidate beside it
    hit = _contains(answer, item.gold)
    rival = any(_contains(answer, d) for d in item.distractors if norm_text(d) != norm_text(item.gold))
    return Verdict(hit and not rival, norm_text(part))


def weekdays_in(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.casefold()) if w in WEEKDAYS]


def check_weekday(item: BenchItem, answer: str | None) -> Verdict:
    named = set(weekdays_in(answer or ""))
    if len(named) != 1:  # none, or a hedge naming two days
        return Verdict(False, None)
    day = named.pop()
    return Verdict(day == item.gold.casefold(), day)


_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_MDY = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + "|".join(MONTHS) + r"),?\s+(\d{4})\b")


def dates_in(text: str) -> list[dt.date]:
    """Dates written as 2024-03-10, March 10, 2024 or 10 March 2024, in order of appearance."""
    found: list[tuple[int, dt.date]] = []
    low = (text or "").casefold()

    def add(pos: int, y: str, m: int, d: str) -> None:
        try:
            found.append((pos, dt.date(int(y), m, int(d))))
        except ValueError:
            pass

    for m in _ISO.finditer(low):
        add(m.start(), m[1], int(m[2]), m[3])
    for m in _MDY.finditer(low):
        add(m.start(), m[3], MONTHS.index(m[1]) + 1, m[2])
    for m in _DMY.finditer(low):
        add(m.start(), m[3], MONTHS.index(m[2]) + 1, m[1])
    return [d for _, d in sorted(found, key=lambda x: x[0])]


def check_date(item: BenchItem, answer: str | None) -> Verdict:
    # the answer part first (an answer may restate the question's date before its own)
    for part in (final_part(answer or ""), answer or ""):
        found = dates_in(part)
        if found:
            return Verdict(found[-1].isoformat() == item.gold, found[-1].isoformat())
    return Verdict(False, None)


def check_answer(item: BenchItem, answer: str | None) -> Verdict:
    """The verdict on a final answer, for every kind except the tool-calling ones."""
    checker = {"number": check_number, "text": check_text, "date": check_date,
               "weekday": check_weekday}.get(item.kind)
    if checker is None:
        raise ValueError(f"{item.id}: kind {item.kind!r} is scored from the tool call, not the answer")
    return checker(item, answer)


def seen(item: BenchItem, observations: Iterable[str]) -> bool:
    """Whether the gold answer appears in any of the observations."""
    texts = [o for o in observations if o]
    if item.kind == "number":
        gold = float(item.gold)
        return any(close(float(n.replace(",", "").replace("−", "-")), gold, item)
                   for o in texts for n in _NUMBER.findall(o))
    if item.kind == "text":
        return any(_contains(o, item.gold) for o in texts)
    if item.kind == "date":
        return any(d.isoformat() == item.gold for o in texts for d in dates_in(o))
    if item.kind == "weekday":
        return any(item.gold.casefold() in weekdays_in(o) for o in texts)
    return False


__all__ = ["Verdict", "check_answer", "check_number", "check_text", "check_date", "check_weekday",
           "seen", "norm_text", "dates_in", "weekdays_in", "close"]
