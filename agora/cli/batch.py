"""``agora batch questions.jsonl --profile NAME --concurrency N --out results.jsonl``: answer
many questions with one profile (see ``agora serve`` / agora.toml ``[serve.models.NAME]``).

A progress bar goes to stderr; each result is appended to ``--out`` as soon as it is done.
Run it again with the same ``--out`` to resume: items already there are skipped (failed ones
too, unless ``--retry-failed``). Exit status 1 when an item failed (each is recorded with its
error), 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("batch", help="answer a JSONL file of questions with a profile, resumably",
                       description="Answer many questions with one profile; results as JSON lines.")
    p.add_argument("input", help='JSONL: one {"id", "question"} or {"id", "messages"} object per line')
    p.add_argument("--profile", default="agora", help="profile name (built-in or agora.toml; default agora)")
    p.add_argument("--out", required=True, help="results file (JSONL; appended to, and read to resume)")
    p.add_argument("--concurrency", type=int, default=4, help="items at once (default 4; a local model "
                   "runs one at a time)")
    p.add_argument("--model", help="model spec of the built-in profiles")
    p.add_argument("--retry-failed", action="store_true", help="run again the items recorded as failed")
    p.add_argument("--max-seconds", type=float, help="wall-clock limit per item")
    p.add_argument("--token-budget", type=int, help="tokens per item at most")
    p.add_argument("--max-tokens", type=int, help="tokens per model call")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from agora.batch import profile_answerer, read_items, run_batch
    from agora.cli.ask import load_model
    from agora.config import load_settings
    from agora.errors import ConfigError
    from agora.profiles import load_profiles

    if args.concurrency < 1:
        raise ConfigError("--concurrency must be at least 1")
    settings = load_settings({"model": args.model})
    profiles = load_profiles(settings.serve.get("models"), model=settings.model)
    if args.profile not in profiles:
        raise ConfigError(f"unknown profile {args.profile!r}: choose one of {', '.join(profiles)}")
    profile = profiles[args.profile]
    items = read_items(args.input)
    err = Console(stderr=True)

    from agora.profiles import reuse_backends

    load = reuse_backends(lambda spec: load_model(spec, settings))  # one client per model for the batch

    concurrency = args.concurrency
    specs = (profile.models or [profile.model]) + ([profile.judge] if profile.judge else [])
    for spec in dict.fromkeys(specs):  # a bad spec or a missing model is one error now, not one per item
        load(spec)
    if concurrency > 1 and any(s.startswith(("local:", "gguf:")) for s in specs):
        err.print("agora batch: a local model answers one call at a time: running with concurrency 1")
        concurrency = 1
    from agora.otel import tracing_from_env

    tracing = tracing_from_env()  # spans over OTLP only when configured
    answer = profile_answerer(profile, load, tracing=tracing, max_seconds=args.max_seconds, token_budget=args.token_budget,
                              max_tokens=args.max_tokens)
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(), console=err,
                        transient=False)
    task = None

    def started(summary) -> None:
        nonlocal task
        task = progress.add_task(args.profile, total=summary.total, completed=summary.skipped, failed=0)

    def finished(row, summary) -> None:
        if task is not None:
            progress.update(task, advance=1, failed=summary.failed)

    with progress:
        summary = run_batch(items, answer, out=args.out, concurrency=concurrency, retry_failed=args.retry_failed,
                            on_start=started, on_result=finished)
    if tracing is not None:
        tracing.shutdown()
    note = f", {summary.skipped} already done" if summary.skipped else ""
    print(f"agora batch: {summary.done} answered ({summary.failed} failed{note}) in {summary.seconds:.1f} s "
          f"-> {args.out}", file=sys.stderr)
    return 1 if summary.failed else 0
