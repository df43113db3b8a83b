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

from agora.agent.date_copying import snap_dates
from agora.messages import ToolCall

#: a number as written: an optional sign, thousands separators or decimals
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:[.,]\d+)*")
#: a run of arithmetic in a question: numbers, operators, brackets and spaces
_SPAN = re.compile(r"[-+*/×÷^%().\d][-+*/×÷^%().,\d ]*[\d)]")
_ARITHMETIC = re.compile(r"^[-+*/×÷^%().,\d xX]+$")


def numbers_in(text: str) -> set[str]:
    """The numbers written in ``text``, normalised (thousands separators dropped)."""
    return {n.replace(",", "").lstrip("-") for n in NUMBER.findall(text or "")}


def number_sequence(text: str) -> list[str]:
    return [n.replace(",", "").lstrip("-") for n in NUMBER.findall(text or "")]


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


def written_spans(question: str) -> list[str]:
    """The question's arithmetic written out: its spans (:func:`spans`) with an operator
    between two numbers ("17 + 23 * 4", "(3 - 5) ** 2"), not dates or times."""
    return [span for span in spans(_DATE.sub(" ", question)) if _OPERATOR.search(span)]


def writes_arithmetic(question: str) -> bool:
    """True when the question writes out arithmetic (:func:`written_spans`)."""
    return bool(written_spans(question))


def names_arithmetic(question: str) -> bool:
    """True when the question names an operation in words on two numbers or more: "2891
    divided by 7", "the quotient of 852 and 12", "the sum of 4, 9 and 11"."""
    if _WORDED.search(question):
        return True
    match = _NAMED.search(question)
    return match is not None and len(number_sequence(match.group(0))) >= 2


_NAMED = re.compile(r"\b(?:sum|product|quotient|difference|remainder)\s+(?:of|between|when)\b[^.?!]*", re.IGNORECASE)


#: an operator after a number or a closing bracket (so "-5" alone is a sign, not arithmetic)
_OPERATOR = re.compile(r"[\d)]\s*(?:[-+*/×÷^%]|\*\*|//)\s*[-(\d]")


def snapped(value: str, question: str) -> str | None:
    """``value`` with its imperfect copy of one of the question's spans replaced by the span,
    or None. A value is arithmetic, ``print(arithmetic)``, or (python code) lines of those and
    of ``name = arithmetic`` of which only one holds numbers."""
    lines = value.strip().split("\n")
    if sum(1 for line in lines if number_sequence(line)) > 1:
        return None  # numbers on several lines: a program computing step by step, its own
    fixed = [_snapped_line(line, question) for line in lines]
    if all(f is None for f in fixed):
        return None
    return "\n".join(f if f is not None else line for f, line in zip(fixed, lines))


def _snapped_line(line: str, question: str) -> str | None:
    match = _LINE.match(line)
    if match is None:
        return None
    head, inner, tail = match.group("head"), match.group("inner").rstrip(), ""
    if head.endswith("print("):
        if not inner.endswith(")"):
            return None
        inner, tail = inner[:-1].strip(), ")"
    if not _ARITHMETIC.match(inner) or len(number_sequence(inner)) < 2:
        return None
    bare = _bare(inner)
    found = [span for span in spans(question) if not _DATE.search(span)]
    spaceless = _python_operators(re.sub(r"\s", "", inner))
    if any(spaceless == _python_operators(re.sub(r"\s", "", span)) for span in found):
        # a faithful copy of one of the question's spans: a debater's question also holds its
        # peers' arithmetic, and "17 * 23 + 4" had been "put right" to a peer's "17 + 23 + 4"
        return None
    for span in found:
        if bare in _bare(span) or one_slip(inner, span):
            return f"{head}{span}{tail}"
    return None


#: an operation written in words between two numbers ("2891 divided by 7", "12 times 9")
_WORDED = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s+(divided by|multiplied by|times|plus|minus|modulo|mod|"
                     r"to the power of|raised to(?: the power of)?)\s+(\d+(?:\.\d+)?)(?![\w.])", re.IGNORECASE)
_WORD_OPERATORS = {"divided by": "/", "multiplied by": "*", "times": "*", "plus": "+", "minus": "-",
                   "modulo": "%", "mod": "%", "to the power of": "**", "raised to": "**",
                   "raised to the power of": "**"}


def worded_operators(value: str, question: str) -> str:
    """``value`` with an operator put right where the question writes the operation in words
    between the same two numbers: "How much is 2891 divided by 7?" called as ``2891 % 7``
    (the calculator's worked example is a remainder) runs as ``2891 / 7``. ``//`` for
    "divided by" is kept (a floor the model chose), and nothing changes when the question
    asks for a remainder."""
    asks_remainder = re.search(r"\bremainder\b", question, re.IGNORECASE) is not None
    for match in _WORDED.finditer(question):
        a, word, b = match.group(1), match.group(2).lower(), match.group(3)
        wanted = _WORD_OPERATORS[word]
        if wanted == "/" and asks_remainder:
            continue

        def fix(m: re.Match) -> str:
            said = m.group(2)
            if said == wanted or (wanted == "/" and said == "//"):
                return m.group(0)
            return f"{m.group(1)}{wanted}{m.group(3)}"

        value = re.sub(rf"((?<![\w.]){re.escape(a)}\s*)(\*\*|//|[-+*/%^])(\s*{re.escape(b)}(?![\w.]))", fix, value)
    return value


#: a power written as a word after its base ("12 squared", "6 cubed")
_POWER_WORD = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s+(squared|cubed)\b", re.IGNORECASE)


