"""The quality benchmark: every method on the same items (paired), scored, written as it goes.

Items run in item-major order (item 1 with every method, then item 2 ...), so a run stopped
early still holds paired results for the items it reached. Each finished (model, task, item,
method) is appended to ``results.jsonl`` at once and ``results.json`` (the summary) is
rewritten after every item; with ``resume=True`` a run skips what the JSONL already holds.
Core code never prints: progress goes to the ``on_result`` callback as :class:`ItemResult`.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from agora.backends import shared_backend
from agora.backends.base import Backend
from agora.batch import bounded_map
from agora.errors import ConfigError
from agora.bench.methods import DEBATES, JUDGED, METHODS, SHARED_DEBATE, MethodConfig, run_method
from agora.bench.report import summarize, write_chart, write_json
from agora.bench.scoring import score
from agora.bench.tasks import TASKS, Item, load_items


@dataclass
class ItemResult:
    model: str
    task: str
    method: str
    item_id: str
    gold: str
    answer: str | None
    parsed: str | None
    correct: bool
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    prompt_tokens_evaluated: int | None = None
    seconds: float = 0.0
    error: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


ProgressHandler = Callable[[ItemResult, int, int], None]


def parse_list(text: str | Sequence[str] | None, allowed: Sequence[str], what: str) -> list[str]:
    """A comma-separated CLI list checked against the allowed names."""
    if text is None:
        return list(allowed)
    names = [s.strip() for s in (text.split(",") if isinstance(text, str) else text) if s.strip()]
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise ConfigError(f"unknown {what} {', '.join(unknown)}: choose from {', '.join(allowed)}")
    if not names:
        raise ConfigError(f"no {what} given")
    return names


def run_quality(
    models: Sequence[str | Backend],
    tasks: Sequence[str] = ("arithmetic",),
    methods: Sequence[str] = METHODS,
    *,
    limit: int | None = None,
    seed: int = 0,
    out_dir: str | Path = "bench-results",
    config: MethodConfig | None = None,
    backend_options: dict | None = None,
    resume: bool = False,
    chart: bool = True,
    on_result: ProgressHandler | None = None,
    concurrency: int = 1,
) -> dict:
    """Run the benchmark and return the summary (also written to ``out_dir/results.json``)."""
    tasks = parse_list(list(tasks), list(TASKS), "task(s)")
    methods = parse_list(list(methods), list(METHODS), "method(s)")
    if not models:
        raise ConfigError("no model given")
    cfg = replace(config or MethodConfig(seed=seed), judge=any(m in JUDGED for m in methods),
                  confidences="debate-weighted" in methods)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jsonl = out / "results.jsonl"
    items = {t: load_items(t, limit, seed) for t in tasks}
    run_info = {
        "models": [m.spec if isinstance(m, Backend) else m for m in models],
        "tasks": tasks, "methods": methods, "limit": limit, "seed": seed,
        "config": asdict(cfg) | {"sc_samples": cfg.k},
        "task_sizes": {t: len(v) for t, v in items.items()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    records: list[dict] = _latest_records(jsonl) if resume else []
    done_keys = {(r["model"], r["task"], r["method"], r["item_id"]) for r in records}
    if not resume and jsonl.exists():
        jsonl.unlink()
    total = len(models) * sum(len(v) for v in items.values()) * len(methods)
    done = len(done_keys)
    finished = False
    try:
        with jsonl.open("a", encoding="utf-8") as sink:
            for model in models:
                backend = shared_backend(model, **(backend_options or {}))
                label = backend.spec or str(model)
                jobs: list[tuple[str, Item, tuple[str, ...]]] = []
                for task, task_items in items.items():
                    for item in task_items:
                        todo = [m for m in methods if (label, task, m, item.id) not in done_keys]
                        shared = [m for m in methods if m in SHARED_DEBATE]
                        if set(shared) & set(todo) and set(shared) - set(todo):
                            # vote, judge and weighted vote are scored on ONE debate: when some of
                            # them are missing (a resumed run), the debate runs again for all
                            redo = {(label, task, m, item.id) for m in shared}
                            records = [r for r in records if (r["model"], r["task"], r["method"], r["item_id"]) not in redo]
                            done -= len(redo & done_keys)
                            todo = [m for m in methods if m in todo or m in shared]
                        # the methods of one debate are one job (one thread, one transcript)
                        together = tuple(m for m in todo if m in SHARED_DEBATE)
                        jobs += [(task, item, (m,)) for m in todo if m not in SHARED_DEBATE]
                        if together:
                            jobs.append((task, item, together))
                # agora batch's engine: `concurrency` jobs at once, each written when done
                # (1: in order, in this thread, as before)
                def run_job(job: tuple[str, Item, tuple[str, ...]]) -> list[ItemResult]:
                    return [_run_one(label, job[0], m, job[1], backend, cfg) for m in job[2]]

                for _, results in bounded_map(run_job, jobs, concurrency):
                    for result in results:
                        sink.write(json.dumps(result.to_dict()) + "\n")
                        sink.flush()
                        records.append(result.to_dict())
                        done += 1
                        if on_result is not None:
                            on_result(result, done, total)
                    write_json(out / "results.json", summarize(records, run_info, finished=False))
        finished = True
    finally:
        # also on Ctrl-C: what was measured is summarised and charted
        summary = summarize(records, run_info, finished=finished)
        write_json(out / "results.json", summary)
        if chart and records:
            try:
                summary["chart"] = str(write_chart(summary, out / "accuracy_vs_tokens.png"))
            except ConfigError as err:  # matplotlib missing: the figures stand without the chart
                summary["chart_skipped"] = str(err)
            write_json(out / "results.json", summary)
    return summary


def _run_one(label: str, task: str, method: str, item: Item, backend: Backend, cfg: MethodConfig) -> ItemResult:
    run = run_method(method, item.question, backend, cfg)
    s = score(run.answer, item.gold)
    detail = dict(run.detail)
    if method in DEBATES and "round_majority" in detail:
        detail["round_correct"] = [m is not None and score(m, item.gold).correct for m in detail["round_majority"]]
    if method in DEBATES and "pool" in detail:
        # the truth was in the final pool, yet the method answered something else
        detail["truth_lost"] = any(score(a, item.gold).correct for a in detail["pool"].values()) and not s.correct
    return ItemResult(
        model=label, task=task, method=method, item_id=item.id, gold=item.gold, answer=run.answer,
        parsed=s.parsed, correct=s.correct, calls=run.usage.calls,
        prompt_tokens=run.usage.prompt_tokens, completion_tokens=run.usage.completion_tokens,
        prompt_tokens_evaluated=run.usage.prompt_tokens_evaluated, seconds=round(run.seconds, 4),
        error=run.error, detail=detail,
    )


def rebuild(out_dir: str | Path, *, chart: bool = True) -> dict:
    """Re-score the answers in ``out_dir/results.jsonl`` with the current scoring and write
    the summary and chart again (after a scoring change, or to chart a run that was killed)."""
    out = Path(out_dir)
    records = _latest_records(out / "results.jsonl")
    if not records:
        raise ConfigError(f"{out}: no results.jsonl with results in it")
    for r in records:
        s = score(r["answer"], r["gold"])
        r["correct"], r["parsed"] = s.correct, s.parsed
        majorities = r.get("detail", {}).get("round_majority")
        if majorities is not None:
            r["detail"]["round_correct"] = [m is not None and score(m, r["gold"]).correct for m in majorities]
    old = json.loads((out / "results.json").read_text(encoding="utf-8")) if (out / "results.json").exists() else {}
    info = {k: v for k, v in old.items() if k not in ("finished", "records", "rows", "chart")}
    summary = summarize(records, info, finished=bool(old.get("finished")))
    if chart:
        summary["chart"] = str(write_chart(summary, out / "accuracy_vs_tokens.png"))
    write_json(out / "results.json", summary)
    return summary


def _read_records(path: Path) -> list[dict]:
    """The records of a JSON-lines file, a line torn by a crash skipped (that item runs again)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def _latest_records(path: Path) -> list[dict]:
    """The quality records of ``results.jsonl``; a (model, task, method, item) run again (the
    methods of a resumed debate) keeps its last record only."""
    latest: dict[tuple, dict] = {}
    for r in _read_records(path):
        key = (r.get("model"), r.get("task"), r.get("method"), r.get("item_id"))
        latest.pop(key, None)
        latest[key] = r
    return list(latest.values())


def default_out_dir() -> str:
    return os.path.join("bench-results", time.strftime("%Y%m%d-%H%M%S"))


__all__ = ["ItemResult", "run_quality", "rebuild", "parse_list", "default_out_dir"]
