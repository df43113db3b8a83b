"""`agora ask --debate N` and `agora replay` with the offline fake backend."""

from __future__ import annotations

import json

import pytest

from agora.cli import main
from agora.events import read_transcript


def test_debate_json_save_markdown_and_replay(tmp_path, capsys):
    save, md = tmp_path / "run.jsonl", tmp_path / "run.md"
    code = main(["ask", "What is 6*7?", "--debate", "3", "--rounds", "2", "--model", "fake:42", "--aggregate", "judge",
                 "--personas", "skeptic,calculator", "--save", str(save), "--markdown", str(md), "--json"])
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert data["answer"] == "42" and data["method"] == "judge" and data["stop_reason"] == "consensus"
    assert data["judge_agrees_with_vote"] is True
    assert list(data["rounds"][0]) == ["skeptic", "calculator", "skeptic-2"]
    assert data["usage"]["calls"] == 4  # three debaters, then the judge
    events = read_transcript(save)
    assert events[0].type == "run_started" and events[-1].type == "run_finished"
    # replaying the transcript gives the same Markdown report as the live run wrote
    assert main(["replay", str(save), "--markdown"]) == 0
    assert capsys.readouterr().out == md.read_text()
    assert "### calculator" in md.read_text() and "## Verdict" in md.read_text()


def test_the_default_is_the_majority_vote_without_a_judge_call(capsys):
    assert main(["ask", "q", "--debate", "3", "--model", "fake:7", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "vote" and data["verdict"] is None and data["usage"]["calls"] == 3


def test_debate_plain_output_and_progress_on_stderr(capsys):
    assert main(["ask", "q", "--debate", "2", "--model", "fake:7", "--aggregate", "vote"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "7"
    assert "round 1" in captured.err and "verdict: 7 [vote]" in captured.err


def test_replay_renders_every_round(tmp_path, capsys):
    save = tmp_path / "run.jsonl"
    assert main(["ask", "q", "--debate", "2", "--model", "fake:7", "--save", str(save)]) == 0
    capsys.readouterr()
    assert main(["replay", str(save)]) == 0
    out = capsys.readouterr().out
    assert "round 1" in out and "verdict" in out and "calculator" in out


def test_save_never_overwrites_an_earlier_transcript(tmp_path, capsys):
    save = tmp_path / "run.jsonl"
    assert main(["ask", "q", "--debate", "2", "--model", "fake:7", "--save", str(save)]) == 0
    first = save.read_text()
    capsys.readouterr()
    assert main(["ask", "q", "--debate", "2", "--model", "fake:8", "--save", str(save)]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert save.read_text() == first  # the earlier run is intact
    assert [e.source for e in read_transcript(save) if e.type == "run_started"].count("debate") == 1


@pytest.mark.parametrize("argv, message", [
    (["ask", "q", "--rounds", "3"], "--rounds needs --debate N"),
    (["ask", "q", "--debate", "2", "--model", "fake", "--personas", "pirate"], "unknown persona 'pirate'"),
    (["ask", "q", "--debate", "0", "--model", "fake"], "at least 1 debater"),
    (["ask", "q", "--debate", "2", "--model", "fake", "--personas-dir", "/nonexistent/x"], "does not exist"),
])
def test_bad_debate_flags_are_one_line_usage_errors(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_replay_of_a_missing_or_foreign_file_is_a_clear_error(tmp_path, capsys):
    assert main(["replay", str(tmp_path / "none.jsonl")]) == 2
    junk = tmp_path / "junk.jsonl"
    junk.write_text('{"hello": 1}\n{"type": "nope"}\n')
    assert main(["replay", str(junk)]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "not an agora transcript" in err


def test_live_view_draws_a_panel_per_debater_and_the_verdict():
    import io

    from rich.console import Console

    from agora.cli.debate_view import DebateView
    from agora.debate.debate import Debate

    buffer = io.StringIO()
    view = DebateView(Console(file=buffer, force_terminal=True, width=140), live=True)
    Debate(3, model="fake:42", personas=["skeptic", "calculator", "expert"], rounds=2).run("q?", on_event=view)
    view.close()
    out = buffer.getvalue()
    for text in ("skeptic (fake:42)", "calculator (fake:42)", "expert (fake:42)", "verdict", "consensus reached"):
        assert text in out


def test_replay_of_an_agent_transcript_lists_its_events(tmp_path, capsys):
    from agora import Agent
    from agora.events import TranscriptWriter

    path = tmp_path / "agent.jsonl"
    with TranscriptWriter(path) as writer:
        Agent(model="fake:9").run("q", on_event=writer)
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    assert "run_started" in out and "run_finished" in out
    assert main(["replay", str(path), "--markdown"]) == 2  # the report is for debates


def test_models_judge_and_tools_flags_reach_the_debate(tmp_path, capsys):
    save = tmp_path / "run.jsonl"
    code = main(["ask", "What is 6*7?", "--debate", "3", "--models", "fake:42,fake:41", "--judge", "fake:40",
                 "--tools", "calculator", "--aggregate", "vote", "--rounds", "1", "--save", str(save), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    config = read_transcript(save)[0].config
    assert [d["model"] for d in config["debaters"]] == ["fake:42", "fake:41", "fake:42"]  # cycled
    assert config["judge"] == "fake:40"
    assert data["answer"] == "42" and data["vote_answer"] == "42"
    starts = [e for e in read_transcript(save) if e.type == "run_started" and e.source != "debate"]
    assert starts and all("calculator" in str(e.config.get("tools")) for e in starts)
