"""The ``convert`` tool: unit conversion by pint, because a tiny model can copy "27.25",
"kilograms" and "grams" out of a question but cannot recall that a kilogram is 1000 grams.

Units are written the way people write them: plurals ("kilometers", "fluid ounces", "US
gallons"), British spellings ("metres"), symbols ("km", "lb", "°F") and words ("degrees
Fahrenheit", "Celsius"). Temperatures are offset units, so a value is converted as a
quantity (50 °F is 10 °C), never by a factor. The result is one plain number in ``to_unit``,
which the agent loop can take as the answer.
"""

from __future__ import annotations

import difflib
import math
import re
import threading
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agora.errors import ToolError
from agora.tools.calculator import format_number
from agora.tools.core import Tool, make_tool

#: what a unit may be written with: letters, °/µ, spaces, and the operators of compound units
#: (km/h, m^2, N*m); digits only as exponents. Bounded, so a grammar-constrained model stops.
UNIT_PATTERN = r"^[A-Za-z°µ][A-Za-z°µ .^*/0-9_-]{0,39}$"

#: spellings pint reads otherwise or not at all (lower case); "F" and "C" alone are the
#: temperatures people mean, not farad and coulomb
_ALIASES = {
    "f": "degF", "°f": "degF", "deg f": "degF", "fahrenheit": "degF",
    "c": "degC", "°c": "degC", "deg c": "degC", "celsius": "degC", "centigrade": "degC",
    "k": "kelvin", "°k": "kelvin",
    "metric ton": "metric_ton", "metric tons": "metric_ton", "metric tonne": "metric_ton",
    "imperial gallon": "imperial_gallon", "imperial gallons": "imperial_gallon",
    "imperial pint": "imperial_pint", "imperial pints": "imperial_pint",
}

#: plain names of the common dimensions, for error messages
_DIMENSIONS = {
    "[length]": "length", "[length] ** 2": "area", "[length] ** 3": "volume", "[mass]": "mass",
    "[time]": "time", "[temperature]": "temperature", "[length] / [time]": "speed",
    "[length] / [time] ** 2": "acceleration", "dimensionless": "a pure number (angle, count or ratio)",
    "[mass] * [length] ** 2 / [time] ** 2": "energy", "[length] ** 2 * [mass] / [time] ** 2": "energy",
    "[mass] * [length] ** 2 / [time] ** 3": "power", "[length] ** 2 * [mass] / [time] ** 3": "power",
    "[mass] / [length] / [time] ** 2": "pressure", "[length] * [mass] / [time] ** 2": "force",
    "[mass] * [length] / [time] ** 2": "force", "1 / [time]": "frequency",
}


class UnitsError(ToolError, ValueError):
    """A conversion the tool refuses; the message is shown to the model."""


_registry: Any = None
_registry_lock = threading.Lock()


def registry() -> Any:
    """One pint UnitRegistry per process: building it reads pint's definitions file (0.13 s,
    and pint's import another 0.24 s: examples/bench_units_registry.py), too slow to repeat
    for every call. Built under a lock: units of two registries cannot be mixed, so two
    threads' first calls must not build one each."""
    global _registry
    with _registry_lock:
        if _registry is None:
            try:
                import pint
            except ImportError:
                raise UnitsError("unit conversion unavailable: pint is not installed: "
                                 "pip install 'agora[units]'") from None
            _registry = pint.UnitRegistry()
        return _registry


def _candidates(text: str) -> list[str]:
    """The ways to read a unit as pint spells it, most literal first."""
    s = " ".join(text.strip().rstrip(".").split())
    low = s.lower()
    low = re.sub(r"^(?:u\.?s\.?|us)\s+", "", low)  # "US gallons": pint's gallon is the US one
    low = re.sub(r"^degrees?\s+(?=fahrenheit|celsius|centigrade|kelvin|[fck]$)", "", low)
    out = []
    for alias in (low, low[:-1] if low.endswith("s") else low):
        if alias in _ALIASES:
            out.append(_ALIASES[alias])
    out += [s, low, s.replace(" ", "_"), low.replace(" ", "_")]
    return list(dict.fromkeys(out))


