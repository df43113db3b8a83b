"""Free-text arguments the request never wrote, asked for again as a choice of its words.

Calling a user's tool, a tiny model fills a text argument with words from nowhere: asked to
"Email marta.okafor@example.com about ...", SmolLM2 wrote ``to="Alejandro"``; asked to
translate "into Swahili", ``target_language="Katakala"``. :mod:`agora.agent.word_copying`
mends near copies; a value like nothing in the request is asked for once more, with that
argument's schema narrowed to the runs of the request's words (an enum, which llama.cpp's
grammar enforces), so the model can only choose among what the user wrote. Only short
names are asked again (:func:`uncopied`): dates, amounts, URLs, messages and code may rightly
be the model's own (a date for "tomorrow"), and other modules mend dates and amounts. Only
on backends that emulate tool calls with a grammar (local models): a model with a native
tools API is not second-guessed. Free-text arguments that hold a date or time another
argument declares (:func:`agora.agent.shaped.misplaced`) are asked for again too, and so are
lists of names shorter than the request's list (:func:`short_lists`), with their length fixed.
"""

from __future__ import annotations

import copy
import itertools
import math
import re
from typing import TYPE_CHECKING, Any, Sequence

from agora.agent.enumeration import enumerated, find_words, listed
from agora.agent.shaped import made_up, misplaced, only_held, shape_of, unused_codes
from agora.agent.word_copying import (GLUE, Path, free_text, plain, position, map_leaves, request_words, schema_at,
                                      times, where, written)
from agora.errors import FormatError
from agora.messages import Message, ToolCall, ToolSpec

if TYPE_CHECKING:
    from agora.agent.state import RunState

#: runs of the request's words offered, up to this many words each (a name is up to
#: MAX_WORDS words; one more lets a cut-short copy find the whole)
MAX_RUN = 4
#: no more choices than this (a long request): the tool prompt shows them all
MAX_CHOICES = 120

#: a list asked again is one of its possible lists (an enum of lists) up to this many of them
MAX_LISTS = 60

#: a value of more words than this is the model's own writing (a message, a query), not a name
MAX_WORDS = 3
#: characters of addresses, paths and code: a model may rightly write a URL the request only describes
_WRITTEN = re.compile(r"[\d/\\:@=<>{}\[\]()_#]")


def uncopied(arguments: Any, schema: dict, request: str) -> list[Path]:
    """The paths (keys and list indexes) of the free-text names in ``arguments`` (up to
    :data:`MAX_WORDS` words, with no digit and none of the characters of an address, a path or
    code) that the request does not write, that are its first word (its verb: SmolLM2 booked
    the room "Book" for "Book the Maple room ..."), or that fill two different parameters: SmolLM2
    sent an email to "Hiring" with the subject "Hiring", and shared the document "view access"
    with "view access"."""
    names: list[tuple[Path, str, str]] = []  # (where, as written, its words in lower case)

    def collect(value: Any, node: dict, path: Path) -> Any:
        free = free_text(node)
        if isinstance(value, str) and free and value.strip() and len(value.split()) <= MAX_WORDS \
                and not _WRITTEN.search(value):
            names.append((path, value, plain(value)))
        return value

    map_leaves(arguments, schema, schema, collect)
    fields: dict[str, set[Path]] = {}
    for path, _, key in names:  # a list's items are one parameter
        fields.setdefault(key, set()).add(tuple("*" if isinstance(k, int) else k for k in path))
    words = request_words(request)
    verb = words[0].casefold() if len(words) > 1 else None  # "Book the Maple room ..." booked room "Book"
    return [path for path, value, key in names
            if not written(value, request) or len(fields[key]) > 1 or key == verb]


def duplicated(arguments: Any, root: dict, request: str) -> list[Path]:
    """The free-text arguments (up to :data:`MAX_RUN` words) holding a value that another
    argument holds too, more times than the request writes it, but the one place that keeps
    it: the parameter the request names beside it (:func:`owner`), else the last one written.
    A tiny model writing arguments in order copies a salient value early, then again where it
    belongs: SmolLM2 planned a trip to "Claire Dubois" led by the teacher "Claire Dubois", and
    logged the crop "Top Paddock" from the field "Top Paddock"."""
    holders: dict[str, list[Path]] = {}
    values: dict[str, str] = {}

    def collect(value: Any, node: dict, path: Path) -> Any:
        if isinstance(value, str) and value.strip() and free_text(node) and shape_of(node) is None and \
                len(value.split()) <= MAX_RUN:  # a date held twice is misplaced's to mend
            holders.setdefault(plain(value), []).append(path)
            values.setdefault(plain(value), value)
        return value

    map_leaves(arguments, root, root, collect)
    out: list[Path] = []
    for key, where_ in holders.items():
        if len(where_) < 2 or times(values[key], request) >= len(where_):
            continue
        keeper = owner(where_, values[key], root, request) or where_[-1]
        out += [p for p in where_ if p != keeper]
    return out


