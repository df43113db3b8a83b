"""``agora ask --tot`` (Tree of Thoughts) and ``agora ask --route`` (a profile per question):
their flags, their checks, and what the terminal shows (the tree; the route taken).
ask.py calls :func:`add_method_arguments`, :func:`check_method_flags`, :func:`tot_options`,
:func:`draw_tree` and :func:`run_route`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Iterable

#: agent flags a routed question cannot take: the chosen profile sets them
_PROFILE_SETS = ("tools", "persona", "system", "plan", "critique", "critic_model")


def add_method_arguments(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("methods")
    g.add_argument("--tot", action="store_true", help="answer by Tree of Thoughts: breadth-first over partial "
                   "solutions, the model proposing next steps and rating them (grammar-bound) to prune")
    g.add_argument("--breadth", type=int, help="Tree of Thoughts: partial solutions kept per level (default 2)")
    g.add_argument("--depth", type=int, help="Tree of Thoughts: levels at most (default 3)")
    g.add_argument("--proposals", type=int, help="Tree of Thoughts: next steps proposed per node (default 3)")
    g.add_argument("--route", nargs="?", const="", metavar="PROFILES",
                   help="choose a profile (agora.toml [serve.models.NAME] or built-in) per question: by rules, "
                        "else by a short classification call; optionally among these comma-separated names")


def check_method_flags(args: argparse.Namespace) -> None:
    from agora.errors import ConfigError

    tree = [f"--{n}" for n in ("breadth", "depth", "proposals") if getattr(args, n) is not None]
    if tree and not args.tot:
        raise ConfigError(f"{', '.join(tree)} {'needs' if len(tree) == 1 else 'need'} --tot")
    if args.tot and args.debate is not None:
        raise ConfigError("--tot and --debate are two methods: choose one")
    if args.tot and args.tools:
        raise ConfigError("--tot does not use tools: drop --tools (or use the ReAct agent without --tot)")
    if args.tot and (args.plan or args.critique or args.critic_model or args.stream):
        raise ConfigError("--tot searches a tree instead: it takes no --plan, --critique, --critic-model or --stream")
    if args.route is not None:
        if args.tot or args.debate is not None:
            raise ConfigError("--route chooses the method itself: drop --tot / --debate")
        given = [f"--{n.replace('_', '-')}" for n in _PROFILE_SETS if getattr(args, n, None)]
        if given:
            raise ConfigError(f"--route lets the chosen profile set {', '.join(given)}: drop it")


def tot_options(args: argparse.Namespace) -> dict[str, Any]:
    """Agent options for --tot (empty without it)."""
    if not args.tot:
        return {}
    chosen = {n: getattr(args, n) for n in ("breadth", "depth", "proposals") if getattr(args, n) is not None}
    return {"method": "tot", "method_options": chosen}


def draw_tree(console: Any, events: Iterable[Any]) -> None:
    """The search as a Rich tree: each node's step, its rating, kept or pruned."""
    from rich.markup import escape
    from rich.tree import Tree

    nodes = [e for e in events if getattr(e, "type", "") == "tot_node"]
    if not nodes:
        return
    rating = {1.0: "sure", 0.5: "likely", 0.0: "impossible"}
    root = Tree("[bold]Tree of Thoughts[/bold]")
    branches: dict[str, Any] = {"": root}
    for n in nodes:
        mark = "[green]kept[/green]" if n.kept else "[dim]pruned[/dim]"
        label = f"{escape(n.text)}  [dim]{rating.get(n.value, n.value)}[/dim] {mark}"
        branches[n.id] = branches.get(n.parent, root).add(label if n.kept else f"[dim]{label}[/dim]")
    console.print(root)


def run_route(args: argparse.Namespace, settings: Any, question: str) -> int:
    from rich.console import Console

    from agora.agent.router import Router, default_rules
    from agora.cli.ask import load_model
    from agora.cli.render import EventRenderer
    from agora.profiles import load_profiles

    profiles = load_profiles(settings.serve.get("models"), model=settings.model)
    names = [n.strip() for n in args.route.split(",") if n.strip()] or None
    pool = {k: v for k, v in profiles.items() if names is None or k in names}
    router = Router(profiles, rules=default_rules(pool), candidates=names,
                    classifier=load_model(settings.model, settings))
    err = Console(stderr=True, soft_wrap=True)
    steps = EventRenderer(err, show_reasoning=args.show_reasoning)

    def show(event: Any) -> None:
        if event.type == "route" and not args.json:
            err.print(f"[cyan]route:[/cyan] {event.profile} [dim]({event.method}: {event.reason})[/dim]",
                      highlight=False)
        steps(event)

    choice, answer = router.run(question, on_event=show, load=lambda spec: load_model(spec, settings),
                                seed=settings.seed, max_seconds=args.max_seconds, token_budget=args.token_budget,
                                **({"max_tokens": settings.max_tokens} if "max_tokens" in settings.model_fields_set else {}))
    steps.close()
    if args.json:
        u = answer.usage
        print(json.dumps({"answer": answer.answer, "profile": choice.profile,
                          "route": {"method": choice.method, "reason": choice.reason},
                          "complete": answer.complete, "stop_reason": answer.stop_reason,
                          "usage": {"prompt_tokens": u.prompt_tokens, "completion_tokens": u.completion_tokens,
                                    "calls": u.calls}, "seconds": round(answer.seconds, 3)}, ensure_ascii=False))
    elif answer.answer:
        print(answer.answer)
    if not answer.answer:
        print("agora: error: the chosen profile gave no answer", file=sys.stderr)
        return 1
    return 0


__all__ = ["add_method_arguments", "check_method_flags", "tot_options", "draw_tree", "run_route"]
