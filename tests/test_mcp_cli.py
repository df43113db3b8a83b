"""``--mcp`` on ``agora ask`` and ``agora chat``: bad input is one line and exit 2, a server
that fails is exit 1, descriptions show with --show-reasoning, servers end with the command."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("mcp")

from mcp_helpers import free_port, gone, toy_command  # noqa: E402

from agora.cli import main  # noqa: E402


def ask(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["ask", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("agora: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("spec, toml, expected", [
    ("agora-no-such-command", "", "command not found"),
    ("http://127.0.0.1:{port}/mcp", "", "cannot reach"),
    ("empty", "[mcp.servers.empty]\nallow = ['add']\n", "give either a command or a url"),
    ("picky", "[mcp.servers.picky]\ncommand = {toy!r}\nallow = ['add', 'launch_missiles']\n",
     "unknown tool(s) launch_missiles"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, monkeypatch, spec, toml, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "agora.toml").write_text(toml.format(toy=toy_command()), encoding="utf-8")
    code, out, err = ask(capsys, "hi", "--model", "fake:4", "--mcp", spec.format(port=free_port()))
    assert code == 2 and out == ""
    assert expected in one_line_error(err)


def test_a_server_that_fails_to_start_exits_1(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = ask(capsys, "hi", "--model", "fake:4", "--mcp", toy_command("--fail-start"))
    assert code == 1 and out == ""
    assert "failed to start" in one_line_error(err)


def test_ask_with_mcp_shows_descriptions_and_stops_the_server(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pid_file = tmp_path / "pid"
    (tmp_path / "agora.toml").write_text(
        f"[mcp.servers.toy]\ncommand = {sys.executable!r}\n"
        f"args = [{toy_command().split()[-1]!r}, '--pid-file', {str(pid_file)!r}]\nallow = ['add', 'weather']\n",
        encoding="utf-8")
    code, out, err = ask(capsys, "hi", "--model", "fake:4", "--mcp", "toy", "--show-reasoning", "--json")
    assert code == 0 and json.loads(out)["answer"] == "4"
    assert "tool add(a: integer, b: integer): Add two integers" in err
    assert "tool weather(city: string)" in err and "tool crash" not in err  # the allowlist holds
    assert gone(int(pid_file.read_text()))


def test_tool_names_must_not_clash_with_the_builtins(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = ask(capsys, "hi", "--model", "fake:4", "--tools", "calculator", "--mcp", toy_command(),
                       "--mcp", toy_command())
    assert code == 2 and "clashes" in one_line_error(err)


def test_chat_lists_the_servers_tools(tmp_path):
    pid_file = tmp_path / "pid"
    proc = subprocess.run(
        [sys.executable, "-m", "agora", "chat", "--model", "fake:4", "--no-save",
         "--mcp", toy_command("--pid-file", str(pid_file))],
        input="/tools\nhello\n/exit\n", capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "mcp:mcp_toy_server: add, weather" in " ".join(proc.stdout.split())
    assert gone(int(pid_file.read_text()))
