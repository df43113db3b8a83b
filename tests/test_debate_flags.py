"""`agora ask --debate`: the agent flags reach every debater (issue 12: they were silently
ignored, --strict-sandbox included), the new debate flags, and bad input as one line, exit 2."""

from __future__ import annotations

import json
import re

import pytest

from agora.cli import main
from agora.events import read_transcript


def debate(tmp_path, capsys, *flags: str) -> tuple[dict, list, str]:
    save = tmp_path / "run.jsonl"
    code = main(["ask", "What is 6*7?", "--debate", "2", "--model", "fake:42", "--rounds", "1",
                 "--save", str(save), *flags])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    events = read_transcript(save)
    return events[0].config, [e for e in events if e.type == "run_started" and e.source != "debate"], captured.err


def test_plan_critique_max_steps_and_revisions_reach_every_debater(tmp_path, capsys):
    config, starts, _ = debate(tmp_path, capsys, "--plan", "--critique", "--critic-model", "fake:41",
                               "--max-steps", "3", "--max-revisions", "2", "--aggregate", "vote")
    assert len(starts) == 2
    for s in starts:
        assert s.config["plan"] is True and s.config["critique"] is True
        assert s.config["critic_model"] == "fake:41"
        assert s.config["max_steps"] == 3 and s.config["max_revisions"] == 2


def test_strict_sandbox_and_index_reach_the_debaters_tools(tmp_path, capsys):
    config, starts, _ = debate(tmp_path, capsys, "--strict-sandbox", "--aggregate", "vote")
    assert config["agent_options"]["tool_options"] == {"strict": True}


def test_system_and_persona_reach_every_debater(tmp_path, capsys):
    config, starts, _ = debate(tmp_path, capsys, "--system", "Be brief.", "--persona", "skeptic",
                               "--aggregate", "vote")
    assert config["agent_options"]["system"] == "Be brief."
    assert [d["persona"] for d in config["debaters"]] == ["skeptic", "skeptic"]
    assert [s.config["persona"] for s in starts] == ["skeptic", "skeptic"]


def test_stream_prints_each_debaters_text_as_it_comes(tmp_path, capsys):
    _, _, err = debate(tmp_path, capsys, "--stream", "--personas", "skeptic,expert", "--aggregate", "vote")
    assert re.search(r"^skeptic: 42$", err, re.M) and re.search(r"^expert: 42$", err, re.M)


def test_show_reasoning_prints_the_debaters_steps_labelled(tmp_path, capsys):
    _, _, err = debate(tmp_path, capsys, "--show-reasoning", "--personas", "skeptic,expert", "--aggregate", "vote")
    assert "[skeptic] draft: 42" in err and "[expert] draft: 42" in err


def test_consensus_topology_and_judge_swap_flags(tmp_path, capsys):
    save = tmp_path / "run.jsonl"
    code = main(["ask", "q", "--debate", "3", "--model", "fake:42", "--consensus", "0.6", "--topology", "star",
                 "--judge-swap", "--save", str(save), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    config = read_transcript(save)[0].config
    assert config["consensus"] == 0.6 and config["topology"] == "star" and config["judge_swap"] is True
    assert data["judge_consistent"] is True and data["swap_verdict"]["answer"] == "42"
    assert data["topology"] == "star" and data["round_usage"][0]["calls"] >= 3


@pytest.mark.parametrize("argv, message", [
    (["--debate", "3", "--consensus", "0"], "--consensus must be a fraction above 0 and at most 1"),
    (["--debate", "3", "--consensus", "1.5"], "--consensus must be a fraction above 0 and at most 1"),
    (["--debate", "2", "--topology", "ring"], "a ring needs at least 3 debaters"),
    (["--debate", "2", "--persona", "skeptic", "--personas", "expert"], "use one of them"),
    (["--consensus", "0.5"], "--consensus needs --debate N"),
    (["--debate", "2", "--max-steps", "0"], "--max-steps must be at least 1"),
    (["--debate", "3", "--peer-tokens", "0"], "--peer-tokens must be at least 1 (got 0)"),
    (["--revise", "dissent"], "--revise needs --debate N"),
])
def test_bad_debate_input_is_one_line_and_exit_2(argv, message, capsys):
    assert main(["ask", "q", "--model", "fake", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_revise_and_peer_tokens_flags_reach_the_debate(tmp_path, capsys):
    save = tmp_path / "run.jsonl"
    assert main(["ask", "q", "--debate", "3", "--model", "fake:42", "--no-early-stop", "--revise", "dissent",
                 "--peer-tokens", "16", "--save", str(save), "--json"]) == 0
    capsys.readouterr()
    events = read_transcript(save)
    assert (events[0].config["revise"], events[0].config["peer_tokens"]) == ("dissent", 16)
    # all three agree in round 1, so in round 2 the lead (everyone) stands: no call is made
    second = [e for e in events if e.type == "debate_turn" and e.round == 1]
    assert len(second) == 3 and all(e.stood for e in second)
    assert main(["ask", "q", "--debate", "3", "--model", "fake:42", "--no-early-stop", "--revise", "dissent"]) == 0
    assert "round 2 · skeptic: 42 (stands: not asked again)" in capsys.readouterr().err


def test_plain_progress_shows_who_read_whom_and_the_swap(capsys):
    assert main(["ask", "q", "--debate", "3", "--model", "fake:42", "--topology", "star", "--no-early-stop",
                 "--aggregate", "judge", "--judge-swap"]) == 0
    err = capsys.readouterr().err
    assert "round 2 · skeptic: 42 (read calculator)" in err
    assert "round 2 · calculator: 42 (read skeptic, expert)" in err
    assert "judge, answers reversed: 42" in err and "judge consistent under swap" in err
