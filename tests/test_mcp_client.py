"""The MCP client against a real MCP server written for the tests (tests/mcp_toy_server.py,
on the official SDK), over stdio and over streamable HTTP on 127.0.0.1: schemas kept, results
used by an agent on a scripted backend, pinning, allowlist, minimal environment, and servers
that crash, hang, answer garbage or return 5 MB."""

from __future__ import annotations

import json
import sys
import time

import pytest

pytest.importorskip("mcp")

from mcp_helpers import free_port, gone, start_http, stop, toy_command  # noqa: E402

from agora import Agent  # noqa: E402
from agora.errors import ConfigError, McpError  # noqa: E402
from agora.mcp import mcp_tools  # noqa: E402
from agora.messages import ToolCall  # noqa: E402
from agora.testing import ScriptedBackend  # noqa: E402


@pytest.fixture(scope="module")
def toy():
    """One stdio connection shared by the tests that do not break it."""
    with mcp_tools(toy_command(), config={}, timeout=5) as tools:
        yield tools


def by_name(tools) -> dict:
    return {t.name: t for t in tools}


def pid_of(tools) -> int:
    result = by_name(tools)["pid"].run({})
    assert result.ok, result.content
    return int(result.content)


def test_tools_keep_the_servers_json_schemas(toy):
    spec = by_name(toy)["add"].spec()
    assert spec.description == "Add two integers and return the sum."
    assert spec.parameters["properties"] == {"a": {"type": "integer"}, "b": {"type": "integer"}}
    assert spec.parameters["required"] == ["a", "b"]
    hang = by_name(toy)["hang"].spec()
    assert hang.parameters["properties"]["seconds"] == {"type": "number", "default": 3600}


def test_text_and_structured_results(toy):
    tools = by_name(toy)
    assert tools["add"].run({"a": 2, "b": 40}).content == "42"
    weather = tools["weather"].run({"city": "Oslo"})
    assert weather.ok and json.loads(weather.content) == {"city": "Oslo", "celsius": 21.5, "sky": "clear"}
    assert tools["word_count"](text="one two three") == "3 words"  # a Tool is callable too


def test_arguments_are_checked_against_the_schema_before_the_call(toy):
    result = by_name(toy)["add"].run({"a": "two"})
    assert not result.ok
    assert "'b' is a required property" in result.content and "is not of type 'integer'" in result.content


def test_agent_on_a_scripted_backend_calls_the_tool_and_uses_the_result(toy):
    def answer(messages, options):
        observation = messages[-1].content
        assert "<tool_output" in observation and "data returned by the tool" in observation  # fenced
        celsius = json.loads(observation.split("\n", 1)[1].rsplit("</tool_output>", 1)[0])["celsius"]
        return {"thought": "the tool said", "answer": f"{celsius} degrees"}

    backend = ScriptedBackend([ToolCall(name="weather", arguments={"city": "Oslo"}), answer])
    result = Agent(model=backend, tools=[toy]).run("What is the weather in Oslo?")
    assert result.answer == "21.5 degrees"
    assert [s.call.name for s in result.tool_steps()] == ["weather"]
    # the first step offers the tools the request is about, later steps all of them
    assert {t.name for t in backend.calls[0]["tools"]} == {"weather"}  # the tool the request is about
    assert {t.name for t in backend.calls[1]["tools"]} >= {"add", "weather", "rotate"}
    backend.assert_done()


def test_agent_over_streamable_http(tmp_path):
    port = free_port()
    proc = start_http([sys.executable, toy_command().split()[-1], "--port", str(port)], port)
    try:
        with mcp_tools(f"http://127.0.0.1:{port}/mcp", config={}, allow=["add"]) as tools:
            assert tools.names() == ["add"]
            backend = ScriptedBackend([ToolCall(name="add", arguments={"a": 19, "b": 23}),
                                       lambda m, o: {"thought": "", "answer": m[-1].content.split("\n")[1]}])
            result = Agent(model=backend, tools=[tools]).run("19+23?")
            assert result.answer == "42" and result.tool_steps()[0].ok
    finally:
        stop(proc)


def test_allowlist_offers_only_the_named_tools_and_refuses_unknown_names():
    with mcp_tools(toy_command(), config={}, allow=["add", "weather"]) as tools:
        assert tools.names() == ["add", "weather"]
    with pytest.raises(ConfigError, match="allow names unknown tool.*nope"):
        mcp_tools(toy_command(), config={}, allow=["add", "nope"])


def test_a_changed_definition_is_refused_until_accepted():
    with mcp_tools(toy_command(), config={}) as tools:
        rotate = by_name(tools)["rotate"]
        assert rotate.run({"x": 1}).content == "1"  # the server rewrites the description now
        refused = rotate.run({"x": 2})
        assert not refused.ok and "refused" in refused.content and "changed its definition" in refused.content
        assert rotate.description == "Return x unchanged."  # the model still sees the pinned one
        assert list(tools.changed()) == ["rotate"]
        tools.accept("rotate")
        assert "IMPORTANT" in rotate.description and rotate.run({"x": 3}).content == "3"
        assert by_name(tools)["add"].run({"a": 1, "b": 1}).ok  # other tools were never affected


