"""Arguments whose schema declares a shape: dates and clock times.

A parameter says what shape its value has, by its JSON Schema ``format`` ("date", "time")
or in its description ("YYYY-MM-DD", "HH:MM"). A tiny model calling a user's tool fills such
a parameter with some other of the request's values: asked to water "Herb Spiral ... from
09:15", SmolLM2 wrote ``start="Herb Spiral"``; asked for the vet "on 2026-08-08 at 09:15",
``time="2026-08-08"``. A value of the wrong shape (or of the right shape that the request
does not write) is replaced by the request's one value of that shape that no other argument
of that shape holds; with none, or several, it is left alone. :func:`misplaced` then names
the free-text arguments that hold a value a shaped argument holds ("14:45" as the room
when it is also the start time): they are asked for again (:mod:`agora.agent.recopy`).

Codes and numbers the request writes ("S-45870", "+33 6 12 34 56 78") are treated alike: a
free-text argument holding digits the request does not write (SmolLM2's phone "1234567890")
becomes the request's one code that no argument holds; with several, it is asked again
(:func:`made_up`), the codes among the choices.
"""

from __future__ import annotations

import re
from typing import Any

from agora.agent.word_copying import GLUE, Path, map_leaves, number_text, times, where, written
from agora.messages import ToolCall, ToolSpec

SHAPES = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "time": re.compile(r"(?:[01]?\d|2[0-3]):[0-5]\d"),
}
#: how a description declares a shape
_DECLARED = {"date": re.compile(r"YYYY-MM-DD"), "time": re.compile(r"\bHH:MM\b")}


def shape_of(schema: dict) -> str | None:
    """The shape a string parameter's schema declares, or None."""
    if schema.get("type") not in ("string", None) or schema.get("enum"):
        return None
    if schema.get("format") in SHAPES:
        return str(schema["format"])
    text = str(schema.get("description") or "")
    found = [name for name, mark in _DECLARED.items() if mark.search(text)]
    return found[0] if len(found) == 1 else None


def mentions(shape: str, request: str) -> list[str]:
    """The values of ``shape`` the request writes, in order, each once."""
    pattern = SHAPES[shape]
    return list(dict.fromkeys(m.group(0) for m in re.finditer(rf"(?<![\w:-]){pattern.pattern}(?![\w:-])", request)))


def _shaped(arguments: Any, root: dict) -> list[tuple[Path, str, Any]]:
    """The arguments of a declared shape: (path, shape, value)."""
    return [(path, shape, value) for path, value, schema in _leaves(arguments, root)
            if (shape := shape_of(schema)) is not None and value is not None]


_EDGE = "\"'“”‘’.,;:!?()[]{}"


def codes(request: str) -> list[str]:
    """The request's codes and numbers as written: its words holding a digit, a word followed
    by words of digits alone joined to it ("+33 6 12 34 56 78", "07911 123456"), in order."""
    out: list[str] = []
    run: list[str] = []
    for raw in request.split():
        word = raw.strip(_EDGE)
        digits = bool(re.search(r"\d", word))
        if digits and run and re.fullmatch(r"[\d-]+", word) and not raw.startswith("("):
            run.append(word)
        else:
            if run:
                out.append(" ".join(run))
            run = [word] if digits else []
        if run and raw.rstrip(_EDGE) != raw.rstrip():  # punctuation after a word ends the run
            out.append(" ".join(run))
            run = []
    if run:
        out.append(" ".join(run))
    return list(dict.fromkeys(out))


def _leaves(arguments: Any, root: dict) -> list[tuple[Path, Any, dict]]:
    found: list[tuple[Path, Any, dict]] = []

    def collect(value: Any, schema: dict, path: Path) -> Any:
        found.append((path, value, schema))
        return value

    map_leaves(arguments, root, root, collect)
    return found


def unused_codes(arguments: Any, root: dict, request: str) -> list[str]:
    """The request's codes (:func:`codes`) that no argument holds, as a string in it or as a
    number equal to it."""
    leaves = _leaves(arguments, root)
    texts = " | ".join(str(v) for _, v, _ in leaves if isinstance(v, str))
    numbers = {float(v) for _, v, _ in leaves if isinstance(v, (int, float)) and not isinstance(v, bool)}

    def held(code: str) -> bool:
        try:
            if float(code) in numbers:
                return True
        except ValueError:
            pass
        return re.search(rf"(?<![\w.]){re.escape(code)}(?![\w])", texts, re.IGNORECASE) is not None

    return [c for c in codes(request) if not held(c)]


