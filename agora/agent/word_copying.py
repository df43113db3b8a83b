"""Words a tool call should have copied from the request: names, places, titles, choices.

A tiny model calling a user's tool copies the request's words imperfectly. Asked to "Log 2.5
hours on project Atlas", SmolLM2 wrote project "Athos"; asked to translate "into Portuguese",
target_language "Portugal"; asked for "a cycling route", it kept mode "driving"; given
"Marta Okafor and Lukas Brandt" it listed them the other way round. Put right here, for tools
whose arguments are the request's words (not the built-in general tools, whose code,
expressions and queries are the model's own writing):

- a free-text string that is not in the request, holds no digit (dates, times and amounts
  are other modules' business) and is a near copy of one run of the request's words
  (:func:`similarity` at least :data:`NEAR`, no other run as like it) becomes that run, as
  the request writes it;
- a free-text string that is a text the request quotes, less its edge punctuation, becomes
  the whole quote ("The meeting is moved to Friday." kept with its full stop);
- a name cut short becomes the whole name the request writes ("Lukas" for "Lukas Brandt",
  "Spiral" for "Herb Spiral"),
  and a short value loses the little words it begins or ends with ("the office" is the room
  "office", "Chemistry for the" the course "Chemistry");
- an enum value the request does not write, where it writes exactly one other value of that
  enum as a word, becomes that value;
- a listed item cut short becomes the whole item the request lists ("Hokkaido pumpkins"
  for "Hokkaido", :func:`agora.agent.enumeration.whole_item`);
- a list of strings the request writes keeps the request's order, each item once;
- a short value that runs on into the value of an argument of another kind loses it
  ("Intro to Linguistics for the autumn term", the term being "autumn"), and so does a
  value ending with a little word and another argument's value ("Nordlys for 4", hours 4);
- a number that is not the request's, within 1 of the one request number no argument uses,
  becomes it ("hours": 1 for "1.5 hours"), or else the number the request writes before the
  parameter's name ("hours": 1515 for "for 2 hours ... at 15:15").
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, Callable

from agora.messages import ToolCall, ToolSpec

#: dates and times: their pieces are not amounts
_DATES = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}")
#: a number as an amount (not an address such as 203.0.113.7, which NUMBER also reads)
_AMOUNT = re.compile(r"\d+(?:\.\d+)?")
#: the least :func:`similarity` of a near copy: "Athos"/"Atlas" 0.68, "Portugal"/"Portuguese" 0.8
NEAR = 0.65
#: a longer free text (a message) may rightly hold another argument's value
MAX_RUN_ON = 8
_EDGE = "\"'“”‘’.,;:!?()[]{}"


def plain(text: str) -> str:
    return " ".join(text.casefold().split())


def request_words(request: str) -> list[str]:
    """The request's words, as written, without the punctuation around them."""
    return [w.strip(_EDGE) for w in request.split() if w.strip(_EDGE)]


#: the edges of a whole word: an address or a file name ("chloe.martin@example.com") is one word
_START, _END = r"(?<![\w.@])", r"(?![\w]|[.@]\w)"


def written(value: str, request: str) -> bool:
    """True when the request writes ``value`` as whole words (case and spacing aside):
    "apple" is not written in "10 apples", nor "Chloe" in "chloe.martin@example.com"."""
    return position(value, request) >= 0


def position(item: str, request: str) -> int:
    """Where the request (case and spacing aside) writes ``item`` as whole words, or -1."""
    match = re.search(rf"{_START}{re.escape(plain(item))}{_END}", plain(request))
    return match.start() if match else -1


def times(item: str, request: str) -> int:
    """How many times the request (case and spacing aside) writes ``item`` as whole words."""
    return len(re.findall(rf"{_START}{re.escape(plain(item))}{_END}", plain(request))) if item.strip() else 0


