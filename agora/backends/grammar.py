"""JSON-schema -> GBNF grammar for llama.cpp, so a tiny model can only write valid JSON.

llama-cpp-python's converter ignores some keywords (integer ``minimum``/``maximum``); before
converting we rewrite what we can into keywords it does honour (a small integer range
becomes an ``enum``). What no grammar can express is caught afterwards by
:func:`agora.backends.base.validate_output`, and the backend retries with the error shown.
"""

from __future__ import annotations

import copy
import json
import math
import re
from functools import lru_cache
from typing import Any

#: integer ranges up to this many values become an enum the grammar enforces exactly
MAX_ENUM_RANGE = 256


def tighten(schema: dict) -> dict:
    """A copy of ``schema`` with integer ranges turned into enums (grammar-enforceable)."""
    return _walk(copy.deepcopy(schema))


def _walk(node: Any) -> Any:
    if isinstance(node, list):
        return [_walk(n) for n in node]
    if not isinstance(node, dict):
        return node
    for key, value in list(node.items()):
        if key in ("properties", "$defs", "definitions", "patternProperties") and isinstance(value, dict):
            node[key] = {k: _walk(v) for k, v in value.items()}
        elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
            node[key] = _walk(value)
        elif key in ("anyOf", "oneOf", "allOf", "prefixItems") and isinstance(value, list):
            node[key] = [_walk(v) for v in value]
    if node.get("type") == "integer" and "enum" not in node and "const" not in node:
        low, high = _integer_bounds(node)
        if low is not None and high is not None and 0 <= high - low < MAX_ENUM_RANGE:
            node["enum"] = list(range(low, high + 1))
    return node


def _integer_bounds(node: dict) -> tuple[int | None, int | None]:
    """The integers a node allows, as (lowest, highest); None where unbounded. Exclusive bounds
    are the next integer inwards: above -1.5 is -1, below 2 is 1 (floor + 1, ceil - 1; int()
    would round towards zero and drop -1)."""
    def bound(key: str) -> float | None:
        value = node.get(key)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    lows: list[int] = []
    highs: list[int] = []
    if (v := bound("minimum")) is not None:
        lows.append(math.ceil(v))
    if (v := bound("exclusiveMinimum")) is not None:
        lows.append(math.floor(v) + 1)
    if (v := bound("maximum")) is not None:
        highs.append(math.floor(v))
    if (v := bound("exclusiveMaximum")) is not None:
        highs.append(math.ceil(v) - 1)
    return (max(lows) if lows else None), (min(highs) if highs else None)


@lru_cache(maxsize=64)
def _grammar_text(schema_json: str) -> str:
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    # JSON strings hold no raw control characters (a newline is written \n): a raw newline
    # was where SmolLM2 lost track of the string and wrote the object's closing braces into it
    return json_schema_to_gbnf(schema_json).replace('char ::= [^"\\\\]', 'char ::= [^"\\\\\\x00-\\x1F]')


def build_grammar(schema: dict):
    """A ``llama_cpp.LlamaGrammar`` for ``schema`` (the GBNF text is cached per schema)."""
    from llama_cpp import LlamaGrammar

    text = _grammar_text(json.dumps(tighten(schema)))
    return LlamaGrammar.from_string(text, verbose=False)


#: rule names of the step grammar (GBNF names json_schema_to_gbnf never makes: it prefixes "root")
_CALL, _ANSWER = "agora-step-call", "agora-step-answer"


@lru_cache(maxsize=64)
def step_grammar_text(calls_schema_json: str, code: bool = False, answer: bool = True) -> str:
    """GBNF of one tool step on llama.cpp: a JSON tool call (``calls_schema``), with ``answer``
    the final answer as one line of plain text (the way the worked examples end: a tiny model
    follows its examples, and a JSON answer object it was never shown made it call tools
    again instead), and with ``code`` a python call written as a code block
    (:mod:`agora.backends.code_steps`)."""
    text = _grammar_text(json.dumps(tighten(json.loads(calls_schema_json))))
    text = re.sub(r"(?m)^root\s*::=", f"{_CALL} ::=", text)
    text = call_strings(text)
    choices, rules = [_CALL], []
    if answer:
        choices.append(_ANSWER)
        rules.append(f"{_ANSWER} ::= [^{{ `\\t\\n] [^\\n]*")
    if code:
        from agora.backends.code_steps import GRAMMAR_RULE

        choices.append("agora-step-code")
        rules.append(GRAMMAR_RULE)
    return "\n".join([f"root ::= {' | '.join(choices)}", *rules, text])


def call_strings(gbnf: str) -> str:
    """Tool-call string values without braces: SmolLM2 writing a python call often put the
    object's closing braces into the code string ("print(1 + 2)}}") and never closed it,
    burning its retries. Without braces the string can only end with its quote; code then
    prints with ``print(x)`` rather than an f-string."""
    return gbnf.replace('char ::= [^"\\\\\\x00-\\x1F]', 'char ::= [^"\\\\\\x00-\\x1F{}]')


def build_call_grammar(calls_schema: dict, code: bool = False):
    """The grammar of a first tool step (a call or ``{"answer"}``, with ``code`` a python code
    block too), strings as :func:`call_strings`."""
    from llama_cpp import LlamaGrammar

    if code:
        text = step_grammar_text(json.dumps(calls_schema), code=True, answer=False)
    else:
        text = call_strings(_grammar_text(json.dumps(tighten(calls_schema))))
    return LlamaGrammar.from_string(text, verbose=False)


def build_step_grammar(calls_schema: dict, code: bool = False):
    """A ``llama_cpp.LlamaGrammar`` of :func:`step_grammar_text`."""
    from llama_cpp import LlamaGrammar

    text = step_grammar_text(json.dumps(calls_schema), code=code)
    return LlamaGrammar.from_string(text, verbose=False)


def repeating(tokens, *, min_length: int = 24, max_period: int = 24) -> bool:
    """True when the tail of ``tokens`` is one short pattern over and over (period 1 to
    ``max_period``, at least ``min_length`` tokens and three periods): degenerate text, such as
    "1111..." or "the answer is 3058, the answer is 3058, ...", that would run to max_tokens."""
    n = len(tokens)
    for period in range(1, max_period + 1):
        span = max(min_length, 3 * period)
        if n < span:
            break
        tail = tokens[n - span:]
        if all(tail[i] == tail[i - period] for i in range(period, span)):
            return True
    return False
