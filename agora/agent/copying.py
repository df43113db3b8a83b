"""What a tool call took from the question: the numbers it used, and arguments that are
imperfect copies of a span of the question, put right.

Small models copy badly: SmolLM2 turned "(75 + 80) * 98 - 41" into "75 + 80 * 98 - 41" (the
brackets lost), or stopped half way ("75 + 80"). An argument that is nothing but arithmetic
(optionally inside ``print(...)``) and, brackets and spaces aside, is a piece of one arithmetic
span written in the question, is replaced by that whole span: a piece of an expression the
user wrote out is a step towards computing all of it. Anything else is left as the model
wrote it.
"""

from __future__ import annotations

import json
import re

from agora.messages import ToolCall

_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:[.,]\d+)*")
#: a run of arithmetic in a question: numbers, operators, brackets and spaces
_SPAN = re.compile(r"[-+*/×÷^%().\d][-+*/×÷^%().,\d ]*[\d)]")
_ARITHMETIC = re.compile(r"^[-+*/×÷^%().,\d xX]+$")
_PRINTED = re.compile(r"^print\((?P<inner>.*)\)$", re.S)


def numbers_in(text: str) -> set[str]:
    """The numbers written in ``text``, normalised (thousands separators dropped)."""
    return {n.replace(",", "").lstrip("-") for n in _NUMBER.findall(text or "")}


def number_sequence(text: str) -> list[str]:
    return [n.replace(",", "").lstrip("-") for n in _NUMBER.findall(text or "")]


def coverage(call: ToolCall, question: str) -> float:
    """The share of the question's numbers that the call's arguments use (0 when it has none)."""
    wanted = numbers_in(question)
    if not wanted:
        return 0.0
    used = numbers_in(json.dumps(call.arguments, ensure_ascii=False))
    return len(wanted & used) / len(wanted)


def spans(question: str) -> list[str]:
    """The arithmetic spans of the question holding two numbers or more, brackets balanced."""
    out = []
    for match in _SPAN.finditer(question):
        span = match.group(0).strip()
        while span.count("(") > span.count(")") and span.startswith("("):
            span = span[1:].strip()
        while span.count(")") > span.count("(") and span.endswith(")"):
            span = span[:-1].strip()
        if len(number_sequence(span)) >= 2 and span.count("(") == span.count(")"):
            out.append(span)
    return out


def snapped(value: str, question: str) -> str | None:
    """The question's span that ``value`` is an imperfect copy of, or None."""
    text = value.strip()
    printed = _PRINTED.match(text)
    inner = printed.group("inner").strip() if printed else text
    if not _ARITHMETIC.match(inner):
        return None
    bare = _bare(inner)
    if len(number_sequence(inner)) < 2:
        return None
    for span in spans(question):
        if inner != span and bare in _bare(span) and not _DATE.search(span):
            return f"print({span})" if printed else span
    return None


#: a date or a time is not arithmetic, whatever its dashes and colons look like
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}")


def result_number(observation: str) -> str | None:
    """The one number a tool result holds (a calculator's "-83", python's "[value] -83"), or None."""
    text = re.sub(r"^\[value\]\s*", "", observation.strip())
    return text if one_number(text) else None


def one_number(text: str) -> bool:
    """True when ``text`` is one plain number, e.g. "-83" or "2.5"."""
    return bool(_ONE_NUMBER.match(text))


_ONE_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def _bare(text: str) -> str:
    """Without brackets and spaces: two copies that differ only there are the same arithmetic
    written with brackets lost or moved (an operator changed, e.g. "×" to "*", is not)."""
    return re.sub(r"[()\s]", "", text)


def snap_arguments(call: ToolCall, question: str) -> tuple[ToolCall, list[str]]:
    """``call`` with its imperfectly copied string arguments replaced by the question's spans,
    and a note per replacement."""
    arguments, notes = dict(call.arguments), []
    for name, value in call.arguments.items():
        if isinstance(value, str):
            fixed = snapped(value, question)
            if fixed is not None:
                arguments[name] = fixed
                notes.append(f"{call.name}.{name}: {value!r} -> {fixed!r} (as written in the question)")
    if not notes:
        return call, []
    return call.model_copy(update={"arguments": arguments}), notes


__all__ = ["numbers_in", "number_sequence", "coverage", "spans", "snapped", "snap_arguments", "result_number", "one_number"]
