"""The OpenAI-compatible backend: faults against a loopback stub server (agora.testing.server),
and the real thing against llama-cpp-python's server running SmolLM2 (marked real)."""

from __future__ import annotations

import email.utils
import json
import socket
import subprocess
import sys
import threading
import time

import pytest
from pydantic import BaseModel

from agora.backends import load_backend
from agora.backends.openai import OpenAIBackend
from agora.errors import BackendError, ConfigError, ContextOverflow
from agora.messages import Message, ToolCall, ToolSpec
from agora.testing.server import FakeOpenAIServer, HTTPReply

ADD = ToolSpec(name="add", description="Add two integers.",
               parameters={"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                           "required": ["a", "b"]})
ANSWER = {"type": "object", "properties": {"answer": {"type": "integer"}}, "required": ["answer"]}
ASK = [Message.user("What is 2 + 2?")]


@pytest.fixture
def server():
    servers = []

    def start(reply="ok", **options):
        s = FakeOpenAIServer(reply, **options).start()
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.stop()


def backend_for(s: FakeOpenAIServer, **options) -> OpenAIBackend:
    options.setdefault("retry_backoff", 0.01)
    return load_backend(f"openai:test-model@{s.url}", **options)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- requests and replies ------------------------------------------------------------------


def test_chat_sends_options_and_reads_usage(server):
    s = server("Paris")
    c = backend_for(s).complete(ASK, max_tokens=7, temperature=0.1, stop=["\n"], seed=3)
    assert c.text == "Paris" and c.finish_reason == "stop" and c.model == "test-model"
    assert c.usage.calls == 1 and c.usage.prompt_tokens > 0 and c.usage.completion_tokens > 0
    sent = s.requests[0]
    assert (sent["max_tokens"], sent["temperature"], sent["stop"], sent["seed"]) == (7, 0.1, ["\n"], 3)
    assert sent["messages"] == [{"role": "user", "content": "What is 2 + 2?"}]


def test_tool_history_converts_to_the_api_format(server):
    s = server("4")
    history = [Message.user("add 2 and 2"),
               Message.assistant("", [ToolCall(name="add", arguments={"a": 2, "b": 2})]),
               Message.tool("4", name="add")]
    backend_for(s).complete(history, tools=[ADD])
    sent = s.requests[0]
    assistant, tool = sent["messages"][1], sent["messages"][2]
    call = assistant["tool_calls"][0]
    assert assistant["content"] == "" and call["type"] == "function"
    assert json.loads(call["function"]["arguments"]) == {"a": 2, "b": 2}  # a JSON string on the wire
    assert tool == {"role": "tool", "tool_call_id": call["id"], "content": "4"}
    assert sent["tools"][0]["function"]["name"] == "add" and sent["tool_choice"] == "auto"


def test_native_tool_call_with_reasoning(server):
    s = server({"content": "I should add.", "tool_calls": [ToolCall(id="c9", name="add", arguments={"a": 1, "b": 2})]})
    c = backend_for(s).complete(ASK, tools=[ADD])
    assert c.tool_calls == [ToolCall(id="c9", name="add", arguments={"a": 1, "b": 2})]
    assert c.reasoning == "I should add." and c.text == ""


def test_stream_yields_deltas_then_completion_with_usage(server):
    s = server("The answer is four.")
    parts = list(backend_for(s).stream(ASK))
    *deltas, final = parts
    assert len(deltas) > 1 and all(isinstance(d, str) for d in deltas)
    assert "".join(deltas) == final.text == "The answer is four."
    assert final.usage.completion_tokens > 0 and final.timings.first_token_seconds is not None
    assert s.requests[0]["stream_options"] == {"include_usage": True}


def test_stream_collects_tool_calls(server):
    s = server([[ToolCall(name="add", arguments={"a": 5, "b": 6})]])
    *_, final = backend_for(s).stream(ASK, tools=[ADD])
    assert [(c.name, c.arguments) for c in final.tool_calls] == [("add", {"a": 5, "b": 6})]


def test_embed(server):
    s = server()
    b = backend_for(s)
    vectors = b.embed(["abc", "xyz", "abc"])
    assert len(vectors) == 3 and vectors[0] == vectors[2] != vectors[1]
    assert s.embedding_requests[0]["model"] == "test-model"
    assert b.embedding_model == b.spec and b.embed([]) == []


def test_concurrent_calls_overlap(server):
    s = server("ok", delay=0.3)
    b = backend_for(s)
    assert b.supports_concurrency
    threads = [threading.Thread(target=b.complete, args=(ASK,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(s.requests) == 4 and s.max_in_flight >= 2


# --- retries ---------------------------------------------------------------------------------


def test_429_retry_after_seconds_is_honoured(server):
    s = server([HTTPReply.error(429, "slow down", retry_after="1"), "ok"])
    assert backend_for(s).complete(ASK).text == "ok"
    assert len(s.requests) == 2 and s.times[1] - s.times[0] >= 0.9


def test_429_retry_after_http_date_is_honoured(server):
    when = email.utils.formatdate(time.time() + 2, usegmt=True)  # whole seconds: waits 1-2 s
    s = server([HTTPReply.error(429, "slow down", retry_after=when), "ok"])
    assert backend_for(s).complete(ASK).text == "ok"
    assert s.times[1] - s.times[0] >= 0.9


def test_500_until_attempts_run_out(server):
    s = server(HTTPReply.error(500, "boom"))
    with pytest.raises(BackendError, match=r"server error after 3 attempts \(HTTP 500: boom\)"):
        backend_for(s, max_retries=2).complete(ASK)
    assert len(s.requests) == 3


def test_retry_after_longer_than_the_time_budget_gives_up_at_once(server):
    s = server(HTTPReply.error(429, "quota", retry_after="20"))
    started = time.monotonic()
    with pytest.raises(BackendError, match="rate limited .* after 1 attempt.*wait 20s"):
        backend_for(s, max_retry_seconds=5).complete(ASK)
    assert len(s.requests) == 1 and time.monotonic() - started < 5


def test_dropped_connection_is_retried(server):
    s = server([HTTPReply.drop(), "ok"])
    assert backend_for(s).complete(ASK).text == "ok" and len(s.requests) == 2


def test_connection_refused_fails_quickly_with_one_line():
    url = f"http://127.0.0.1:{free_port()}/v1"
    started = time.monotonic()
    with pytest.raises(BackendError) as err:
        load_backend(f"openai:m@{url}", max_retries=2).complete(ASK)
    message = str(err.value)
    assert message == f"openai:m@{url}: server unreachable after 3 attempts (connection refused)"
    assert time.monotonic() - started < 10


def test_timeouts_are_retried_then_reported(server):
    s = server("late", delay=1.0)
    with pytest.raises(BackendError, match=r"no reply after 2 attempts \(timed out\)"):
        backend_for(s, timeout=0.2, max_retries=1).complete(ASK)
    assert len(s.requests) == 2


def test_500_validation_error_is_not_retried(server):
    s = server(HTTPReply.error(500, "2 validation errors: ('body', 'messages', 1, 'content') Input should be a valid string"))
    with pytest.raises(BackendError, match=r"request refused \(HTTP 500\): 2 validation errors"):
        backend_for(s).complete(ASK)
    assert len(s.requests) == 1


def test_other_4xx_is_not_retried_and_shows_the_server_message(server):
    s = server(HTTPReply.error(404, "The model `nope` does not exist"))
    with pytest.raises(BackendError, match=r"HTTP 404\): The model `nope` does not exist"):
        backend_for(s).complete(ASK)
    assert len(s.requests) == 1


def test_wrong_api_key_is_a_config_error(server):
    s = server(HTTPReply.error(401, "Incorrect API key provided"))
    with pytest.raises(ConfigError, match="rejected the API key"):
        backend_for(s, api_key="sk-wrong").complete(ASK)


@pytest.mark.parametrize("reply", [
    HTTPReply.error(400, "This model's maximum context length is 2048 tokens.", code="context_length_exceeded"),
    HTTPReply.error(400, "the request exceeds the available context size, try increasing it"),
])
def test_context_length_error_is_context_overflow(server, reply):
    s = server(reply)
    with pytest.raises(ContextOverflow, match="too long for the model's context window"):
        backend_for(s).complete(ASK)
    assert len(s.requests) == 1


def test_refused_optional_parameter_is_dropped_and_remembered(server):
    s = server(lambda body: HTTPReply.error(400, "Unsupported parameter: 'seed'") if "seed" in body else "ok")
    b = backend_for(s)
    assert b.complete(ASK, seed=1).text == "ok"
    assert b.complete(ASK, seed=2).text == "ok"
    assert ["seed" in r for r in s.requests] == [True, False, False]


# --- keys and URLs -------------------------------------------------------------------------


def test_no_api_key_for_the_openai_endpoint_is_a_config_error():
    with pytest.raises(ConfigError, match="needs an API key: set OPENAI_API_KEY"):
        load_backend("openai:gpt-4o-mini")


def test_local_server_needs_no_key_and_env_base_url_works(server, monkeypatch):
    s = server("hi")
    monkeypatch.setenv("OPENAI_BASE_URL", s.url)
    assert load_backend("openai:m").complete(ASK).text == "hi"


def test_bad_url_is_a_config_error():
    with pytest.raises(ConfigError, match="not a server URL"):
        load_backend("openai:m@localhost:8080")


# --- structured output -----------------------------------------------------------------------


def test_json_schema_output_is_validated(server):
    s = server('{"answer": 4}')
    c = backend_for(s).complete(ASK, output_schema=ANSWER)
    assert c.parsed == {"answer": 4}
    rf = s.requests[0]["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["schema"] == ANSWER
    assert rf["json_schema"]["strict"] is False  # the schema allows extra keys: strict would change it


def test_strict_when_the_schema_allows_it(server):
    strict = {**ANSWER, "additionalProperties": False}
    s = server('{"answer": 4}')
    backend_for(s).complete(ASK, output_schema=strict)
    assert s.requests[0]["response_format"]["json_schema"]["strict"] is True


def test_invalid_output_is_repaired_with_the_error_shown(server):
    class Answer(BaseModel):
        answer: int

    s = server(["four", '{"answer": "four"}', '{"answer": 4}'])
    c = backend_for(s).complete(ASK, output_schema=Answer)
    assert c.parsed == Answer(answer=4) and c.usage.calls == 3
    first_repair, second_repair = s.requests[1]["messages"], s.requests[2]["messages"]
    assert first_repair[-2] == {"role": "assistant", "content": "four"}
    assert "invalid json" in first_repair[-1]["content"].lower()  # the validation error, shown
    assert "answer" in second_repair[-1]["content"] and "integer" in second_repair[-1]["content"]


def test_output_still_invalid_after_repairs_is_a_backend_error(server):
    s = server("no json here")
    with pytest.raises(BackendError, match="no valid reply after 3 tries"):
        backend_for(s).complete(ASK, output_schema=ANSWER)
    assert len(s.requests) == 3


@pytest.mark.parametrize("refusal", [
    HTTPReply.error(400, "response_format type json_schema is not supported"),
    # llama-cpp-python's server: HTTP 500 for a request that fails validation
    HTTPReply.error(500, "1 validation error: ('body', 'response_format', 'type') Input should be 'text' or 'json_object'"),
])
def test_refused_json_schema_falls_back_to_json_object_and_remembers(server, refusal):
    def reply(body):
        if body.get("response_format", {}).get("type") == "json_schema":
            return refusal
        return '{"answer": 4}'

    s = server(reply)
    b = backend_for(s)
    assert b.complete(ASK, output_schema=ANSWER).parsed == {"answer": 4}
    assert b.complete(ASK, output_schema=ANSWER).parsed == {"answer": 4}
    assert [r["response_format"]["type"] for r in s.requests] == ["json_schema", "json_object", "json_object"]
    assert s.requests[1]["response_format"]["schema"] == ANSWER and b.schema_mode == "json_object"


def test_server_without_tools_gets_emulated_tool_calls(server):
    def reply(body):
        if "tools" in body:
            return HTTPReply.error(400, "tools are not supported by this server")
        return json.dumps({"thought": "add them", "tool": "add", "arguments": {"a": 2, "b": 2}})

    s = server(reply)
    b = backend_for(s)
    c = b.complete(ASK, tools=[ADD])
    assert [(t.name, t.arguments) for t in c.tool_calls] == [("add", {"a": 2, "b": 2})]
    assert c.reasoning == "add them" and not b.native_tools
    emulated = s.requests[1]
    assert "tools" not in emulated and "add" in emulated["messages"][0]["content"]
    b.complete([*ASK, Message.assistant("", c.tool_calls), Message.tool("4", name="add")], tools=[ADD])
    assert "tools" not in s.requests[2] and len(s.requests) == 3  # remembered: no second refusal
    assert "Result of the tool add" in s.requests[2]["messages"][-1]["content"]


# --- a real OpenAI-compatible server: llama-cpp-python's, serving SmolLM2 ---------------------

PERSON = {"type": "object", "properties": {"name": {"type": "string", "maxLength": 20},
                                          "age": {"type": "integer"}}, "required": ["name", "age"]}
WEATHER = ToolSpec(name="get_weather", description="Current weather in a city.",
                   parameters={"type": "object", "properties": {"city": {"type": "string", "maxLength": 20}},
                               "required": ["city"]})


@pytest.fixture(scope="module")
def real(llama_server):
    return load_backend(f"openai:smollm2@{llama_server}")


@pytest.mark.real
def test_real_chat_and_stream(real):
    c = real.complete([Message.user("What is the capital of France?")], max_tokens=16, temperature=0)
    assert c.text.strip() and c.usage.completion_tokens > 0
    *deltas, final = real.stream([Message.user("Name a colour.")], max_tokens=16, temperature=0)
    assert deltas and "".join(deltas) == final.text and final.usage.completion_tokens > 0


@pytest.mark.real
def test_real_structured_output(real):
    c = real.complete([Message.user("Describe a person.")], output_schema=PERSON, max_tokens=40, temperature=0)
    assert isinstance(c.parsed["name"], str) and isinstance(c.parsed["age"], int)
    # llama-cpp-python's server refuses json_schema; json_object + schema is its grammar path
    assert real.schema_mode == "json_object"


@pytest.mark.real
def test_real_tool_call_round_trip(real):
    messages = [Message.system("You are a helpful assistant with tools."),
                Message.user("What is the weather in Paris? Use the tool.")]
    c = real.complete(messages, tools=[WEATHER], max_tokens=40, temperature=0)
    assert real.native_tools and [t.name for t in c.tool_calls] == ["get_weather"]
    assert isinstance(c.tool_calls[0].arguments.get("city"), str)
    messages += [Message.assistant(c.reasoning, c.tool_calls),
                 Message.tool("Sunny, 21 C", tool_call_id=c.tool_calls[0].id, name="get_weather")]
    # the server takes the history in the API format (no tools this time: llama-cpp-python's
    # automatic tool choice ignores max_tokens once it decides to answer in text)
    after = real.complete(messages, max_tokens=16, temperature=0)
    assert after.text.strip() and after.finish_reason in ("stop", "length")


@pytest.mark.real
def test_real_embeddings_and_context_overflow(real):
    vectors = real.embed(["a cat sat", "stock markets fell"])
    assert len(vectors) == 2 and len(vectors[0]) == len(vectors[1]) > 100 and vectors[0] != vectors[1]
    with pytest.raises(ContextOverflow):
        real.complete([Message.user("word " * 3000)], max_tokens=8)


@pytest.mark.real
def test_real_cli_ask(llama_server):
    out = subprocess.run([sys.executable, "-m", "agora", "ask", "What is 2 + 2?", "--model",
                          f"openai:smollm2@{llama_server}", "--max-tokens", "48", "--json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["answer"].strip() and result["usage"]["completion_tokens"] > 0


def test_cli_unreachable_server_is_one_line_exit_1():
    url = f"http://127.0.0.1:{free_port()}/v1"
    out = subprocess.run([sys.executable, "-m", "agora", "ask", "hi", "--model", f"openai:m@{url}"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "server unreachable" in out.stderr and "connection refused" in out.stderr


@pytest.mark.parametrize("status", [408, 409])
def test_request_timeout_and_conflict_are_retried(server, status):
    """408 (request timeout) and 409 (conflict: a busy resource) are worth a second try, as the
    openai client itself treats them; the README lists them beside 429 and 5xx."""
    s = server([HTTPReply.error(status, "try again", retry_after="0"), "ok"])
    assert backend_for(s).complete(ASK).text == "ok" and len(s.requests) == 2


@pytest.mark.parametrize("status", [400, 403, 404, 422])
def test_the_other_4xx_fail_at_once(server, status):
    s = server(HTTPReply.error(status, "no"))
    with pytest.raises(BackendError, match=f"HTTP {status}"):
        backend_for(s).complete(ASK)
    assert len(s.requests) == 1
