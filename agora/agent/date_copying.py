"""Dates a tool call took from the question, put right.

Given "How many days after August 8, 2013 is 2013-08-27?", SmolLM2 called
``days_between(start="2013-08-27", end="2013-08-27")``: the same date twice, or a month-name
date rewritten in ISO form with the day wrong ("2030-02-06" for February 10, 2030). A date
argument that is not one of the question's dates, or that repeats one another argument
holds, is a bad copy. When the call has as many date arguments as the question has dates,
they are taken in the question's order; a lone bad date is replaced by the question's
nearest one. Arguments that are not dates, and calls whose dates are all the question's
own, are left alone.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = re.compile(rf"\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|"
                   rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}\b", re.IGNORECASE)


def date_mentions(text: str) -> list[str]:
    """The dates written in ``text`` (ISO, or with a month name and a year), in order, each once."""
    return list(dict.fromkeys(m.group(0) for m in _DATE.finditer(text or "")))


def as_date(text: str) -> dt.date | None:
    """The date ``text`` writes (one of the forms :func:`date_mentions` finds), else None."""
    if not _DATE.fullmatch(text.strip()):
        return None
    from dateutil import parser

    try:
        return parser.parse(text.strip(), default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def snap_dates(arguments: dict, question: str) -> tuple[dict, list[str]]:
    """``arguments`` with badly copied dates replaced by the question's (see the module's
    docstring), and the names of the arguments changed."""
    mentions = date_mentions(question)
    # written like a date, whether or not it exists ("2014-02-29" for October 29, 2014)
    keys = [k for k, v in arguments.items() if isinstance(v, str) and _DATE.fullmatch(v.strip())]
    if not mentions or not keys:
        return arguments, []
    dates = {m: as_date(m) for m in mentions}
    said = [as_date(arguments[k]) for k in keys]
    own = [d is not None and d in dates.values() for d in said]
    repeated = len(set(said)) < len(said)
    if all(own) and not repeated:
        return arguments, []
    out = dict(arguments)
    if len(keys) == len(mentions):
        for key, mention in zip(keys, mentions):
            out[key] = mention
    elif len(keys) == 1:
        wanted = said[0]
        if wanted is None:  # a date that does not exist: the question's first
            out[keys[0]] = mentions[0]
        else:
            out[keys[0]] = min(mentions, key=lambda m: abs(((dates[m] or wanted) - wanted).days))
    else:
        return arguments, []
    changed = [k for k in keys if out[k] != arguments[k]
               and (as_date(arguments[k]) is None or as_date(out[k]) != as_date(arguments[k]))]
    if not changed:
        return arguments, []
    return out, changed


__all__ = ["date_mentions", "as_date", "snap_dates"]
