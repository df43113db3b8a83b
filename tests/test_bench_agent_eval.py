"""`agora bench agent` end to end: fake backends drive real Agents through the runner
(exact figures), the summary rows, resume after an interruption, the CLI; once with SmolLM2."""

from __future__ import annotations

import json

import pytest

from agora.bench import families as F
from agora.bench.agent_eval import EvalConfig, rescore, run_eval
from agora.bench.agent_report import row
from agora.bench.stats import wilson
from agora.cli import main
from agora.messages import ToolCall
from agora.testing.fakes import FunctionBackend


def _question_of(messages, items):
    by_question = {i.question: i for i in items}
    for m in reversed(messages):
        if m.role == "user" and m.content in by_question:
            return by_question[m.content]
    raise AssertionError("no bench question in the conversation")


def _after_tool(messages) -> bool:
    return bool(messages) and messages[-1].role == "tool"


def solver(items, *, right: set[str]):
    """Right on the items whose id is in ``right``: first item of those calls the tool the
    item needs with the gold values; wrong items answer a wrong value with no call."""

    def fn(messages, options):
        it = _question_of(messages, items)
        good = it.id in right
        if _after_tool(messages) or not options.get("tools"):
            return {"thought": "", "answer": it.gold if good else "0"}
        if it.kind == "call" and good:
            return ToolCall(name=it.gold_call["name"], arguments=it.gold_call["arguments"])
        if it.kind == "call":  # right tool, an argument the request does not write (nor resembles)
            args = dict(it.gold_call["arguments"])
            key = next((k for k, v in args.items() if isinstance(v, str)), None)
            if key is None:
                args["note"] = "extra"  # an argument the schema does not have
            else:
                args[key] = "Quux Zorble"
            return ToolCall(name=it.gold_call["name"], arguments=args)
        if it.kind == "nocall" and not good:
            return ToolCall(name=it.tools[0], arguments={})
        if it.toolkind == "retrieve":
            return {"thought": "", "tool": "retrieve", "arguments": {"query": it.question}}
        return {"thought": "", "answer": it.gold if good else "0"}

    return fn


def test_runner_scores_compute_and_tool_calling_items_exactly(tmp_path):
    fams = ["arith_paren", "date_add", "toolcall_a", "nocall"]
    items = F.load("dev", fams, limit=4, seed=2)
    right = {i.id for k, i in enumerate(items) if k % 2 == 0}
    backend = FunctionBackend(solver(items, right=right), spec="solver")
    backend.native_tools = True  # every tool offered at every step: the wrong no-calls must call
    seen_progress = []
    summary = run_eval([backend], "dev", fams, tool_sets=[["calculator"], ["python"]], limit=4, seed=2,
                       out_dir=tmp_path, config=EvalConfig(max_steps=3, seed=2),
                       on_result=lambda r, done, total: seen_progress.append((done, total)))
    # computational items run once per tool set, tool-calling ones once
    assert seen_progress[-1] == (2 * 2 * 4 + 2 * 4, 24)
    rows = {(r["family"], r["tools"]): r for r in summary["rows"]}
    assert set(rows) == {("arith_paren", "calculator"), ("arith_paren", "python"), ("date_add", "calculator"),
                         ("date_add", "python"), ("toolcall_a", "toolset"), ("nocall", "toolset")}
    for (family, _), r in rows.items():
        expected = sum(1 for i in items if i.family == family and i.id in right)
        assert r["n"] == 4 and r["correct"] == expected, family
        assert (r["ci_low"], r["ci_high"]) == wilson(expected, 4)
    assert rows[("toolcall_a", "toolset")]["right_tool_rate"] == 1.0  # wrong ones write a wrong argument
    assert rows[("toolcall_a", "toolset")]["tool_calls_median"] >= 1
    assert rows[("nocall", "toolset")]["right_tool_rate"] == 0.5
    lines = [json.loads(x) for x in (tmp_path / "items.jsonl").read_text().splitlines()]
    assert len(lines) == 24 and all(set(x) >= {"answer", "correct", "seconds", "calls", "stop_reason"} for x in lines)
    calls = [x for x in lines if x["family"] == "toolcall_a"]
    assert all(x["first_call"]["name"] == x["gold"] for x in calls)
    saved = json.loads((tmp_path / "summary.json").read_text())
    assert saved["finished"] and saved["rows"] == summary["rows"] and saved["split"] == "dev"
    # scoring again from the stored items gives the same rows
    assert rescore(tmp_path)["rows"] == summary["rows"]


def test_an_interrupted_run_keeps_its_items_and_resumes(tmp_path):
    items = F.load("dev", ["arith_chain"], limit=5)
    backend = FunctionBackend(solver(items, right={i.id for i in items}), spec="solver")

    def stop_after_two(record, done, total):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_eval([backend], "dev", ["arith_chain"], tool_sets=[["calculator"]], limit=5, out_dir=tmp_path,
                 on_result=stop_after_two)
    assert len((tmp_path / "items.jsonl").read_text().splitlines()) == 2
    saved = json.loads((tmp_path / "summary.json").read_text())
    assert not saved["finished"] and saved["rows"][0]["n"] == 2
    before = len(backend.calls)
    summary = run_eval([backend], "dev", ["arith_chain"], tool_sets=[["calculator"]], limit=5, out_dir=tmp_path,
                       resume=True)
    assert summary["finished"] and summary["rows"][0]["n"] == 5 and summary["rows"][0]["accuracy"] == 1.0
    asked = {m.content for c in backend.calls[before:] for m in c["messages"] if m.role == "user"}
    assert not asked & {i.question for i in items[:2]}  # the two finished items did not run again


