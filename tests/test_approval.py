"""Human approval of tool calls: asked before the call runs, a denial is an observation the
model sees (the tool never runs), "always" holds for the tool, no terminal means no run, the
answers are in the transcript, and the prompt shows no secrets."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from agora import Agent
from agora.cli.approve import TerminalApprover, check_terminal, describe, redact
from agora.errors import ConfigError
from agora.events import ToolApproval, TranscriptWriter, read_transcript
from agora.messages import ToolCall
from agora.testing.fakes import ScriptedBackend
from agora.tools import tool
from agora.tools.approval import Decision


def make_tools():
    ran: list[dict] = []

    @tool
    def wipe(path: str) -> str:
        """Delete a file (a tool one wants to approve).

        Args:
            path: the file
        """
        ran.append({"path": path})
        return f"deleted {path}"

    @tool
    def add(a: int, b: int) -> int:
        """Add two numbers.

        Args:
            a: first
            b: second
        """
        ran.append({"a": a, "b": b})
        return a + b

    return [wipe, add], ran


def call(name: str, **arguments) -> ToolCall:
    return ToolCall(name=name, arguments=arguments)


def answer(text: str) -> dict:
    return {"thought": "done", "answer": text}


def approvals(result) -> list[ToolApproval]:
    return [e for e in result.trace if isinstance(e, ToolApproval)]


def test_an_approved_call_runs_and_is_recorded():
    tools, ran = make_tools()
    asked = []
    backend = ScriptedBackend([call("add", a=2, b=3), answer("5")])
    result = Agent(model=backend, tools=tools, approve=lambda c: asked.append(c.name) or True).run("2+3?")
    assert result.answer == "5" and asked == ["add"] and ran == [{"a": 2, "b": 3}]
    (event,) = approvals(result)
    assert event.approved and event.call.name == "add" and event.by == "user"
    backend.assert_done()


def test_a_denied_call_does_not_run_and_the_model_sees_why():
    tools, ran = make_tools()
    backend = ScriptedBackend([call("wipe", path="/etc/passwd"), answer("I was not allowed to delete it.")])
    result = Agent(model=backend, tools=tools, approve=lambda c: "not system files").run("delete it")
    assert ran == []  # never ran
    step = result.tool_steps()[0]
    assert step.ok is False and "did not approve" in step.observation and "not system files" in step.observation
    # the denial reached the model as an observation in the conversation
    seen = " ".join(m.content for m in backend.calls[1]["messages"])
    assert "did not approve" in seen
    (event,) = approvals(result)
    assert not event.approved and event.reason == "not system files"


def test_a_model_that_retries_a_denied_call():
    tools, ran = make_tools()
    asked = []

    def approve(c):
        asked.append(dict(c.arguments))
        return c.arguments.get("path") != "/etc/passwd"  # this one never; another file is fine

    backend = ScriptedBackend([call("wipe", path="/etc/passwd"), call("wipe", path="/etc/passwd"),
                               call("wipe", path="/tmp/x"), answer("deleted /tmp/x instead")])
    result = Agent(model=backend, tools=tools, approve=approve).run("delete something")
    assert ran == [{"path": "/tmp/x"}]  # the denied call never ran, not even when retried
    steps = result.tool_steps()
    assert [s.ok for s in steps] == [False, False, True]
    assert "did not approve" in steps[1].observation or "already called" in steps[1].observation
    assert result.answer == "deleted /tmp/x instead"
    backend.assert_done()


def test_only_the_named_tools_are_asked_about():
    tools, ran = make_tools()
    asked = []
    backend = ScriptedBackend([call("add", a=1, b=1), call("wipe", path="f"), answer("ok")])
    Agent(model=backend, tools=tools, approve=lambda c: asked.append(c.name) or False,
          approve_tools="wipe").run("Add 1 and 1, then wipe f.")
    assert asked == ["wipe"] and ran == [{"a": 1, "b": 1}]


def test_an_approver_that_raises_or_answers_oddly_denies():
    tools, ran = make_tools()

    def broken(c):
        raise RuntimeError("prompt crashed")

    for approve in (broken, lambda c: None, lambda c: 1, lambda c: "yes please"):
        backend = ScriptedBackend([call("add", a=1, b=2), answer("x")])
        result = Agent(model=backend, tools=tools, approve=approve).run("q")
        assert not result.tool_steps()[0].ok
    assert ran == []
    with pytest.raises(ConfigError):
        Agent(model=ScriptedBackend([]), approve="yes")


def test_approvals_are_in_the_transcript(tmp_path):
    tools, _ = make_tools()
    path = tmp_path / "run.jsonl"
    backend = ScriptedBackend([call("add", a=1, b=2), call("wipe", path="f"), answer("3")])
    with TranscriptWriter(path) as writer:
        Agent(model=backend, tools=tools, approve=lambda c: c.name == "add").run("Add 1 and 2, then wipe f.",
                                                                                 on_event=writer)
    events = [e for e in read_transcript(path) if isinstance(e, ToolApproval)]
    assert [(e.call.name, e.approved) for e in events] == [("add", True), ("wipe", False)]


# --- the terminal prompt -----------------------------------------------------------------------

def scripted_prompt(*answers):
    lines, shown = list(answers), []

    def read():
        if not lines:
            raise EOFError
        return lines.pop(0) + "\n"

    return TerminalApprover(read=read, write=shown.append), shown, lines


def test_prompt_yes_no_always_and_show():
    prompt, shown, left = scripted_prompt("s", "y", "n", "a")
    long_code = "print('x')\n" * 40
    assert prompt(call("python", code=long_code)).approved
    text = "".join(shown)
    assert "more characters" in text and long_code.strip() in text  # short first, then in full
    assert not prompt(call("python", code="1")).approved
    decision = prompt(call("python", code="2"))
    assert decision.approved and decision.by == "always"
    assert prompt(call("python", code="3")) == Decision(True, by="always")  # not asked again
    assert prompt(call("python", code="4")).by == "always" and left == []
    prompt2, _, _ = scripted_prompt("maybe", "what", "?", "", "huh")
    assert not prompt2(call("add", a=1, b=2)).approved  # no clear answer is a no
    prompt3, _, _ = scripted_prompt()
    assert prompt3(call("add", a=1, b=2)) == Decision(False, "no answer")  # end of input


def test_prompt_holds_a_live_display_still_while_asking():
    from contextlib import contextmanager

    held = []

    @contextmanager
    def pause():
        held.append("stop")
        yield
        held.append("start")

    prompt, _, _ = scripted_prompt("a")
    prompt.pause = pause
    assert prompt(call("add", a=1, b=2)).approved and held == ["stop", "start"]
    assert prompt(call("add", a=3, b=4)).by == "always" and held == ["stop", "start"]  # not asked


def test_prompt_never_shows_secrets(monkeypatch):
    secret = "sk-" + "A1b2C3d4" * 4
    monkeypatch.setenv("MY_SERVICE_TOKEN", "tok-value-123456")
    text = describe(call("search", query=f"key {secret} and tok-value-123456"), full=True)
    assert secret not in text and "tok-value-123456" not in text and "[redacted $MY_SERVICE_TOKEN]" in text
    assert redact("plain words") == "plain words"
    prompt, shown, _ = scripted_prompt("s", "n")
    prompt(call("search", query=f"use {secret}"))
    assert secret not in "".join(shown)


def test_no_terminal_means_no_run(tmp_path):
    class NotATty:
        def isatty(self):
            return False

    with pytest.raises(ConfigError, match="not a terminal"):
        check_terminal(NotATty())
    env = {**os.environ, "AGORA_HOME": str(tmp_path)}
    for argv in (["What is 2+3?", "--tools", "calculator", "--approve"],
                 ["--approve", "calculator", "What is 2+3?", "--tools", "calculator"]):
        out = subprocess.run([sys.executable, "-m", "agora", "ask", *argv, "--model", "fake"],
                             stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, env=env,
                             cwd=tmp_path)
        assert out.returncode == 2 and "not a terminal" in out.stderr and "Traceback" not in out.stderr
        assert out.stdout == ""


TTY_SCRIPT = r"""
from agora import Agent
from agora.cli.approve import TerminalApprover
from agora.messages import ToolCall
from agora.testing.fakes import ScriptedBackend
from agora.tools import tool

