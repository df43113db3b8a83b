"""agora bench quality end to end: with fake backends (exact figures) and once with SmolLM2."""

import json
import re

import pytest

from agora.backends.base import schema_dict
from agora.bench.methods import MethodConfig
from agora.bench.quality import run_quality
from agora.bench.tasks import load_items
from agora.cli import main
from agora.testing.fakes import FunctionBackend, example_for_schema

_QUESTION = re.compile(r"What is the result of ([\d+*-]+)\?")


def _solver(messages, options):
    """Right on items whose result is even, an unreadable reply on odd ones."""
    expr = next(m for m in (_QUESTION.search(x.content) for x in messages) if m).group(1)
    value = eval(expr)  # noqa: S307 - our own generated arithmetic
    text = str(value) if value % 2 == 0 else "I cannot tell."
    if options.get("output_schema") is not None:
        return example_for_schema(schema_dict(options["output_schema"]), text)
    if options.get("tools"):
        return {"thought": "easy", "answer": text}
    return f"Let me work it out.\nAnswer: {text}"


def test_fake_end_to_end_figures_are_exact(tmp_path):
    items = load_items("arithmetic", limit=6, seed=1)
    expected = sum(1 for i in items if int(i.gold) % 2 == 0) / len(items)
    assert 0 < expected < 1  # the seed gives both kinds of item
    backend = FunctionBackend(_solver, spec="solver")
    seen = []
    summary = run_quality([backend], ["arithmetic"], ["cot", "sc", "debate-vote"], limit=6, seed=1,
                          out_dir=tmp_path, config=MethodConfig(debaters=2, rounds=2, seed=1),
                          on_result=lambda r, done, total: seen.append((done, total)))
    assert seen[-1] == (18, 18)
    rows = {r["method"]: r for r in summary["rows"]}
    for method in ("cot", "sc", "debate-vote"):
        assert rows[method]["accuracy"] == pytest.approx(expected)
        assert rows[method]["parse_failure_rate"] == pytest.approx(1 - expected)
        assert rows[method]["n"] == 6
    assert rows["sc"]["calls_per_item"] == pytest.approx(4)  # k = debaters x rounds (no judge measured)
    assert rows["debate-vote"]["calls_per_item"] == pytest.approx(4)  # no early stop: equal compute
    assert rows["cot"]["calls_per_item"] == pytest.approx(1)
    assert rows["debate-vote"]["vs_best_baseline"]["b"] == 0  # same items right: no discordance
    lines = (tmp_path / "results.jsonl").read_text().splitlines()
    assert len(lines) == 18 and json.loads(lines[0])["method"] == "cot"
    saved = json.loads((tmp_path / "results.json").read_text())
    assert saved["finished"] and saved["rows"] == summary["rows"]
    assert (tmp_path / "accuracy_vs_tokens.png").stat().st_size > 5000


def test_vote_and_judge_read_one_debate_and_sc_gets_its_calls(tmp_path):
    backend = FunctionBackend(_solver, spec="solver")
    summary = run_quality([backend], ["arithmetic"], ["sc", "debate-vote", "debate-judge"], limit=2, seed=1,
                          out_dir=tmp_path, config=MethodConfig(debaters=2, rounds=2, seed=1), chart=False)
    rows = {r["method"]: r for r in summary["rows"]}
    assert rows["sc"]["calls_per_item"] == pytest.approx(5)  # 2 debaters x 2 rounds + the judge
    assert rows["debate-judge"]["calls_per_item"] == pytest.approx(5)
    assert rows["debate-vote"]["calls_per_item"] == pytest.approx(4)  # the same debate, without its judge
    # per item: 5 sc samples + ONE debate (4 turns + the judge, who reads the answers a second
    # time in reversed order to measure its consistency), not two debates
    assert len(backend.calls) == 2 * (5 + 4 + 2)
    assert rows["debate-vote"]["prompt_tokens_per_item"] < rows["debate-judge"]["prompt_tokens_per_item"]


def test_two_models_give_two_groups_of_rows(tmp_path, capsys):
    out = tmp_path / "two"
    assert main(["bench", "quality", "--model", "fake:42", "--model", "fake:7", "--limit", "2",
                 "--methods", "cot", "--out", str(out)]) == 0
    summary = json.loads((out / "results.json").read_text())
    assert sorted(r["model"] for r in summary["rows"]) == ["fake:42", "fake:7"]
    assert all(r["method"] == "cot" and r["n"] == 2 for r in summary["rows"])


def test_resume_runs_only_what_is_missing(tmp_path):
    backend = FunctionBackend(_solver, spec="solver")
    run_quality([backend], ["arithmetic"], ["cot"], limit=2, out_dir=tmp_path, chart=False)
    calls = len(backend.calls)
    summary = run_quality([backend], ["arithmetic"], ["cot"], limit=3, out_dir=tmp_path, chart=False,
                          resume=True)
    assert summary["rows"][0]["n"] == 3
    assert len(backend.calls) - calls == 1  # only the new item ran


