"""``agora replay run.jsonl [--markdown [FILE]]``: re-render a saved transcript.

A debate transcript (written by ``agora ask ... --debate N --save run.jsonl``) shows every
round and the verdict; ``--markdown`` prints (or writes) the same Markdown report the live
run exports. Any other transcript is shown one event per line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replay", help="re-render a saved transcript (JSON lines)",
                       description="Re-render a transcript saved with --save.")
    p.add_argument("transcript", help="the .jsonl file")
    p.add_argument("--markdown", nargs="?", const="-", metavar="FILE",
                   help="print a Markdown report (or write it to FILE)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError
    from rich.console import Console

    from agora.errors import ConfigError
    from agora.events import read_transcript
    from agora.cli.debate_view import debate_markdown, is_debate, print_static

    path = Path(args.transcript)
    if not path.is_file():
        raise ConfigError(f"transcript {path} does not exist")
    try:
        events = read_transcript(path)
    except (ValueError, ValidationError, UnicodeDecodeError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise ConfigError(f"{path} is not an agora transcript ({first})") from None
    if not events:
        raise ConfigError(f"{path} holds no events")
    console = Console()
    if args.markdown is not None:
        if not is_debate(events):
            raise ConfigError("--markdown export is for debate transcripts")
        text = debate_markdown(events)
        if args.markdown == "-":
            sys.stdout.write(text)
        else:
            Path(args.markdown).write_text(text, encoding="utf-8")
        return 0
    if is_debate(events):
        print_static(console, events)
    else:
        for e in events:
            detail = {k: v for k, v in e.model_dump(exclude={"type", "source", "time"}).items() if v not in ("", None, [], {})}
            console.print(f"[bold]{e.type}[/bold] {e.source}".rstrip(), detail, highlight=False)
    return 0
