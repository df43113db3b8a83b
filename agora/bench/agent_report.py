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
    return {**info, "finished": finished, "records": len(records), "rows": rows, "totals": totals}


__all__ = ["summarize", "row"]
