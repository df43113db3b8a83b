"""The Chat object, its memory, sessions and slash commands, on the fake backends."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from typing import Any

import pytest

from agora.chat.chat import Chat
from agora.errors import BackendError, ConfigError, ContextOverflow
from agora.events import Notice, TokenDelta
from agora.chat.memory import Memory, Turn
from agora.chat.sessions import find_session, list_sessions, read_records, rebuild
from agora.chat.slash import COMMANDS, is_command, parse, run_command
from agora.testing.fakes import EchoBackend, FunctionBackend, ScriptedBackend

SUMMARY_MARK = "Summarise the conversation"


def _is_summary_call(messages) -> bool:
    return SUMMARY_MARK in messages[-1].content


def numbering_backend(context_size: int = 400, summary: Any = "SUMMARY-OK") -> FunctionBackend:
    """Answers "answer N" to the N-th question; summary calls get ``summary``."""
    state = {"n": 0}

    def reply(messages, options):
        if _is_summary_call(messages):
            return summary
        state["n"] += 1
        return f"answer {state['n']}"

    return FunctionBackend(reply, context_size=context_size)


class TokenStream(FunctionBackend):
    """Streams its reply word by word; ``interrupt_after`` raises Ctrl-C after that many words."""

    def __init__(self, fn, *, interrupt_after: int | None = None, **kw):
        super().__init__(fn, **kw)
        self.interrupt_after = interrupt_after

    def stream(self, messages, **options):
        completion = self.complete(messages, **options)
        words = completion.text.split(" ")
        for i, word in enumerate(words):
            if self.interrupt_after is not None and i == self.interrupt_after:
                raise KeyboardInterrupt
            yield word if i == 0 else " " + word
        yield completion


def _chat_calls(backend) -> list[dict]:
    return [c for c in backend.calls if not _is_summary_call(c["messages"])]


# --- the conversation --------------------------------------------------------------------


def test_send_streams_tokens_and_keeps_the_conversation():
    backend = TokenStream(lambda m, o: "Paris is the capital")
    chat = Chat(backend, system="Be brief.")
    events = []
    reply = chat.send("Capital of France?", on_event=events.append)
    assert reply.text == "Paris is the capital"
    assert [e.text for e in events if isinstance(e, TokenDelta)] == ["Paris", " is", " the", " capital"]
    assert reply.mode == "chat" and reply.complete and reply.usage.completion_tokens > 0
    chat.send("And of Italy?")
    sent = backend.calls[-1]["messages"]
    assert [(m.role, m.content) for m in sent] == [
        ("system", "Be brief."), ("user", "Capital of France?"), ("assistant", "Paris is the capital"),
        ("user", "And of Italy?")]
    assert [m.role for m in chat.history] == ["user", "assistant", "user", "assistant"]


def test_persona_gives_system_prompt_and_temperature():
    backend = ScriptedBackend(["ok"])
    chat = Chat(backend, persona="skeptic")
    chat.send("Is it true?")
    call = backend.calls[0]
    assert call["messages"][0].role == "system" and call["messages"][0].content == chat.persona.system
    assert call["temperature"] == chat.persona.temperature
    with pytest.raises(ConfigError, match="unknown persona"):
        Chat(backend, persona="no-such-persona")


def test_empty_message_and_oversized_message_are_refused_without_changing_the_chat():
    chat = Chat(ScriptedBackend([], context_size=300), max_tokens=100)
    with pytest.raises(ConfigError):
        chat.send("   ")
    with pytest.raises(ContextOverflow, match="too long"):
        chat.send("word " * 2000)
    assert chat.turns == []


def test_backend_failure_keeps_the_question_for_retry():
    backend = ScriptedBackend([BackendError("server down"), "back again"])
    chat = Chat(backend)
    failed = chat.send("Hello?")
    assert not failed.complete and failed.stop_reason == "error" and "server down" in failed.error
    assert [t.user for t in chat.turns] == ["Hello?"] and chat.turns[0].assistant == ""
    reply = chat.retry()
    assert reply.text == "back again"
    assert [(t.user, t.assistant) for t in chat.turns] == [("Hello?", "back again")]


def test_ctrl_c_stops_the_answer_not_the_chat(tmp_path):
    backend = TokenStream(lambda m, o: "one two three four five", interrupt_after=2)
    chat = Chat(backend, save=True, sessions_dir=tmp_path)
    events = []
    reply = chat.send("Count", on_event=events.append)
    assert reply.stopped and not reply.complete and reply.text == "one two"
    assert any(isinstance(e, Notice) and "stopped" in e.text for e in events)
    backend.interrupt_after = None
    assert chat.send("Again").text == "one two three four five"
    turns = rebuild(read_records(chat.session_path)).turns
    assert turns[0][1]["stopped"] is True and turns[0][1]["content"] == "one two"


def test_retry_asks_the_same_question_again_without_the_old_answer(tmp_path):
    backend = ScriptedBackend(["first", "hello", "second"])
    chat = Chat(backend, save=True, sessions_dir=tmp_path)
    chat.send("A")
    chat.send("B")
    assert chat.retry().text == "second"
    assert backend.calls[2]["messages"] == backend.calls[1]["messages"]
    assert [(t.user, t.assistant) for t in chat.turns] == [("A", "first"), ("B", "second")]
    saved = rebuild(read_records(chat.session_path))
    assert [(u, r["content"]) for u, r in saved.turns] == [("A", "first"), ("B", "second")]
    backend.assert_done()
    with pytest.raises(ConfigError):
        Chat(ScriptedBackend([])).retry()


def test_clear_forgets_the_conversation(tmp_path):
    backend = ScriptedBackend(["one", "two"])
    chat = Chat(backend, save=True, sessions_dir=tmp_path)
    chat.send("first question")
    chat.clear()
    chat.send("second question")
    assert [m.content for m in backend.calls[1]["messages"]] == ["second question"]
    assert [u for u, _ in rebuild(read_records(chat.session_path)).turns] == ["second question"]


# --- memory ------------------------------------------------------------------------------


def test_old_turns_are_summarised_by_the_model_not_dropped():
    backend = numbering_backend(context_size=400)
    chat = Chat(backend, max_tokens=60, summary_tokens=40)
    notices = []
    for i in range(14):
        chat.send(f"question {i} " + "filler " * 12, on_event=lambda e: notices.append(e) if isinstance(e, Notice) else None)
    summary_calls = [c for c in backend.calls if _is_summary_call(c["messages"])]
    assert summary_calls, "the history outgrew the window: the model must have been asked to summarise"
    assert all(c["max_tokens"] <= 40 for c in summary_calls)  # the summary is bounded
    assert any("summarised by the model" in n.text for n in notices)
    view = chat.memory.view(backend)
    assert view.summary == "SUMMARY-OK" and view.folded > 0
    assert view.folded + len(view.kept) == len(chat.turns) == 14  # every turn is somewhere
    last = _chat_calls(backend)[-1]["messages"]
    assert last[0].role == "system" and "SUMMARY-OK" in last[0].content
    assert "question 0 " not in " ".join(m.content for m in last)  # folded away...
    assert chat.history[0].content.startswith("question 0 ")  # ...but still in the history
    # what is sent fits the window with room for the answer
    for call in _chat_calls(backend):
        prompt = sum(backend.count_tokens(m.content) + 6 for m in call["messages"])
        assert prompt + call["max_tokens"] <= 400


def test_first_summary_is_folded_into_the_next_one():
    backend = numbering_backend(context_size=300)
    chat = Chat(backend, max_tokens=40, summary_tokens=30)
    for i in range(20):
        chat.send(f"q{i} " + "pad " * 15)
    summary_calls = [c for c in backend.calls if _is_summary_call(c["messages"])]
    assert len(summary_calls) >= 2
    assert "SUMMARY-OK" in summary_calls[-1]["messages"][-1].content  # the earlier summary goes in


def test_summary_falls_back_to_a_digest_when_the_model_fails():
    backend = numbering_backend(context_size=300, summary=BackendError("no"))
    chat = Chat(backend, max_tokens=40, summary_tokens=60)
    notices = []
    for i in range(10):
        chat.send(f"topic{i} " + "pad " * 15, on_event=notices.append)
    assert any(isinstance(n, Notice) and "digest" in n.text for n in notices)
    assert "answer" in chat.memory.summary and "User:" in chat.memory.summary


def test_ctrl_c_while_summarising_leaves_the_memory_as_it_was():
    backend = numbering_backend(context_size=300, summary=KeyboardInterrupt())
    chat = Chat(backend, max_tokens=40, summary_tokens=30)
    with pytest.raises(KeyboardInterrupt):
        for i in range(10):
            chat.send(f"q{i} " + "pad " * 15)
    assert chat.memory.folded == 0 and chat.memory.summary == ""
    assert all(t.assistant for t in chat.turns)  # the question being asked was not added


def test_summariser_input_is_clipped_to_the_window():
    backend = FunctionBackend(lambda m, o: "short summary", context_size=500)
    memory = Memory(summary_tokens=50)
    for i in range(4):
        memory.add(Turn(user=f"q{i} " + "x" * 3000, assistant="y" * 3000))
    fold = memory.fit(backend, budget=200, context_size=500)
    assert fold is not None and fold.by_model and fold.turns >= 3
    prompt = backend.calls[0]["messages"][-1].content
    assert backend.count_tokens(prompt) + 50 <= 500


def test_summary_is_cut_to_its_budget_when_the_model_rambles():
    backend = FunctionBackend(lambda m, o: "blah " * 500, context_size=400)
    memory = Memory(summary_tokens=30)
    for _ in range(6):
        memory.add(Turn(user="question " * 20, assistant="answer " * 20))
    memory.fit(backend, budget=150)
    assert backend.count_tokens(memory.summary) <= 30


# --- sessions ----------------------------------------------------------------------------


def test_sessions_are_saved_as_they_go_and_resumed(tmp_path):
    backend = ScriptedBackend(["Hi Ada.", "Your name is Ada."])
    chat = Chat(backend, persona="teacher", save=True, sessions_dir=tmp_path)
    chat.send("My name is Ada.")
    path = chat.session_path
    kinds = [r["kind"] for r in read_records(path)]
    assert kinds == ["settings", "user", "assistant"]  # on disk before the next question
    assert path.stat().st_mode & 0o777 == 0o600  # conversations are private
    chat.close()

    resumed = Chat.resume(None, sessions_dir=tmp_path, model=backend)
    assert resumed.session_id == chat.session_id and resumed.persona.name == "teacher"
    assert [(t.user, t.assistant) for t in resumed.turns] == [("My name is Ada.", "Hi Ada.")]
    assert resumed.send("What is my name?").text == "Your name is Ada."
    sent = [m.content for m in backend.calls[-1]["messages"][1:]]
    assert sent == ["My name is Ada.", "Hi Ada.", "What is my name?"]
    assert len(rebuild(read_records(path)).turns) == 2  # appended to the same file
    assert Chat.resume(chat.session_id[:15], sessions_dir=tmp_path, model=backend).session_id == chat.session_id
    with pytest.raises(ConfigError, match="no chat session"):
        Chat.resume("nope", sessions_dir=tmp_path, model=backend)


def test_a_crash_loses_nothing(tmp_path):
    chat = Chat(ScriptedBackend(["one"]), save=True, sessions_dir=tmp_path)
    chat.send("first")
    # a crash: the question is on disk, the answer never came, the last line is torn
    with chat.session_path.open("a") as f:
        f.write(json.dumps({"kind": "user", "content": "second"}) + "\n" + '{"kind": "assist')
    resumed = Chat.resume(chat.session_id, sessions_dir=tmp_path, model=ScriptedBackend(["two"]))
    assert [(t.user, t.assistant) for t in resumed.turns] == [("first", "one"), ("second", "")]
    assert resumed.retry().text == "two"


def test_summary_survives_resume(tmp_path):
    backend = numbering_backend(context_size=300)
    chat = Chat(backend, max_tokens=40, summary_tokens=30, save=True, sessions_dir=tmp_path)
    for i in range(10):
        chat.send(f"q{i} " + "pad " * 15)
    folded = chat.memory.folded
    assert folded > 0
    resumed = Chat.resume(chat.session_id, sessions_dir=tmp_path, model=backend)
    assert resumed.memory.summary == "SUMMARY-OK" and resumed.memory.folded == folded
    assert len(resumed.turns) == 10


def test_empty_chat_leaves_no_file_and_list_sessions(tmp_path):
    Chat(ScriptedBackend([]), save=True, sessions_dir=tmp_path).close()
    assert list(tmp_path.glob("*.jsonl")) == []
    chat = Chat(ScriptedBackend(["a"]), save=True, sessions_dir=tmp_path)
    chat.send("the first question")
    infos = list_sessions(tmp_path)
    assert [(i.id, i.turns, i.title) for i in infos] == [(chat.session_id, 1, "the first question")]
    assert find_session(None, tmp_path) == chat.session_path


def test_export_markdown_and_jsonl_then_load(tmp_path):
    chat = Chat(ScriptedBackend(["**four**"]))
    chat.send("2+2?")
    md = chat.save(tmp_path / "talk.md")
    assert "2+2?" in md.read_text() and "**four**" in md.read_text()
    copy = chat.save(tmp_path / "talk.jsonl")
    other = Chat(ScriptedBackend([]))
    other.load(copy)
    assert [(t.user, t.assistant) for t in other.turns] == [("2+2?", "**four**")]
    with pytest.raises(ConfigError, match=".md or .jsonl"):
        chat.save(tmp_path / "talk.txt")


# --- slash commands ------------------------------------------------------------------------


def test_parse_commands():
    assert parse("/model  local:smollm2 ") == ("model", "local:smollm2")
    assert parse("/quit") == ("exit", "")
    assert is_command("/help") and not is_command("//etc/passwd is a path") and not is_command("hi")
    with pytest.raises(ConfigError, match="did you mean /model"):
        parse("/modle x")
    with pytest.raises(ConfigError, match="/help lists"):
        parse("/frobnicate")


def test_help_lists_every_command():
    out = run_command(Chat(EchoBackend()), "/help")
    listed = " ".join(row[0] for row in out.rows)
    for name in ["help", "model", "tools", "persona", "system", "debate", "critique", "retry", "clear",
                 "save", "load", "sessions", "exit", "memory"]:
        assert f"/{name}" in listed
    assert any("Alt-Enter" in key for key, _ in out.data)  # multi-line entry is documented
    assert set(COMMANDS) >= {"help", "exit"}


def test_model_command_switches_and_rejects_bad_specs():
    chat = Chat("fake:one")
    assert chat.send("x").text == "one"
    assert run_command(chat, "/model fake:two").text == "model: fake:two"
    assert chat.send("y").text == "two"
    with pytest.raises(ConfigError, match="unknown model spec"):
        run_command(chat, "/model nonsense:zzz")
    assert chat.model == "fake:two"  # unchanged after a bad spec
    assert chat.send("z").text == "two"


def test_setting_commands():
    chat = Chat(EchoBackend())
    run_command(chat, "/critique on")
    assert chat.critique and chat.mode == "agent"
    run_command(chat, "/critique off")
    assert not chat.critique and chat.mode == "chat"
    with pytest.raises(ConfigError, match="on or off"):
        run_command(chat, "/critique maybe")
    run_command(chat, "/debate 3")
    assert chat.debate_next == 3 and chat.mode == "debate"
    run_command(chat, "/debate off")
    assert chat.debate_next is None
    for bad in ("/debate x", "/debate 1", "/debate 99"):
        with pytest.raises(ConfigError):
            run_command(chat, bad)
    run_command(chat, "/system Answer in French.")
    assert chat.effective_system == "Answer in French."
    run_command(chat, "/system none")
    assert chat.system is None
    run_command(chat, "/persona skeptic")
    assert chat.persona.name == "skeptic"
    listing = run_command(chat, "/persona")
    assert any(r[0].startswith("* skeptic") for r in listing.rows)
    with pytest.raises(ConfigError, match="unknown persona"):
        run_command(chat, "/persona nobody")
    assert chat.persona.name == "skeptic"
    run_command(chat, "/persona none")
    assert chat.persona is None
    run_command(chat, "/tools calculator")
    assert chat.tool_names == ["calculator"]
    with pytest.raises(ConfigError, match="unknown tool"):
        run_command(chat, "/tools calculator,bogus")
    assert chat.tool_names == ["calculator"]
    run_command(chat, "/tools none")
    assert chat.tools == []
    run_command(chat, "/reasoning")
    assert chat.show_reasoning
    assert run_command(chat, "/exit").action == "exit"


def test_memory_retry_clear_and_session_commands(tmp_path):
    chat = Chat(ScriptedBackend(["one"]), save=True, sessions_dir=tmp_path)
    with pytest.raises(ConfigError, match="nothing to retry"):
        run_command(chat, "/retry")
    chat.send("hello")
    view = run_command(chat, "/memory").data
    assert [t.user for t in view.kept] == ["hello"] and view.summary == ""
    assert run_command(chat, "/context").action == "memory"
    assert run_command(chat, "/retry").action == "retry"
    assert chat.session_id in run_command(chat, "/save").text
    rows = run_command(chat, "/sessions").rows
    assert rows[0][0].startswith(chat.session_id)
    run_command(chat, "/clear")
    assert chat.turns == []
    run_command(chat, f"/load {chat.session_id}")
    assert chat.turns == []  # the session was cleared: loading it shows it cleared
    with pytest.raises(ConfigError):
        run_command(chat, "/load no-such-session")


# --- agent and debate modes ------------------------------------------------------------------


def test_critique_uses_the_agent_with_the_history():
    chat = Chat("fake:4")
    chat.send("first")
    chat.set_critique(True)
    reply = chat.send("What is 2+2?")
    assert reply.mode == "agent" and reply.text == "4" and reply.result is not None
    assert any(type(e).__name__ == "Critique" for e in reply.trace)


def test_debate_answers_the_next_question_only():
    chat = Chat("fake:4")
    run_command(chat, "/debate 2")
    reply = chat.send("What is 2+2?")
    assert reply.mode == "debate" and reply.text == "4"
    assert any(type(e).__name__ == "VerdictGiven" for e in reply.trace)
    assert chat.debate_next is None and chat.send("again").mode == "chat"


def test_a_debate_in_chat_sees_the_conversation_it_follows():
    backend = FunctionBackend(lambda messages, options: "Answer: 12")
    chat = Chat(backend)
    chat.send("My garden has 3 rows of 4 tulips.")
    run_command(chat, "/debate 2")
    reply = chat.send("How many tulips is that?")
    assert reply.mode == "debate" and reply.text == "12"
    debater_prompts = [c["messages"][-1].content for c in backend.calls[1:3]]
    for prompt in debater_prompts:  # round 1 of both debaters: the earlier turn, then the question
        assert "3 rows of 4 tulips" in prompt and prompt.rstrip().endswith("How many tulips is that?")


# --- the command line, scripted (stdin is not a terminal) -----------------------------------------


def _agora(args: list[str], stdin: str, tmp_path) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    return subprocess.run([sys.executable, "-m", "agora", "chat", *args], input=stdin, text=True,
                          capture_output=True, env=env, cwd=tmp_path, timeout=60)


def test_cli_chat_from_a_pipe(tmp_path):
    run = _agora(["--model", "fake:four"], "What is 2+2?\n/bogus\n/model nope:x\nand \\\nagain\n/exit\n", tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("four") >= 2
    assert " out · " in run.stdout  # the status line
    errors = run.stderr.strip().splitlines()
    assert len(errors) == 2 and "unknown command /bogus" in errors[0] and "unknown model spec" in errors[1]
    assert "Traceback" not in run.stderr
    sessions = list((tmp_path / "data" / "agora" / "sessions").glob("*.jsonl"))
    assert len(sessions) == 1
    turns = rebuild(read_records(sessions[0])).turns
    assert [u for u, _ in turns] == ["What is 2+2?", "and \nagain"]  # the backslash joined two lines

    resumed = _agora(["--resume", "--model", "fake:five"], "/memory\nnext\n", tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "resumed session" in resumed.stdout and "five" in resumed.stdout
    assert len(rebuild(read_records(sessions[0])).turns) == 3


def test_cli_bad_model_is_one_line_and_exit_2(tmp_path):
    run = _agora(["--model", "nope:x"], "", tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "unknown model spec" in run.stderr


# --- what the terminal shows -------------------------------------------------------------------


def _render(chat: Chat, text: str, *, show_reasoning: bool) -> str:
    from rich.console import Console

    from agora.cli.chat_view import AnswerView

    console = Console(width=100, record=True, file=io.StringIO())
    view = AnswerView(console, mode=chat.mode, show_reasoning=show_reasoning)
    with view:
        reply = chat.send(text, on_event=view)
    view.finish(reply)
    return console.export_text()


def test_tool_calls_and_critique_show_as_panels_and_reasoning_toggles():
    steps = [{"thought": "use the calculator", "tool": "calculator", "arguments": {"expression": "17*23+4"}},
             {"thought": "done", "answer": "395"}, '{"verdict": "accept", "problems": [], "suggestion": ""}']
    chat = Chat(ScriptedBackend(steps * 2), tools="calculator", critique=True)
    hidden = _render(chat, "What is 17*23+4?", show_reasoning=False)
    assert "tool call" in hidden and "calculator(expression='17*23+4')" in hidden
    assert "critique" in hidden and "accept" in hidden
    assert "395" in hidden.splitlines()[-2] and "3 calls" in hidden.splitlines()[-1]
    assert "use the calculator" not in hidden
    shown = _render(chat, "What is 17*23+4?", show_reasoning=True)
    assert "use the calculator" in shown


def test_status_line_says_when_an_answer_was_stopped():
    chat = Chat(TokenStream(lambda m, o: "one two three", interrupt_after=1))
    out = _render(chat, "count", show_reasoning=False)
    assert "stopped" in out.splitlines()[-1] and "one" in out


def test_a_debate_shows_a_panel_per_turn_then_the_verdict():
    chat = Chat("fake:4")
    run_command(chat, "/debate 2")
    out = _render(chat, "What is 2+2?", show_reasoning=False)
    assert "round 1 · calculator" in out and "round 1 · skeptic" in out
    assert "verdict (judge)" in out and "4" in out.splitlines()[-2]


def test_code_blocks_in_an_answer_are_highlighted():
    from rich.console import Console

    from agora.cli.chat_view import AnswerView

    chat = Chat(FunctionBackend(lambda m, o: "Here:\n\n```python\ndef add(a, b):\n    return a + b\n```\n"))
    console = Console(width=80, record=True, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    view = AnswerView(console, mode=chat.mode, show_reasoning=False)
    with view:
        reply = chat.send("write add", on_event=view)
    view.finish(reply)
    styled = console.export_text(styles=True, clear=False)
    plain = console.export_text()
    assert "def add(a, b):" in plain
    # the keyword is coloured differently from the function name: a syntax highlighter ran
    assert "\x1b[" in styled and styled.count("\x1b[38;2;") >= 3


def test_agent_mode_history_leaves_room_for_the_agents_own_prompt_and_a_tool_step():
    """The agent's instructions, worked example and tool descriptions are counted (not
    guessed) and a tool step's observation has room: every call of every turn fits."""
    from agora.tools import tool

    @tool
    def lookup(topic: str) -> str:
        """Look a topic up in the notes."""
        return f"Notes on {topic}: " + "a long and detailed passage of notes " * 45  # ~1700 chars

    window, answer_tokens = 2400, 48

    def reply(messages, options):
        if _is_summary_call(messages):
            return "SUMMARY-OK"
        if any(m.role == "tool" for m in messages[-2:]):  # the long result, then the question again
            return {"thought": "done", "answer": "the notes say " + "and that is all " * 10}
        return {"thought": "look it up", "tool": "lookup", "arguments": {"topic": "tulips"}}

    backend = FunctionBackend(reply, context_size=window)
    chat = Chat(backend, tools=[lookup], max_tokens=answer_tokens)
    for i in range(10):
        chat.send(f"Question {i}: " + "tell me everything the notes say about tulips " * 8)
    calls = _chat_calls(backend)
    assert len(calls) == 20 and chat.memory.folded > 0  # old turns were folded to make room
    for call in calls:
        sent = sum(backend.count_tokens(m.content) for m in call["messages"])
        sent += sum(backend.count_tokens(str(t.parameters)) + backend.count_tokens(t.description)
                    for t in call.get("tools") or [])
        assert sent + answer_tokens <= window, sent


