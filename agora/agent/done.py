"""Finishing after a call of the user's own tool: a constrained choice.

A tiny model that has booked the flight it was asked to book tends to book it again, and
again, instead of answering: the run then ended as a loop, with the tool's confirmation as
an incomplete answer. When the model repeats a call of one of the user's tools (not the
built-in general tools: their results feed further steps) that already succeeded with a
short result (a confirmation; passages would make a poor answer verbatim), it is
asked one constrained question instead: is the request done, "yes" or "no". "yes" finishes
the run with that call's result, verbatim, as the answer: the model's own choice, so the run
is complete. "no" (or a reply that is neither) goes on as before, with the reminder not to
call it again. It is asked once per call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agora.errors import BackendError, FormatError
from agora.messages import Message
from agora.prompts import render

if TYPE_CHECKING:
    from agora.agent.state import RunState, ToolStep

CHOICES = ("yes", "no")
SCHEMA = {"type": "object", "properties": {"done": {"enum": list(CHOICES)}}, "required": ["done"],
          "additionalProperties": False}


def done_with(state: "RunState", step: "ToolStep") -> bool:
    """Ask whether the request is done with ``step``'s result (one short constrained call);
    False when the model says no, or the call fails."""
    prompt = render("agent_done", tool=step.call.name, result=step.observation.strip(), question=state.question)
    try:
        # the request and the result alone (not the conversation): a short prompt, evaluated
        # in well under a second, where the conversation with a tools prompt was not cached
        completion = state.call([Message.user(prompt)], output_schema=SCHEMA, max_tokens=16, temperature=0.0)
    except (BackendError, FormatError):
        return False
    parsed = completion.parsed
    return isinstance(parsed, dict) and parsed.get("done") == "yes"


__all__ = ["done_with", "SCHEMA", "CHOICES"]