def test_cli_with_fake_model(tmp_path, capsys):
    out = tmp_path / "run"
    code = main(["bench", "quality", "--model", "fake:42", "--limit", "2", "--methods", "cot,react",
                 "--out", str(out)])
    assert code == 0
    summary = json.loads((out / "results.json").read_text())
    assert [r["method"] for r in summary["rows"]] == ["cot", "react"]
    assert "agora bench quality" in capsys.readouterr().out
    assert main(["bench", "quality", "--model", "fake", "--methods", "magic"]) == 2
    assert "unknown method(s) magic" in capsys.readouterr().err
    assert main(["bench", "quality", "--model", "nope:x", "--out", str(out)]) == 2


@pytest.mark.real
def test_cli_with_smollm2(tmp_path):
    """The command a user runs first, on the bundled model: outputs exist and agree, for a
    single agent, the tool-using agent and a debate."""
    out = tmp_path / "real"
    code = main(["bench", "quality", "--model", "local:smollm2", "--limit", "3", "--methods", "cot,react,debate-vote",
                 "--debaters", "2", "--rounds", "2", "--max-tokens", "96", "--out", str(out)])
    assert code == 0
    summary = json.loads((out / "results.json").read_text())
    records = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    rows = {r["method"]: r for r in summary["rows"]}
    assert set(rows) == {"cot", "react", "debate-vote"} and len(records) == 9 and summary["finished"]
    for method, row in rows.items():
        mine = [r for r in records if r["method"] == method]
        assert row["n"] == len(mine) == 3 and row["correct"] == sum(r["correct"] for r in mine)
        assert row["ci_low"] <= row["accuracy"] <= row["ci_high"]
        assert row["completion_tokens_per_item"] > 0
        assert row["prompt_tokens_per_item"] == pytest.approx(sum(r["prompt_tokens"] for r in mine) / 3)
    # 2 debaters x 2 rounds, no early stop; the calculator persona's turns are ReAct runs
    # (a tool call, then the answer), so the debate makes at least 4 calls
    assert rows["cot"]["calls_per_item"] == 1 and rows["debate-vote"]["calls_per_item"] >= 4
    assert len(rows["debate-vote"]["rounds"]["majority_accuracy_per_round"]) == 2
    assert all(len(r["detail"]["round_answers"]) == 2 for r in records if r["method"] == "debate-vote")
    assert (out / "accuracy_vs_tokens.png").read_bytes()[:4] == b"\x89PNG"


def test_report_rescores_a_saved_run(tmp_path, capsys):
    backend = FunctionBackend(_solver, spec="solver")
    run_quality([backend], ["arithmetic"], ["cot"], limit=4, seed=1, out_dir=tmp_path, chart=False)
    lines = (tmp_path / "results.jsonl").read_text().splitlines()
    # an answer edited by hand to the right value is now scored right
    first = json.loads(lines[0])
    first["answer"], first["correct"] = first["gold"], False
    lines[0] = json.dumps(first)
    (tmp_path / "results.jsonl").write_text("\n".join(lines) + "\n")
    before = json.loads((tmp_path / "results.json").read_text())["rows"][0]["correct"]
    assert main(["bench", "report", str(tmp_path)]) == 0
    after = json.loads((tmp_path / "results.json").read_text())
    assert after["rows"][0]["correct"] == before + (0 if int(first["gold"]) % 2 == 0 else 1)
    assert after["seed"] == 1 and (tmp_path / "accuracy_vs_tokens.png").exists()
    assert main(["bench", "report", str(tmp_path / "missing")]) == 2
    assert "no results.jsonl" in capsys.readouterr().err


def test_interrupted_run_keeps_what_it_measured(tmp_path):
    calls = []

    def solver_then_ctrl_c(messages, options):
        calls.append(1)
        if len(calls) == 3:
            return KeyboardInterrupt()  # the user presses Ctrl-C during the third item
        return _solver(messages, options)

    with pytest.raises(KeyboardInterrupt):
        run_quality([FunctionBackend(solver_then_ctrl_c, spec="solver")], ["arithmetic"], ["cot"], limit=5,
                    out_dir=tmp_path)
    saved = json.loads((tmp_path / "results.json").read_text())
    assert saved["finished"] is False and saved["rows"][0]["n"] == 2
    assert len((tmp_path / "results.jsonl").read_text().splitlines()) == 2
    assert (tmp_path / "accuracy_vs_tokens.png").exists()


def test_cli_reports_how_often_judge_and_vote_agree(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one line per note
    assert main(["bench", "quality", "--model", "fake:42", "--limit", "2", "--methods", "debate-vote,debate-judge",
                 "--debaters", "2", "--rounds", "1", "--out", str(tmp_path / "j"), "--no-chart"]) == 0
    out = capsys.readouterr().out
    assert "the judge agreed with the majority vote on 100% of the items it judged" in out
    summary = json.loads((tmp_path / "j" / "results.json").read_text())
    judged = next(r for r in summary["rows"] if r["method"] == "debate-judge")
    assert judged["rounds"]["judge_agrees_with_vote"] == 1.0 and judged["calls_per_item"] == 3
