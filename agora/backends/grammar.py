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

    return json_schema_to_gbnf(schema_json)


def build_grammar(schema: dict):
    """A ``llama_cpp.LlamaGrammar`` for ``schema`` (the GBNF text is cached per schema)."""
    from llama_cpp import LlamaGrammar

    text = _grammar_text(json.dumps(tighten(schema)))
    return LlamaGrammar.from_string(text, verbose=False)
