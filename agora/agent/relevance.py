"""Which of the user's tools a request is about, by the words they share (tool retrieval, as
agents with large tool sets do it).

A tiny model offered tools calls one whatever it is told: SmolLM2 greeted with "Hello!" played
music. On backends that emulate tools with a grammar, the first step offers only the tools
whose name, description, parameter names or enum values share a content word with the
request; a tool with a test of its own (``Tool.about``) is offered when that says so instead
(convert's: an amount with a unit, since unit names are too many for a description to list;
the date tools': the dates and counts of days they need); with none
left, the step is the answer (a request naming its tool gets that tool: :func:`named_tools`).
The built-in general tools (python, calculator, search, fetch, retrieve) serve requests of
any wording, so they are always offered.
"""

from __future__ import annotations

import re
from typing import Callable, Mapping, Sequence

from agora.messages import ToolSpec
from agora.text import content_words

#: built-in tools whose use cannot be read off the request's words
GENERAL_TOOLS = frozenset({"python", "calculator", "search", "fetch", "retrieve"})


def words(text: str) -> set[str]:
    """Content words of ``text`` as stems (:func:`agora.text.content_words`): "remind",
    "reminder" and "reminded" are one; ``_`` splits names (``send_email`` is "send", "email")."""
    return content_words(text)


def tool_words(spec: ToolSpec) -> set[str]:
    """The words of a tool's name, description, parameter names and descriptions, and enum values."""
    parts = [spec.name, spec.description]
    for name, prop in ((spec.parameters or {}).get("properties") or {}).items():
        if isinstance(prop, dict):
            parts += [name, str(prop.get("description", "")), " ".join(map(str, prop.get("enum", [])))]
    return words(" ".join(parts))


def relevant_tools(specs: Sequence[ToolSpec], request: str,
                   about: Mapping[str, Callable[[str], bool]] | None = None) -> list[ToolSpec]:
    """The tools of ``specs`` the request may be about. A tool with a test of its own in
    ``about`` (by name) that says the request is its own is offered alone, with any other
    such tool (offered the date tools and the calculator for "What date is 333 days before
    March 6, 1998?", SmolLM2 called the calculator); otherwise the general built-ins and the
    tools without a test that share a content word with the request."""
    asked = words(request)
    tests = about or {}
    claimed = [s for s in specs if s.name in tests and tests[s.name](request)]
    if claimed:  # the tools whose own test says the request is theirs, alone
        return claimed
    return [s for s in specs if s.name in GENERAL_TOOLS or (s.name not in tests and asked & tool_words(s))]


_ASKING = re.compile(r"\s*(?:convert|calculate|compute|find|count|work out|give|tell|express)\b", re.IGNORECASE)


def asks(request: str) -> bool:
    """True when the request asks for something: a question mark, or an opening verb such
    as "Convert ..." or "Find ..." (not a statement, a greeting or a thank-you)."""
    return "?" in request or bool(_ASKING.match(request))


def named_tools(specs: Sequence[ToolSpec], request: str) -> list[ToolSpec]:
    """The tools the request asks for by name: "use the add tool", "call tool send_email",
    or a name with an underscore written as it is ("send_email"). An explicit instruction to
    use a tool is followed: the first step must be a call to one of them."""
    text = request.lower()
    out = []
    for spec in specs:
        name = re.escape(spec.name.lower())
        spoken = re.escape(spec.name.lower().replace("_", " "))
        if re.search(rf"\b(?:{name}|{spoken})\s+tool\b|\btool\s+(?:{name}|{spoken})\b", text) or (
                "_" in spec.name and re.search(rf"\b{name}\b", text)):
            out.append(spec)
    return out


#: content words a request must share with one tool (and :data:`MARGIN` more than with any
#: other) to be plainly that tool's: no greeting, known fact or other tool's request of the
#: dev no-call set shares two with any tool offered beside it
STRONG = 3
MARGIN = 2


def plainly_for(specs: Sequence[ToolSpec], request: str) -> ToolSpec | None:
    """The one tool of ``specs`` (not a general built-in) the request is plainly about: it
    shares at least :data:`STRONG` content words with it, :data:`MARGIN` more than with any
    other. "Enroll student S-15473 in Histoire de l'art for the spring term, as an audit only"
    shares six with enroll_in_course (enroll, student, course, term, audit, credit), and
    SmolLM2 answered it in words, "You have been enrolled"."""
    asked = words(request)
    shared = sorted(((len(asked & tool_words(s)), i) for i, s in enumerate(specs) if s.name not in GENERAL_TOOLS),
                    reverse=True)
    if not shared or shared[0][0] < STRONG:
        return None
    if len(shared) > 1 and shared[0][0] - shared[1][0] < MARGIN:
        return None
    return specs[shared[0][1]]


__all__ = ["GENERAL_TOOLS", "words", "tool_words", "relevant_tools", "named_tools", "asks", "plainly_for"]
