"""``agora ask "..." --debate N``: the debate flags of ``agora ask`` and what they run.
(ask.py calls :func:`add_debate_arguments` and :func:`run_debate`; the view is debate_view.py.)

stdout gets the answer only (or one JSON object with ``--json``); the live view and notes go
to stderr. ``--save run.jsonl`` writes every event as it happens, so an interrupted or failed
debate keeps everything it produced.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

DEBATE_ONLY = ("rounds", "models", "personas", "judge", "aggregate", "save", "markdown", "personas_dir",
               "no_early_stop")


def add_debate_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("debate")
    g.add_argument("--debate", type=int, metavar="N", help="run a debate of N debaters instead of one agent")
    g.add_argument("--rounds", type=int, help="debate rounds at most (default 2; stops early on consensus)")
    g.add_argument("--no-early-stop", action="store_true", default=None,
                   help="play every round even when all debaters agree (fixed compute)")
    g.add_argument("--models", help="comma-separated model specs, one per debater (cycled)")
    g.add_argument("--personas", help="comma-separated personas, one per debater (cycled); "
                   "default calculator,skeptic,expert,...")
    g.add_argument("--personas-dir", help="folder with your own persona .toml files (searched first)")
    g.add_argument("--judge", metavar="SPEC", help="model spec of the judge (default: the first debater's)")
    g.add_argument("--aggregate", choices=("judge", "vote"), help="final answer by the judge (default) "
                   "or by majority vote; both are recorded")
    g.add_argument("--save", metavar="FILE", help="write the transcript (JSON lines) as it happens")
    g.add_argument("--markdown", metavar="FILE", help="write a Markdown report of the debate")


def check_debate_flags(args: argparse.Namespace) -> None:
    """Debate-only flags without --debate are a usage error, not silently ignored."""
    from agora.errors import ConfigError

    if getattr(args, "debate", None) is None:
        given = [f"--{n.replace('_', '-')}" for n in DEBATE_ONLY if getattr(args, n, None) is not None]
        if given:
            raise ConfigError(f"{', '.join(given)} {'needs' if len(given) == 1 else 'need'} --debate N")


def _split(value: str | None) -> list[str] | None:
    if not value:
        return None
    items = [v.strip() for v in value.split(",") if v.strip()]
    return items or None


def run_debate(args: argparse.Namespace, settings: Any, question: str) -> int:
    from rich.console import Console

    from agora.debate.debate import Debate, Debater
    from agora.errors import ConfigError
    from agora.events import TranscriptWriter, fan_out
    from agora.cli.ask import load_model
    from agora.cli.debate_view import DebateView, debate_markdown

    if args.debate < 1:
        raise ConfigError("--debate needs at least 1 debater")
    rounds = args.rounds if args.rounds is not None else 2
    if rounds < 1:
        raise ConfigError("--rounds must be at least 1")
    specs = _split(args.models) or [settings.model]
    personas = _split(args.personas)
    personas_dir = args.personas_dir or settings.personas_dir
    if personas_dir and not Path(personas_dir).expanduser().is_dir():
        raise ConfigError(f"personas folder {personas_dir} does not exist")
    tools: list[Any] = []
    if getattr(args, "tools", None):
        from agora.tools import resolve_tools

        tools = resolve_tools(args.tools, **({"index": settings.index} if settings.index else {}))
    # one backend per distinct spec: debaters on one local model share it (and its KV cache)
    backends = {spec: load_model(spec, settings) for spec in dict.fromkeys(specs)}
    judge = load_model(args.judge, settings) if args.judge else None
    from agora.debate.debate import DEFAULT_PERSONAS

    names = personas or list(DEFAULT_PERSONAS)
    temperature = settings.temperature if "temperature" in settings.model_fields_set else None
    tools += [t for toolset in getattr(args, "mcp_tools", []) for t in toolset]  # --mcp servers' tools
    debaters = [Debater(model=backends[specs[i % len(specs)]], persona=names[i % len(names)],
                        tools=tools, temperature=temperature) for i in range(args.debate)]
    debate = Debate(debaters, rounds=rounds, judge=judge if judge is not None else debaters[0].model,
                    aggregate=args.aggregate or "judge", token_budget=args.token_budget,
                    seed=settings.seed or 0, max_tokens=settings.max_tokens, personas_dir=personas_dir,
                    max_seconds=args.max_seconds, early_stop=not args.no_early_stop)

    out = Console(soft_wrap=True)
    err = Console(stderr=True)
    view = None if args.json else DebateView(err)
    writer = TranscriptWriter(args.save) if args.save else None
    try:
        result = debate.run(question, on_event=fan_out(view, writer))
    finally:  # an interrupted debate keeps its transcript and leaves the terminal clean
        if view is not None:
            view.close()
        if writer is not None:
            writer.close()
    if args.markdown:
        Path(args.markdown).write_text(debate_markdown(result.trace), encoding="utf-8")
    if args.json:
        print(json.dumps(debate_json(result), ensure_ascii=False))
    else:
        out.print(result.answer, markup=False, highlight=False)
    if not result.answer:
        print("agora: error: no debater gave an answer", file=sys.stderr)
        return 1
    return 0


def debate_json(result: Any) -> dict[str, Any]:
    u = result.usage
    return {
        "answer": result.answer,
        "method": result.method,
        "vote_answer": result.vote_answer,
        "vote_count": result.vote_count,
        "verdict": result.verdict.model_dump() if result.verdict else None,
        "judge_agrees_with_vote": result.judge_agrees_with_vote,
        "rounds": result.rounds,
        "stop_reason": result.stop_reason,
        "complete": result.complete,
        "notes": result.notes,
        "usage": {"prompt_tokens": u.prompt_tokens, "completion_tokens": u.completion_tokens,
                  "total_tokens": u.total_tokens, "prompt_tokens_evaluated": u.prompt_tokens_evaluated,
                  "calls": u.calls},
        "seconds": round(result.seconds, 3),
    }
