"""From per-item records to the summary (JSON) and the accuracy-vs-tokens chart (PNG).

The summary has one row per (model, task, method): accuracy with its Wilson 95% interval,
parse-failure rate, calls / prompt tokens / completion tokens / seconds per item, and the
exact McNemar test against the best baseline (the single-agent method with the highest
accuracy on that model and task), computed on the items both methods finished.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from agora.bench.methods import BASELINES, DEBATES, METHODS
from agora.bench.stats import accuracy, compare_paired


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def _row(model: str, task: str, method: str, recs: list[dict]) -> dict[str, Any]:
    n = len(recs)
    row: dict[str, Any] = {"model": model, "task": task, "method": method}
    row.update(accuracy([r["correct"] for r in recs]))
    parse_failures = sum(1 for r in recs if r.get("parsed") is None)
    evaluated = [r["prompt_tokens_evaluated"] for r in recs if r.get("prompt_tokens_evaluated") is not None]
    row.update({
        "parse_failures": parse_failures,
        "parse_failure_rate": parse_failures / n if n else 0.0,
        "errors": sum(1 for r in recs if r.get("error")),
        "calls_per_item": _mean(r["calls"] for r in recs),
        "prompt_tokens_per_item": _mean(r["prompt_tokens"] for r in recs),
        "completion_tokens_per_item": _mean(r["completion_tokens"] for r in recs),
        "tokens_per_item": _mean(r["prompt_tokens"] + r["completion_tokens"] for r in recs),
        "prompt_tokens_evaluated_per_item": _mean(evaluated) if evaluated else None,
        "seconds_per_item": _mean(r["seconds"] for r in recs),
        "vs_best_baseline": None,
        "best_baseline": False,
    })
    if method in DEBATES:
        row["rounds"] = _debate_rounds(recs)
    return row


def _debate_rounds(recs: list[dict]) -> dict[str, Any]:
    """Per-round behaviour of a debate: how many debaters changed answer after each round,
    how often the round's majority was right, and right->wrong / wrong->right moves of that
    majority from the first round to the last."""
    changes = [r["detail"].get("answer_changes", []) for r in recs]
    correct = [r["detail"].get("round_correct", []) for r in recs]
    depth = max((len(c) for c in correct), default=0)
    flips = {"right_to_wrong": 0, "wrong_to_right": 0}
    for c in correct:
        if len(c) >= 2 and c[0] and not c[-1]:
            flips["right_to_wrong"] += 1
        if len(c) >= 2 and not c[0] and c[-1]:
            flips["wrong_to_right"] += 1
    agrees = [r["detail"].get("judge_agrees_with_vote") for r in recs]
    agrees = [a for a in agrees if a is not None]
    consistent = [r["detail"]["judge_consistent"] for r in recs if r["detail"].get("judge_consistent") is not None]
    lost = [r["detail"]["truth_lost"] for r in recs if "truth_lost" in r["detail"]]
    return {
        "answer_changes_per_round": [_mean(c[i] for c in changes if len(c) > i)
                                     for i in range(max((len(c) for c in changes), default=0))],
        "majority_accuracy_per_round": [_mean(1.0 if c[i] else 0.0 for c in correct if len(c) > i)
                                        for i in range(depth)],
        **flips,
        "judge_agrees_with_vote": _mean(1.0 if a else 0.0 for a in agrees) if agrees else None,
        # the judge gave the same verdict with the answers in reversed order (judged items)
        "judge_consistent": _mean(1.0 if c else 0.0 for c in consistent) if consistent else None,
        "judge_swaps": len(consistent),
        # the right answer was in the final pool, and the method answered something else
        "truth_lost": _mean(1.0 if x else 0.0 for x in lost) if lost else None,
    }


def summarize(records: list[dict], run_info: dict, *, finished: bool) -> dict[str, Any]:
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for r in records:
        groups[(r["model"], r["task"], r["method"])].append(r)
    order = {m: i for i, m in enumerate(METHODS)}
    keys = sorted(groups, key=lambda k: (k[0], k[1], order.get(k[2], 99)))
    rows = [_row(*k, groups[k]) for k in keys]
    for model, task in dict.fromkeys((k[0], k[1]) for k in keys):
        _add_mcnemar([r for r in rows if r["model"] == model and r["task"] == task], groups)
    return {**run_info, "finished": finished, "records": len(records), "rows": rows}


def _add_mcnemar(rows: list[dict], groups: dict) -> None:
    baselines = [r for r in rows if r["method"] in BASELINES and r["n"]]
    if not baselines:
        return
    # highest accuracy; ties go to the cheaper method (fewer tokens per item)
    best = max(baselines, key=lambda r: (r["accuracy"], -r["tokens_per_item"]))
    best["best_baseline"] = True
    ref = {r["item_id"]: r["correct"] for r in groups[(best["model"], best["task"], best["method"])]}
    for row in rows:
        if row is best:
            continue
        mine = {r["item_id"]: r["correct"] for r in groups[(row["model"], row["task"], row["method"])]}
        common = [i for i in mine if i in ref]
        cmp = compare_paired([mine[i] for i in common], [ref[i] for i in common])
        row["vs_best_baseline"] = {"method": best["method"], **cmp}


def write_json(path: str | Path, data: dict) -> Path:
    """Write atomically (temp file + rename): an interrupted write never leaves half a file."""
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path


def write_chart(summary: dict, path: str | Path) -> Path:
    """Accuracy (with Wilson 95% intervals) against tokens per item: one panel per task,
    one point per (model, method). matplotlib is imported here only (Agg: no display)."""
    try:
        import matplotlib
    except ImportError:
        from agora.errors import missing_extra

        raise missing_extra("matplotlib", "bench") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    rows = [r for r in summary["rows"] if r["n"]]
    tasks = list(dict.fromkeys(r["task"] for r in rows)) or ["(none)"]
    models = list(dict.fromkeys(r["model"] for r in rows))
    fig, axes = plt.subplots(1, len(tasks), figsize=(5.5 * len(tasks), 4.2), squeeze=False)
    markers = "osD^v<>P*X"
    for ax, task in zip(axes[0], tasks):
        for mi, model in enumerate(models):
            for k, r in enumerate(r for r in rows if r["task"] == task and r["model"] == model):
                x = max(r["tokens_per_item"], 1.0)
                ax.errorbar([x], [r["accuracy"]],
                            yerr=[[r["accuracy"] - r["ci_low"]], [r["ci_high"] - r["accuracy"]]],
                            fmt=markers[mi % len(markers)], capsize=3,
                            color=f"C{METHODS.index(r['method']) if r['method'] in METHODS else 9}")
                label = r["method"] if len(models) == 1 else f"{r['method']} ({model})"
                # staggered label heights: methods of similar cost would print over each other
                ax.annotate(label, (x, r["accuracy"]), textcoords="offset points", xytext=(5, 4 + 11 * (k % 3)),
                            fontsize=8)
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.margins(x=0.25)
        ax.set_ylim(-0.05, 1.05)
        n = max((r["n"] for r in rows if r["task"] == task), default=0)
        ax.set_title(f"{task} (n={n})")
        ax.set_xlabel("tokens per item (prompt + completion, log scale)")
        ax.set_ylabel("accuracy (Wilson 95% CI)")
        ax.grid(alpha=0.3)
    fig.suptitle(", ".join(models) or "agora bench")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


__all__ = ["summarize", "write_json", "write_chart"]
