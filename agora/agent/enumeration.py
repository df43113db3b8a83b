"""Lists the request enumerates: "garlic, Cavolo nero and sweetcorn".

Asked to plan "garlic, Cavolo nero and sweetcorn", SmolLM2 listed ``["Cavolo nero",
"sweetcorn"]``; asked for "Hokkaido pumpkins first, sweetcorn second", it wrote "Hokkaido".
The request is split into its list items at commas and at "and", "or", "then" (a colon, a
semicolon or a full stop ends a list). Then:

- :func:`whole_item`: an item the model cut short is completed to the end of the request's
  item, up to a little word ("in", "first", "tomorrow");
- :func:`enumerated`: the number of items the request lists where the model's items are.
  The model's items must each be in one of the request's items, and those must be next to
  each other. The list grows by the request's item before the first (when the first starts
  with the model's item) and after the last (when the last ends with it), so a list the
  model began one item late is counted whole. :mod:`agora.agent.recopy` asks again for a
  list shorter than that, with that many items among the request's words.
"""

from __future__ import annotations

import re

from agora.agent.word_copying import GLUE

#: where one listed item ends and the next begins
_SEPARATOR = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?(?:then\s+)?|\s+(?:and|or)\s+(?:then\s+)?|\s+then\s+",
                        re.IGNORECASE)
#: what ends a list
_END = re.compile(r"[.;:!?](?:\s|$)|\s[-–—]\s")
#: words an item neither begins nor ends with, beyond GLUE: order words and times
STOP = GLUE | {"first", "second", "third", "fourth", "fifth", "last", "lastly", "next", "finally", "too", "also",
               "only", "each", "both", "all", "today", "tomorrow", "tonight", "now", "please"}
#: an item is at most this many words
MAX_ITEM = 4
_EDGE = "\"'“”‘’.,;:!?()[]{}"


def _words(text: str) -> list[str]:
    return [w.strip(_EDGE) for w in text.split() if w.strip(_EDGE)]


def _plain(words: list[str]) -> list[str]:
    return [w.casefold() for w in words]


def items(request: str) -> list[list[list[str]]]:
    """The request's lists: each a list of items, each item its words (as written)."""
    out = []
    for clause in _END.split(request):
        parts = [_words(p) for p in _SEPARATOR.split(clause)]
        parts = [p for p in parts if p]
        if len(parts) > 1:
            out.append(parts)
    return out


def find_words(item: list[str], part: list[str]) -> int:
    """Where ``item`` (lower-case words) begins in ``part`` (lower-case words), or -1."""
    n = len(item)
    return next((i for i in range(len(part) - n + 1) if part[i:i + n] == item), -1)


def whole_item(value: str, request: str) -> str | None:
    """The request's listed item that ``value`` begins, when it is longer ("Hokkaido
    pumpkins" for "Hokkaido" in "... to Hokkaido pumpkins first, sweetcorn second"), or None."""
    mine = _plain(_words(value))
    if not mine:
        return None
    for parts in items(request):
        for part in parts:
            at = find_words(mine, _plain(part))
            if at < 0:
                continue
            end = at + len(mine)
            while end < len(part) and part[end].casefold() not in STOP and end - at < MAX_ITEM:
                end += 1
            if end > at + len(mine) and (end == len(part) or part[end].casefold() in STOP):
                return " ".join(part[at:end])
    return None


def _trimmed(words: list[str]) -> list[str]:
    """``words`` without the order words and little words at their ends ("sweetcorn second"),
    as written (the test is case-blind)."""
    kept = list(words)
    while len(kept) > 1 and kept[-1].casefold() in STOP:
        kept.pop()
    while len(kept) > 1 and kept[0].casefold() in STOP:
        kept.pop(0)
    return kept


def enumerated(values: list[str], request: str) -> int:
    """How many items the request lists where it writes ``values`` (see the module's
    docstring); ``len(values)`` when they are not all in one of its lists."""
    mine = [_plain(_words(v)) for v in values]
    if not mine or not all(mine):
        return len(values)
    for parts in items(request):
        raw = [_plain(p) for p in parts]
        plain = [_trimmed(p) for p in raw]
        where = [next((i for i, p in enumerate(plain) if find_words(m, p) >= 0), -1) for m in mine]
        if -1 in where:
            continue
        low, high = min(where), max(where)
        if high - low + 1 > len(set(where)):
            return len(values)  # not next to each other
        first, last = mine[where.index(low)], mine[where.index(high)]
        # the model's first item begins the request's item: the item before it is one too
        starts = plain[low][:len(first)] == first
        while low > 0 and starts and raw[low - 1][0] not in STOP:
            low -= 1
            starts = len(plain[low]) <= MAX_ITEM  # a longer head (the request's verb...) ends the list
        ends = plain[high][-len(last):] == last
        while high < len(plain) - 1 and ends and raw[high + 1][0] not in STOP and len(plain[high + 1]) <= MAX_ITEM:
            high += 1
        return max(len(values), high - low + 1)
    return len(values)


def listed(values: list[str], request: str) -> list[str]:
    """The items of the request's list where it writes ``values`` (each inside one of its
    items), to choose a list among: an item as written without the order words at its ends
    ("sweetcorn" for "sweetcorn second"); of an item longer than :data:`MAX_ITEM` words (the
    list's head, "I'd like Kleiner Acker to grow garlic"), its last words, one to
    :data:`MAX_ITEM` of them with no little word among them. The list is the one that holds
    the most of ``values`` inside its items; empty when none does."""
    mine = [_plain(_words(v)) for v in values]
    if not mine or not all(mine):
        return []
    found = [(sum(any(find_words(m, p) >= 0 for p in [_trimmed(_plain(p)) for p in parts]) for m in mine), i)
             for i, parts in enumerate(items(request))]
    best = max(found, default=(0, -1))
    if best[0] == 0:
        return []
    out: list[str] = []
    for part in items(request)[best[1]]:
        kept = _trimmed(part)
        if len(kept) <= MAX_ITEM:
            out.append(" ".join(kept))
            continue
        for n in range(1, MAX_ITEM + 1):
            tail = kept[-n:]
            if not any(w.casefold() in STOP for w in tail):
                out.append(" ".join(tail))
    return list(dict.fromkeys(out))


__all__ = ["STOP", "MAX_ITEM", "items", "whole_item", "enumerated", "listed", "find_words"]