def parse_unit(text: str) -> Any:
    """The pint unit ``text`` names; UnitsError if none."""
    ureg = registry()  # first: without pint this is the clear "not installed" error
    import pint

    for candidate in _candidates(text):
        try:
            return ureg.parse_units(candidate)
        except (pint.errors.PintError, ValueError, AttributeError, TypeError, SyntaxError):
            continue
    close = difflib.get_close_matches(text.strip().lower(), [n for n in dir(ureg) if n.islower()], n=3, cutoff=0.8)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UnitsError(f"unknown unit {text.strip()!r}{hint}: write a unit name like 'meters' or a symbol like 'm'")


def dimension(unit: Any) -> str:
    """The plain name of a unit's dimension ("mass", "speed"), else pint's own."""
    dims = str(unit.dimensionality)
    return _DIMENSIONS.get(dims, dims.replace("[", "").replace("]", ""))


def plain_number(value: float) -> str:
    """The value rounded to 12 significant digits as format_number does, but always
    positional (0.000001, not 1e-06): a tool result that is one plain number is an answer."""
    text = format_number(value)
    if "e" in text:
        text = format(Decimal(text), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text


def convert_amount(amount: float, from_unit: str, to_unit: str) -> float:
    """``amount`` of ``from_unit`` expressed in ``to_unit``."""
    source, target = parse_unit(from_unit), parse_unit(to_unit)
    import pint

    if not math.isfinite(amount):
        raise UnitsError("the amount must be a finite number")
    try:
        value = registry().Quantity(amount, source).to(target).magnitude
    except pint.errors.DimensionalityError:
        # "oz" is the ounce of weight; a volume in ounces is written fluid ounces
        hint = "; for a volume write fluid ounces" if "volume" in (dimension(source), dimension(target)) \
            and "ounce" in (str(source), str(target)) else ""
        raise UnitsError(f"cannot convert {from_unit.strip()} ({dimension(source)}) to {to_unit.strip()} "
                         f"({dimension(target)}): they measure different things{hint}") from None
    except pint.errors.PintError as err:
        raise UnitsError(f"cannot convert {from_unit.strip()} to {to_unit.strip()}: {err}") from None
    value = float(value)
    if not math.isfinite(value):
        raise UnitsError("the result is not a finite number")
    return value


def convert(amount: float, from_unit: str, to_unit: str) -> str:
    """Convert an amount from one unit to another (length, weight, volume, temperature, time, speed...); the result is in to_unit.

    Args:
        amount: the number to convert
        from_unit: the unit the amount is in
        to_unit: the unit of the result
    """
    return plain_number(convert_amount(amount, from_unit, to_unit))


# No docstring: it would become the schema's description and lengthen every prompt.
class ConvertArgs(BaseModel):

    model_config = ConfigDict(extra="forbid")
    amount: float = Field(description="the number to convert")
    from_unit: str = Field(description="the unit the amount is in", pattern=UNIT_PATTERN, max_length=40)
    to_unit: str = Field(description="the unit of the result", pattern=UNIT_PATTERN, max_length=40)


#: a number and the one or two words after it ("27.25 kilograms", "50 degrees Fahrenheit", "3°F")
_QUANTITY = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?\s*(°\s?[CFK]\b|[A-Za-z]+(?:\s+[A-Za-z]+)?)")
#: words pint reads as units that, after a number, are plain English ("3 in a row", "5 at a time")
_NOT_UNITS = {"a", "an", "at", "in", "is", "and", "or", "of", "to", "by", "for", "on", "as", "the", "per", "are",
              "more", "times", "each", "percent", "point", "counts", "count"}


def mentions_unit(request: str) -> bool:
    """True when ``request`` asks for a conversion: it writes one amount, with a unit pint
    knows ("27.25 kilograms", "12 feet", "50 degrees Fahrenheit"), and names another unit of
    the same kind; no calendar date ("399 days before January 5, 2005" is for the date
    tools). The test of whether convert is the request's tool; False without pint (the tool
    then explains itself when called)."""
    from agora.agent.date_copying import date_mentions

    try:
        registry()
        found = quantities(request)
    except UnitsError:
        return False
    if date_mentions(request) or len(found) != 1 or len(re.findall(r"(?<![\w.])\d", request)) != 1:
        return False
    _, _, source = found[0]
    if registry().Quantity(1, source).dimensionless:
        return False
    return any(u != source and _compatible(u, source) for _, u in unit_words(request))


def _unit_at(words: list[str], i: int, *, shortest: int = 1) -> tuple[int, str, Any] | None:
    """The unit written at ``words[i]``: two words if they name one unit ("US gallons",
    "degrees Fahrenheit"), else one word of at least ``shortest`` letters. Returns (how many
    words, the unit as written, pint's unit), or None."""
    if i >= len(words) or words[i].lower() in _NOT_UNITS:
        return None
    for n in (2, 1):
        written = " ".join(words[i:i + n])
        if i + n > len(words) or written.lower() in _NOT_UNITS or (n == 1 and len(written) < shortest):
            continue
        try:
            unit = parse_unit(written)
        except UnitsError:
            continue
        if n == 2 and len(unit._units) != 1:  # "hours are" is hour * are (an area), not one unit
            continue
        return n, written, unit
    return None


def quantities(text: str) -> list[tuple[float, str, Any]]:
    """The amounts written with a unit in ``text``: (amount, the unit as written, pint's unit)."""
    out = []
    for match in _QUANTITY.finditer(text):
        found = _unit_at(match.group(1).split(), 0)
        if found is not None:
            number = match.group(0)[:match.start(1) - match.start(0)].strip().replace(",", "")
            out.append((float(number), found[1], found[2]))
    return out


def unit_words(text: str) -> list[tuple[str, Any]]:
    """Every word (or two) of ``text`` that names a unit, as written and as pint's unit."""
    words = re.findall(r"°\s?[CFK]\b|[A-Za-z]+", text)
    out = []
    i = 0
    while i < len(words):
        found = _unit_at(words, i, shortest=2)
        if found is None:
            i += 1
            continue
        out.append((found[1], found[2]))
        i += found[0]
    return out


def repair(arguments: dict, question: str) -> tuple[dict, list[str]]:
    """convert's arguments as the question writes them: SmolLM2 swapped the units (12 feet in
    meters as convert(12, meters, feet)) or wrote the target unit twice. When the question
    writes one amount with its unit, that is the amount and from_unit; to_unit becomes the
    question's other unit of the same kind when the model's is the source unit again, or is
    of another kind, or is not in the question while exactly one such unit is. The names of
    the arguments changed are returned."""
    try:
        found = quantities(question)
    except UnitsError:
        return arguments, []
    if len(found) != 1:
        return arguments, []
    amount, written, source = found[0]
    out = dict(arguments)
    out["amount"], out["from_unit"] = amount, written
    others = [(w, u) for w, u in unit_words(question) if u != source and _compatible(u, source)]
    target = _unit_or_none(str(arguments.get("to_unit", "")))
    written_targets = {u for _, u in others}
    if others and (target is None or target == source or not _compatible(target, source)
                   or (target not in written_targets and len(written_targets) == 1)):
        out["to_unit"] = others[0][0]
    changed = [k for k in ("amount", "from_unit", "to_unit") if k in out and out[k] != arguments.get(k)
               and not (k != "amount" and _unit_or_none(str(out[k])) == _unit_or_none(str(arguments.get(k, ""))))]
    if "amount" in changed and float(arguments.get("amount", float("nan"))) == amount:
        changed.remove("amount")
    return (out, changed) if changed else (arguments, [])


def _unit_or_none(text: str) -> Any:
    try:
        return parse_unit(text) if text.strip() else None
    except UnitsError:
        return None


def _compatible(a: Any, b: Any) -> bool:
    return a.dimensionality == b.dimensionality


def build(**options: Any) -> list[Tool]:
    """The convert tool. Options meant for other tools are ignored; ``timeout`` and
    ``max_output`` are honoured."""
    tool = make_tool(convert, timeout=float(options.get("timeout", 5.0)),
                     max_output=int(options.get("max_output", 1000)),
                     examples=[{"amount": 12, "from_unit": "feet", "to_unit": "meters"}])
    tool.args_model = ConvertArgs
    tool.about = mentions_unit
    tool.repair = repair
    return [tool]


__all__ = ["build", "convert", "mentions_unit", "quantities", "unit_words", "repair", "convert_amount",
           "parse_unit", "dimension", "plain_number", "registry", "UnitsError"]