def near_copy(value: str, request: str) -> str | None:
    """The run of the request's words that ``value`` imperfectly copies (see the module's
    docstring), or None: ``value`` is in the request already, holds a digit, or is like no run."""
    if not value.strip() or re.search(r"\d", value) or written(value, request):
        return None
    words = request_words(request)
    size = len(value.split())
    scored: dict[str, float] = {}
    for n in range(max(1, size - 1), size + 2):
        for i in range(len(words) - n + 1):
            run = " ".join(words[i:i + n])
            scored.setdefault(run, similarity(value, run))
    ranked = sorted(scored.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < NEAR or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None  # like nothing, or like two runs alike: not a copy of one
    return ranked[0][0]


def similarity(a: str, b: str) -> float:
    """difflib's ratio of the two texts (case aside), raised for a shared beginning as
    Winkler raises Jaro's (names are miscopied at their ends: "Athos" for "Atlas")."""
    a, b = plain(a), plain(b)
    ratio = difflib.SequenceMatcher(None, a, b).ratio()
    prefix = 0
    for x, y in zip(a[:4], b[:4]):
        if x != y:
            break
        prefix += 1
    return ratio + 0.1 * prefix * (1 - ratio)


#: little words a name neither begins nor ends with
GLUE = frozenset({"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "about", "from", "by",
                  "into", "is", "are", "my", "me", "that", "this", "then", "please"})


def whole_name(value: str, request: str) -> str | None:
    """The whole name the request writes where ``value`` is its beginning ("Lukas" of "Lukas
    Brandt (age 77)"); a short value without the little words it begins or ends with ("the
    office" is "office", "Chemistry for the" is "Chemistry"); or None."""
    words = value.split()
    if 1 < len(words) <= 4:
        kept = list(words)
        while kept and kept[0] in GLUE:
            kept.pop(0)
        while kept and kept[-1].lower() in GLUE:
            kept.pop()
        if kept and kept != words:
            return " ".join(kept)
    if not value[:1].isupper():
        return None
    match = re.search(rf"(?<![\w.])({re.escape(value)}(?:\s+[A-Z][\w'-]*)+)", request)
    if match is not None and match.start() != len(request) - len(request.lstrip()):
        return match.group(1)  # (not the request's first words: a verb and its object)
    return _named_before(value, request)


def _named_before(value: str, request: str) -> str | None:
    """The whole name the request writes where ``value`` is its end ("Spiral" of "I want Herb
    Spiral watered", "Polyglotte" of "RSVP maybe to Café Polyglotte"): the capitalised words
    right before it, not the one opening the request or a sentence (a verb: "Email Marta")."""
    match = re.search(rf"((?:[A-Z][\w'-]*\s+)+){re.escape(value)}(?![\w'-])", request)
    if match is None:
        return None
    words = match.group(1).split()
    before = request[:match.start()].rstrip()
    titled = re.search(r"(?<!\S)[A-Z][a-z]{0,3}\.$", before)  # "Ms." "Dr." end no sentence
    if not before or (before[-1] in ".?!:;\"“(" and not titled):
        words = words[1:]  # the run opens the request or a sentence: its first word is no name's
    return " ".join([*words, value]) if words else None


def _stated(values: list[Any], request: str) -> list[str]:
    text = request.casefold()
    return [v for v in values if isinstance(v, str) and re.search(rf"\b{re.escape(v.casefold())}\b", text)]


def schema_at(schema: Any, root: dict) -> dict:
    """``schema`` with a local ``$ref`` followed and an Optional's non-null member taken."""
    if not isinstance(schema, dict):
        return {}
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        node: Any = root
        for part in ref[2:].split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return schema_at(node, root)
    if "anyOf" in schema:
        members = [m for m in schema["anyOf"] if isinstance(m, dict) and m.get("type") != "null"]
        if len(members) == 1:
            return schema_at(members[0], root)
    return schema


Path = tuple[Any, ...]


def map_leaves(value: Any, schema: Any, root: dict, leaf: Callable[[Any, dict, Path], Any], *,
               lists: Callable[[list[Any], Path], list[Any]] | None = None, path: Path = ()) -> Any:
    """``value`` (a call's arguments) rebuilt with each scalar replaced by ``leaf(scalar,
    schema, path)``, the schema being that place's (:func:`schema_at`) and the path its keys
    and list indexes, and each list passed through ``lists(items, path)`` when given."""
    schema = schema_at(schema, root)
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        return {k: map_leaves(v, props.get(k, {}), root, leaf, lists=lists, path=(*path, k)) for k, v in value.items()}
    if isinstance(value, list):
        items = [map_leaves(v, schema.get("items") or {}, root, leaf, lists=lists, path=(*path, i))
                 for i, v in enumerate(value)]
        return lists(items, path) if lists is not None else items
    return leaf(value, schema, path)


def where(name: str, path: Path) -> str:
    """A place in a call's arguments as notes name it: ``book_hotel.guests[0].name``."""
    return name + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in path)


