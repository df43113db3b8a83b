"""What agora.testing gives a user's own test suite: a switch that blocks real model
requests, a FunctionBackend that streams, and a backend that calls each tool with arguments
made from its schema."""

from __future__ import annotations

import jsonschema
import pytest

from agora import Agent
from agora.errors import BackendError
from agora.messages import Message
from agora.testing import (CallEachToolBackend, FakeOpenAIServer, FunctionBackend, ModelRequestBlocked,
                           allow_model_requests, block_model_requests, example_for_schema)
from agora.tools import resolve_tools, tool


@pytest.fixture(autouse=True)
def _unblocked():
    yield
    allow_model_requests()  # no test leaves the switch on for the next


def test_blocked_requests_fail_loudly_for_a_real_backend():
    from agora.backends.openai import OpenAIBackend

    with FakeOpenAIServer(reply="hello") as server:
        backend = OpenAIBackend("fake-model", base_url=server.url, api_key="x", max_retries=0)
        assert backend.complete([Message.user("hi")]).text == "hello"
        with block_model_requests():
            with pytest.raises(ModelRequestBlocked, match="blocked"):
                backend.complete([Message.user("hi")])
            with pytest.raises(ModelRequestBlocked):
                list(backend.stream([Message.user("hi")]))
            with pytest.raises(ModelRequestBlocked):  # not swallowed by the agent loop as a model error
                Agent(model=backend).run("hi")
            assert Agent(model="fake:4").run("hi").answer == "4"  # fakes are never blocked
        assert backend.complete([Message.user("hi")]).text == "hello"  # the block ended with the with
        block_model_requests()  # the whole process from here
        with pytest.raises(ModelRequestBlocked):
            backend.complete([Message.user("hi")])
        allow_model_requests()
        assert backend.complete([Message.user("hi")]).text == "hello"
        backend.close()


def test_the_environment_blocks_requests_too(monkeypatch):
    from agora.backends.openai import OpenAIBackend

    monkeypatch.setenv("AGORA_ALLOW_MODEL_REQUESTS", "0")
    with FakeOpenAIServer(reply="hello") as server:
        backend = OpenAIBackend("fake-model", base_url=server.url, api_key="x", max_retries=0)
        with pytest.raises(ModelRequestBlocked, match="AGORA_ALLOW_MODEL_REQUESTS"):
            backend.complete([Message.user("hi")])
        assert server.requests == []  # nothing reached the server
        monkeypatch.setenv("AGORA_ALLOW_MODEL_REQUESTS", "1")
        assert backend.complete([Message.user("hi")]).text == "hello"
        backend.close()


@pytest.mark.real
def test_blocked_requests_stop_a_local_model(smollm2):
    with block_model_requests():
        with pytest.raises(ModelRequestBlocked):
            smollm2.complete([Message.user("hi")], max_tokens=4)
        with pytest.raises(ModelRequestBlocked):
            smollm2.embed(["hi"])


def test_function_backend_streams_its_pieces():
    backend = FunctionBackend(stream_fn=lambda messages, options: iter(["Hel", "lo ", "there"]))
    items = list(backend.stream([Message.user("hi")], max_tokens=8))
    assert items[:3] == ["Hel", "lo ", "there"] and items[-1].text == "Hello there"
    assert backend.complete([Message.user("hi")]).text == "Hello there"  # complete joins them
    assert backend.calls[0]["stream"] is True and backend.calls[0]["max_tokens"] == 8

    def broken(messages, options):
        yield "partial "
        yield BackendError("dropped")

    seen = []
    with pytest.raises(BackendError, match="dropped"):
        for item in FunctionBackend(stream_fn=broken).stream([Message.user("hi")]):
            seen.append(item)
    assert seen == ["partial "]


def test_chat_streams_a_function_backend_token_by_token():
    from agora.chat.chat import Chat
    from agora.events import TokenDelta

    chat = Chat(FunctionBackend(stream_fn=lambda m, o: ["a", "b", "c"]))
    events: list = []
    assert chat.send("hi", on_event=events.append).text == "abc"
    assert [e.text for e in events if isinstance(e, TokenDelta)] == ["a", "b", "c"]


def test_call_each_tool_backend_gives_every_tool_valid_arguments():
    @tool
    def scale(value: float, factor: int = 2) -> float:
        """Scale a value."""
        return value * factor

    @tool
    def label(name: str, level: int) -> str:
        """Label something."""
        return f"{name}:{level}"

    backend = CallEachToolBackend()
    result = Agent(model=backend, tools=[*resolve_tools("calculator"), scale, label]).run("go")
    steps = result.tool_steps()
    assert [s.call.name for s in steps] == ["calculator", "scale", "label"]
    assert all(s.ok for s in steps), [s.observation for s in steps]
    assert result.complete and '"label"' in result.answer and "a:0" in result.answer


def test_example_for_schema_keeps_within_number_bounds():
    cases = [
        {"type": "integer", "exclusiveMinimum": -1.5},
        {"type": "integer", "minimum": 3, "maximum": 9},
        {"type": "integer", "exclusiveMinimum": 0},
        {"type": "number", "exclusiveMaximum": -2},
        {"type": "integer", "maximum": -4},
        {"type": "number", "minimum": 0.25},
    ]
    for schema in cases:
        jsonschema.validate(example_for_schema(schema), schema)
