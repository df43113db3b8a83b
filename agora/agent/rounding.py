"""The rounding a question asks for, applied to a numeric answer.

"Round to two decimal places", "rounded down to a whole number", "the integer quotient": the
question says how its number should be written, and a tool computes the exact value (a
calculator's ``4523 / 37`` is 122.243243...). A small model then answers with the exact
value; this module writes it the way the question asked. Only an answer holding exactly one
number is changed, and only when the question's wording is one of the plain forms below.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from agora.agent.copying import NUMBER

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_PLACES = re.compile(r"\b(\d|one|two|three|four|five|six)\s+(?:decimal\s+places?|decimals?|digits?\s+after\s+the"
                     r"\s+(?:decimal\s+)?point)\b", re.IGNORECASE)
_DOWN = re.compile(r"\b(?:round(?:ed|ing)?\s+down|floor(?:ed)?\b|drop(?:ping)?\s+the\s+remainder|"
                   r"integer\s+(?:quotient|part)|without\s+the\s+remainder|truncated?\s+to\s+a\s+whole|"
                   r"whole[- ]number\s+part|integer[- ]divi(?:de|sion))",
                   re.IGNORECASE)
_UP = re.compile(r"\b(?:round(?:ed|ing)?\s+up|ceiling)\b", re.IGNORECASE)
_WHOLE = re.compile(r"\bround(?:ed|ing)?\b[^.?!]{0,30}\b(?:whole\s+number|integer|nearest\s+(?:one|unit))\b",
                    re.IGNORECASE)


def asked_rounding(question: str) -> tuple[str, int] | None:
    """How the question asks its number to be rounded: ("down" | "up" | "nearest", places),
    or None when it does not say. "Rounded down" and "rounded up" mean to a whole number
    unless decimal places are named."""
    places_match = _PLACES.search(question)
    places = None
    if places_match:
        word = places_match.group(1).lower()
        places = int(word) if word.isdigit() else _WORDS[word]
    if _DOWN.search(question):
        return "down", places or 0
    if _UP.search(question):
        return "up", places or 0
    if places is not None and re.search(r"\bround", question, re.IGNORECASE):
        return "nearest", places
    if _WHOLE.search(question):
        return "nearest", 0
    return None


def rounded(value: str, how: str, places: int) -> str:
    """``value`` (a number as written) rounded ``how`` to ``places`` decimals; unchanged
    when it already has no more decimals than that."""
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        return value
    if not number.is_finite():
        return value
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent <= places:
        return value
    mode = {"down": ROUND_FLOOR, "up": ROUND_CEILING, "nearest": ROUND_HALF_UP}[how]
    out = number.quantize(Decimal(1).scaleb(-places), rounding=mode)
    text = f"{out:f}"
    return "0" if places == 0 and text in ("-0", "0") else text


def as_asked(question: str, answer: str) -> str:
    """``answer`` with its one number rounded the way ``question`` asks (see
    :func:`asked_rounding`); any other answer is returned as it is."""
    how = asked_rounding(question)
    if how is None or not answer:
        return answer
    found = list(NUMBER.finditer(answer))
    if len(found) != 1:
        return answer
    said = found[0]
    if "," in said.group(0) and not re.fullmatch(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?", said.group(0)):
        return answer  # "3,5" is not a number this module can read safely
    new = rounded(said.group(0), *how)
    if new == said.group(0) or not math.isfinite(float(new)):
        return answer
    return answer[:said.start()] + new + answer[said.end():]


__all__ = ["asked_rounding", "rounded", "as_asked"]
