"""From per-item records of the agent evaluation to one row per (model, tools, family).

A row holds the accuracy with its Wilson 95% interval, the unreadable answers (counted
wrong), the medians of model calls, tool calls, completion tokens and seconds per item,
how often the right answer was in an observation but not returned ("lost"), runs that
ended incomplete, and for tool-calling families how often the right tool was called.
Rows "ALL dev"/"ALL heldout" pool the families of a (model, tools) pair.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from typing import Any, Iterable

from agora.bench.stats import accuracy


def _median(values: Iterable[float]) -> float:
    values = list(values)
    return float(statistics.median(values)) if values else 0.0


def row(model: str, tools: str, family: str, recs: list[dict]) -> dict[str, Any]:
    out: dict[str, Any] = {"model": model, "tools": tools, "family": family}
    out.update(accuracy([bool(r["correct"]) for r in recs]))
    n = len(recs)
    lost = sum(1 for r in recs if r.get("seen") and not r["correct"])
    right_tool = [r["right_tool"] for r in recs if r.get("right_tool") is not None]
    out.update({
        "unreadable": sum(1 for r in recs if r.get("parsed") is None),
        "incomplete": sum(1 for r in recs if not r.get("complete")),
        "errors": sum(1 for r in recs if r.get("error")),
        "first_error": next((r["error"] for r in recs if r.get("error")), None),
        "lost": lost,
        "lost_rate": lost / n if n else 0.0,
        "seen": sum(1 for r in recs if r.get("seen")),
        "right_tool_rate": (sum(right_tool) / len(right_tool)) if right_tool else None,
        "calls_median": _median(r["calls"] for r in recs),
        "tool_calls_median": _median(r["tool_calls"] for r in recs),
        "completion_tokens_median": _median(r["completion_tokens"] for r in recs),
        "seconds_median": _median(r["seconds"] for r in recs),
        "seconds_mean": sum(r["seconds"] for r in recs) / n if n else 0.0,
        "stop_reasons": dict(Counter(r.get("stop_reason") or "?" for r in recs).most_common()),
    })
    return out


def summarize(records: list[dict], info: dict, *, finished: bool) -> dict[str, Any]:
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for r in records:
        groups[(r["model"], r["tools"], r["family"])].append(r)
    order = {f: i for i, f in enumerate(info.get("families") or [])}
    keys = sorted(groups, key=lambda k: (k[0], k[1], order.get(k[2], 999), k[2]))
    rows = [row(*k, groups[k]) for k in keys]
    pooled: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for r in records:
        pooled[(r["model"], r["tools"], f"ALL {r.get('split', '?')}")].append(r)
    totals = [row(*k, pooled[k]) for k in sorted(pooled)]
    return {**info, "finished": finished, "records": len(records), "rows": rows, "totals": totals,
            "targets": targets(rows, records)}


#: the issue's targets (agent loop issue 17), checked on whatever split the run measured
ARITH_TARGET, FLOOR_TARGET, SECONDS_TARGET = 0.9, 0.6, 10.0


def targets(rows: list[dict], records: list[dict]) -> list[dict[str, Any]]:
    """Each target with its measured value and whether it is met: arithmetic families >= 90%
    (python and calculator), no family below 60%, median seconds per item <= 10 (per model)."""
    out = []
    for r in rows:
        if r["family"].startswith("arith_") and r["tools"] in ("python", "calculator"):
            out.append({"target": f"{r['model']} {r['family']} {r['tools']} >= 90%", "value": r["accuracy"],
                        "n": r["n"], "met": r["accuracy"] >= ARITH_TARGET})
    for model in dict.fromkeys(r["model"] for r in rows):
        mine = [r for r in rows if r["model"] == model and r["n"]]
        if not mine:
            continue
        worst = min(mine, key=lambda r: r["accuracy"])
        out.append({"target": f"{model} no family below 60%", "value": worst["accuracy"],
                    "worst": f"{worst['family']} {worst['tools']}", "met": worst["accuracy"] >= FLOOR_TARGET})
        med = _median(x["seconds"] for x in records if x["model"] == model)
        out.append({"target": f"{model} median <= 10 s an item", "value": med, "met": med <= SECONDS_TARGET})
    return out


__all__ = ["summarize", "row"]