@tool
def add(a: int, b: int) -> int:
    '''Add.

    Args:
        a: first
        b: second
    '''
    print("TOOL RAN", a + b, flush=True)
    return a + b

calls = [ToolCall(name="add", arguments={"a": 2, "b": 3}), ToolCall(name="add", arguments={"a": 4, "b": 4}),
         ToolCall(name="add", arguments={"a": 5, "b": 5}), {"thought": "t", "answer": "done"}]
result = Agent(model=ScriptedBackend(calls), tools=[add], approve=TerminalApprover()).run("q")
print("OKS", [s.ok for s in result.tool_steps()], flush=True)
"""


def test_prompt_in_a_real_terminal(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    script = tmp_path / "tty_approve.py"
    script.write_text(TTY_SCRIPT)
    child = pexpect.spawn(sys.executable, [str(script)], encoding="utf-8", timeout=60)
    try:
        child.expect(r"approve add\(a: 2, b: 3\)\?")
        child.expect(r"\[s\]how full arguments: ")
        child.sendline("n")
        child.expect(r"approve add\(a: 4, b: 4\)\?")
        child.sendline("a")
        child.expect("TOOL RAN 8")
        child.expect("TOOL RAN 10")  # "always": not asked again
        child.expect(r"OKS \[False, True, True\]")
        child.expect(pexpect.EOF)
    finally:
        child.close()


def test_chat_asks_before_agent_mode_tool_calls():
    from agora.chat.chat import Chat

    tools, ran = make_tools()
    asked = []
    backend = ScriptedBackend([call("wipe", path="notes.txt"), answer("not deleted")])
    chat = Chat(backend, tools=tools, approve=lambda c: asked.append(c.name) or False)
    reply = chat.send("delete notes.txt")
    assert asked == ["wipe"] and ran == [] and reply.text == "not deleted"


@pytest.mark.real
def test_the_real_model_sees_a_denial_and_nothing_runs(smollm2):
    tools, ran = make_tools()
    asked = []
    agent = Agent(model=smollm2, tools=tools, approve=lambda c: asked.append(c.name) or "no arithmetic today",
                  max_steps=3, max_tokens=128, seed=0)
    result = agent.run("What is 17 + 25? Use the add tool.")
    assert asked and ran == []  # it called a tool, was asked about, and nothing ran
    for step in result.tool_steps():
        assert not step.ok
    assert any("no arithmetic today" in s.observation for s in result.tool_steps())
    assert [e.approved for e in approvals(result)] == [False] * len(asked)
