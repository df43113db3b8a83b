"""``agora models``: the model specs that work on this machine."""

from __future__ import annotations

import argparse
import importlib.util
import os


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list the model specs that work on this machine")
    p.set_defaults(run=run)


def available_specs() -> list[tuple[str, str]]:
    """(spec, note) for each model that can be used here."""
    from agora.backends import LOCAL_MODELS
    from agora.backends.models import find_local_model, is_installed

    rows = []
    has_llama = importlib.util.find_spec("llama_cpp") is not None
    for name in LOCAL_MODELS:
        if not is_installed(name):
            continue
        # listing reads nothing big: a model shipped in parts is joined on first use, not here
        path = find_local_model(name, assemble=False)
        where = str(path) if path else "installed; its parts are joined into one file on first use"
        if has_llama:
            rows.append((f"local:{name}", where))
        else:
            rows.append((f"local:{name}", "needs llama-cpp-python: pip install 'agora[local]'"))
    if has_llama:
        rows.append(("gguf:/path/to/model.gguf", "any GGUF file"))
    if os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"):
        rows.append(("openai:<model>", os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1")))
    rows.append(("openai:<model>@<base-url>", "any OpenAI-compatible server"))
    rows.append(("fake[:reply]", "offline test backend"))
    return rows


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table("spec", "where / note")
    for spec, note in available_specs():
        table.add_row(spec, note)
    Console().print(table)
    return 0
