"""Human approval of tool calls, enforced in code (the model cannot talk its way past it).

An ``approve`` callable is asked before a tool call runs; it gets the :class:`ToolCall` and
answers ``True`` (run it), ``False`` (do not), a string (do not, and tell the model why) or a
:class:`Decision`. A denied call is not run: the model sees a failed observation saying so.
Every answer is a :class:`agora.events.ToolApproval` event in the run's trace and transcript.

    Agent(model=..., tools=["python"], approve=lambda call: call.name != "python")
    Agent(..., approve=my_prompt, approve_tools=["python", "search"])   # ask only for these

``agora ask --approve [TOOLS]`` and ``agora chat --approve`` ask on the terminal
(agora/cli/approve.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from agora.messages import ToolCall


@dataclass(frozen=True)
class Decision:
    approved: bool
    reason: str = ""
    #: who decided: "user", "always" (a standing yes for this tool), "policy", "error"
    by: str = "user"


Approver = Callable[[ToolCall], Any]


def decide(approve: Approver, call: ToolCall) -> Decision:
    """Ask ``approve`` about ``call``. Anything but a clear yes is a no: an answer of another
    type, or an approver that raises."""
    try:
        answer = approve(call)
    except Exception as err:  # a broken approver must not let calls through
        return Decision(False, f"the approval check failed ({type(err).__name__}: {err})", "error")
    if isinstance(answer, Decision):
        return answer
    if answer is True:
        return Decision(True)
    if isinstance(answer, str) and answer.strip():
        return Decision(False, answer.strip())
    return Decision(False)


def needs_approval(approve: Approver | None, tools: Iterable[str] | None, name: str) -> bool:
    return approve is not None and (tools is None or name in set(tools))


def denial_text(call: ToolCall, decision: Decision) -> str:
    why = f" ({decision.reason})" if decision.reason else ""
    return (f"The user did not approve this call of {call.name}{why}, so it was not run. "
            "Do not repeat it unchanged: answer without it, or try a different approach.")


__all__ = ["Decision", "Approver", "decide", "needs_approval", "denial_text"]
