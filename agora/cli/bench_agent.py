"""``agora bench agent``: the agent loop on task families it was not tuned for (see
agora.bench.families for the families and the dev / held-out split). Rendering only: the
measuring is in agora.bench.agent_eval."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(bsub: argparse._SubParsersAction) -> None:
    a = bsub.add_parser(
        "agent", help="the agent loop on generated task families (dev / held-out split)",
        description="Run the agent on task families (arithmetic shapes, units, dates, word problems, "
                    "look-ups, tool calling, no-call, GSM8K, Du et al.) and report per family: accuracy "
                    "(Wilson 95%% CI), calls, completion tokens and seconds per item (medians), and how "
                    "often the right answer was in an observation but not returned.")
    a.add_argument("--split", choices=("dev", "heldout"), default="dev",
                   help="dev (may be studied) or heldout (report only); default dev")
    a.add_argument("--families", default=None, help="comma-separated families (default: all of the split)")
    a.add_argument("--limit", type=int, default=5, help="items per family (default 5)")
    a.add_argument("--model", action="append", metavar="SPEC", help="model spec; repeat for several")
    a.add_argument("--tools", action="append", metavar="SET",
                   help="tools for the computational families; repeat for several configurations, "
                        "commas join tools in one (default: --tools python --tools calculator)")
    a.add_argument("--seed", type=int, default=0, help="seed of the generated items and of the agent")
    a.add_argument("--max-steps", type=int, default=6)
    a.add_argument("--max-seconds", type=float, default=90.0, help="wall-time limit per item")
    a.add_argument("--embedder", default="local:smollm2", help="embedder of the look-up index (default local:smollm2)")
    a.add_argument("--out", default=None, help="folder for items.jsonl and summary.json "
                                               "(default bench-results/agent-<split>-<time>)")
    a.add_argument("--resume", action="store_true", help="keep the runs already in --out and do the rest")
    a.add_argument("--list", action="store_true", help="list the families of the split and exit")
    a.set_defaults(run=run_agent_cmd)


def run_agent_cmd(args: argparse.Namespace) -> int:
    import os
    import time

    from rich.console import Console

    from agora.bench.agent_eval import EvalConfig, run_eval
    from agora.bench.families import FAMILIES, families_in
    from agora.backends import shared_backend
    from agora.bench.quality import parse_list
    from agora.cli.bench import _check_positive, _settings

    console = Console()
    if args.list:
        for name in families_in(args.split):
            f = FAMILIES[name]
            console.print(f"{name:16} {f.home:8} {f.description}", soft_wrap=True, highlight=False)
        return 0
    _check_positive("limit", args.limit, 1)
    _check_positive("max-steps", args.max_steps, 1)
    if args.max_seconds <= 0:
        from agora.errors import ConfigError

        raise ConfigError("--max-seconds must be positive")
    families = parse_list(args.families, families_in(args.split), f"famil(ies) of the {args.split} split") \
        if args.families else None
    tool_sets = [[t.strip() for t in s.split(",") if t.strip()] for s in (args.tools or ["python", "calculator"])]
    from agora.tools import BUILTIN

    parse_list([t for ts in tool_sets for t in ts], list(BUILTIN), "tool(s)")
    backends = []
    for spec in args.model or [_settings(None).model]:
        settings = _settings(spec)
        backends.append(shared_backend(settings.model, **settings.backend_options()))
    out = args.out or os.path.join("bench-results", f"agent-{args.split}-{time.strftime('%Y%m%d-%H%M%S')}")
    cfg = EvalConfig(max_steps=args.max_steps, max_seconds=args.max_seconds, seed=args.seed)

    def progress(record: dict, done: int, total: int) -> None:
        mark = "right" if record["correct"] else ("unreadable" if record["parsed"] is None else "wrong")
        console.print(f"[dim]{done}/{total}[/dim] {record['family']} {record['tools']}: {mark} "
                      f"({record['seconds']:.1f} s, {record['tool_calls']} tool calls, {record['stop_reason']})",
                      highlight=False)

    summary = run_eval(backends, args.split, families, tool_sets=tool_sets, limit=args.limit, seed=args.seed,
                       out_dir=out, config=cfg, resume=args.resume, embedder=args.embedder, on_result=progress)
    console.print(agent_table(summary))
    for r in summary["rows"]:
        if r["errors"]:
            console.print(f"[yellow]{r['family']} {r['tools']}: {r['errors']} run(s) ended with an error (scored "
                          f"wrong), first: {r['first_error'][:160]}[/yellow]", highlight=False)
    met = [t for t in summary.get("targets", []) if t["met"]]
    missed = [t for t in summary.get("targets", []) if not t["met"]]
    console.print(f"targets met: {len(met)} of {len(met) + len(missed)}"
                  + "".join(f"\n  missed: {t['target']} ({_fmt_target(t)})" for t in missed), highlight=False)
    if not summary.get("finished"):
        console.print("[yellow]the run did not finish: the figures cover the items measured[/yellow]")
    console.print(f"per item: {out}/items.jsonl, summary: {out}/summary.json")
    return 0


def _fmt_target(t: dict) -> str:
    if "seconds" in t["target"] or "10 s" in t["target"]:
        return f"{t['value']:.1f} s"
    return _pct(t["value"]) + (f", {t['worst']}" if t.get("worst") else "")


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


_SHORT = {"calculator": "calc", "python": "py", "retrieve": "retr", "toolset": "tools"}


def _tools(label: str) -> str:
    return ",".join(_SHORT.get(t, t) for t in label.split(","))


def agent_table(summary: dict) -> Any:
    """One table per model: a row per (family, tools), then the pooled rows. 80 columns."""
    from rich import box
    from rich.console import Group
    from rich.table import Table

    tables = []
    models = list(dict.fromkeys(r["model"] for r in summary["rows"]))
    for model in models:
        t = Table(title=f"agora bench agent: {model}, {summary.get('split', '?')} split", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
        for col in ["family", "tools", "n", "acc", "95%\nCI", "un-\nread", "lost", "calls\nm/t", "tok\nout",
                    "s/\nitem"]:
            t.add_column(col, justify="left" if col in ("family", "tools") else "right", no_wrap=True)
        rows = [r for r in summary["rows"] if r["model"] == model]
        rows += [r for r in summary.get("totals", []) if r["model"] == model]
        for r in rows:
            t.add_row(r["family"], _tools(r["tools"]), str(r["n"]), _pct(r["accuracy"]),
                      f"{100 * r['ci_low']:.0f}-{100 * r['ci_high']:.0f}", str(r["unreadable"]), str(r["lost"]),
                      f"{r['calls_median']:g}/{r['tool_calls_median']:g}",
                      f"{r['completion_tokens_median']:.0f}", f"{r['seconds_median']:.{1 if r['seconds_median'] < 10 else 0}f}")
        t.caption = ("medians per item: model calls / tool calls (m/t), completion tokens, seconds. "
                     "lost: the right answer was in an observation but not returned; unread: no "
                     "answer could be read (scored wrong)")
        tables.append(t)
    return Group(*tables)
