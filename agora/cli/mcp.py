"""``agora mcp``: serve agora's ask / debate / retrieve as MCP tools (stdio, or streamable
HTTP on 127.0.0.1 with ``--port``); and the ``--mcp SPEC`` option that ``agora ask`` and
``agora chat`` share to take tools from MCP servers.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any, Iterator


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("mcp", help="serve ask / debate / retrieve as an MCP server (stdio or HTTP)",
                       description="Serve agora's tools over MCP: stdio by default, streamable HTTP on "
                                   "127.0.0.1 with --port. Profiles come from [serve.models.NAME] in agora.toml.")
    p.add_argument("--port", type=int, help="serve streamable HTTP on 127.0.0.1:PORT (path /mcp)")
    p.add_argument("--model", help="model of the built-in profiles (default: the configured model)")
    p.add_argument("--index", help="retrieval index served by the retrieve tool")
    p.add_argument("--tools", default="calculator,python",
                   help="built-in tools a client may ask for (default calculator,python; 'none' for none)")
    p.add_argument("--max-seconds", type=float, default=120.0, help="wall-clock limit per run (default 120)")
    p.add_argument("--token-budget", type=int, default=20000, help="tokens per run at most (default 20000)")
    p.add_argument("--max-debaters", type=int, default=5, help="debaters per debate at most (default 5)")
    p.add_argument("--max-rounds", type=int, default=4, help="rounds per debate at most (default 4)")
    p.add_argument("--transcripts", help="folder for debate transcripts (default: the user data folder)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from agora.config import load_settings
    from agora.errors import ConfigError
    from agora.tools import BUILTIN

    from agora.mcp.server import ServerLimits, build_server, serve

    try:
        import mcp  # noqa: F401
    except ImportError:
        from agora.errors import missing_extra

        raise missing_extra("the mcp package", "mcp") from None
    if args.max_seconds <= 0 or args.token_budget < 1 or args.max_debaters < 1 or args.max_rounds < 1:
        raise ConfigError("--max-seconds, --token-budget, --max-debaters and --max-rounds must be positive")
    tools = [] if args.tools.strip().lower() == "none" else [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in BUILTIN]
    if unknown:
        raise ConfigError(f"--tools: unknown tool(s) {', '.join(unknown)}: choose from {', '.join(BUILTIN)}")
    settings = load_settings({"model": args.model, "index": args.index})
    limits = ServerLimits(max_seconds=args.max_seconds, token_budget=args.token_budget,
                          max_debaters=args.max_debaters, max_rounds=args.max_rounds, tools=tools)
    app = build_server(settings, limits=limits, transcripts=args.transcripts)
    if args.port is not None:
        print(f"agora mcp: serving on http://127.0.0.1:{args.port}/mcp", file=sys.stderr, flush=True)
    serve(app, port=args.port)
    return 0


# --- the --mcp option of ask and chat ---------------------------------------------------


def add_mcp_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mcp", action="append", default=[], metavar="SPEC",
                   help="tools from an MCP server: a command ('python server.py'), a URL "
                        "(http://127.0.0.1:9000/mcp) or a [mcp.servers.NAME] of agora.toml; repeatable")


@contextlib.contextmanager
def closing_mcp(args: argparse.Namespace) -> Iterator[None]:
    """Shut down the servers :func:`open_mcp` started for ``args`` when the block ends."""
    try:
        yield
    finally:
        from agora.mcp import close_all

        close_all(getattr(args, "mcp_tools", None) or [])


def open_mcp(args: argparse.Namespace, settings: Any, *, show_descriptions: bool = False) -> list[Any]:
    """Connect to the ``--mcp`` servers of ``args``: their toolsets, also kept as
    ``args.mcp_tools`` for :func:`closing_mcp`. Tool descriptions go to stderr when
    ``show_descriptions``, a warning when a tool changed always; a tool may not share its
    name with one of ``--tools``."""
    args.mcp_tools = []
    specs = getattr(args, "mcp", None) or []
    if not specs:
        return []
    from agora.mcp import connect_servers

    from rich.console import Console

    from agora.cli.render import EventRenderer

    # descriptions are info notices (shown with show_descriptions), a changed tool a warning
    on_event = EventRenderer(Console(stderr=True, soft_wrap=True), show_reasoning=show_descriptions)
    named = [t.strip() for t in (getattr(args, "tools", None) or "").split(",") if t.strip()]
    taken = named + (["fetch"] if "search" in named else [])
    args.mcp_tools = connect_servers(specs, config=settings.mcp, on_event=on_event, taken=taken)
    return args.mcp_tools


__all__ = ["add_parser", "run", "add_mcp_argument", "open_mcp", "closing_mcp"]
