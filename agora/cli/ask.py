"""``agora ask "question"``: one agent (chain-of-thought, or ReAct with ``--tools``) answers.

Output: the answer on stdout; live reasoning (``--show-reasoning``) and notices on stderr, so
``agora ask ... > answer.txt`` keeps only the answer. ``--json`` prints ONE JSON object on
stdout (answer, reasoning, usage, timings, complete, stop_reason, ...).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from agora import defaults


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="ask one question (an agent, or a debate with --debate)",
                       description="Ask a question. The answer goes to stdout.")
    p.add_argument("question", help='the question ("-" reads it from stdin)')
    p.add_argument("--model", help="model spec: local:smollm2, gguf:PATH, openai:MODEL[@URL], fake[:REPLY]")
    p.add_argument("--system", help="system prompt (replaces the persona's)")
    p.add_argument("--persona", help="persona name or .toml file (see personas/)")
    p.add_argument("--max-tokens", type=int, help=f"tokens per model call (default {defaults.MAX_TOKENS})")
    p.add_argument("--temperature", type=float, help=f"sampling temperature (default {defaults.TEMPERATURE:g})")
    p.add_argument("--seed", type=int, help="sampling seed (same seed, same answer on local models)")
    p.add_argument("--tools", help="comma-separated tools: calculator,python,search,retrieve,units,dates")
    p.add_argument("--index", help="retrieval index file (SQLite) for the retrieve tool")
    p.add_argument("--strict-sandbox", action="store_true",
                   help="the python tool refuses to run where seccomp and Landlock are not available")
    add_approve_argument(p)
    p.add_argument("--plan", action="store_true", help="write a short plan first")
    p.add_argument("--critique", action="store_true", help="critique the answer and revise it")
    p.add_argument("--critic-model", help="model spec for the critic (default: the same model)")
    p.add_argument("--max-revisions", type=int, default=1, help="revisions after critique (default 1)")
    p.add_argument("--max-steps", type=int, default=8, help="tool steps at most (default 8)")
    p.add_argument("--max-seconds", type=float, default=None,
                   help=f"wall-time limit (default {defaults.MAX_SECONDS:g}; for a whole debate 300)")
    p.add_argument("--token-budget", type=int, help="total tokens for the whole run")
    p.add_argument("--show-reasoning", action="store_true",
                   help="show plan, thoughts, tool calls and observations as they happen (stderr)")
    p.add_argument("--stream", action="store_true", help="print tokens as they are generated")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    from agora.cli.mcp import add_mcp_argument

    add_mcp_argument(p)
    from agora.cli.debate_cmd import add_debate_arguments
    from agora.cli.methods_cmd import add_method_arguments

    add_debate_arguments(p)  # --debate N and its flags

    add_method_arguments(p)  # --tot (Tree of Thoughts), --route (a profile per question)
    p.set_defaults(run=run)


def add_approve_argument(p: argparse.ArgumentParser) -> None:
    """``--approve [TOOLS]``: ask on the terminal before each tool call (or before calls of the
    comma-separated TOOLS). Shared by ask and chat."""
    def tools(value: str) -> str:
        if value != "*" and not re.fullmatch(r"[A-Za-z0-9_,-]+", value):
            raise argparse.ArgumentTypeError(f"{value!r} is not a list of tool names (put the question "
                                             "before --approve, or write --approve=TOOLS)")
        return value

    p.add_argument("--approve", nargs="?", const="*", type=tools, metavar="TOOLS",
                   help="ask on the terminal before each tool call runs (only for TOOLS, comma-separated, "
                        "if given): y / n / always for this tool / show full arguments")


def approver_from(args: argparse.Namespace) -> dict[str, Any]:
    """Agent options for ``--approve``; refuses (ConfigError, exit 2) without a terminal."""
    if getattr(args, "approve", None) is None:
        return {}
    from agora.cli.approve import TerminalApprover, check_terminal

    check_terminal()
    names = None if args.approve in ("*", "all") else [t for t in args.approve.split(",") if t]
    return {"approve": TerminalApprover(), "approve_tools": names}


def run(args: argparse.Namespace) -> int:
    from agora.cli.mcp import closing_mcp

    with closing_mcp(args):  # --mcp servers are shut down however the command ends
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from agora.cli.mcp import open_mcp
    from agora.config import load_settings
    from agora.errors import ConfigError

    question = sys.stdin.read().strip() if args.question == "-" else args.question.strip()
    if not question:
        raise ConfigError("the question is empty")
    settings = load_settings({
        "model": args.model, "temperature": args.temperature, "max_tokens": args.max_tokens,
        "seed": args.seed, "system": args.system, "index": args.index,
    })
    open_mcp(args, settings, show_descriptions=args.show_reasoning)
    from agora.cli.debate_cmd import check_debate_flags, run_debate
    from agora.cli.methods_cmd import check_method_flags, run_route

    check_debate_flags(args)
    check_method_flags(args)
    if args.debate is not None and args.approve is not None:
        raise ConfigError("--approve works with one agent, not with --debate (its tool calls would run unasked)")
    if args.debate is not None:
        return run_debate(args, settings, question)
    if args.route is not None:
        return run_route(args, settings, question)
    return run_agent(args, settings, question)


def load_model(spec: str, settings: Any) -> Any:
    """The backend for ``spec`` with the settings' options for it (shared process-wide)."""
    from agora.backends import shared_backend

    return shared_backend(spec, **settings.model_copy(update={"model": spec}).backend_options())