def _text(value: Any, schema: dict, request: str) -> tuple[Any, str | None]:
    """A string argument put right from the request, with the reason (None: unchanged)."""
    if not isinstance(value, str):
        return value, None
    if schema.get("enum"):
        stated = _stated(schema["enum"], request)
        if value not in stated and len(stated) == 1 and value in schema["enum"]:
            return stated[0], "the choice the request states"
        return value, None
    if not free_text(schema):
        return value, None
    quote = whole_quote(value, request)
    if quote is not None:
        return quote, "the whole quote the request writes"
    near = near_copy(value, request)
    near = whole_name(near or value, request) or near  # a near copy may end with a little word too
    return (near, "as the request writes it") if near is not None else (value, None)


_QUOTE = re.compile(r'"([^"]+)"|“([^”]+)”')


def whole_quote(value: str, request: str) -> str | None:
    """The text the request quotes (in double quotes) that ``value`` copies without its edge
    punctuation or spaces, or None: SmolLM2 translated "The meeting is moved to Friday" for
    the quoted "The meeting is moved to Friday."."""
    bare = value.strip().strip(_EDGE).strip()
    for match in _QUOTE.finditer(request):
        quoted = match.group(1) or match.group(2)
        if quoted != value and bare and quoted.strip().strip(_EDGE).strip() == bare:
            return quoted
    return None


def free_text(schema: dict) -> bool:
    """A free-text string: no enum, format or pattern."""
    return schema.get("type") == "string" and not (schema.get("enum") or schema.get("format") or schema.get("pattern"))


def _in_request_order(items: list[Any], request: str, path: str, notes: list[str]) -> list[Any]:
    """A list of strings the request all writes, in the request's order and each once."""
    if len(items) < 2 or not all(isinstance(v, str) and position(v, request) >= 0 for v in items):
        return items
    ordered: list[Any] = []
    for item in sorted(items, key=lambda v: position(v, request)):
        if plain(item) not in {plain(v) for v in ordered}:
            ordered.append(item)
    if ordered != items:
        notes.append(f"{path}: {items!r} -> {ordered!r} (in the request's order)")
    return ordered


def _other_values(arguments: Any, root: dict, *, numbers: bool = False) -> list[str]:
    """The values in ``arguments`` of another kind than free text (choices, dates, codes),
    and with ``numbers`` its numbers as written."""
    values: list[str] = []

    def collect(value: Any, schema: dict, path: Path) -> Any:
        text = value if isinstance(value, str) and not free_text(schema) else \
            number_text(value) if numbers and not isinstance(value, str) else None
        if text:
            values.append(text)
        return value

    map_leaves(arguments, root, root, collect)
    return values


def _unswallowed(name: str, arguments: Any, root: dict, request: str, notes: list[str]) -> Any:
    """Free-text values of three to :data:`MAX_RUN_ON` words cut before the value of an
    argument of another kind (a choice, a date, a code) they run on into ("Intro to
    Linguistics for the autumn term" when the term is "autumn"), and before the little words
    ahead of it, where the two words or more left are a title (first and last capitalised)
    the request writes."""
    values = _other_values(arguments, root)

    def cut(value: Any, schema: dict, path: Path) -> Any:
        if not (isinstance(value, str) and free_text(schema) and 3 <= len(value.split()) <= MAX_RUN_ON):
            return value
        words = value.split()
        for other in values:
            if other.strip() and plain(other) != plain(value):
                at = position(other, " ".join(words[1:]))
                if at < 0:
                    continue
                kept = words[:1 + len(" ".join(words[1:])[:at].split())]
                while len(kept) > 1 and kept[-1].lower() in GLUE:
                    kept.pop()
                short = " ".join(kept)
                title = kept[0][:1].isupper() and kept[-1][:1].isupper()  # a title, not a message
                if len(kept) >= 2 and title and short != value and written(short, request):
                    notes.append(f"{where(name, path)}: {value!r} -> {short!r} (without {other!r}, another "
                                 "argument's value)")
                    return short
        return value

    return map_leaves(arguments, root, root, cut)


