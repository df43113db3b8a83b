"""A clause's number taken in the unit its sentence needs, through a rate the story gave.

A line of a word problem's program (:mod:`agora.agent.program`) uses its clause's numbers
and one earlier name. Two common steps need one more operand than that:

- a change told in the unit a rate is per: "packs its muffins 4 to a box ... 6 boxes had
  been sold" takes 6 boxes as ``6 * per_box`` muffins from the muffins counted so far;
- a rate whose "per" is a count the story gave before and a line has already used: "Every
  one of the 8 tanks holds 14 fish. Hiro buys 5 new fish for each tank." takes the 5 fish
  a tank as ``5 * 8`` fish.

Both are a product of a rate and what it is per (:func:`agora.agent.quantities.combine`), so
the units decide; nothing here reads a particular story's words.
"""

from __future__ import annotations

from agora.agent.lines import Quantity
from agora.agent.quantities import Unit


def _amount(unit: Unit) -> bool:
    return bool(unit.noun) and not unit.rate and not unit.scalar


def in_rate_units(quantities: list[Quantity], known: dict[str, Quantity], unused: list[str]) -> list[Quantity]:
    """Each count of what a rate named in ``known`` is per, where an unused name counts what
    that rate counts, as ``(count * rate)`` in the rate's unit; the others as they are."""
    out = []
    for q in quantities:
        for name, rate in known.items():
            r = rate.unit
            if _amount(q.unit) and r.rate and r.per and r.per & q.unit.noun and r.noun and \
                    any(_amount(known[n].unit) and known[n].unit.noun & r.noun for n in unused):
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


__all__ = ["in_rate_units", "per_counted"]