def made_up(arguments: Any, root: dict, request: str) -> list[Path]:
    """The free-text arguments holding a digit that the request does not write (SmolLM2's
    phone "1234567890"), when the request writes a code no argument holds."""
    if not unused_codes(arguments, root, request):
        return []
    return [path for path, value, schema in _leaves(arguments, root)
            if isinstance(value, str) and re.search(r"\d", value) and schema.get("type") == "string"
            and shape_of(schema) is None and not schema.get("enum") and not written(value, request)]


def fix_shapes(call: ToolCall, spec: ToolSpec | None, request: str) -> tuple[ToolCall, list[str]]:
    """``call`` with its shaped arguments, then its made-up codes, put right from the request
    (see the module's docstring), and a note per change."""
    if spec is None or not isinstance(call.arguments, dict):
        return call, []
    root = spec.parameters or {}
    shaped = _shaped(call.arguments, root)
    replace: dict[Path, str] = {}
    for shape in {s for _, s, _ in shaped}:
        said = mentions(shape, request)
        mine = [(path, value) for path, s, value in shaped if s == shape]
        good = {value for _, value in mine if isinstance(value, str) and value in said}
        bad = [path for path, value in mine if not (isinstance(value, str) and value in said)]
        free = [w for w in said if w not in good]
        if len(bad) == 1 and len(free) == 1:
            replace[bad[0]] = free[0]
    notes: list[str] = []
    arguments = _put(call.name, call.arguments, root, replace, notes)
    invented = made_up(arguments, root, request)
    free = unused_codes(arguments, root, request)
    if len(invented) == 1 and len(free) == 1:
        arguments = _put(call.name, arguments, root, {invented[0]: free[0]}, notes)
    if not notes:
        return call, []
    return call.model_copy(update={"arguments": arguments}), notes


def _put(name: str, arguments: Any, root: dict, replace: dict[Path, str], notes: list[str]) -> Any:
    def put(value: Any, schema: dict, path: Path) -> Any:
        if path in replace:
            notes.append(f"{where(name, path)}: {value!r} -> {replace[path]!r} (the request's "
                         f"{shape_of(schema) or 'code'})")
            return replace[path]
        return value

    return map_leaves(arguments, root, root, put) if replace else arguments


def only_held(value: str, held: set[str]) -> bool:
    """True when ``value`` is made of ``held`` values alone (case aside), joined by little
    words ("2026-04-04 at 19:45" when the date and the time are held)."""
    rest = value
    for part in sorted((h for h in held if h.strip()), key=len, reverse=True):
        rest = re.sub(rf"(?<![\w:-]){re.escape(part)}(?![\w:-])", " ", rest, flags=re.IGNORECASE)
    if rest == value:
        return False
    return all(word.casefold() in GLUE for word in re.findall(r"[^\W_]+", rest))


def misplaced(arguments: Any, root: dict, request: str | None = None) -> list[Path]:
    """The paths of the free-text arguments (no declared shape, no enum) that hold the value of
    a shaped argument, or only such values joined by little words: a time copied into the
    room's name as well as into the start, and the reminder's text "2026-04-04 at 19:45"
    beside its date and time. With ``request``, a number argument's value counts as held too
    where the request writes it once: SmolLM2 logged the crop "12" from "12 kg of Charlotte
    potatoes" beside ``kilograms=12``; so does an enum argument's value, alone or with its
    parameter's name ("max power" beside ``power="max"``: SmolLM2 vacuumed the rooms ["max
    power"] for "Vacuum the office and the hallway on max power")."""
    held = {value for _, _, value in _shaped(arguments, root) if isinstance(value, str) and value.strip()}
    if request is not None:
        leaves = _leaves(arguments, root)
        held |= {n for _, value, _ in leaves if (n := number_text(value)) is not None and times(n, request) == 1}
        for path, value, schema in leaves:
            if schema.get("enum") and isinstance(value, str) and value.strip() and times(value, request) == 1:
                name = str(path[-1]).replace("_", " ") if path and isinstance(path[-1], str) else ""
                held |= {value} | ({f"{value} {name}", f"{name} {value}"} if name else set())
    out: list[Path] = []

    def collect(value: Any, schema: dict, path: Path) -> Any:
        if isinstance(value, str) and only_held(value, held) and schema.get("type") == "string" and \
                shape_of(schema) is None and not schema.get("enum"):
            out.append(path)
        return value

    map_leaves(arguments, root, root, collect)
    return out


__all__ = ["SHAPES", "shape_of", "mentions", "codes", "unused_codes", "made_up", "fix_shapes", "misplaced", "only_held"]
