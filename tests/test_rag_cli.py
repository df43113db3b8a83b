"""``agora index add/ls/rm/search`` and the ``retrieve`` tool, with the hash embedder
(no model). Bad input gives one line and a non-zero exit, and loses nothing indexed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from agora.cli import main
from agora.errors import ConfigError, RetrievalError
from agora.tools import resolve_tools


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "leave.md").write_text("# Leave\n\nFull-time employees get 27 days of paid annual leave.")
    (root / "refunds.md").write_text("# Refunds\n\nUnused items may be returned within 30 days.")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\x00\x00binary")
    return root


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # long temporary paths stay on one line in tables


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_ls_search_rm(tmp_path: Path, corpus: Path, capsys) -> None:
    index = str(tmp_path / "i.sqlite")
    code, out, err = run(capsys, "index", "add", str(corpus), "--index", index, "--embedder", "hash")
    assert code == 0 and "indexed 2 file(s)" in out and "1 skipped" in out
    assert "warning" in err and "photo.jpg" in err
    code, out, _ = run(capsys, "index", "add", str(corpus), "--index", index)
    assert code == 0 and "2 unchanged" in out
    code, out, _ = run(capsys, "index", "ls", "--index", index)
    assert code == 0 and "leave.md" in out and "refunds.md" in out and "hash-v1:256" in out
    code, out, _ = run(capsys, "index", "search", "how many days of annual leave", "--index", index, "-k", "1")
    assert code == 0 and "leave.md#0" in out and "27 days" in out and "refunds" not in out
    for mode in ("bm25", "dense", "hybrid"):
        code, out, _ = run(capsys, "index", "search", "return unused items", "--mode", mode, "--index", index)
        assert code == 0 and out.index("refunds.md#0") < (out.index("leave.md") if "leave.md" in out else 10**6)
    code, out, _ = run(capsys, "index", "rm", str(corpus / "leave.md"), "--index", index)
    assert code == 0 and "removed 1" in out
    code, out, _ = run(capsys, "index", "ls", "--index", index)
    assert "leave.md" not in out and "refunds.md" in out


def test_index_setting_from_the_environment(tmp_path: Path, corpus: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("AGORA_INDEX", str(tmp_path / "env.sqlite"))
    assert run(capsys, "index", "add", str(corpus / "leave.md"), "--embedder", "hash")[0] == 0
    assert (tmp_path / "env.sqlite").is_file()


def test_bad_input_is_one_line_and_loses_nothing(tmp_path: Path, corpus: Path, capsys) -> None:
    index = str(tmp_path / "i.sqlite")
    assert run(capsys, "index", "add", str(corpus), "--index", index, "--embedder", "hash")[0] == 0

    def fails(expected_code: int, *argv: str, match: str) -> None:
        code, out, err = run(capsys, *argv)
        assert code == expected_code, (argv, out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("agora: error:") and match in lines[0], err

    fails(2, "index", "add", str(tmp_path / "missing"), "--index", index, match="no such file")
    (tmp_path / "empty").mkdir()
    fails(2, "index", "add", str(tmp_path / "empty"), "--index", index, match="no files")
    fails(1, "index", "add", str(corpus), "--index", index, "--embedder", "hash:64", match="not comparable")
    fails(1, "index", "search", "leave", "--mode", "dense", "--index", index, "--embedder", "hash:16",
          match="not comparable")
    fails(1, "index", "rm", str(tmp_path / "nope.md"), "--index", index, match="not in the index")
    fails(1, "index", "ls", "--index", str(tmp_path / "none.sqlite"), match="no index at")
    assert not (tmp_path / "none.sqlite").exists()  # ls/search never create an index
    bad = tmp_path / "bad.sqlite"
    bad.write_text("garbage " * 200)
    fails(1, "index", "search", "x", "--index", str(bad), match="not a readable agora index")
    fails(1, "index", "add", str(corpus), "--index", str(bad), match="not a readable agora index")
    assert bad.read_text() == "garbage " * 200  # not overwritten
    # everything indexed before is still there
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT count(*) FROM sources").fetchone()[0] == 2
    # a folder of nothing readable: warnings, then one error line and exit 1
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "a.bin").write_bytes(b"\x00\x01")
    code, out, err = run(capsys, "index", "add", str(tmp_path / "junk"), "--index", index)
    assert code == 1 and "no readable documents" in err


def test_retrieve_tool_returns_fenced_passages_with_citations(tmp_path: Path, corpus: Path, capsys) -> None:
    index = str(tmp_path / "i.sqlite")
    assert run(capsys, "index", "add", str(corpus), "--index", index, "--embedder", "hash")[0] == 0
    (retrieve,) = resolve_tools("retrieve", index=index, k=2)
    assert retrieve.name == "retrieve" and "query" in retrieve.spec().parameters["properties"]
    result = retrieve.run({"query": "annual leave days"})
    assert result.ok
    first = result.content.split("<document")[1]
    assert 'cite="[' in first and "leave.md#0]" in first and "27 days" in first
    # focused: only the passage holding the most of the query's words is shown
    assert result.content.count("<document") == 1 and result.content.count("</document>") == 1
    (unfocused,) = resolve_tools("retrieve", index=index, k=2, focus=False)
    both = unfocused.run({"query": "annual leave days"}).content
    assert both.count("<document") == 2 and both.count("</document>") == 2 and both.index("leave.md#0") < both.index("</document>")
    # other tools' options are ignored; one-line errors before any agent runs
    assert resolve_tools("retrieve", index=index, timeout=5, python_timeout=3)
    with pytest.raises(ConfigError, match="no retrieval index"):
        resolve_tools("retrieve", index=str(tmp_path / "none.sqlite"))
    (tmp_path / "bad.sqlite").write_text("garbage " * 200)
    with pytest.raises(RetrievalError):
        resolve_tools("retrieve", index=str(tmp_path / "bad.sqlite"))
    with pytest.raises(RetrievalError, match="not comparable"):
        resolve_tools("retrieve", index=index, embedder="hash:8")


def test_retrieve_tool_budget_keeps_the_best_passage_longest() -> None:
    from agora.rag.index import Hit
    from agora.tools.retrieve import format_hits

    hits = [Hit(i, f"/d/{i}.md", 0, "word " * 400, 1.0 / (i + 1)) for i in range(5)]
    text = format_hits(hits, max_chars=1500)
    bodies = [part.split("\n")[1] for part in text.split("<document")[1:]]
    assert len(text) < 2000 and len(bodies[0]) > len(bodies[1]) >= 120
    assert format_hits([]) .startswith("No matching passages")


def test_agent_uses_retrieve_and_sees_citations(tmp_path: Path, corpus: Path, capsys) -> None:
    """The agent loop (scripted model) calls retrieve; the observation carries the fenced
    passage and its citation, which the answer can quote."""
    from agora import Agent
    from agora.events import Observation
    from agora.testing.fakes import ScriptedBackend

    index = str(tmp_path / "i.sqlite")
    assert run(capsys, "index", "add", str(corpus), "--index", index, "--embedder", "hash")[0] == 0
    seen: list[str] = []

    def final(messages, options):
        result = next(m for m in reversed(messages) if m.role == "tool")
        seen.append(result.content)
        cite = result.content.split('cite="[')[1].split("]")[0]
        assert messages[-1].role == "tool" and result.content.count("<document") == 1  # the focused passage
        return {"thought": "found it", "answer": f"27 days [{cite}]"}

    model = ScriptedBackend([{"thought": "look it up", "tool": "retrieve", "arguments": {"query": "annual leave"}},
                             final])
    agent = Agent(model=model, tools=["retrieve"], tool_options={"index": index}, examples=[])
    result = agent.run("How many days of annual leave do we get?")
    assert result.complete and result.answer.startswith("27 days [") and "leave.md#0]" in result.answer
    observations = [e for e in result.trace if isinstance(e, Observation)]
    assert observations and observations[0].ok and "27 days of paid annual leave" in observations[0].content
    assert "<tool_output" in seen[0] and "leave.md#0" in seen[0]  # fenced as data for the model
    model.assert_done()


def test_cli_ask_with_retrieve_answers_with_the_citation(tmp_path: Path, corpus: Path, capsys) -> None:
    """`agora ask --tools retrieve --index PATH` through a real OpenAI client against a loopback
    server whose model calls retrieve, then answers without citing: the CLI attaches the
    citation of the passage the answer draws on, in the text and in --json."""
    from agora.messages import ToolCall
    from agora.testing.server import FakeOpenAIServer

    index = str(tmp_path / "i.sqlite")
    assert run(capsys, "index", "add", str(corpus), "--index", index, "--embedder", "hash")[0] == 0
    replies = [ToolCall(name="retrieve", arguments={"query": "annual leave days"}),
               "Full-time employees get 27 days of paid annual leave."]
    for extra in ([], ["--json"]):
        with FakeOpenAIServer(reply=list(replies)) as server:
            code, out, err = run(capsys, "ask", "How many days of annual leave do we get?", "--tools",
                                 "retrieve", "--index", index, "--model", f"openai:m@{server.url}", *extra)
        assert code == 0, err
        *_, tool_message = server.requests[1]["messages"]
        assert tool_message["role"] == "tool" and 'leave.md#0]">' in tool_message["content"]
        if extra:
            data = json.loads(out)
            assert data["answer"] == replies[1] and [c.rsplit("/", 1)[-1] for c in data["citations"]] == ["leave.md#0"]
        else:
            assert out.strip().startswith(replies[1]) and out.strip().endswith("leave.md#0]")
