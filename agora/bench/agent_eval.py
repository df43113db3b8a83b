"""The agent evaluation: task families (:mod:`agora.bench.families`) run through the public
``Agent`` API, scored, and written item by item.

Each item runs once per tool configuration that applies to it: computational families
(arithmetic, units, dates, word problems, GSM8K, Du et al.) once per ``tools`` set asked for
(``[["python"], ["calculator"]]`` by default), look-ups with the ``retrieve`` tool over the
bench corpus, tool-calling items with the tools the item offers. Every finished run is
appended to ``items.jsonl`` at once (a crash or Ctrl-C loses at most the run in progress),
``summary.json`` is rewritten after each, and ``resume=True`` skips what the JSONL holds.

Core code never prints: progress goes to ``on_result(record, done, total)``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from agora.backends.base import Backend
from agora.bench.families import BenchItem, load
from agora.bench.families.calls import check_calls
from agora.bench.families.checks import check_answer, seen
from agora.errors import ConfigError

DEFAULT_TOOLS: tuple[tuple[str, ...], ...] = (("python",), ("calculator",))

ProgressHandler = Callable[[dict, int, int], None]


@dataclass
class EvalConfig:
    """How each agent is built: ``Agent(model=..., tools=..., max_steps=..., seed=...)``.
    ``max_seconds`` bounds one item, so a run-away item cannot stall the benchmark."""
    max_steps: int = 6
    max_seconds: float = 90.0
    seed: int = 0


def tool_label(item: BenchItem, tools: Sequence[str]) -> str:
    if item.toolkind == "compute":
        return ",".join(tools)
    return item.toolkind  # "retrieve" or "toolset": the same whatever --tools says


def plan_runs(items: Sequence[BenchItem], tool_sets: Sequence[Sequence[str]]) -> list[tuple[BenchItem, tuple[str, ...]]]:
    """(item, tools) pairs: items of fixed tools once, computational items once per set."""
    runs: list[tuple[BenchItem, tuple[str, ...]]] = []
    for item in items:
        if item.toolkind == "compute":
            runs.extend((item, tuple(ts)) for ts in tool_sets)
        else:
            runs.append((item, ()))
    return runs


class ToolFactory:
    """The tools of one run. The retrieve tool (one opened index) is built once."""

    def __init__(self, index_path: Path | None, embedder: Any):
        self.index_path = index_path
        self.embedder = embedder
        self._retrieve: list | None = None

    def for_item(self, item: BenchItem, tools: tuple[str, ...]) -> list:
        if item.toolkind == "compute":
            return list(tools)
        if item.toolkind == "retrieve":
            if self._retrieve is None:
                from agora.bench.families.lookup import build_index
                from agora.tools.retrieve import build

                if self.index_path is None:
                    raise ConfigError("look-up items need an index path")
                build_index(self.index_path, self.embedder)
                self._retrieve = build(index=self.index_path, embedder=self.embedder)
            return list(self._retrieve)
        from agora.bench.toolset import tools_named

        return tools_named(item.tools)


def run_item(item: BenchItem, tools: list, backend: Backend, cfg: EvalConfig) -> dict[str, Any]:
    """One agent run on one item, scored. Runtime failures become a record with the error."""
    from agora.agent.agent import Agent  # lazily: `agora bench --help` must stay fast

    started = time.perf_counter()
    try:
        result = Agent(model=backend, tools=tools, max_steps=cfg.max_steps, max_seconds=cfg.max_seconds,
                       seed=cfg.seed).run(item.question)
    except ConfigError:
        raise
    except Exception as err:  # noqa: BLE001 - a crash inside the loop is measured, not fatal
        # a run that failed has no answer and no call: wrong, whatever the item asked. Any
        # exception counts (a traceback from the loop is a bug the bench must survive and show)
        return {"answer": None, "parsed": None, "correct": False, "right_tool": None, "seen": False,
                "complete": False, "stop_reason": "error", "calls": 0, "tool_calls": 0,
                "prompt_tokens": 0, "completion_tokens": 0, "seconds": round(time.perf_counter() - started, 3),
                "first_call": None, "error": f"{type(err).__name__}: {str(err)[:500]}"}
    steps = result.tool_steps()
    calls = [(s.call.name, s.call.arguments) for s in steps]
    if item.kind in ("call", "nocall"):
        verdict = check_calls(item, calls, result.answer)
        was_seen = False
    else:
        verdict = check_answer(item, result.answer)
        was_seen = seen(item, [s.observation for s in steps if s.ok])
    return {
        "answer": result.answer, "parsed": verdict.parsed, "correct": verdict.correct,
        "right_tool": verdict.right_tool, "seen": was_seen, "complete": result.complete,
        "stop_reason": result.stop_reason, "calls": result.usage.calls, "tool_calls": len(steps),
        "prompt_tokens": result.usage.prompt_tokens, "completion_tokens": result.usage.completion_tokens,
        "seconds": round(result.seconds, 3),
        "first_call": {"name": calls[0][0], "arguments": calls[0][1]} if calls else None,
        "error": result.error,
    }


def run_eval(models: Sequence[str | Backend], split: str = "dev", families: Sequence[str] | None = None, *,
             tool_sets: Sequence[Sequence[str]] = DEFAULT_TOOLS, limit: int = 5, seed: int = 0,
             out_dir: str | Path = "bench-results/agent", config: EvalConfig | None = None,
             backend_options: dict | None = None, resume: bool = False, embedder: Any = "local:smollm2",
             index_path: str | Path | None = None, on_result: ProgressHandler | None = None) -> dict:
    """Run the evaluation and return the summary (also in ``out_dir/summary.json``)."""
    from agora.bench.agent_report import summarize
    from agora.backends import shared_backend
    from agora.bench.quality import _read_records
    from agora.bench.report import write_json

    if not models:
        raise ConfigError("no model given")
    if not tool_sets or any(not ts for ts in tool_sets):
        raise ConfigError("give at least one tool set, e.g. python or calculator")
    cfg = config or EvalConfig(seed=seed)
    items = load(split, families, limit, seed)
    runs = plan_runs(items, tool_sets)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jsonl = out / "items.jsonl"
    info = {"split": split, "families": list(dict.fromkeys(i.family for i in items)), "limit": limit,
            "seed": seed, "tool_sets": [list(t) for t in tool_sets], "max_steps": cfg.max_steps,
            "max_seconds": cfg.max_seconds, "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "models": [m.spec if isinstance(m, Backend) else m for m in models]}
    records = _read_records(jsonl) if resume else []
    done_keys = {(r["model"], r["tools"], r["item_id"]) for r in records}
    if not resume and jsonl.exists():
        jsonl.unlink()
    factory = ToolFactory(Path(index_path) if index_path else out / "lookup-index.sqlite", embedder)
    total = len(models) * len(runs)
    done = len(done_keys)
    finished = False
    try:
        with jsonl.open("a", encoding="utf-8") as sink:
            for model in models:
                backend = model if isinstance(model, Backend) else shared_backend(model, **(backend_options or {}))
                label = backend.spec or str(model)
                for item, tools in runs:
                    key = (label, tool_label(item, tools), item.id)
                    if key in done_keys:
                        continue
                    record = {"model": label, "tools": key[1], "family": item.family, "split": item.split,
                              "item_id": item.id, "question": item.question, "gold": item.gold,
                              **run_item(item, factory.for_item(item, tools), backend, cfg),
                              "item": item.to_dict()}
                    sink.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
                    sink.flush()
                    records.append(record)
                    done_keys.add(key)
                    done += 1
                    if on_result is not None:
                        on_result(record, done, total)
                    write_json(out / "summary.json", summarize(records, info, finished=False))
        finished = True
    finally:
        summary = summarize(records, info, finished=finished)
        write_json(out / "summary.json", summary)
    return summary


def rescore(out_dir: str | Path) -> dict:
    """Score ``items.jsonl`` again with the current checkers (the items are stored whole)
    and rewrite ``summary.json``."""
    from agora.bench.agent_report import summarize
    from agora.bench.quality import _read_records
    from agora.bench.report import write_json

    out = Path(out_dir)
    records = _read_records(out / "items.jsonl")
    if not records:
        raise ConfigError(f"{out}: no items.jsonl with results in it")
    for r in records:
        item = BenchItem.from_dict(r["item"])
        if item.kind in ("call", "nocall"):
            fc = r.get("first_call")
            calls = [(fc["name"], fc["arguments"])] if fc else []
            v = check_calls(item, calls, r.get("answer"))
        else:
            v = check_answer(item, r.get("answer"))
        r["correct"], r["parsed"], r["right_tool"] = v.correct, v.parsed, v.right_tool
    old = json.loads((out / "summary.json").read_text()) if (out / "summary.json").exists() else {}
    info = {k: v for k, v in old.items() if k not in ("rows", "finished", "records")}
    summary = summarize(records, info, finished=bool(old.get("finished")))
    write_json(out / "summary.json", summary)
    return summary


__all__ = ["EvalConfig", "run_eval", "run_item", "plan_runs", "tool_label", "rescore", "DEFAULT_TOOLS"]