def worded_powers(value: str, question: str) -> str:
    """``value`` with the power put in where the question writes one as a word after a
    number the value uses once without it: "What is 12 squared plus 5?" called as
    ``12 + 5`` runs as ``12**2 + 5``, "Calculate 6 cubed." called as ``6`` runs as ``6**3``."""
    for match in _POWER_WORD.finditer(question):
        base, exponent = match.group(1), "2" if match.group(2).lower() == "squared" else "3"
        found = list(re.finditer(rf"(?<![\w.]){re.escape(base)}(?![\w.])", value))
        if len(found) != 1 or re.match(r"\s*(?:\*\*|\^)", value[found[0].end():]):
            continue
        value = f"{value[:found[0].end()]}**{exponent}{value[found[0].end():]}"
    return value


def halved_operator(value: str, question: str) -> str:
    """``value`` with a two-character operator the question writes between two numbers put
    back where the copy halved it: "What is 5000 // 64?" called as ``5000 / 64`` (a floor
    lost) runs as ``5000 // 64``; ``**`` written ``*`` likewise."""
    for match in re.finditer(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(//|\*\*)\s*(\d+(?:\.\d+)?)(?![\w.])", question):
        a, op, b = match.groups()
        value = re.sub(rf"((?<![\w.]){re.escape(a)}\s*){re.escape(op[0])}(?!{re.escape(op[0])})(\s*{re.escape(b)}(?![\w.]))",
                       lambda m: f"{m.group(1)}{op}{m.group(2)}", value)
    return value


_ORDERED = re.compile(r"\b(quotient|difference)\s+(?:of|between)\s+(\d+(?:\.\d+)?)\s+and\s+(\d+(?:\.\d+)?)(?![\w.])",
                      re.IGNORECASE)


def named_order(value: str, question: str) -> str:
    """``value`` with the operands of a quotient or a difference the question names in
    words in its order: "the quotient of 852 and 12" called as ``12 / 852`` runs as
    ``852 / 12``."""
    for match in _ORDERED.finditer(question):
        op = "/" if match.group(1).lower() == "quotient" else "-"
        a, b = match.group(2), match.group(3)
        value = re.sub(rf"(?<![\w.]){re.escape(b)}\s*{re.escape(op)}\s*{re.escape(a)}(?![\w.])", f"{a} {op} {b}", value)
    return value


def in_python(code: str) -> str:
    """``code`` with arithmetic lines (see :func:`snapped`) written in the notation of a
    question turned into Python's: ``×`` and ``÷`` are ``*`` and ``/``, ``^`` is a power (in
    Python an exclusive or), and ``1,234,567`` one number (in Python a tuple). The calculator
    reads that notation itself; python code copied from the question needs it translated."""
    out = []
    for line in code.split("\n"):
        match = _LINE.match(line)
        if match:
            inner = match.group("inner")
            body = inner.rstrip(")").strip()
            if body and _ARITHMETIC.match(body):
                inner = _python_operators(_THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), inner))
                line = match.group("head") + inner
        out.append(line)
    return "\n".join(out)


def _python_operators(text: str) -> str:
    """``×``, ``÷`` and ``^`` written as Python's ``*``, ``/`` and ``**``."""
    return text.replace("×", "*").replace("÷", "/").replace("^", "**")


#: a number written with thousands separators
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")


def one_slip(copy: str, span: str) -> bool:
    """True when ``copy`` is ``span`` with one number or one operator written wrong, brackets
    and spaces aside ("21 + 3*3 + 17 - 16 * 29" for "21+3*9+17-16*29"), and three numbers or
    more: a copy with one slip, not other arithmetic. "*" for "×" is the same operator written
    the Python way, not a slip."""
    a, b = (_TOKEN.findall(_python_operators(_bare(text))) for text in (copy, span))
    if len(a) != len(b) or len(number_sequence(span)) < 3:
        return False
    return sum(x != y for x, y in zip(a, b)) == 1


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\*\*|//|\S")


#: one line of a value: ``name = `` or ``print(`` (or nothing), then the arithmetic
_LINE = re.compile(r"^(?P<head>\s*(?:[A-Za-z_]\w*\s*=\s*)?(?:print\()?)(?P<inner>.*)$")


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
            if "." not in re.sub(r"[.?!]\s*$|\.(?=\s)", "", question):
                # the question writes no decimal point: a stray one ahead of a number is a slip
                kept = re.sub(r"(?<![\w.])\.(?=\d)", "", value)
                if kept != value:
                    notes.append(f"{call.name}.{name}: {value!r} -> {kept!r} (a stray decimal point)")
                    value = arguments[name] = kept
            fixed = snapped(value, question)
            if fixed is not None:
                arguments[name] = fixed
                notes.append(f"{call.name}.{name}: {value!r} -> {fixed!r} (as written in the question)")
                continue
            worded = named_order(halved_operator(worded_powers(worded_operators(value, question), question), question),
                                 question)
            if worded != value:
                arguments[name] = worded
                notes.append(f"{call.name}.{name}: {value!r} -> {worded!r} (the operation the question names)")
    dated, changed = snap_dates(arguments, question)
    for name in changed:
        notes.append(f"{call.name}.{name}: {arguments[name]!r} -> {dated[name]!r} (a date of the question)")
    arguments = dated
    if call.name == "python" and isinstance(arguments.get("code"), str):
        code = arguments["code"]
        fixed = in_python(code)
        if fixed != code:
            arguments["code"] = fixed
            notes.append(f"python.code: {code!r} -> {fixed!r} (the question's notation in Python)")
    if not notes:
        return call, []
    return call.model_copy(update={"arguments": arguments}), notes


__all__ = ["worded_operators", "worded_powers", "halved_operator", "named_order", "names_arithmetic",
           "NUMBER", "numbers_in", "number_sequence", "coverage", "spans", "writes_arithmetic", "one_slip", "in_python",
           "snapped", "snap_arguments", "written_spans", "result_number", "one_number"]
