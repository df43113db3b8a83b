"""A tool call's arguments put right from the question, in one pass before the call runs.

The steps, each in its own module: imperfect copies of the question's arithmetic and dates
(:func:`agora.agent.copying.snap_arguments`), one operation the question names in words
(:mod:`agora.agent.worded`), optional arguments the request states and from/to
pairs it states the other way round (:mod:`agora.agent.optional_args`), dates and times in
the parameters that declare them (:mod:`agora.agent.shaped`), the request's words copied
imperfectly (:mod:`agora.agent.word_copying`), then the tool's own
repair (``Tool.repair``, e.g. convert's units). Each change comes back as a note for a Notice.
"""

from __future__ import annotations

from typing import Any

from agora.agent.copying import snap_arguments
from agora.agent.optional_args import fill_optional, swap_directions
from agora.agent.relevance import GENERAL_TOOLS
from agora.agent.shaped import fix_shapes
from agora.agent.word_copying import copy_words
from agora.agent.worded import computed_as_named
from agora.messages import ToolCall


def from_question(call: ToolCall, tool: Any, question: str, seen: str = "") -> tuple[ToolCall, list[str]]:
    """``call`` with its arguments put right from ``question``; ``tool`` is the registry's
    Tool of that name (or None); ``seen``, the run's earlier results. Returns the call and a
    note per change."""
    call, notes = snap_arguments(call, question)
    named, why = computed_as_named(call.name, dict(call.arguments), question, seen)
    if why is not None:
        notes.append(f"{call.name}: {call.arguments} -> {named} ({why})")
        call = call.model_copy(update={"arguments": named})
    call, filled = fill_optional(call, tool.spec() if tool is not None else None, question)
    call, swapped = swap_directions(call, question)
    notes += filled + swapped
    if tool is not None and call.name not in GENERAL_TOOLS:  # their code and queries are the model's
        call, shaped = fix_shapes(call, tool.spec(), question)
        call, copied = copy_words(call, tool.spec(), question)
        notes += shaped + copied
    if tool is not None and tool.repair is not None:
        fixed, changed = tool.repair(dict(call.arguments), question)
        notes += [f"{call.name}.{k}: {call.arguments.get(k)!r} -> {fixed[k]!r} (as the question writes it)"
                  for k in changed]
        if changed:
            call = call.model_copy(update={"arguments": fixed})
    return call, notes


__all__ = ["from_question"]