def runs(request: str) -> list[str]:
    """The request's quoted texts as written, and its runs of one to :data:`MAX_RUN` words
    that could be a name: not beginning with the request's first word (the verb of "Email
    marta@... about ..."), nor beginning or ending with a little word ("the", "about")."""
    words = request_words(request)
    found = [m.group(1).strip() for m in re.finditer(r'["“]([^"“”]+)["”]', request)]
    for n in range(1, MAX_RUN + 1):
        for i in range(1 if len(words) > 1 else 0, len(words) - n + 1):
            run = words[i:i + n]
            if run[0].lower() not in GLUE and run[-1].lower() not in GLUE:
                found.append(" ".join(run))
    return list(dict.fromkeys(r for r in found if r))


def _node(root: dict, path: Path) -> dict:
    """The schema of the place ``path`` names in arguments of schema ``root``."""
    node = schema_at(root, root)
    for key in path:
        node = schema_at(node.get("items") if isinstance(key, int) else (node.get("properties") or {}).get(key), root)
    return node


def short_lists(arguments: Any, root: dict, request: str) -> dict[Path, int]:
    """The lists of free-text strings that hold fewer items than the request lists where it
    writes them (:func:`agora.agent.enumeration.enumerated`), or items it does not write
    beside fewer than that, each with that number."""
    found: dict[Path, int] = {}

    def lists(values: list[Any], path: Path) -> list[Any]:
        item = schema_at(_node(root, path).get("items"), root)
        free = free_text(item)
        if free and values and all(isinstance(v, str) for v in values):
            mine = [v for v in values if written(v, request)]  # made-up items do not place the list
            n = enumerated(mine, request) if mine else 0
            if n > len(values) or (len(mine) < len(values) and n > len(mine) and n >= 2):
                found[path] = n
            elif len(values) >= 2 and not_items(values, request):
                found[path] = len(values)
        return values

    map_leaves(arguments, root, root, lambda value, schema, path: value, lists=lists)
    return found


def not_items(values: list[str], request: str) -> bool:
    """True when a list the request enumerates (:func:`agora.agent.enumeration.listed`) has as
    many items as ``values`` but ``values`` are not all among them: items run together
    ("garlic Cavolo"), or one inside another ("Hokkaido pumpkins" and "pumpkins")."""
    choices = {c.casefold() for c in listed(values, request)}
    return len(choices) >= len(values) and any(v.casefold() not in choices for v in values)


def narrowed(spec: ToolSpec, paths: Sequence[Path], choices: list[str], counts: dict[Path, int] | None = None,
             excluded: dict[Path, set[str]] | None = None, list_choices: dict[Path, list[str]] | None = None
             ) -> ToolSpec:
    """``spec`` with the strings at ``paths`` narrowed to ``choices`` (a list index stands
    for the list's items) but those ``excluded`` there, and the lists at ``counts`` to that
    many such strings."""
    root = copy.deepcopy(spec.parameters or {})
    counts = counts or {}
    excluded = excluded or {}
    for path in [*paths, *counts]:
        node = root
        for key in path:
            parent, slot = (node, "items") if isinstance(key, int) else (node.setdefault("properties", {}), key)
            # inlined: the narrowing is this path's alone, not every use of a shared definition
            parent[slot] = copy.deepcopy(schema_at(parent.get(slot, {}), root))
            node = parent[slot]
        node.clear()
        kept = [c for c in choices if c.casefold() not in {e.casefold() for e in excluded.get(path, set())}]
        node.update({"type": "string", "enum": kept or choices})
        if path in counts:
            among = (list_choices or {}).get(path) or choices
            node.pop("enum")
            if math.comb(len(among), counts[path]) <= MAX_LISTS:
                # each list once, its items in the request's order: no item can be written twice
                node.update({"type": "array", "enum": [list(c) for c in itertools.combinations(among, counts[path])]})
            else:
                node.update({"type": "array", "items": {"type": "string", "enum": among}, "minItems": counts[path],
                             "maxItems": counts[path]})
    return spec.model_copy(update={"parameters": root})


