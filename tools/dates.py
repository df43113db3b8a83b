"""The ``days_between``, ``shift_date`` and ``weekday`` tools: Gregorian calendar arithmetic,
because a tiny model can copy two dates out of a question but not count the days between them.

Dates are written ISO (2013-08-27) or with a month name ("August 8, 2013", "8 August 2013",
"Aug 8 2013", read by python-dateutil); "today", "tomorrow" and "yesterday" are the local
date. An all-numeric date other than ISO (03/05/2024: March or May?) is refused rather than
guessed, and so are dates without a year or a day, and dates that do not exist (2023-02-30).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agora.errors import ToolError
from agora.tools.core import Tool, make_tool

#: what a date may be written with: letters, digits, spaces, commas, periods, slashes, hyphens
DATE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ,./-]{0,39}$"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^[\d\s./,-]+$")
_RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1}
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAY_WORD = re.compile(r"\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\b",
                           re.IGNORECASE)
_HINT = "write it as YYYY-MM-DD or with the month's name, e.g. 2024-03-05 or March 5, 2024"


class DateError(ToolError, ValueError):
    """A date the tools cannot read or reach; the message is shown to the model."""


def _today() -> dt.date:
    return dt.date.today()


def parse_date(text: str) -> dt.date:
    """The calendar date ``text`` names; DateError for anything ambiguous, partial or impossible."""
    s = " ".join(text.strip().rstrip(".").split())
    if not s:
        raise DateError(f"empty date: {_HINT}")
    if s.lower() in _RELATIVE:
        return _today() + dt.timedelta(days=_RELATIVE[s.lower()])
    iso = _ISO.match(s)
    if iso:
        try:
            return dt.date(*(int(g) for g in iso.groups()))
        except ValueError as err:
            raise DateError(f"{s} is not a date ({err})") from None
    if _NUMERIC.match(s):
        raise DateError(f"{s!r} is ambiguous (which number is the month?): {_HINT}")
    if not re.search(r"\b\d{4}\b", s):
        raise DateError(f"{s!r} has no year (write it in full, e.g. 2024): {_HINT}")
    from dateutil import parser

    # two different defaults: a field that follows the default was not written
    try:
        first = parser.parse(s, default=dt.datetime(2000, 1, 1))
        second = parser.parse(s, default=dt.datetime(2001, 2, 2))
    except (parser.ParserError, ValueError, OverflowError) as err:
        reason = str(err).split(":")[0]
        if "out of range" in reason or "must be in" in reason:
            raise DateError(f"{s} is not a date ({reason})") from None
        raise DateError(f"cannot read the date {s!r}: {_HINT}") from None
    if first.day != second.day:
        raise DateError(f"{s!r} has no day of the month: {_HINT}")
    if first.month != second.month:
        raise DateError(f"{s!r} has no month: {_HINT}")
    if first.year != second.year:
        raise DateError(f"{s!r} has no year: {_HINT}")
    day = first.date()
    named = _WEEKDAY_WORD.search(s)
    if named and not _WEEKDAYS[day.weekday()].lower().startswith(named.group(1).lower()):
        raise DateError(f"{day.isoformat()} is a {_WEEKDAYS[day.weekday()]}, not {named.group(0)}")
    return day


def days_between(start: str, end: str) -> str:
    """Count the days from one date to another (negative when end is before start).

    Args:
        start: a date, e.g. 2024-03-05 or March 5, 2024
        end: a later date
    """
    return str((parse_date(end) - parse_date(start)).days)


def shift_date(date: str, days: int, direction: Literal["after", "before"] = "after") -> str:
    """The date a number of days after or before a date, as YYYY-MM-DD.

    Args:
        date: a date, e.g. 2024-03-05 or March 5, 2024
        days: the number of days
        direction: after or before the date
    """
    start = parse_date(date)
    offset = days if direction == "after" else -days
    try:
        return (start + dt.timedelta(days=offset)).isoformat()
    except OverflowError:
        raise DateError(f"{days} days {direction} {start.isoformat()} is outside the years 1 to 9999") from None


def weekday(date: str) -> str:
    """The day of the week (Monday to Sunday) of a date.

    Args:
        date: a date, e.g. 2024-03-05 or March 5, 2024
    """
    return _WEEKDAYS[parse_date(date).weekday()]


# The patterns are part of the JSON schema, so a grammar-constrained model writes a short
# date and stops. No docstrings: they would become schema descriptions and lengthen prompts.
def _date_field(description: str) -> Any:
    return Field(description=description, pattern=DATE_PATTERN, max_length=40)


class DaysBetweenArgs(BaseModel):

    model_config = ConfigDict(extra="forbid")
    start: str = _date_field("a date, e.g. 2024-03-05 or March 5, 2024")
    end: str = _date_field("a later date")


class ShiftDateArgs(BaseModel):

    model_config = ConfigDict(extra="forbid")
    date: str = _date_field("a date, e.g. 2024-03-05 or March 5, 2024")
    days: int = Field(description="the number of days")
    direction: Literal["after", "before"] = Field("after", description="after or before the date")


class WeekdayArgs(BaseModel):

    model_config = ConfigDict(extra="forbid")
    date: str = _date_field("a date, e.g. 2024-03-05 or March 5, 2024")


# What each tool needs from a request, as its test of whether the request is about it
# (Tool.about): the words of three date tools overlap ("day", "date", "after"), and a tiny
# model offered all three called the wrong one for most questions.
_COUNT_OF_DAYS = re.compile(r"\b\d[\d,]*\s+(?:days?|weeks?)\b", re.IGNORECASE)
_WEEKDAY_ASKED = re.compile(r"\bweekday|\bday of (?:the )?week\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
                            re.IGNORECASE)


def _dates_in(request: str) -> int:
    from agora.agent.date_copying import date_mentions

    return len(date_mentions(request))


def about_days_between(request: str) -> bool:
    """Two dates written in the request."""
    return _dates_in(request) >= 2


def about_shift_date(request: str) -> bool:
    """A date and a count of days (or weeks) written in the request."""
    return _dates_in(request) >= 1 and bool(_COUNT_OF_DAYS.search(request))


def about_weekday(request: str) -> bool:
    """A date, and a weekday asked about."""
    return _dates_in(request) >= 1 and bool(_WEEKDAY_ASKED.search(request))


def build(**options: Any) -> list[Tool]:
    """The three date tools. Options meant for other tools are ignored; ``timeout`` and
    ``max_output`` are honoured."""
    timeout, max_output = float(options.get("timeout", 5.0)), int(options.get("max_output", 1000))
    out = []
    for fn, model, about, example in (
            (days_between, DaysBetweenArgs, about_days_between, {"start": "2024-03-05", "end": "March 9, 2024"}),
            (shift_date, ShiftDateArgs, about_shift_date, {"date": "2024-03-05", "days": 4, "direction": "after"}),
            (weekday, WeekdayArgs, about_weekday, {"date": "March 5, 2024"})):
        tool = make_tool(fn, timeout=timeout, max_output=max_output, examples=[example])
        tool.args_model = model
        tool.about = about
        out.append(tool)
    return out


__all__ = ["build", "days_between", "shift_date", "weekday", "parse_date", "DateError"]
