"""``agora ask "..." --debate N``: the debate flags of ``agora ask`` and what they run.
(ask.py calls :func:`add_debate_arguments` and :func:`run_debate`; the view is debate_view.py.)

The agent flags of ``agora ask`` reach every debater: ``--system``, ``--persona`` (every
debater takes it), ``--plan``, ``--critique``, ``--critic-model``, ``--max-steps``,
``--max-revisions``, ``--strict-sandbox`` and ``--index`` (their tools, persona tools
included); ``--max-seconds`` bounds the whole debate; ``--stream`` shows each debater's text as
it is generated; ``--show-reasoning`` prints each debater's thoughts, tool calls and
observations, labelled with its name.

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

#: the default wall-clock budget of a whole debate (every turn, the confidences, the judge)
DEBATE_SECONDS = 300.0
DEBATE_ONLY = ("rounds", "models", "personas", "judge", "aggregate", "save", "markdown", "personas_dir",
               "no_early_stop", "consensus", "judge_swap", "topology", "revise", "peer_tokens")


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
    g.add_argument("--judge", metavar="SPEC", help="model spec of the judge (default: the first debater's; "
                   "with --aggregate vote the judge's verdict is recorded beside the vote)")
    g.add_argument("--aggregate", choices=("judge", "vote", "weighted-vote"),
                   help="final answer by the majority vote (default; a tie goes to an answer a tool "
                   "computed), the judge, or a vote weighted by each debater's stated confidence; "
                   "every one computed is recorded")
    g.add_argument("--consensus", type=float, metavar="F", help="stop once a fraction F of the debaters "
                   "agree (0 < F <= 1; default 1 = all); later rounds run only on disagreement")
    g.add_argument("--judge-swap", action="store_true", default=None, help="the judge reads the answers "
                   "twice, the second time in reversed order; a verdict that flips falls back to the vote")
    g.add_argument("--topology", choices=("all", "ring", "star"), help="who reads whom after round 1: "
                   "everyone (default), the two neighbours, or the hub (the first debater) only")
    g.add_argument("--revise", choices=("all", "dissent"), help="who revises after round 1: everyone "
                   "(default), or only the debaters outside the lead (the lead, held by two or more or "
                   "computed by a tool, stands)")
    g.add_argument("--peer-tokens", type=int, metavar="N", help="after round 1 each debater reads at most N "
                   "tokens of each peer's reasoning (default: what fits its context)")
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


def debate_setup(args: argparse.Namespace) -> dict[str, Any]:
    """What the agent flags of ``agora ask`` mean for a debate: passed to every debater where
    they have a meaning (as Debate options), refused where they have none."""
    from agora.errors import ConfigError

    if args.debate < 1:
        raise ConfigError("--debate needs at least 1 debater")
    if args.rounds is not None and args.rounds < 1:
        raise ConfigError("--rounds must be at least 1")
    if args.consensus is not None and not 0 < args.consensus <= 1:
        raise ConfigError(f"--consensus must be a fraction above 0 and at most 1 (got {args.consensus:g})")
    if args.peer_tokens is not None and args.peer_tokens < 1:
        raise ConfigError(f"--peer-tokens must be at least 1 (got {args.peer_tokens})")
    if args.max_steps < 1:
        raise ConfigError("--max-steps must be at least 1")
    if args.max_seconds is not None and args.max_seconds <= 0:
        raise ConfigError("--max-seconds must be positive")
    if getattr(args, "persona", None) and args.personas:
        raise ConfigError("--persona gives every debater one persona, --personas one each: use one of them")
    options: dict[str, Any] = {"plan": args.plan, "critique": args.critique or bool(args.critic_model),
                               "max_steps": args.max_steps, "max_revisions": args.max_revisions}
    if args.system:
        options["system"] = args.system  # replaces the personas' prompts, as for one agent
    return options


def run_debate(args: argparse.Namespace, settings: Any, question: str) -> int:
    from rich.console import Console

    from agora.cli.ask import load_model, tool_options_from
    from agora.cli.debate_view import DebateView, debate_markdown
    from agora.cli.render import EventRenderer
    from agora.debate.debate import DEFAULT_PERSONAS, Debate, Debater
    from agora.errors import ConfigError
    from agora.events import TranscriptWriter, fan_out

    agent_options = debate_setup(args)
    rounds = args.rounds if args.rounds is not None else 2
    specs = _split(args.models) or [settings.model]
    personas = _split(args.personas) or ([args.persona] if getattr(args, "persona", None) else None)
    personas_dir = args.personas_dir or settings.personas_dir
    if personas_dir and not Path(personas_dir).expanduser().is_dir():
        raise ConfigError(f"personas folder {personas_dir} does not exist")
    # --strict-sandbox and --index reach every debater's tools, its persona's tools included
    tool_options = tool_options_from(args, settings)
    if tool_options:
        agent_options["tool_options"] = tool_options
    tools: list[Any] = []
    if getattr(args, "tools", None):
        from agora.tools import resolve_tools

        tools = resolve_tools(args.tools, **tool_options)
    # one backend per distinct spec: debaters on one local model share it (and its KV cache)
    backends = {spec: load_model(spec, settings) for spec in dict.fromkeys(specs)}
    judge = load_model(args.judge, settings) if args.judge else None
    if args.critic_model:
        agent_options["critic_model"] = load_model(args.critic_model, settings)
    names = personas or list(DEFAULT_PERSONAS)
    temperature = settings.temperature if "temperature" in settings.model_fields_set else None
    tools += [t for toolset in getattr(args, "mcp_tools", []) for t in toolset]  # --mcp servers' tools
    debaters = [Debater(model=backends[specs[i % len(specs)]], persona=names[i % len(names)],
                        tools=tools, temperature=temperature) for i in range(args.debate)]
    stream = bool(args.stream) and not args.json
    aggregate: Any = args.aggregate or "vote"  # argparse has checked the choice
    if judge is None and (aggregate == "judge" or args.judge_swap):
        judge = debaters[0].model  # the first debater's model judges
    debate = Debate(debaters, rounds=rounds, judge=judge,
                    aggregate=aggregate, token_budget=args.token_budget,
                    seed=settings.seed or 0, max_tokens=settings.max_tokens, personas_dir=personas_dir,
                    max_seconds=args.max_seconds or DEBATE_SECONDS, early_stop=not args.no_early_stop,
                    consensus=args.consensus if args.consensus is not None else 1.0,
                    judge_swap=bool(args.judge_swap), topology=args.topology or "all",
                    revise=args.revise or "all", peer_tokens=args.peer_tokens,
                    agent_options=agent_options, stream=stream)

    out = Console(soft_wrap=True)
    err = Console(stderr=True)
    view = None if args.json else DebateView(err)
    # --show-reasoning: each debater's plan, thoughts, tool calls and observations, labelled
    steps = EventRenderer(err, show_reasoning=True) if args.show_reasoning else None
    writer = TranscriptWriter(args.save) if args.save else None
    try:
        result = debate.run(question, on_event=fan_out(view, _debaters_only(steps), writer))
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


#: what the debate view draws itself (the step renderer would repeat it)
_DEBATE_DRAWN = ("debate", "judge", "confidence")


def _debaters_only(renderer: Any) -> Any:
    if renderer is None:
        return None

    def handle(event: Any) -> None:
        if getattr(event, "source", "") not in _DEBATE_DRAWN and event.type not in ("token", "run_finished"):
            renderer(event)

    return handle


def debate_json(result: Any) -> dict[str, Any]:
    u = result.usage
    return {
        "answer": result.answer,
        "method": result.method,
        "vote_answer": result.vote_answer,
        "vote_count": result.vote_count,
        "weighted_answer": result.weighted_answer,
        "confidences": result.confidences,
        "verdict": result.verdict.model_dump() if result.verdict else None,
        "swap_verdict": result.swap_verdict.model_dump() if result.swap_verdict else None,
        "judge_consistent": result.judge_consistent,
        "judge_agrees_with_vote": result.judge_agrees_with_vote,
        "topology": result.topology,
        "pool": result.pool,
        "rounds": result.rounds,
        "round_usage": [{"prompt_tokens": r.prompt_tokens, "completion_tokens": r.completion_tokens,
                         "calls": r.calls} for r in result.round_usage],
        "stop_reason": result.stop_reason,
        "complete": result.complete,
        "notes": result.notes,
        "usage": {"prompt_tokens": u.prompt_tokens, "completion_tokens": u.completion_tokens,
                  "total_tokens": u.total_tokens, "prompt_tokens_evaluated": u.prompt_tokens_evaluated,
                  "calls": u.calls},
        "seconds": round(result.seconds, 3),
    }