def _wholly_asked(arguments: Any, paths: Sequence[Path]) -> list[Path]:
    """The lists of strings all of whose items are among ``paths`` (asked again)."""
    out: list[Path] = []
    for parent in dict.fromkeys(p[:-1] for p in paths if p and isinstance(p[-1], int)):
        try:
            items = _get(arguments, parent)
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(items, list) and items and all(isinstance(v, str) for v in items) and \
                {(*parent, i) for i in range(len(items))} <= set(paths):
            out.append(parent)
    return out


def _get(value: Any, path: Path) -> Any:
    for key in path:
        value = value[key]
    return value


def _set(value: Any, path: Path, new: Any) -> None:
    for key in path[:-1]:
        value = value[key]
    value[path[-1]] = new


#: request words either side of a value read for the name of the parameter it belongs to
NEAR = 4


def taken(arguments: Any, root: dict, paths: list[Path], request: str) -> tuple[list[Path], dict[Path, set[str]]]:
    """The paths still to ask again, and per path the values it may not be chosen as: the
    values the arguments not asked again hold (``text`` chosen again may not be the
    ``date``'s "2026-04-04", nor ``target_language``'s "Portuguese"); among paths asked again that hold one value, the one whose
    parameter the request names beside it keeps it (:func:`owner`: "about 'retrospective'
    (that is the subject)" for ``subject`` over ``to``), else the last one written (see
    :func:`duplicated`), and the others may not have it."""
    held: dict[str, list[Path]] = {}

    def collect(value: Any, node: dict, path: Path) -> Any:
        if isinstance(value, str) and value.strip():
            held.setdefault(plain(value), []).append(path)
        return value

    map_leaves(arguments, root, root, collect)
    asked = set(paths)
    kept_values = {v for v, where in held.items() if any(p not in asked for p in where)}
    keep: set[Path] = set()
    excluded: dict[Path, set[str]] = {path: set(kept_values) for path in paths}
    for path in paths:
        try:
            value = _get(arguments, path)
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(value, str):
            continue
        others = [p for p in held.get(plain(value), []) if p != path]
        if not others or any(p not in asked for p in others):
            continue
        best = owner([path, *others], value, root, request)
        if best is None and 0 < times(value, request) < len(held[plain(value)]):  # the last one written keeps it
            # (see duplicated)
            best = [p for p in held[plain(value)] if p in asked][-1]
        if best == path:
            keep.add(path)
        elif best is not None:
            excluded.setdefault(path, set()).add(value)
    return [p for p in paths if p not in keep], excluded


def owner(paths: list[Path], value: str, root: dict, request: str) -> Path | None:
    """The one of ``paths`` whose parameter's name or description shares the most words
    with the :data:`NEAR` request words either side of ``value``, or None (a tie, or none)."""
    from agora.text import content_words

    words = request_words(request)
    mine = [w.casefold() for w in request_words(value)]
    lowered = [w.casefold() for w in words]
    at = find_words(mine, lowered) if mine else -1
    if at < 0:
        return None
    near = content_words(" ".join(words[max(0, at - NEAR):at] + words[at + len(mine):at + len(mine) + NEAR]))
    near -= content_words(value)
    scores = []
    for path in paths:
        name = next((k for k in reversed(path) if isinstance(k, str)), "")
        scores.append(len(content_words(f"{name} {_node(root, path).get('description', '')}") & near))
    best = max(scores)
    return paths[scores.index(best)] if best > 0 and scores.count(best) == 1 else None


def _put_list(name: str, arguments: Any, path: Path, items: list[str], request: str) -> str:
    """Put ``items`` at ``path``, in the order the request lists them; the note saying so."""
    old = _get(arguments, path)
    new = sorted(items, key=lambda v: (position(v, request), items.index(v)))
    _set(arguments, path, new)
    return f"{where(name, path)}: {old!r} -> {new!r} (the {len(new)} items the request lists)"