def _down(messages, options):
    raise BackendError("server down")


@pytest.mark.parametrize("setup", ["chat", "agent", "debate"])
def test_a_failing_model_fails_the_same_way_in_every_mode(setup):
    """Plain chat, agent mode and a debate: a Notice of level error that says why, an
    incomplete Reply with stop_reason "error", and a chat that goes on."""
    from agora.events import Notice
    from agora.testing.fakes import FunctionBackend

    backend = FunctionBackend(_down)
    chat = Chat(backend, tools="calculator" if setup == "agent" else ())
    if setup == "debate":
        chat.debate_next = 2
    assert chat.mode == setup
    events: list = []
    reply = chat.send("What is 2 + 2?", on_event=events.append)
    assert reply.mode == setup and not reply.complete and reply.stop_reason == "error"
    assert "server down" in reply.error and reply.text == ""
    # the chat's own line (an agent or the debaters may have said more on the way)
    errors = [e for e in events if isinstance(e, Notice) and e.level == "error" and e.source == "chat"]
    assert len(errors) == 1 and errors[0].text.startswith(f"{setup} failed: ") and "server down" in errors[0].text
    backend.fn = lambda messages, options: ({"thought": "", "answer": "4"} if options.get("tools") else "4")
    chat.set_tools(())
    assert chat.send("And now?").text == "4"  # the chat goes on
    assert [t.user for t in chat.turns] == ["What is 2 + 2?", "And now?"]
