"""The bench's debate methods with fake backends: one transcript for vote, judge, judge-swap
and weighted vote (also after --resume: issue 12), the new methods' figures, Game of 24."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from agora.backends.base import schema_dict
from agora.bench import game24
from agora.bench.methods import METHODS, MethodConfig
from agora.bench.quality import run_quality
from agora.testing.fakes import FunctionBackend, example_for_schema

_QUESTION = re.compile(r"What is the result of ([\d+*-]+)\?")


def drifting():
    """Every call answers a new number: two debates on one item never look alike."""
    counter = itertools.count(1)

    def fn(messages, options):
        n = next(counter)
        if options.get("output_schema") is not None:
            return example_for_schema(schema_dict(options["output_schema"]), str(n))
        if options.get("tools"):
            return {"thought": "", "answer": str(n)}
        return f"Hmm.\nAnswer: {n}"
    return FunctionBackend(fn, spec="drifting")


def test_resumed_vote_and_judge_are_scored_on_one_transcript(tmp_path):
    cfg = MethodConfig(debaters=2, rounds=2, seed=1)
    run_quality([drifting()], ["arithmetic"], ["debate-vote"], limit=2, seed=1, out_dir=tmp_path, config=cfg,
                chart=False)
    backend = drifting()  # a new process: a fresh backend, nothing cached
    run_quality([backend], ["arithmetic"], ["debate-vote", "debate-judge"], limit=2, seed=1, out_dir=tmp_path,
                config=cfg, chart=False, resume=True)
    records = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines()]
    latest = {(r["method"], r["item_id"]): r for r in records}
    assert len(latest) == 4
    for item in {r["item_id"] for r in records}:
        vote, judge = latest[("debate-vote", item)], latest[("debate-judge", item)]
        assert vote["detail"]["round_answers"] == judge["detail"]["round_answers"]
        assert vote["detail"]["pool"] == judge["detail"]["pool"]
    summary = json.loads((tmp_path / "results.json").read_text())
    assert {r["method"]: r["n"] for r in summary["rows"]} == {"debate-vote": 2, "debate-judge": 2}


def solver(messages, options):
    """Right on every item (so the debate agrees at once), a judge that picks the first choice."""
    expr = next(m for m in (_QUESTION.search(x.content) for x in messages) if m).group(1)
    text = str(eval(expr))  # noqa: S307 - our own generated arithmetic
    if options.get("output_schema") is not None:
        return example_for_schema(schema_dict(options["output_schema"]), text)
    if options.get("tools"):
        return {"thought": "", "answer": text}
    return f"Working.\nAnswer: {text}"


def test_every_new_method_runs_and_reports_its_figures(tmp_path):
    backend = FunctionBackend(solver, spec="solver")
    methods = ["debate-vote", "debate-judge", "judge-swap", "debate-weighted", "debate-adaptive", "debate-ring",
               "tot", "route"]
    summary = run_quality([backend], ["arithmetic"], methods, limit=2, seed=1, out_dir=tmp_path,
                          config=MethodConfig(debaters=3, rounds=2, seed=1), chart=False)
    rows = {r["method"]: r for r in summary["rows"]}
    assert set(rows) == set(methods)
    assert rows["debate-vote"]["calls_per_item"] == 6  # 3 x 2, no early stop
    assert rows["debate-judge"]["calls_per_item"] == 7 and rows["judge-swap"]["calls_per_item"] == 8
    assert rows["debate-weighted"]["calls_per_item"] == 9  # + one confidence statement per debater
    assert rows["debate-adaptive"]["calls_per_item"] == 3  # round 0 agreed: no second round
    assert rows["debate-ring"]["calls_per_item"] == 8  # a ring needs 4 debaters
    for m in ("debate-judge", "judge-swap"):  # judge consistency under swap, for every judged method
        assert rows[m]["rounds"]["judge_consistent"] == 1.0 and rows[m]["rounds"]["judge_swaps"] == 2
    assert rows["debate-vote"]["rounds"]["judge_consistent"] == 1.0
    assert all(rows[m]["rounds"]["truth_lost"] == 0.0 for m in methods if m.startswith(("debate", "judge")))
    assert rows["route"]["accuracy"] == 1.0 and rows["tot"]["n"] == 2
    records = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines()]
    assert {r["detail"]["profile"] for r in records if r["method"] == "route"} == {"calculator"}


def test_all_methods_are_known_to_the_bench():
    for m in ("tot", "route", "judge-swap", "debate-weighted", "debate-adaptive", "debate-ring"):
        assert m in METHODS


# --- Game of 24 ------------------------------------------------------------------------------


def test_generated_instances_are_solvable_and_reproducible():
    items = game24.instances(20, seed=3)
    assert items == game24.instances(20, seed=3) and len({tuple(i) for i in items}) == 20
    for numbers in items:
        assert len(numbers) == 4 and all(1 <= n <= 13 for n in numbers)
        solution = game24.solve(numbers)
        assert solution is not None and game24.check(solution, numbers)


@pytest.mark.parametrize("answer, ok", [
    ("(8 - 4) * (4 + 2)", True),
    ("Answer: (8-4)*(4+2) = 24", True),
    ("8 * 4 - 4 - 2 - 2", False),      # a number used that was not given
    ("(8 - 4) * 6", False),             # not every number used
    ("4 * 6", False),
    ("(8 - 4) * (4 + 2) + 1", False),   # 25
    ("24", False),
    ("", False),
    ("__import__('os')", False),
])
def test_the_checker_reads_an_expression_and_checks_numbers_and_value(answer, ok):
    assert game24.check(answer, [2, 4, 4, 8]) is ok


def test_fractions_are_exact():
    assert game24.check("8 / (3 - 8 / 3)", [3, 3, 8, 8])
    assert game24.solve([1, 1, 1, 1]) is None


def test_a_mixed_panel_seats_each_model_in_turn(tmp_path):
    from agora.bench.methods import run_method

    backend = FunctionBackend(solver, spec="solver")
    cfg = MethodConfig(debaters=3, rounds=1, seed=1, judge=False, panel=("solver", "fake:7"))
    run = run_method("debate-vote", "What is the result of 1+2*3+4-5*6?", backend, cfg)
    assert run.error is None and sorted(run.detail["pool"].values()) == ["-19", "-19", "7"]


def test_with_concurrency_the_methods_of_one_debate_still_share_its_transcript(tmp_path):
    cfg = MethodConfig(debaters=2, rounds=2, seed=1)
    run_quality([drifting()], ["arithmetic"], ["cot", "debate-vote", "debate-judge", "judge-swap"], limit=3, seed=1,
                out_dir=tmp_path, config=cfg, chart=False, concurrency=3)
    records = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines()]
    by_item: dict[str, list] = {}
    for r in records:
        if r["method"] != "cot":
            by_item.setdefault(r["item_id"], []).append(r["detail"]["round_answers"])
    assert len(by_item) == 3
    for transcripts in by_item.values():
        assert len(transcripts) == 3 and transcripts[0] == transcripts[1] == transcripts[2]
