"""Plain data, fakes and the tool decorator: the pieces every layer shares."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from agora.backends import load_backend
from agora.errors import BackendError, ConfigError
from agora.events import Draft, Thought, TranscriptWriter, read_transcript
from agora.messages import Message, ToolCall, Usage
from agora.testing.fakes import EchoBackend, ScriptedBackend, UnexpectedCall, example_for_schema
from agora.tools import ToolRegistry, tool


class Point(BaseModel):
    x: int
    y: int


def test_scripted_backend_replays_and_records():
    b = ScriptedBackend(["hello", {"x": 1, "y": 2}, ToolCall(name="calc", arguments={"e": "1+1"})])
    assert b.complete([Message.user("hi")]).text == "hello"
    c = b.complete([Message.user("p")], output_schema=Point)
    assert c.parsed == Point(x=1, y=2)
    c = b.complete([Message.user("t")])
    assert c.tool_calls[0].name == "calc"
    assert len(b.calls) == 3 and b.calls[1]["output_schema"] is Point
    b.assert_done()
    with pytest.raises(UnexpectedCall):
        b.complete([Message.user("again")])


def test_scripted_backend_reports_unused_replies_and_raises_scripted_errors():
    b = ScriptedBackend([BackendError("server down"), "left over"])
    with pytest.raises(BackendError, match="server down"):
        b.complete([Message.user("x")])
    with pytest.raises(AssertionError, match="never used"):
        b.assert_done()


def test_scripted_reply_not_matching_schema_is_an_error():
    b = ScriptedBackend(['{"x": "not a number"}'])
    with pytest.raises(BackendError, match="schema"):
        b.complete([Message.user("p")], output_schema=Point)


def test_usage_adds_up():
    total = Usage(prompt_tokens=3, completion_tokens=2, calls=1) + Usage(prompt_tokens=5, completion_tokens=1,
                                                                         prompt_tokens_evaluated=4, calls=1)
    assert (total.prompt_tokens, total.completion_tokens, total.prompt_tokens_evaluated, total.calls) == (8, 3, 4, 2)
    part = Usage(prompt_tokens=5, completion_tokens=1, prompt_tokens_evaluated=4, calls=1)
    rest = total - part  # e.g. a debate without its judge
    assert (rest.prompt_tokens, rest.completion_tokens, rest.prompt_tokens_evaluated, rest.calls) == (3, 2, 0, 1)


def test_example_for_schema_is_valid():
    import jsonschema

    schema = {
        "type": "object",
        "properties": {
            "kind": {"enum": ["a", "b"]},
            "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2},
            "p": {"$ref": "#/$defs/P"},
        },
        "required": ["kind", "items", "p"],
        "$defs": {"P": {"type": "object", "properties": {"s": {"type": "string", "minLength": 3}},
                        "required": ["s"]}},
    }
    obj = example_for_schema(schema, "z")
    jsonschema.validate(obj, schema)
    assert obj["p"]["s"] == "zxx"


def test_fake_spec_and_unknown_spec():
    assert isinstance(load_backend("fake:Paris"), EchoBackend)
    assert load_backend("fake:Paris").complete([Message.user("?")]).text == "Paris"
    with pytest.raises(ConfigError, match="unknown model spec"):
        load_backend("nonsense:thing")
    with pytest.raises(ConfigError, match="unknown local model"):
        load_backend("local:nope")


def test_transcript_round_trip_survives_a_torn_last_line(tmp_path):
    path = tmp_path / "run.jsonl"
    with TranscriptWriter(path) as w:
        w(Thought(text="think", step=1))
        w(Draft(answer="42", reasoning="because"))
    with path.open("a") as f:
        f.write('{"type": "draft", "answ')  # a crash mid-write
    events = read_transcript(path)
    assert [type(e) for e in events] == [Thought, Draft]
    assert events[1].answer == "42"


def test_tool_decorator_builds_schema_and_refuses_untyped():
    @tool
    def add(a: int, b: int = 2) -> int:
        """Add two integers.

        Args:
            a: the first number
            b: the second number
        """
        return a + b

    spec = add.spec()
    assert spec.description == "Add two integers."
    assert spec.parameters["properties"]["a"] == {"type": "integer", "description": "the first number"}
    assert spec.parameters["required"] == ["a"]
    assert add.run({"a": 1}).content == "3"

    with pytest.raises(TypeError, match="no type hint"):
        @tool
        def untyped(a):
            """Nope."""
            return a


def test_tool_failures_become_observations():
    import time

    @tool(timeout=0.2)
    def slow(seconds: float) -> str:
        """Sleep."""
        time.sleep(seconds)
        return "done"

    @tool(max_output=100)
    def boom(n: int) -> str:
        """Raise or flood."""
        if n < 0:
            raise ValueError("negative")
        return "x" * n

    reg = ToolRegistry([slow, boom])
    assert "timed out" in reg.run(ToolCall(name="slow", arguments={"seconds": 2})).content
    r = reg.run(ToolCall(name="boom", arguments={"n": -1}))
    assert not r.ok and "ValueError: negative" in r.content
    r = reg.run(ToolCall(name="boom", arguments={"n": "many"}))
    assert not r.ok and "invalid arguments" in r.content
    r = reg.run(ToolCall(name="nope", arguments={}))
    assert not r.ok and "unknown tool" in r.content and "boom" in r.content
    r = reg.run(ToolCall(name="boom", arguments={"n": 10_000}))
    assert r.ok and r.truncated and "[truncated" in r.content and len(r.content) < 200