def number_text(value: Any) -> str | None:
    """A number argument's value as a request would write it ("12", "4.5"); None for others."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return str(int(value)) if value == int(value) else str(value)


def _untailed(name: str, arguments: Any, root: dict, request: str, notes: list[str]) -> Any:
    """Free-text values that end with a little word and another argument's value, cut before
    them: SmolLM2 reserved the room "Nordlys for 4" for "Nordlys for 4 hours" with hours 4. A
    name does not end with "for 4"; the part before is kept when the request writes it. So is
    a value the request does not write that ends in another argument's value with no little
    word between ("Top Paddock 140" from "Top Paddock: 140 kg", kilograms 140)."""
    others = _other_values(arguments, root, numbers=True)

    def cut(value: Any, schema: dict, path: Path) -> Any:
        if not (isinstance(value, str) and free_text(schema)):
            return value
        words = value.split()
        for other in others:
            size = len(other.split())
            if len(words) < size + 1 or plain(" ".join(words[-size:])) != plain(other):
                continue
            if len(words) >= size + 2 and words[-size - 1].lower() in GLUE:
                short = " ".join(words[:-size - 1])
            elif not written(value, request):  # run on with no little word: "Top Paddock 140" for "Top Paddock: 140 kg"
                short = " ".join(words[:-size])
            else:
                continue
            if written(short, request):  # never empty: a word is left before ``other``
                notes.append(f"{where(name, path)}: {value!r} -> {short!r} (without {other!r}, another "
                             "argument's value)")
                return short
        return value

    return map_leaves(arguments, root, root, cut)


def named_number(param: str, request: str) -> float | None:
    """The one number the request writes right before the parameter's name ("2 hours" for
    ``hours``, "3 guests" for ``num_guests``), or None."""
    word = param.split("_")[-1].lower()
    if len(word) < 3:
        return None
    stem = word[:-1] if word.endswith("s") else word
    found = {m.group(1) for m in re.finditer(rf"(?<![\w.:-])(\d+(?:\.\d+)?)\s+{re.escape(stem)}s?\b",
                                             _DATES.sub(" ", request), re.IGNORECASE)}
    if len(found) != 1:
        return None
    number = float(found.pop())
    return int(number) if number == int(number) else number


def near_number(value: float, integer: bool, unused: list[float]) -> float | None:
    """The one number of the request, used by no argument, within 1 of ``value`` (1 for
    "1.5 hours", 2.5 for "2 hours"), or None."""
    near = [n for n in unused if abs(n - value) < 1 and n != value and (not integer or n == int(n))]
    if len(near) != 1:
        return None
    return int(near[0]) if integer or near[0] == int(near[0]) else near[0]


def copy_words(call: ToolCall, spec: ToolSpec | None, request: str) -> tuple[ToolCall, list[str]]:
    """``call`` with its near copies, unstated choices, list order and near numbers put right
    from the request (see the module's docstring), and a note per change."""
    from agora.agent.copying import numbers_in
    from agora.agent.enumeration import whole_item

    if spec is None or not isinstance(call.arguments, dict):
        return call, []
    root = spec.parameters or {}
    notes: list[str] = []

    def text(value: Any, schema: dict, path: Path) -> Any:
        fixed, why = _text(value, schema, request)
        if why is None and path and isinstance(path[-1], int) and isinstance(value, str) and free_text(schema):
            whole = whole_item(value, request)  # a listed item cut short
            fixed, why = (whole, "the whole item the request lists") if whole else (value, None)
        if why is not None:
            notes.append(f"{where(call.name, path)}: {value!r} -> {fixed!r} ({why})")
        return fixed

    fixed = map_leaves(call.arguments, root, root, text,
                       lists=lambda items, path: _in_request_order(items, request, where(call.name, path), notes))
    fixed = _unswallowed(call.name, fixed, root, request, notes)
    used = numbers_in(json.dumps(fixed, ensure_ascii=False))
    written_numbers = {n for n in numbers_in(_DATES.sub(" ", request)) if _AMOUNT.fullmatch(n)}  # not 203.0.113.7
    unused = [float(n) for n in sorted(written_numbers - used)]
    asked = {float(n) for n in written_numbers}  # a time's pieces are not amounts

    def number(value: Any, schema: dict, path: Path) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not schema.get("enum") and \
                schema.get("type") in ("integer", "number"):
            near = near_number(float(value), schema.get("type") == "integer", unused)
            if near is None and float(value) not in asked and path and isinstance(path[-1], str):
                near = named_number(path[-1], request)  # never written, where the request writes "2 hours"
            if near is not None:
                notes.append(f"{where(call.name, path)}: {value!r} -> {near!r} (the request's number)")
                if float(near) in unused:
                    unused.remove(float(near))
                return near
        return value

    fixed = map_leaves(fixed, root, root, number)
    fixed = _untailed(call.name, fixed, root, request, notes)
    if not notes:
        return call, []
    return call.model_copy(update={"arguments": fixed}), notes


__all__ = ["NEAR", "GLUE", "Path", "plain", "written", "times", "number_text", "near_copy", "near_number", "whole_name",
           "similarity", "whole_quote", "schema_at", "map_leaves", "where", "request_words", "named_number", "position", "free_text",
           "copy_words"]
