"""Cut-off JSON whose list items began to repeat is closed before the loop (the step then
finishes within max_tokens instead of failing its tries)."""

import pytest

from agora.backends.json_salvage import first_repeat, salvage
from agora.backends.llama_cpp import _salvaged
from agora.backends.base import tool_step_schema
from agora.bench.toolset import TOOLS

LOOPING = ('{"tool": "book_hotel", "arguments": {"city": "Tbilisi", "check_in": "2026-11-03", "nights": 3, '
           '"guests": [{"name": "Elena Petrova", "age": 44}, {"name": "Oliver Quist", "age": 48}, '
           '{"name": "Elena Petrova", "age": 44}, {"name": "Elena Petrova", "age": 48}, {"name": "Ele')


def test_a_list_is_cut_before_its_first_repeated_item():
    assert LOOPING[first_repeat(LOOPING):].startswith('{"name": "Elena Petrova", "age": 44}, {"name": "Elena Petrova", "age": 48}')
    assert salvage(LOOPING)["arguments"]["guests"] == [{"name": "Elena Petrova", "age": 44},
                                                       {"name": "Oliver Quist", "age": 48}]


@pytest.mark.parametrize("text, expected", [
    ('{"a": [1, 1, 2', {"a": [1, 1]}),  # numbers repeat in real lists: kept, cut after the last whole one
    ('{"a": "x", "b": "unfinish', {"a": "x"}),
    ('{"a": ["x, y", "x,  y"], "b": 1', {"a": ["x, y"]}),  # commas in strings are not item ends
    ('{"a": ["say \\"hi\\"", "b"]', {"a": ['say "hi"', "b"]}),
    ('{"a": ', None),
])
def test_salvage_closes_what_was_open(text, expected):
    assert salvage(text) == expected


def test_no_repeat_in_distinct_items():
    assert first_repeat('{"stops": ["Lisbon", "Osaka"], "x": [{"a": 1}, {"a": 2}]}') is None


def test_a_salvaged_call_must_still_fit_the_schema():
    schema = tool_step_schema([TOOLS["book_hotel"].spec()], thought_max=0, answer=False)
    assert _salvaged(schema, LOOPING)["arguments"]["nights"] == 3
    # cut before a required argument was written: no call
    assert _salvaged(schema, '{"tool": "book_hotel", "arguments": {"city": "Tbilisi", "check_in": "Elena (20') is None
