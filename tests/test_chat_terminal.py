"""`agora chat` in a real terminal (a pty under pexpect) with the real SmolLM2 model: type a
question and slash commands, and check what the screen shows."""

from __future__ import annotations

import os
import re
import signal
import sys
import time

import pytest

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.real

ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[()][A-Z0-9]|[=>])")
STATUS = r"\d+ in · \d+ out · [\d.]+ s"
PROMPT = "you ›"
PROMPT_DONE = "\x1b[?2004l"  # prompt_toolkit turns bracketed paste off when a line is entered


def _screen(text: str) -> str:
    return ANSI.sub("", text).replace("\r", "")


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _spawn(tmp_path, *args: str):
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               TERM="xterm-256color",
               # pexpect answers no cursor-position requests; without this prompt_toolkit waits for them
               PROMPT_TOOLKIT_NO_CPR="1")
    # Ctrl-C as in a user's terminal: a child inherits an ignored SIGINT from its parent (and
    # Python then leaves it ignored), so the parent's state under a long test run must not leak
    child = pexpect.spawn(sys.executable, ["-m", "agora", "chat", "--model", "local:smollm2", "--seed", "0", *args],
                          env=env, cwd=str(tmp_path), dimensions=(40, 110), encoding="utf-8", timeout=90,
                          preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    child.delayafterread = None
    return child


def _leave(child) -> str:
    """Type /exit and return what the screen showed last (the goodbye line)."""
    child.sendline("/exit")
    child.expect(pexpect.EOF)
    return _screen(child.before)


def _records(tmp_path):
    from agora.chat.sessions import read_records, rebuild

    files = list((tmp_path / "data" / "agora" / "sessions").glob("*.jsonl"))
    assert len(files) == 1
    return rebuild(read_records(files[0]))


def test_question_help_and_exit_on_screen(tmp_path):
    child = _spawn(tmp_path, "--max-tokens", "40")
    try:
        child.expect(PROMPT)
        assert "agora chat" in _screen(child.before) and "local:smollm2" in _screen(child.before)
        child.send("What is the capital\x1b\r")  # Esc Enter (= Alt-Enter): a new line, not sent yet
        child.send("of France?\r")
        child.expect(STATUS)  # the status line after the answer
        answer_screen = _screen(child.before)
        child.expect(PROMPT)
        child.sendline("/help")
        child.expect("starts with /")  # the last row of the keys table
        help_screen = _screen(child.before)
        child.expect(PROMPT)
        goodbye = _leave(child)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    for command in ("/model", "/tools", "/persona", "/debate", "/critique", "/retry", "/clear", "/save",
                    "/load", "/sessions", "/exit", "Alt-Enter"):
        assert command in help_screen
    # the answer the model gave (as saved) is what the screen showed
    state = _records(tmp_path)
    assert [u for u, _ in state.turns] == ["What is the capital\nof France?"]  # one two-line message
    answer = state.turns[0][1]["content"]
    assert answer.strip(), "the model said nothing"
    assert _alnum(answer)[:30] in _alnum(answer_screen)
    assert "agora chat --resume" in goodbye


def test_ctrl_c_stops_the_answer_and_the_chat_goes_on(tmp_path):
    child = _spawn(tmp_path, "--max-tokens", "400")
    try:
        child.expect(PROMPT)
        child.send("Write a long story \\\r")  # a trailing backslash continues on the next line
        child.send("about a dragon who learns to cook.\r")
        child.expect_exact(PROMPT_DONE)  # the prompt has given the terminal back
        child.expect(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", timeout=60)  # the answer is streaming
        child.sendintr()
        child.expect("stopped", timeout=30)
        child.expect(PROMPT, timeout=30)  # still chatting
        child.sendline("/memory")
        child.expect("1 turn")
        child.expect(PROMPT)
        time.sleep(0.5)  # let the prompt take the terminal (raw mode) before the key
        child.sendeof()  # Ctrl-D leaves
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    turns = _records(tmp_path).turns
    assert len(turns) == 1 and turns[0][1]["stopped"] is True
    assert turns[0][0] == "Write a long story \nabout a dragon who learns to cook."


def test_memory_summarised_by_the_real_model(smollm2):
    """With a small window the real model folds the oldest turns into a bounded summary, every
    prompt still fits the window, and /memory's view accounts for every turn."""
    from agora.chat.chat import Chat
    from agora.events import Notice

    window, answer_tokens = 300, 16
    chat = Chat(smollm2, context_size=window, max_tokens=answer_tokens, summary_tokens=40, seed=0)
    notices = []
    facts = ["My name is Ada and I live in Lyon.", "I keep three cats called Tom, Kit and Mo.",
             "My favourite colour is green.", "I work as a baker in a small shop."]
    for fact in facts:
        reply = chat.send(fact + " " + "Please remember this. " * 8,
                          on_event=lambda e: notices.append(e) if isinstance(e, Notice) else None)
        # real token counts, chat template included: the prompt left room for the answer
        assert reply.usage.prompt_tokens + answer_tokens <= window
    view = chat.memory.view(smollm2)
    assert view.folded > 0 and view.summary.strip()
    assert view.folded + len(view.kept) == len(facts)
    assert view.summary_tokens <= 40
    assert any("earlier turn" in n.text for n in notices)


def test_resume_by_id_and_the_up_arrow_recalls_the_last_question(tmp_path):
    child = _spawn(tmp_path, "--max-tokens", "24")
    try:
        child.expect(PROMPT)
        child.sendline("Name a colour.")
        child.expect(STATUS)
        child.expect(PROMPT)
        goodbye = _leave(child)
    finally:
        child.close(force=True)
    session_id = re.search(r"agora chat --resume (\S+)", goodbye).group(1)
    child = _spawn(tmp_path, "--max-tokens", "24", "--resume", session_id)
    try:
        child.expect(PROMPT)
        assert "Name a colour." in _screen(child.before)  # the resumed conversation is shown
        time.sleep(0.5)  # let the prompt take the terminal (raw mode) before the keys
        child.send("\x1b[A")  # Up: the last line typed comes back from the input history ...
        child.expect_exact("/exit")
        child.send("\x1b[A")  # ... and Up again, the one before it
        child.expect_exact("Name a colour.")
        child.send("\r")
        child.expect(STATUS)
        child.expect(PROMPT)
        _leave(child)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    state = _records(tmp_path)  # still one session file: the resumed one grew
    assert [u for u, _ in state.turns] == ["Name a colour.", "Name a colour."]