def test_look_ups_build_the_corpus_index_and_see_the_answer(tmp_path):
    items = F.load("dev", ["lookup"], limit=2)
    backend = FunctionBackend(solver(items, right={items[0].id}), spec="solver")
    summary = run_eval([backend], "dev", ["lookup"], limit=2, out_dir=tmp_path, embedder="hash")
    [r] = summary["rows"]
    assert r["tools"] == "retrieve" and r["n"] == 2 and r["correct"] == 1
    assert r["seen"] == 2 and r["lost"] == 1  # both saw the passage; one answered something else
    assert (tmp_path / "lookup-index.sqlite").is_file()


def test_a_crash_inside_the_loop_is_an_error_record_not_the_end(tmp_path):
    def broken(messages, options):
        raise AssertionError("grammar builder blew up")

    summary = run_eval([FunctionBackend(broken, spec="broken")], "dev", ["arith_paren"], tool_sets=[["calculator"]],
                       limit=2, out_dir=tmp_path)
    [r] = summary["rows"]
    assert r["n"] == 2 and r["correct"] == 0 and r["errors"] == 2 and r["unreadable"] == 2


def test_rows_count_lost_answers_and_medians():
    recs = [{"correct": c, "seen": s, "parsed": "1", "complete": True, "calls": k, "tool_calls": k - 1,
             "completion_tokens": 10 * k, "seconds": float(k), "right_tool": None, "stop_reason": "answer"}
            for c, s, k in [(True, True, 2), (False, True, 3), (False, False, 9)]]
    r = row("m", "python", "f", recs)
    assert r["lost"] == 1 and r["seen"] == 2 and r["calls_median"] == 3 and r["seconds_median"] == 3.0
    assert r["completion_tokens_median"] == 30 and r["accuracy"] == pytest.approx(1 / 3)


def test_cli_runs_with_a_fake_model_and_refuses_bad_usage(tmp_path, capsys):
    out = tmp_path / "run"
    code = main(["bench", "agent", "--model", "fake:7", "--families", "arith_paren,nocall", "--limit", "2",
                 "--tools", "calculator", "--out", str(out)])
    text = capsys.readouterr().out
    assert code == 0 and "arith_paren" in text and "nocall" in text and "items.jsonl" in text
    assert len((out / "items.jsonl").read_text().splitlines()) == 4
    assert main(["bench", "agent", "--model", "fake", "--split", "heldout", "--families", "arith_paren"]) == 2
    err = capsys.readouterr().err
    assert "arith_paren" in err and "heldout" in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert main(["bench", "agent", "--model", "fake", "--tools", "abacus"]) == 2
    assert "abacus" in capsys.readouterr().err
    assert main(["bench", "agent", "--list", "--split", "heldout"]) == 0
    listed = capsys.readouterr().out
    assert "arith_power" in listed and "arith_paren" not in listed


@pytest.mark.real
def test_smollm2_runs_dev_items_of_several_families(tmp_path):
    summary = run_eval(["local:smollm2"], "dev", ["arith_paren", "date_diff", "word_a"],
                       tool_sets=[["calculator"]], limit=1, out_dir=tmp_path,
                       config=EvalConfig(max_steps=3, max_seconds=40))
    assert summary["finished"] and [r["n"] for r in summary["rows"]] == [1, 1, 1]
    records = [json.loads(line) for line in (tmp_path / "items.jsonl").read_text().splitlines()]
    for r in records:
        # whatever the loop does with these items (right, wrong or failing), the record says it
        assert isinstance(r["correct"], bool) and r["stop_reason"] and r["seconds"] > 0
        assert r["error"] is None or r["stop_reason"] == "error"
    assert any(r["calls"] >= 1 and r["completion_tokens"] > 0 for r in records)


def test_targets_are_checked_from_the_rows():
    from agora.bench.agent_report import summarize

    recs = [{"model": "m", "tools": t, "family": f, "split": "heldout", "correct": c, "parsed": "1",
             "complete": True, "calls": 1, "tool_calls": 1, "completion_tokens": 5, "seconds": s,
             "right_tool": None, "stop_reason": "answer"}
            for t, f, c, s in [("python", "arith_power", True, 3.0), ("python", "arith_power", True, 4.0),
                               ("calculator", "arith_power", False, 30.0), ("toolset", "nocall", True, 1.0)]]
    got = {t["target"]: t["met"] for t in summarize(recs, {}, finished=True)["targets"]}
    assert got == {"m arith_power python >= 90%": True, "m arith_power calculator >= 90%": False,
                   "m no family below 60%": False, "m median <= 10 s an item": True}
