"""JSON a tiny model started well and never finished: a list whose items began to repeat.

Asked to book a hotel "for the guests Elena Petrova (age 44) and Oliver Quist (age 48)",
SmolLM2 wrote both guests, then Elena again, then Elena with Oliver's age, and so on until
max_tokens cut it, on three tries out of three. A list item that repeats an earlier item of
the same list is where such a loop begins: :func:`first_repeat` finds it while the text is
generated (so the generation stops there), and :func:`salvage` closes the JSON before it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

_CLOSERS = {"[": "]", "{": "}"}


@dataclass
class _Open:
    kind: str  # "[" or "{"
    start: int = -1  # where the current item (a list's) begins, -1 before it
    items: list[str] = field(default_factory=list)


def _scan(text: str) -> tuple[int | None, list[int], list[_Open]]:
    """(where a list item repeating an earlier one of its list begins, or None; the offsets
    just after each complete list item or object member; the containers still open)."""
    stack: list[_Open] = []
    ends: list[int] = []
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        top = stack[-1] if stack else None
        if top is not None and top.kind == "[" and top.start < 0 and not ch.isspace() and ch not in ",]":
            top.start = i
        if ch == '"':
            in_string = True
        elif ch in _CLOSERS:
            stack.append(_Open(ch))
        elif ch in ",]}":
            if top is None:
                continue
            if top.kind == "[" and top.start >= 0:
                item = " ".join(text[top.start:i].split())
                # numbers repeat in real lists ([3, 3, 5]); an object or a string again is a loop
                if item in top.items and item[:1] in '{"':
                    return top.start, ends, stack
                top.items.append(item)
                top.start = -1
            if ch == ",":
                ends.append(i)
            else:
                stack.pop()
                ends.append(i + 1)
    return None, ends, stack


def first_repeat(text: str) -> int | None:
    """Where the first list item equal to an earlier item of its list begins (whitespace
    aside), once that item is complete; None when no list repeats an item. Only objects and
    strings count: numbers repeat in real lists ([3, 3, 5])."""
    return _scan(text)[0]


def _closed(prefix: str) -> str:
    """``prefix`` (cut after a complete item or member) with its open containers closed."""
    _, _, stack = _scan(prefix)
    return prefix.rstrip().rstrip(",").rstrip() + "".join(_CLOSERS[o.kind] for o in reversed(stack))


def salvage(text: str) -> object | None:
    """The JSON value of a cut-off ``text``: cut before its first repeated list item (see
    :func:`first_repeat`), or else after its last complete item or member, with the open
    lists and objects closed. None when no such cut parses."""
    repeat, ends, _ = _scan(text)
    cuts = [repeat] if repeat is not None else list(reversed(ends))
    for cut in cuts:
        try:
            return json.loads(_closed(text[:cut]))
        except ValueError:
            continue
    return None


__all__ = ["first_repeat", "salvage"]