def copy_again(state: "RunState", call: ToolCall, spec: ToolSpec, messages: Sequence[Message],
               request: str, *, rounds: int = 2) -> tuple[ToolCall, list[str]]:
    """``call`` with its uncopied free-text arguments (:func:`uncopied`) chosen again among
    the request's words, and a note per change; ``call`` unchanged when there are none or
    the model's second call does not fit (another tool, other list lengths). When the
    choices leave one value in two places (:func:`duplicated`: SmolLM2 chose "retrospective"
    for both ``to`` and ``subject``), they are made again, up to ``rounds`` times in all."""
    mended, notes = _choose_once(state, call, spec, messages, request)
    if notes and rounds > 1 and duplicated(mended.arguments, spec.parameters or {}, request):
        try:
            mended, more = copy_again(state, mended, spec, messages, request, rounds=rounds - 1)
            notes = notes + more
        except FormatError:  # counted by state.call; the first choices stand
            pass
    return mended, notes


def _choose_once(state: "RunState", call: ToolCall, spec: ToolSpec, messages: Sequence[Message],
                 request: str) -> tuple[ToolCall, list[str]]:
    root = spec.parameters or {}
    counts = short_lists(call.arguments, root, request)
    found = uncopied(call.arguments, root, request) + misplaced(call.arguments, root, request) + \
        made_up(call.arguments, root, request) + duplicated(call.arguments, root, request)
    paths = [p for p in dict.fromkeys(found) if not any(p[:len(q)] == q for q in counts)]  # a list asked again whole
    choices = list(dict.fromkeys(runs(request) + unused_codes(call.arguments, root, request)))
    if not (paths or counts) or not choices or len(choices) > MAX_CHOICES:
        return call, []
    paths, excluded = taken(call.arguments, root, paths, request)
    if not (paths or counts):
        return call, []
    for path in paths:  # nor a run holding a value it may not have ("2026-04-04 at 19:45" beside the date
        # and time; "Peruvian restaurants" for the city when the cuisine is "Peruvian")
        barred = excluded.get(path, set())
        excluded[path] = barred | {c.casefold() for c in choices if only_held(c, barred)
                                   or any(written(b, c) for b in barred)}
    # a list is chosen among the items of the request's list where it lies, when those are enough
    among = {path: listed([v for v in _get(call.arguments, path) if isinstance(v, str)], request)
             for path in counts}
    among = {path: items for path, items in among.items() if len(items) >= counts[path]}
    arguments = copy.deepcopy(call.arguments)
    notes = []
    # a list of as many items as the request's list there is that list, in its order: not asked
    # (asked, SmolLM2 wrote an item twice on every try)
    for path in [p for p, items in among.items() if len(items) == counts[p]]:
        notes.append(_put_list(call.name, arguments, path, among[path], request))
        del counts[path]
    if not (paths or counts):
        return call.model_copy(update={"arguments": arguments}), notes
    try:
        completion = state.call(list(messages), tools=[narrowed(spec, paths, choices, counts, excluded, among)],
                                tool_choice="required")
    except FormatError:  # its failed tries were counted by state.call
        if not notes:
            raise
        return call.model_copy(update={"arguments": arguments}), notes  # the lists stand, the names as they were
    if not completion.tool_calls or completion.tool_calls[0].name != call.name:
        return (call.model_copy(update={"arguments": arguments}), notes) if notes else (call, [])
    again = completion.tool_calls[0].arguments
    for parent in _wholly_asked(arguments, paths):
        try:
            new = _get(again, parent)
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(new, list) and new and all(isinstance(v, str) and v in choices for v in new) and \
                len({v.casefold() for v in new}) == len(new):
            # every item of the list was asked again: the list the model chose stands whole
            # (asked for the rooms ["max power"] again, SmolLM2 chose ["office", "hallway"])
            old = _get(arguments, parent)
            _set(arguments, parent, new)
            notes.append(f"{where(call.name, parent)}: {old!r} -> {new!r} (chosen again among the request's words)")
            paths = [p for p in paths if p[:-1] != parent]
    for path in paths:
        try:
            new = _get(again, path)
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(new, str) and new in choices:
            old = _get(arguments, path)
            _set(arguments, path, new)
            notes.append(f"{where(call.name, path)}: {old!r} -> {new!r} (chosen again among the request's words)")
    for path, n in counts.items():
        try:
            new = _get(again, path)
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(new, list) and len(new) == n and all(isinstance(v, str) and v in (among.get(path) or choices)
                                                           for v in new):
            notes.append(_put_list(call.name, arguments, path, new, request))
    if not notes:
        return call, []
    return call.model_copy(update={"arguments": arguments}), notes


__all__ = ["MAX_RUN", "MAX_CHOICES", "MAX_LISTS", "MAX_WORDS", "NEAR", "uncopied", "duplicated", "runs", "narrowed",
           "short_lists", "taken", "owner", "copy_again"]
