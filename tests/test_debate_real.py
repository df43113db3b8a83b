"""A real debate on SmolLM2-135M from the command line: three personas, two rounds, a judge.
Checks that it runs end to end and that later rounds reuse the debaters' KV prefixes
(prompt tokens evaluated < prompt tokens sent); the answer's quality is the model's."""

from __future__ import annotations

import json

import pytest

from agora.cli import main
from agora.events import DebateTurn, read_transcript

pytestmark = pytest.mark.real


def test_three_debaters_with_personas_run_end_to_end_from_the_cli(tmp_path, capsys):
    save = tmp_path / "run.jsonl"
    code = main(["ask", "What is 2 + 3?", "--debate", "3", "--rounds", "2", "--max-tokens", "64",
                 "--personas", "calculator,skeptic,expert", "--aggregate", "judge", "--save", str(save), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["answer"]
    assert data["method"] in ("judge", "vote (judge failed)", "vote (time)")
    assert list(data["rounds"][0]) == ["calculator", "skeptic", "expert"]
    usage = data["usage"]
    assert usage["calls"] >= 3
    turns = [e for e in read_transcript(save) if isinstance(e, DebateTurn)]
    assert len(turns) == 3 * len(data["rounds"])
    if len(data["rounds"]) == 2:  # no early consensus: round 2 continued saved prefixes
        assert usage["prompt_tokens_evaluated"] < usage["prompt_tokens"]
    print(f"\nSmolLM2 debate: {usage['calls']} calls, prompt tokens evaluated "
          f"{usage['prompt_tokens_evaluated']} of {usage['prompt_tokens']} sent, {data['seconds']} s")


def test_later_rounds_reuse_the_debaters_kv_prefixes(tmp_path, capsys):
    """Every round played (no early stop): round 2 continues each debater's own saved prefix,
    so the model evaluates fewer prompt tokens than it is sent."""
    code = main(["ask", "What is 4 + 5?", "--debate", "2", "--rounds", "2", "--max-tokens", "48",
                 "--no-early-stop", "--aggregate", "vote", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and len(data["rounds"]) == 2
    usage = data["usage"]
    assert usage["calls"] >= 4  # 2 debaters x 2 rounds (+ the judge, recorded beside the vote)
    assert usage["prompt_tokens_evaluated"] < usage["prompt_tokens"]



def test_the_readme_question_is_answered_by_the_calculator_persona(tmp_path, capsys):
    """`agora ask "What is 17 * 23 + 4?" --debate 3`: the default panel's calculator persona
    computes with the calculator tool, and its answer (a tool's result) carries the vote."""
    save = tmp_path / "run.jsonl"
    code = main(["ask", "What is 17 * 23 + 4?", "--debate", "3", "--rounds", "1", "--max-tokens", "128",
                 "--save", str(save), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    turns = {e.debater: e for e in read_transcript(save) if isinstance(e, DebateTurn)}
    assert list(turns)[0] == "calculator" and turns["calculator"].verified
    assert any(e.type == "observation" and e.source == "calculator" and e.content.strip() == "395"
               for e in read_transcript(save))
    assert data["answer"].strip().rstrip(".") == "395", data["pool"]


def test_sparse_revision_on_the_readme_question(tmp_path, capsys):
    """`--revise dissent`: the calculator's tool-computed 395 stands in round 2 (no second
    tool loop); only the debaters that disagreed are asked again, so round 2 costs less."""
    save = tmp_path / "run.jsonl"
    code = main(["ask", "What is 17 * 23 + 4?", "--debate", "3", "--rounds", "2", "--max-tokens", "128",
                 "--revise", "dissent", "--consensus", "0.67", "--save", str(save), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["answer"].strip().rstrip(".") == "395", data["pool"]
    events = read_transcript(save)
    if len(data["rounds"]) == 2:  # round 0 did not agree: round 2 was played sparsely
        second = {e.debater: e for e in events if isinstance(e, DebateTurn) and e.round == 1}
        assert second["calculator"].stood and second["calculator"].answer == "395"
        after = events.index(next(e for e in events if e.type == "round_finished"))
        assert not any(e.type == "tool_call" and e.source == "calculator" for e in events[after:])
        assert data["round_usage"][1]["calls"] < data["round_usage"][0]["calls"]
