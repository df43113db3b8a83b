"""Scoring and the summary/report of agora bench on hand-made records (no model needed)."""

import json

import pytest

from agora.bench.methods import answer_changes
from agora.bench.report import summarize, write_chart, write_json
from agora.bench.scoring import parse_failure_rate, score


def test_unparseable_answer_scores_as_wrong():
    assert score("I am not sure, maybe a lot", "356").correct is False
    assert score("I am not sure, maybe a lot", "356").parse_failure
    assert score("", "356").parse_failure and score(None, "356").parse_failure
    # the question restated is no answer: its last operand must not be read as one
    assert score("16+17*29+1-11*14.", "14").parse_failure
    assert score("16+17*29+1-11*14 = 356", "356").correct
    assert score("The answer is 356.", "356").correct
    assert score("1,234", "1234").correct and score("Answer: -249", "-249").correct
    wrong = score("357", "356")
    assert not wrong.correct and not wrong.parse_failure
    assert parse_failure_rate([score("x", "1"), score("1", "1")]) == 0.5


def _rec(method, item, correct, parsed="1", tokens=(100, 20), calls=1, **detail):
    return {"model": "fake", "task": "arithmetic", "method": method, "item_id": f"i{item}", "gold": "1",
            "answer": parsed, "parsed": parsed, "correct": correct, "calls": calls,
            "prompt_tokens": tokens[0], "completion_tokens": tokens[1], "prompt_tokens_evaluated": None,
            "seconds": 0.5, "error": None, "detail": detail}


def test_summary_accuracy_ci_parse_failures_and_mcnemar():
    records = []
    # cot right on items 0-9, the debate on items 10-11 only: against cot, b = 2 (debate
    # right, cot wrong) and c = 10 (the reverse), the known case p = 2 * 79 / 4096
    for i in range(12):
        records.append(_rec("cot", i, correct=i < 10))
        records.append(_rec("debate-vote", i, correct=i >= 10, parsed=None if i == 0 else "2",
                            tokens=(600, 120), calls=6, round_correct=[i >= 10, i >= 10],
                            answer_changes=[1]))
    records.append(_rec("refine", 0, correct=False))  # a method that reached one item only
    s = summarize(records, {"seed": 0}, finished=True)
    rows = {r["method"]: r for r in s["rows"]}
    assert [r["method"] for r in s["rows"]] == ["cot", "refine", "debate-vote"]
    cot, debate = rows["cot"], rows["debate-vote"]
    assert cot["best_baseline"] and cot["vs_best_baseline"] is None
    assert cot["accuracy"] == pytest.approx(10 / 12)
    assert cot["ci_low"] < 10 / 12 < cot["ci_high"]
    vs = debate["vs_best_baseline"]
    assert (vs["method"], vs["b"], vs["c"], vs["n"]) == ("cot", 2, 10, 12)
    assert round(vs["p_value"], 4) == 0.0386
    assert debate["parse_failures"] == 1 and debate["parse_failure_rate"] == pytest.approx(1 / 12)
    assert debate["calls_per_item"] == 6 and debate["tokens_per_item"] == 720
    assert debate["rounds"]["answer_changes_per_round"] == [1.0]
    assert debate["rounds"]["majority_accuracy_per_round"] == pytest.approx([2 / 12, 2 / 12])
    # paired on the common items only
    assert rows["refine"]["vs_best_baseline"]["n"] == 1


def test_answer_changes_counts_debaters_present_in_both_rounds():
    rounds = [{"a": "12", "b": "13", "c": "x"}, {"a": "12", "b": "12"}, {"a": "The answer is 12", "b": "14"}]
    assert answer_changes(rounds) == [1, 1]


def test_write_json_and_chart(tmp_path):
    records = [_rec("cot", i, correct=i % 2 == 0) for i in range(4)]
    records += [_rec("sc", i, correct=True, tokens=(500, 100), calls=6) for i in range(4)]
    s = summarize(records, {}, finished=True)
    path = write_json(tmp_path / "r.json", s)
    assert json.loads(path.read_text())["rows"][1]["accuracy"] == 1.0
    png = write_chart(s, tmp_path / "c.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