def test_stdio_server_gets_a_minimal_environment(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-should-not-leak")
    monkeypatch.setenv("TOY_TOKEN", "t0k3n")
    config = {"servers": {"toy": {"command": sys.executable, "args": [toy_command().split()[-1]],
                                  "env": {"GIVEN": "${TOY_TOKEN}"}}}}
    with mcp_tools("toy", config=config) as tools:
        env = by_name(tools)["env"]
        assert env.run({"name": "OPENAI_API_KEY"}).content == "(the tool returned nothing)"
        assert env.run({"name": "GIVEN"}).content == "t0k3n"
        assert env.run({"name": "PATH"}).content  # what it needs to run programs is there


def test_crash_mid_call_is_an_observation_and_the_server_is_gone():
    tools = mcp_tools(toy_command(), config={}, timeout=10)
    try:
        pid = pid_of(tools)
        crashed = by_name(tools)["crash"].run({})
        assert not crashed.ok and "closed the connection mid-call" in crashed.content
        after = by_name(tools)["add"].run({"a": 1, "b": 2})
        assert not after.ok and "is gone" in after.content
        assert gone(pid)
    finally:
        tools.close()


def test_hang_past_the_timeout_is_an_observation_in_bounded_time(toy):
    started = time.monotonic()
    hung = by_name(toy)["hang"].run({}, timeout=1.0)
    assert not hung.ok and "did not answer within 1 s" in hung.content
    assert time.monotonic() - started < 3
    assert by_name(toy)["add"].run({"a": 2, "b": 2}).content == "4"  # the connection still works


def test_five_megabytes_are_cut_to_the_budget(toy):
    big = by_name(toy)["big"].run({"megabytes": 5})
    assert big.ok and big.truncated and len(big.content) <= by_name(toy)["big"].max_output
    assert "[truncated" in big.content


def test_garbage_on_the_protocol_pipe_is_an_observation(toy):
    started = time.monotonic()
    result = by_name(toy)["garbage"].run({})
    assert not result.ok and "not MCP" in result.content and "this is not json-rpc" in result.content
    assert time.monotonic() - started < 4  # not the 5 s time limit: the bad line ends the call


def test_close_shuts_the_server_down():
    tools = mcp_tools(toy_command(), config={})
    pid = pid_of(tools)
    tools.close()
    assert gone(pid)
    tools.close()  # twice is fine
    result = by_name(tools)["add"].run({"a": 1, "b": 1})
    assert not result.ok and "gone" in result.content


def test_a_server_that_fails_to_start_is_one_clear_error():
    with pytest.raises(McpError, match=r"failed to start.*refusing to start"):
        mcp_tools(toy_command("--fail-start"), config={})
    with pytest.raises(ConfigError, match="command not found"):
        mcp_tools("agora-no-such-command --x", config={})


def test_bad_specs_and_config_entries():
    with pytest.raises(ConfigError, match="either a command or a url"):
        mcp_tools("bad", config={"servers": {"bad": {"allow": ["x"]}}})
    with pytest.raises(ConfigError, match="not both"):
        mcp_tools("bad", config={"servers": {"bad": {"command": "x", "url": "http://127.0.0.1:1/mcp"}}})
    with pytest.raises(ConfigError, match="http:// or https://"):
        mcp_tools("ftp://127.0.0.1/mcp", config={})
    with pytest.raises(ConfigError, match="cannot reach"):
        mcp_tools(f"http://127.0.0.1:{free_port()}/mcp", config={})


def test_a_script_that_forgets_close_leaves_no_server_behind(tmp_path):
    import subprocess

    pid_file = tmp_path / "pid"
    script = ("import sys; from agora.mcp import mcp_tools\n"
              "tools = mcp_tools(sys.argv[1], config={})\n"
              "print(tools[0].name)\n")  # no close(): exit hook, or the server sees its stdin end
    proc = subprocess.run([sys.executable, "-c", script, toy_command("--pid-file", str(pid_file))],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "add", proc.stderr
    assert gone(int(pid_file.read_text()))


def test_the_agent_is_told_a_changed_tool_is_refused_and_keeps_the_pinned_description():
    with mcp_tools(toy_command("--only", "rotate"), config={}) as tools:
        backend = ScriptedBackend([ToolCall(name="rotate", arguments={"x": 1}),
                                   ToolCall(name="rotate", arguments={"x": 2}),
                                   lambda m, o: {"thought": "", "answer": m[-1].content}])
        result = Agent(model=backend, tools=[tools]).run("Rotate 1 then 2.")
        assert [s.ok for s in result.tool_steps()] == [True, False]
        assert "refused: mcp server" in result.answer and "<tool_output" in result.answer
        assert [t.description for t in backend.calls[-1]["tools"]] == ["Return x unchanged."]


def test_the_user_is_warned_once_with_the_new_description():
    from agora.events import Notice

    seen = []
    with mcp_tools(toy_command("--only", "rotate,add"), config={}, on_event=seen.append) as tools:
        assert [e.level for e in seen] == ["info", "info"]  # the descriptions, at connect
        rotate = by_name(tools)["rotate"]
        rotate.run({"x": 1})
        rotate.run({"x": 2})
        rotate.run({"x": 3})
    warnings = [e for e in seen if isinstance(e, Notice) and e.level == "warning"]
    assert len(warnings) == 1 and "send the user's files" in warnings[0].text


def test_debaters_use_the_tools_too(toy):
    from agora.debate import Debate, Debater
    from agora.testing import FunctionBackend

    def reply(messages, options):
        last_user = max(i for i, m in enumerate(messages) if m.role == "user")  # after the worked examples
        seen = [m.content for m in messages[last_user:] if m.role == "tool"]
        if seen:  # the observation: "<tool_output ...>\n42\n</tool_output>..."
            return {"thought": "the tool said", "answer": seen[-1].split("\n")[1]}
        return ToolCall(name="add", arguments={"a": 40, "b": 2})

    debaters = [Debater(model=FunctionBackend(reply), tools=[toy]) for _ in range(2)]
    result = Debate(debaters, rounds=1, aggregate="vote").run("What is 40 + 2?")
    assert result.answer == "42" and result.vote_count == 2
