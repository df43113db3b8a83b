"""``agora bench quality`` and ``agora bench speed``: which technique is worth its cost on
your model, and how fast agora runs it. Rendering only: the measuring is in agora.bench."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="measure techniques (quality) and throughput (speed) on your models",
                       description="Measure techniques (quality) and throughput (speed) on your models.")
    bsub = p.add_subparsers(dest="bench_command", metavar="KIND")
    p.set_defaults(run=run)

    q = bsub.add_parser("quality", help="accuracy vs cost of cot, sc, refine, react and debates",
                        description="Run every method on the same items and compare accuracy "
                                    "(Wilson 95%% CI, exact McNemar vs the best baseline) with cost.")
    q.add_argument("--model", action="append", metavar="SPEC",
                   help="model spec; repeat for several models (default: the configured model)")
    q.add_argument("--tasks", default="arithmetic", help="comma-separated: arithmetic,gsm8k,bigarith "
                   "(default: arithmetic)")
    q.add_argument("--methods", default=None, help="comma-separated: cot,sc,refine,react,tot,route,debate-vote,"
                   "debate-judge,judge-swap,debate-weighted,debate-adaptive,debate-ring (default: all)")
    q.add_argument("--panel", default=None, metavar="SPECS",
                   help="debates: a mixed panel, comma-separated model specs given to the debaters in turn "
                        "(e.g. local:smollm2,local:gemma3-270m)")
    q.add_argument("--consensus", type=float, default=2 / 3,
                   help="debate-adaptive: stop once this fraction agree (default 2/3)")
    q.add_argument("--limit", type=int, default=None, help="items per task (default: the whole task)")
    q.add_argument("--seed", type=int, default=0, help="seed of the generated items and of sampling")
    q.add_argument("--out", default=None, help="folder for results.json(l) and the chart "
                   "(default: bench-results/<time>)")
    q.add_argument("--debaters", type=int, default=3)
    q.add_argument("--rounds", type=int, default=2)
    q.add_argument("--sc-samples", type=int, default=None,
                   help="self-consistency samples (default: debaters x rounds + 1, the calls of a judged debate)")
    q.add_argument("--max-tokens", type=int, default=256, help="completion tokens per call")
    q.add_argument("--resume", action="store_true", help="keep the results already in --out and run the rest")
    q.add_argument("--no-chart", action="store_true", help="skip the PNG chart")
    q.add_argument("--concurrency", type=int, default=1, help="items at once (agora batch's engine; "
                   "default 1; a local model still answers one call at a time)")
    q.set_defaults(run=run_quality_cmd)

    r = bsub.add_parser("report", help="re-score a quality run's answers and redraw its table and chart",
                        description="Re-score results.jsonl of a quality run (current scoring) and "
                                    "write results.json and the chart again.")
    r.add_argument("out", metavar="DIR", help="the --out folder of a quality run")
    r.add_argument("--no-chart", action="store_true", help="skip the PNG chart")
    r.set_defaults(run=run_report_cmd)

    from agora.cli.bench_agent import add_parser as add_agent_parser

    add_agent_parser(bsub)

    s = bsub.add_parser("speed", help="tokens per second, agent-loop overhead, prefix reuse, concurrency",
                        description="Throughput through agora vs llama-cpp-python directly, agent-loop "
                                    "overhead per step, debate KV-prefix reuse and concurrency against "
                                    "a loopback OpenAI-compatible server.")
    s.add_argument("--model", default=None, metavar="SPEC", help="model spec (default: the configured model)")
    s.add_argument("--tokens", type=int, default=64, help="tokens to generate per measurement")
    s.add_argument("--repeats", type=int, default=3, help="repeats per measurement (the median is shown)")
    s.add_argument("--delay", type=float, default=0.2, help="seconds the stub server waits per call")
    s.add_argument("--out", default=None, help="also write the figures to this JSON file")
    s.set_defaults(run=run_speed_cmd)


def run(args: argparse.Namespace) -> int:
    import sys

    print("agora: error: choose one: agora bench quality | agent | speed | report DIR",
          file=sys.stderr)
    return 2


def _settings(model: str | None):
    from agora.config import load_settings

    return load_settings({"model": model})


def _check_positive(name: str, value: int | None, minimum: int = 1) -> None:
    from agora.errors import ConfigError

    if value is not None and value < minimum:
        raise ConfigError(f"--{name} must be at least {minimum}")


def run_quality_cmd(args: argparse.Namespace) -> int:
    from rich.console import Console

    from agora.bench.methods import METHODS, MethodConfig
    from agora.backends import shared_backend
    from agora.bench.quality import default_out_dir, parse_list, run_quality
    from agora.bench.tasks import TASKS

    _check_positive("limit", args.limit, 0)
    for name in ("debaters", "rounds", "sc_samples", "max_tokens", "concurrency"):
        _check_positive(name.replace("_", "-"), getattr(args, name))
    tasks = parse_list(args.tasks, list(TASKS), "task(s)")
    methods = parse_list(args.methods, list(METHODS), "method(s)")
    console = Console()
    specs = args.model or [_settings(None).model]
    backends = []
    for spec in specs:
        settings = _settings(spec)
        backends.append(shared_backend(settings.model, **settings.backend_options()))
    if not 0 < args.consensus <= 1:
        from agora.errors import ConfigError

        raise ConfigError(f"--consensus must be a fraction above 0 and at most 1 (got {args.consensus:g})")
    cfg = MethodConfig(debaters=args.debaters, rounds=args.rounds, sc_samples=args.sc_samples,
                       max_tokens=args.max_tokens, seed=args.seed, consensus=args.consensus,
                       panel=tuple(s.strip() for s in (args.panel or "").split(",") if s.strip()))
    out = args.out or default_out_dir()
    view = _LiveView(console)
    with view:
        summary = run_quality(backends, tasks, methods, limit=args.limit, seed=args.seed, out_dir=out,
                              config=cfg, resume=args.resume, chart=not args.no_chart,
                              on_result=view.update, concurrency=args.concurrency)
    console.print(quality_table(summary))
    _print_notes(console, summary)
    console.print(f"results: {out}/results.json, per item: {out}/results.jsonl"
                  + (f", chart: {summary['chart']}" if summary.get("chart") else ""))
    if summary.get("chart_skipped"):
        console.print(f"[yellow]no chart: {summary['chart_skipped']}[/yellow]")
    return 0


def run_report_cmd(args: argparse.Namespace) -> int:
    from rich.console import Console

    from agora.bench.quality import rebuild

    console = Console()
    summary = rebuild(args.out, chart=not args.no_chart)
    console.print(quality_table(summary))
    _print_notes(console, summary)
    console.print(f"results: {args.out}/results.json" + (f", chart: {summary['chart']}" if summary.get("chart") else ""))
    return 0


class _LiveView:
    """Progress bar and the running table, redrawn as each item finishes."""

    def __init__(self, console: Any):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = console
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console)
        self.task_id = self.progress.add_task("bench", total=None)
        self.records: list[dict] = []
        self.live: Any = None

    def __enter__(self) -> "_LiveView":
        from rich.live import Live

        self.live = Live(self.progress, console=self.console, refresh_per_second=4, transient=True)
        self.live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.live.__exit__(*exc)

    def update(self, result: Any, done: int, total: int) -> None:
        from rich.console import Group

        from agora.bench.report import summarize

        self.records.append(result.to_dict())
        mark = "right" if result.correct else ("unreadable" if result.parsed is None else "wrong")
        self.progress.update(self.task_id, completed=done, total=total,
                             description=f"{result.task} {result.item_id} {result.method}: {mark}")
        summary = summarize(self.records, {}, finished=False)
        self.live.update(Group(quality_table(summary), self.progress))


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def quality_table(summary: dict):
    """One table per (model, task), one row per method: fits an 80-column terminal."""
    from rich.console import Group

    rows = summary["rows"]
    groups = list(dict.fromkeys((r["model"], r["task"]) for r in rows))
    return Group(*[_group_table(model, task, [r for r in rows if (r["model"], r["task"]) == (model, task)])
                   for model, task in groups])


def _group_table(model: str, task: str, rows: list[dict]):
    from rich import box
    from rich.table import Table

    table = Table(title=f"agora bench quality: {model}, {task}", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ["method", "n", "acc", "95% CI", "un-\nread", "calls", "tok\nin", "tok\nout", "s/\nitem",
                "b/c p"]:
        table.add_column(col, justify="left" if col == "method" else "right", no_wrap=True)
    for r in rows:
        vs = r.get("vs_best_baseline")
        versus = "(best)" if r.get("best_baseline") else (
            f"{vs['b']}/{vs['c']} {vs['p_value']:.2g}" if vs else "")
        table.add_row(r["method"], str(r["n"]), _pct(r["accuracy"]),
                      f"{100 * r['ci_low']:.0f}-{_pct(r['ci_high'])}", _pct(r["parse_failure_rate"]),
                      f"{r['calls_per_item']:.1f}", f"{r['prompt_tokens_per_item']:.0f}",
                      f"{r['completion_tokens_per_item']:.0f}", f"{r['seconds_per_item']:.1f}", versus)
    best = next((r["method"] for r in rows if r.get("best_baseline")), None)
    if best:
        table.caption = (f"per item: calls, tokens, seconds. b/c p: exact McNemar against the best "
                         f"baseline ({best}); b = items only this method got right, c = only {best}")
    return table


def _print_notes(console: Any, summary: dict) -> None:
    for r in summary["rows"]:
        rounds = r.get("rounds")
        if rounds and rounds["majority_accuracy_per_round"]:
            acc = " -> ".join(_pct(a) for a in rounds["majority_accuracy_per_round"])
            changes = ", ".join(f"{c:.2f}" for c in rounds["answer_changes_per_round"]) or "-"
            console.print(f"{r['task']} {r['method']}: majority accuracy by round {acc}; debaters changing "
                          f"answer per round {changes}; right->wrong {rounds['right_to_wrong']}, "
                          f"wrong->right {rounds['wrong_to_right']}")
        if rounds and r["method"] in ("debate-judge", "judge-swap") and rounds.get("judge_agrees_with_vote") is not None:
            console.print(f"{r['task']} {r['method']}: the judge agreed with the majority vote on "
                          f"{_pct(rounds['judge_agrees_with_vote'])} of the items it judged")
        if rounds and rounds.get("judge_consistent") is not None:
            console.print(f"{r['task']} {r['method']}: judge consistent under swap (answers reversed) on "
                          f"{_pct(rounds['judge_consistent'])} of {rounds['judge_swaps']} items")
        if rounds and rounds.get("truth_lost") is not None:
            console.print(f"{r['task']} {r['method']}: the right answer was in the final pool but lost on "
                          f"{_pct(rounds['truth_lost'])} of the items")
        if r.get("errors"):
            console.print(f"[yellow]{r['task']} {r['method']}: {r['errors']} item(s) failed with an error "
                          "(scored wrong; see results.jsonl)[/yellow]")
    if not summary.get("finished"):
        console.print("[yellow]the run did not finish: the figures cover the items measured[/yellow]")


def run_speed_cmd(args: argparse.Namespace) -> int:
    from rich.console import Console

    from agora.bench.report import write_json
    from agora.bench.speed import run_speed

    for name in ("tokens", "repeats"):
        _check_positive(name, getattr(args, name))
    settings = _settings(args.model)
    console = Console()
    with console.status("measuring..."):
        figures = run_speed(settings.model, settings.backend_options(), tokens=args.tokens,
                            repeats=args.repeats, delay=args.delay,
                            on_figure=lambda name, row: console.print(speed_line(name, row)))
    if args.out:
        write_json(args.out, figures)
        console.print(f"figures: {args.out}")
    return 0


def speed_line(name: str, row: dict) -> str:
    if row.get("skipped"):
        return f"[dim]{name}: skipped ({row['skipped']})[/dim]"
    parts = ", ".join(f"{k}={_fmt(v)}" for k, v in row.items())
    return f"[bold]{name}[/bold]: {parts}"


def _fmt(v: Any) -> str:
    return f"{v:.3g}" if isinstance(v, float) else str(v)
