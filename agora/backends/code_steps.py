"""Python calls written as a fenced code block, on backends that emulate tools with a grammar.

A JSON call holds code as one escaped string (``"x = 3\\nprint(x)"``), a form small models
have rarely seen: SmolLM2-135M wrote prose, ``add(57, 79)`` or ``17 + 77 * (43 - 69) = ...``
into it. Asked for a ```python block (the form code takes in its training data), it wrote
``result = 17 + 77 * (43 - 69)`` and ``print(result)``. So where the python tool is offered,
a step may be that block; it is read back as the same :class:`~agora.messages.ToolCall`, and
earlier python calls are shown to the model in the same form.
"""

from __future__ import annotations

import re
from typing import Sequence

from agora.messages import ToolCall, ToolSpec

#: the tool whose calls may be written as code blocks, and its code argument
CODE_TOOL, CODE_ARGUMENT = "python", "code"
OPEN, CLOSE = "```python\n", "```"
#: GBNF of the block: code lines without backticks, then the closing fence on its own line
GRAMMAR_RULE = 'agora-step-code ::= "```python\\n" [^`]+ "```"'
_BLOCK = re.compile(r"^\s*```(?:python|py)?[ \t]*\n(?P<code>.*?)(?:```|$)", re.S)


def code_tool(tools: Sequence[ToolSpec]) -> ToolSpec | None:
    """The python tool among ``tools`` when its one required argument is the code string."""
    for spec in tools:
        props = (spec.parameters or {}).get("properties", {})
        if spec.name == CODE_TOOL and props.get(CODE_ARGUMENT, {}).get("type") == "string":
            return spec
    return None


def is_code_call(call: ToolCall) -> bool:
    return call.name == CODE_TOOL and set(call.arguments) == {CODE_ARGUMENT} \
        and isinstance(call.arguments[CODE_ARGUMENT], str)


def as_block(call: ToolCall) -> str:
    code = str(call.arguments[CODE_ARGUMENT]).rstrip("\n")
    return f"{OPEN}{code}\n{CLOSE}"


def read_block(text: str, call_id: str) -> ToolCall | None:
    """The python call a reply written as a code block stands for, or None (not a block, or
    an empty one)."""
    match = _BLOCK.match(text)
    if match is None:
        return None
    code = match.group("code").strip("\n")
    if not code.strip():
        return None
    return ToolCall(id=call_id, name=CODE_TOOL, arguments={CODE_ARGUMENT: code})


__all__ = ["CODE_TOOL", "CODE_ARGUMENT", "GRAMMAR_RULE", "code_tool", "is_code_call", "as_block", "read_block"]
