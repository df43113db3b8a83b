"""Reading and comparing final answers: used by majority votes, early-stop consensus and
benchmark scoring. An answer that cannot be read gives None, which every caller counts as
wrong / as no vote."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?|-?\.\d+")
_ANSWER_LINE = re.compile(r"(?:final answer|answer)\s*(?:is|:|=)\s*(.+)", re.IGNORECASE)


def final_part(text: str) -> str:
    """The part of a reply that states the answer: after the last 'Answer:'/'answer is',
    else the last non-empty line."""
    if not text:
        return ""
    matches = _ANSWER_LINE.findall(text)
    if matches:
        return matches[-1].strip()
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else ""


def extract_number(text: str) -> str | None:
    """The number an answer states, normalised ('1,234.50' -> '1234.5'), or None.
    Looks in the answer part first, then the last number anywhere."""
    for part in (final_part(text), text or ""):
        found = _NUMBER.findall(part.replace("$", ""))
        if found:
            return _canonical_number(found[-1])
    return None


def _canonical_number(raw: str) -> str | None:
    raw = raw.replace(",", "")
    if re.fullmatch(r"-?\d+", raw):
        return str(int(raw))  # exact, however long (a float of 400 digits is infinite)
    try:
        value = float(raw)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def same_number(a: str, b: str) -> bool:
    """True when two numbers as written ("48,720", "48720.0") are one number."""
    canonical = _canonical_number(a)
    return canonical is not None and canonical == _canonical_number(b)


def normalize(text: str) -> str | None:
    """A comparable form of an answer: its number if it states one, else its lower-cased
    words without punctuation. None for an empty answer."""
    part = final_part(text)
    if not part:
        return None
    number = extract_number(part)
    if number is not None:
        return number
    words = re.sub(r"[^\w\s-]", " ", part.lower()).split()
    return " ".join(words) or None


def same_answer(a: str, b: str) -> bool:
    na, nb = normalize(a), normalize(b)
    return na is not None and na == nb


def majority(answers: Iterable[str]) -> tuple[str | None, int]:
    """The most common normalised answer and its count; ties go to the answer seen first.
    Unreadable answers do not vote. Returns (None, 0) when nothing is readable."""
    keys = [k for k in (normalize(a) for a in answers) if k is not None]
    if not keys:
        return None, 0
    counts = Counter(keys)
    best = max(counts.values())
    winner = next(k for k in keys if counts[k] == best)
    return winner, best
