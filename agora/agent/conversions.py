"""A clause's number taken in the unit its sentence needs, through a rate the story gave.

A line of a word problem's program (:mod:`agora.agent.program`) uses its clause's numbers
and one earlier name. Two common steps need one more operand than that:

- a change told in the unit a rate is per: "packs its muffins 4 to a box ... 6 boxes had
  been sold" takes 6 boxes as ``6 * per_box`` muffins from the muffins counted so far;
- a rate whose "per" is a count the story gave before and a line has already used: "Every
  one of the 8 tanks holds 14 fish. Hiro buys 5 new fish for each tank." takes the 5 fish
  a tank as ``5 * 8`` fish.

- a part of a count told before: "half of the lent books were brought back" after "58 books
  were lent out" takes ``(58 / 2)`` books.

The first two are a product of a rate and what it is per (:func:`agora.agent.quantities.combine`), so
the units decide; nothing here reads a particular story's words.
"""

from __future__ import annotations

import re

from agora.agent.lines import Quantity
from agora.agent.quantities import Unit, singular


def in_rate_units(quantities: list[Quantity], known: dict[str, Quantity], unused: list[str]) -> list[Quantity]:
    """Each count of what a rate named in ``known`` is per, where an unused name counts what
    that rate counts, as ``(count * rate)`` in the rate's unit; the others as they are."""
    out = []
    for q in quantities:
        for name, rate in known.items():
            r = rate.unit
            if q.unit.plain and r.rate and r.per and r.per & q.unit.noun and r.noun and \
                    any(known[n].unit.plain and known[n].unit.noun & r.noun for n in unused):
                value = None if q.value is None or rate.value is None else q.value * rate.value
                q = Quantity(f"({q.text} * {name})", value, Unit(noun=r.noun))
                break
        out.append(q)
    return out


def per_counted(quantities: list[Quantity], counted: dict[str, Quantity], unused: list[Quantity]) -> list[Quantity]:
    """Each rate whose "per" is a count the story gave before (``counted``: each noun's last
    plain count, as written) while no unused value counts it, as ``(rate * count)``."""
    out = []
    for q in quantities:
        u = q.unit
        if u.rate and u.per and u.noun and not any(n.unit.noun & u.per for n in unused):
            count = next((counted[p] for p in sorted(u.per) if p in counted), None)
            if count is not None:
                value = None if q.value is None or count.value is None else q.value * count.value
                q = Quantity(f"({q.text} * {count.text})", value, Unit(noun=u.noun))
        out.append(q)
    return out




PART_OF = re.compile(r"\bhalf\s+of\s+(?:the|those|these)\s+((?:[a-z]+\s+){0,2}?)[a-z]+s\b", re.IGNORECASE)
_NOT_DESCRIBING = frozenset("of the a an and or to in on at for with by from his her their its".split())


def part_of_earlier(piece: str, quantities: list[Quantity], told: list[tuple[str, list[Quantity]]]) -> list[Quantity]:
    """"half of the lent books" after "58 books were lent out": half of that count, as written,
    ``(58 / 2)`` in place of the clause's 2; ``told``: earlier clauses with their own plain
    counts (the latest clause with one count and the describing word is taken)."""
    found = PART_OF.search(piece)
    half = next((k for k, q in enumerate(quantities) if q.text == "2" and q.unit.scalar), None)
    if not found or half is None:
        return quantities
    describing = {w for w in found.group(1).casefold().split() if w not in _NOT_DESCRIBING}
    for clause, counts in reversed(told):
        if len(counts) == 1 and describing & set(re.findall(r"[a-z]+", clause.casefold())):
            count = counts[0]
            value = None if count.value is None else count.value / 2
            return quantities[:half] + [Quantity(f"({count.text} / 2)", value, count.unit)] + quantities[half + 1:]
    return quantities


#: (smaller unit, larger unit, how many of the smaller make one larger): what every story
#: may leave unsaid ("2 cups a day ... How many weeks")
FACTORS = [("second", "minute", 60), ("minute", "hour", 60), ("hour", "day", 24), ("day", "week", 7),
           ("month", "year", 12), ("week", "year", 52), ("centimetre", "metre", 100), ("centimeter", "meter", 100),
           ("metre", "kilometre", 1000), ("meter", "kilometer", 1000), ("gram", "kilogram", 1000),
           ("millilitre", "litre", 1000), ("milliliter", "liter", 1000)]


def unsaid_factor(story: str, wanted: frozenset[str]) -> Quantity | None:
    """The factor between the unit the question asks for and another the story uses while
    never naming the asked one (minutes in the story, "How many hours"): a rate, ``60``
    minutes per hour, that the print may multiply or divide by."""
    words = {singular(w) for w in re.findall(r"[a-z]+", story.casefold())}
    for small, large, factor in FACTORS:
        if (large in wanted and small in words and large not in words) or \
                (small in wanted and large in words and small not in words):
            return Quantity(str(factor), float(factor), Unit(noun=frozenset({small}), per=frozenset({large})))
    return None


__all__ = ["PART_OF", "FACTORS", "in_rate_units", "per_counted", "part_of_earlier", "unsaid_factor"]