def run_agent(args: argparse.Namespace, settings: Any, question: str) -> int:
    from rich.console import Console
    from rich.markup import escape

    from agora.agent.agent import Agent
    from agora.cli.methods_cmd import draw_tree, tot_options
    from agora.personas import load_persona
    from agora.cli.render import EventRenderer
    from agora.tools import resolve_tools

    if args.max_steps < 1:
        from agora.errors import ConfigError

        raise ConfigError("--max-steps must be at least 1")
    tool_options = tool_options_from(args, settings)
    approval = approver_from(args)  # before any model loads: no terminal, no run
    tools = resolve_tools(args.tools, **tool_options) + resolve_tools(getattr(args, "mcp_tools", []))
    backend = load_model(settings.model, settings)
    critic = load_model(args.critic_model, settings) if args.critic_model else None
    explicit = settings.model_fields_set
    persona = load_persona(args.persona, settings.personas_dir) if args.persona else None
    agent = Agent(
        model=backend, system=settings.system, persona=persona, tools=tools,
        max_steps=args.max_steps, max_tokens=settings.max_tokens, token_budget=args.token_budget,
        max_seconds=args.max_seconds or defaults.MAX_SECONDS,
        # a persona's temperature counts unless one was given (flag, env or agora.toml)
        temperature=settings.temperature if "temperature" in explicit or not args.persona else None,
        seed=settings.seed, plan=args.plan, critique=args.critique or bool(critic),
        critic_model=critic, max_revisions=args.max_revisions, **approval, **tot_options(args),
    )
    out = Console(soft_wrap=True)
    err = Console(stderr=True, soft_wrap=True)
    stream = args.stream and not args.json
    renderer = EventRenderer(err, show_reasoning=args.show_reasoning, stream_console=out if stream else None)
    if args.show_reasoning and any(t.name == "python" for t in tools):
        err.print(f"[dim]python sandbox: {escape(sandbox_level(tools))}[/dim]")
    result = agent.run(question, on_event=renderer, stream=stream)
    renderer.close()
    if args.tot and not args.json:
        draw_tree(err, result.trace)

    citations = result.citations()
    answer = with_citations(result.answer, citations)
    if args.json:
        print(json.dumps(result_json(result, citations), ensure_ascii=False))
    elif stream:
        out.print()
        out.print(f"[bold]Answer:[/bold] {escape(answer)}" if answer else "[dim](no answer)[/dim]",
                  highlight=False)
    elif answer:  # nothing on stdout when the run produced no answer (the error is on stderr)
        out.print(answer, markup=False, highlight=False)
    if result.stop_reason == "error":
        print(f"agora: error: {result.error or 'the model failed'}", file=sys.stderr)
        return 1
    if not result.complete and not args.json:
        err.print(f"[yellow]incomplete: {result.stop_reason}[/yellow]")
    return 0


def tool_options_from(args: argparse.Namespace, settings: Any) -> dict[str, Any]:
    """Options for the built-in tools from the flags (ask and chat share them)."""
    options: dict[str, Any] = {"index": settings.index} if settings.index else {}
    if getattr(args, "strict_sandbox", False):
        options["strict"] = True
    return options


def sandbox_level(tools: list[Any]) -> str:
    """The isolation the python tool's sandbox has here (probed once, by a tiny run)."""
    from agora.tools.python import isolation_level

    options = next(t.sandbox.options for t in tools if t.name == "python")
    return isolation_level(namespaces=options["namespaces"]) + (" (strict)" if options["strict"] else "")


def with_citations(answer: str, citations: list[str]) -> str:
    """The answer with the ``[path#chunk]`` of the passages it rests on, unless it cites them."""
    missing = [c for c in citations if f"[{c}]" not in answer]
    return " ".join([answer, *(f"[{c}]" for c in missing)]) if answer else answer


def result_json(result: Any, citations: list[str]) -> dict[str, Any]:
    usage = result.usage
    return {
        "answer": result.answer,
        "reasoning": result.reasoning,
        "complete": result.complete,
        "stop_reason": result.stop_reason,
        "model": result.model,
        "usage": {
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
            "total_tokens": usage.total_tokens,
            "prompt_tokens_evaluated": usage.prompt_tokens_evaluated,
            "calls": usage.calls,
        },
        "timings": {"seconds": round(result.seconds, 3),
                    "model_seconds": round(result.model_seconds, 3)},
        "plan": result.plan,
        "drafts": result.drafts,
        "tool_calls": [{"tool": s.call.name, "arguments": s.call.arguments, "ok": s.ok,
                        "completion_tokens": s.usage.completion_tokens} for s in result.tool_steps()],
        "citations": citations,
        "error": result.error,
    }
