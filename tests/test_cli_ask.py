"""``agora ask`` end to end through the offline fake backend (spec fake:REPLY)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from agora.cli import main


def ask(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["ask", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_prints_the_answer(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = ask(capsys, "What is 2+2?", "--model", "fake:4")
    assert code == 0 and out.strip() == "4" and err == ""


def test_ask_json_is_one_object(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = ask(capsys, "What is 2+2?", "--model", "fake:four", "--json", "--seed", "3")
    assert code == 0
    data = json.loads(out)  # exactly one JSON document on stdout
    assert data["answer"] == "four" and data["complete"] is True and data["stop_reason"] == "answer"
    assert data["usage"]["calls"] == 1 and data["usage"]["total_tokens"] > 0
    assert set(data["timings"]) >= {"seconds"} and "reasoning" in data


def test_ask_with_tools_show_reasoning_and_stream(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = ask(capsys, "What is 2+2?", "--model", "fake:4", "--tools", "calculator",
                         "--show-reasoning", "--stream", "--plan", "--critique")
    assert code == 0 and "Answer: 4" in out
    assert "Plan" in err and "critic: accept" in err and "prompt tokens" in err


def test_ask_reads_the_question_from_stdin(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("What is 1+1?\n"))
    code, out, _ = ask(capsys, "-", "--model", "fake:2", "--json")
    assert code == 0 and json.loads(out)["answer"] == "2"


def test_ask_takes_the_model_from_agora_toml(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "agora.toml").write_text('model = "fake:from-toml"\n')
    code, out, _ = ask(capsys, "q")
    assert code == 0 and out.strip() == "from-toml"


@pytest.mark.parametrize("argv, message", [
    (["--model", "nonsense:x"], "unknown model spec"),
    (["--model", "gguf:/no/such/model.gguf"], "not found"),
    (["--model", "fake", "--tools", "telescope"], "unknown tool 'telescope'"),
    (["--model", "fake", "--persona", "nobody"], "unknown persona 'nobody'"),
    (["--model", "fake", "--max-steps", "0"], "--max-steps must be at least 1"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = ask(capsys, "q", *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("agora: error:") and message in err
    assert "Traceback" not in err


def test_empty_question_is_a_usage_error(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = ask(capsys, "  ", "--model", "fake")
    assert code == 2 and "question is empty" in err


def test_a_file_that_is_not_gguf_and_a_missing_api_key_are_one_line_exit_2(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.gguf").write_text("not a model\n")
    code, out, err = ask(capsys, "q", "--model", f"gguf:{tmp_path / 'notes.gguf'}")
    assert code == 2 and out == "" and err.count("\n") == 1 and "not a GGUF model file" in err
    code, out, err = ask(capsys, "q", "--model", "openai:gpt-4o-mini")
    assert code == 2 and out == "" and err.count("\n") == 1 and "set OPENAI_API_KEY" in err


def run_cli(*argv: str, env: dict | None = None, code: str | None = None) -> subprocess.CompletedProcess:
    """``agora`` in a fresh interpreter (``code`` runs first, e.g. to hide a package)."""
    prelude = (code or "") + "\nimport sys\nfrom agora.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run([sys.executable, "-c", prelude, *argv], capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


def test_without_llama_cpp_python_the_cli_names_the_extra():
    out = run_cli("ask", "q", "--model", "local:smollm2", code="import sys; sys.modules['llama_cpp'] = None")
    assert out.returncode == 2 and out.stdout == "" and "Traceback" not in out.stderr
    assert out.stderr.strip() == "agora: error: llama-cpp-python is not installed: pip install 'agora[local]'"


@pytest.mark.real
def test_a_prompt_longer_than_the_context_window_is_one_line_exit_1():
    pytest.importorskip("llama_cpp")
    out = run_cli("ask", "word " * 400, "--model", "local:smollm2", env={"AGORA_N_CTX": "256"})
    assert out.returncode == 1 and out.stdout == "" and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "context window of 256 tokens" in out.stderr


def test_models_lists_the_specs_that_work_here(capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "fake" in out and "gguf:" in out and "openai:<model>@<base-url>" in out
    from agora.backends.models import find_local_model
    assert ("local:smollm2" in out) == (find_local_model("smollm2") is not None)


def test_show_reasoning_says_which_sandbox_isolation_is_active(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = ask(capsys, "q", "--model", "fake:1", "--tools", "python", "--show-reasoning",
                         "--strict-sandbox")
    assert code == 0 and out.strip() == "1"
    from agora.tools.python import isolation_level
    assert f"python sandbox: {isolation_level()} (strict)" in err.replace("\n", "")
