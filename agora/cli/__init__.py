"""The ``agora`` command. Each subcommand is a module here with ``add_parser(subparsers)``
and ``run(args) -> int``; modules are imported lazily so ``agora --help`` stays fast.

Every AgoraError becomes one line on stderr and an exit code (2 usage, 1 runtime); a
traceback is only shown with AGORA_DEBUG=1.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

#: subcommand -> module (relative to agora.cli)
COMMANDS = {
    "ask": ".ask",
    "models": ".models",
    "chat": ".chat",
    "index": ".index",
    "replay": ".replay",
    "bench": ".bench",
    "serve": ".serve",
    "batch": ".batch",
    "mcp": ".mcp",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="agora", description="LLM agents and multi-model debate.")
    parser.add_argument("--version", action="version", version=f"agora {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS.values():
        try:
            mod = importlib.import_module(module, __name__)
        except ModuleNotFoundError as err:
            if err.name and err.name.startswith("agora.cli"):
                continue  # a subcommand not written yet
            raise
        mod.add_parser(sub)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("agora")
    except PackageNotFoundError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    from agora.errors import AgoraError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except AgoraError as err:
        if os.environ.get("AGORA_DEBUG"):
            raise
        print(f"agora: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("agora: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
