"""Arguments the request states that the model left out, or put the wrong way round.

A tiny model writes the required arguments and stops: asked to "Play Nina Simone on shuffle at
volume 10", SmolLM2 called ``play_music(artist="Nina Simone")``; asked for a date "399 days
before January 5, 2005", it left ``direction`` at its default "after". An optional parameter the
call lacks is filled only when the request states it plainly:

- an enum: exactly one of its values is written in the request as a word ("before", "cool");
- a boolean: its name is written in the request ("on shuffle"), or its content words close
  together in other forms ("no skipping for rain" for ``skip_if_rain``), and not negated
  ("without shuffle", "no shuffle" give false);
  a boolean the model wrote the other way round is put right the same way ("as an audit
  only" called with ``audit=false``);
- a number: its name is written next to a number ("volume 10", "volume of 10", "10 volume",
  "3 more weeks") that no other argument of the call already uses.

Strings and nested values are left to the model: a request's words are not a safe guess for
them. A from/to pair the request states the other way round is swapped (:func:`swap_directions`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from agora.messages import ToolCall, ToolSpec

_NEGATION = re.compile(r"\b(?:no|not|without|don't|do not|never|off)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _spoken(name: str) -> str:
    return re.escape(name.replace("_", " ").lower()).replace(r"\ ", r"[\s_-]+")


def _enum_value(prop: dict, text: str) -> Any:
    values = prop.get("enum") or []
    found = [v for v in values if isinstance(v, str) and re.search(rf"\b{re.escape(v.lower())}\b", text)]
    return found[0] if len(found) == 1 else None


def _boolean(name: str, text: str) -> bool | None:
    match = re.search(rf"\b{_spoken(name)}\b", text)
    if match is None:
        return _boolean_in_other_words(name, text)
    return _NEGATION.search(text[:match.start()]) is None


#: words of a request that say no ("no skipping for rain")
_NO = {"no", "not", "never", "without", "don't", "dont", "off"}


def _boolean_in_other_words(name: str, text: str) -> bool | None:
    """A boolean whose name's content words are all in the request, in other forms and
    close together: ``skip_if_rain`` in "no skipping for rain" (false: negated in front)."""
    from agora.text import content_words

    wanted = content_words(name)
    if not wanted:
        return None
    words = re.findall(r"[a-z']+", text)
    stems = [next(iter(content_words(w)), "") for w in words]
    span = len(name.split("_")) + 2
    for start in range(len(words)):
        if stems[start] not in wanted or not wanted <= set(stems[start:start + span]):
            continue
        return not (_NO & set(words[max(0, start - 2):start]))
    return None


def _number(name: str, prop_type: str, text: str, used: set[str]) -> int | float | None:
    spoken = _spoken(name)
    number = r"(-?\d+(?:\.\d+)?)"
    if spoken.endswith("s"):  # "weeks" is written "1 week" too
        spoken += "?"
    # "volume 10", "volume of 10", "10 volume", or one word between: "3 more weeks"
    match = re.search(rf"\b{spoken}\s*(?:of|at|to|=|:|is)?\s*{number}\b", text) or \
        re.search(rf"(?<![\w.]){number}\s*(?:[a-z]+\s+)?{spoken}\b", text)
    if match is None or match.group(1).lstrip("-") in used:
        return None
    value = match.group(1)
    if prop_type == "integer":
        return int(value) if re.fullmatch(r"-?\d+", value) else None
    return float(value) if "." in value else int(value)


def fill_optional(call: ToolCall, spec: ToolSpec | None, request: str) -> tuple[ToolCall, list[str]]:
    """``call`` with the optional arguments ``request`` states filled in (see the module's
    docstring), and a note for each."""
    if spec is None or not isinstance(call.arguments, dict):
        return call, []
    params = spec.parameters or {}
    props = params.get("properties") or {}
    required = set(params.get("required") or [])
    text = request.lower()
    used = {n.lstrip("-") for n in re.findall(r"-?\d+(?:\.\d+)?", json.dumps(call.arguments))}
    arguments, notes = dict(call.arguments), []
    for name, prop in props.items():
        if name in required or not isinstance(prop, dict):
            continue
        if name in arguments:
            stated = _boolean(name, text) if prop.get("type") == "boolean" else None
            if isinstance(arguments[name], bool) and stated is not None and stated != arguments[name]:
                # written the other way round: "as an audit only" called with audit=false
                notes.append(f"{call.name}.{name}: {arguments[name]!r} -> {stated!r} (as the request states it)")
                arguments[name] = stated
            continue
        if "anyOf" in prop:  # Optional[int] = None: the member that is not null
            prop = next((p for p in prop["anyOf"] if isinstance(p, dict) and p.get("type") != "null"), {})
        kind = prop.get("type")
        value: Any = None
        if prop.get("enum"):
            value = _enum_value(prop, text)
        elif kind == "boolean":
            value = _boolean(name, text)
        elif kind in ("integer", "number"):
            value = _number(name, kind, text, used)
        if value is None:
            continue
        arguments[name] = value
        notes.append(f"{call.name}.{name}: {value!r} (stated in the request)")
    if not notes:
        return call, []
    return call.model_copy(update={"arguments": arguments}), notes



#: parameter pairs that name where something goes from and to
_PAIRS = [("from", "to"), ("source", "target"), ("origin", "destination"), ("start", "end")]


def _pairs(names: list[str]) -> list[tuple[str, str]]:
    out = []
    for a in names:
        for first, second in _PAIRS:
            if a == first or a.startswith(first + "_") or a.endswith("_" + first):
                b = a.replace(first, second, 1) if a.startswith(first) else a[: -len(first)] + second
                if b in names:
                    out.append((a, b))
    return out


def swap_directions(call: ToolCall, request: str) -> tuple[ToolCall, list[str]]:
    """``call`` with a from/to pair of arguments swapped when the request says the opposite
    ("Convert 818.0 CHF to JPY" called with from_currency JPY, to_currency CHF): the value
    the request writes after "to" belongs to the "to" parameter, the one after "from" to the
    "from" parameter. Only string values that the request writes are considered."""
    if not isinstance(call.arguments, dict):
        return call, []
    text = request.lower()
    arguments, notes = dict(call.arguments), []
    for a, b in _pairs(list(arguments)):
        first, second = arguments[a], arguments[b]
        if not (isinstance(first, str) and isinstance(second, str)) or first.lower() == second.lower():
            continue

        def after(word: str, value: str) -> bool:
            return re.search(rf"\b{word}\s+(?:the\s+)?{re.escape(value.lower())}\b", text) is not None

        if (after("to", first) and not after("to", second)) or (after("from", second) and not after("from", first)):
            arguments[a], arguments[b] = second, first
            notes.append(f"{call.name}.{a} and {b} swapped ({first!r} is where it goes, as the request says)")
    if not notes:
        return call, []
    return call.model_copy(update={"arguments": arguments}), notes


__all__ = ["fill_optional", "swap_directions"]
