"""``agora index``: build and query the retrieval index used by the ``retrieve`` tool.

    agora index add PATH... [--index P] [--embedder SPEC]   (progress bar; unchanged files skipped)
    agora index ls [--index P]
    agora index rm PATH [--index P]
    agora index search "query" [-k N] [--mode bm25|dense|hybrid] [--index P]

The index is one SQLite file: ``--index``, else the ``index`` setting (AGORA_INDEX,
agora.toml), else ``index.sqlite`` in the user data folder.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="index your documents for the retrieve tool",
                       description="Build and search the retrieval index (one SQLite file).")
    p.set_defaults(run=lambda args: (p.print_help(), 2)[1])
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    def common(q: argparse.ArgumentParser) -> None:
        q.add_argument("--index", help="the index file (default: the user's index)")

    a = actions.add_parser("add", help="add files and folders (recursively)")
    a.add_argument("paths", nargs="+", metavar="PATH")
    common(a)
    a.add_argument("--embedder", help="embedding model spec: local:smollm2 (default for a new index), "
                                      "gguf:PATH, openai:MODEL, hash, none (BM25 only)")
    a.add_argument("--chunk-size", type=int, help="chunk size (default 200 tokens / 800 chars)")
    a.add_argument("--overlap", type=int, help="overlap between chunks (default 30 tokens / 120 chars)")
    a.add_argument("--unit", choices=("tokens", "chars"), default="tokens", help="unit of sizes")
    a.set_defaults(run=run_add)

    ls = actions.add_parser("ls", help="list the indexed files")
    common(ls)
    ls.set_defaults(run=run_ls)

    rm = actions.add_parser("rm", help="remove a file (or every file under a folder) from the index")
    rm.add_argument("path", metavar="PATH")
    common(rm)
    rm.set_defaults(run=run_rm)

    s = actions.add_parser("search", help="search the index")
    s.add_argument("query")
    s.add_argument("-k", type=int, default=5, help="how many chunks (default 5)")
    s.add_argument("--mode", choices=("bm25", "dense", "hybrid"), default="hybrid")
    s.add_argument("--rerank", action="store_true", help="let the chat model reorder the results")
    s.add_argument("--embedder", help="refuse to search unless the index was built by this model")
    common(s)
    s.set_defaults(run=run_search)


def run(args: argparse.Namespace) -> int:  # the dispatcher calls args.run; kept for symmetry
    return args.run(args)


def _index_path(args: argparse.Namespace) -> Path:
    from agora.config import load_settings
    from agora.rag.index import default_index_path

    settings = load_settings({"index": getattr(args, "index", None)})
    return Path(settings.index).expanduser() if settings.index else default_index_path()


def _existing(args: argparse.Namespace) -> Path:
    """The index path, which must already exist (ls/rm/search never create one)."""
    from agora.errors import RetrievalError

    path = _index_path(args)
    if not path.is_file():
        raise RetrievalError(f"no index at {path}: build one with `agora index add PATH...`")
    return path


def _err() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def run_add(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from agora.errors import ConfigError
    from agora.events import Notice
    from agora.rag.index import Index, display_path

    # bad paths are refused before the index file is opened or created
    missing = [p for p in args.paths if not Path(p).expanduser().exists()]
    if missing:
        raise ConfigError(f"no such file or folder: {', '.join(missing)}")
    for value, name in ((args.chunk_size, "--chunk-size"), (args.overlap, "--overlap")):
        if value is not None and value < (1 if name == "--chunk-size" else 0):
            raise ConfigError(f"{name} must be {'positive' if name == '--chunk-size' else '0 or more'}")
    path = _index_path(args)
    err = _err()
    index = Index(path, embedder=args.embedder, chunk_size=args.chunk_size, overlap=args.overlap,
                  unit=args.unit)
    warnings: list[str] = []

    def on_event(event: object) -> None:
        if isinstance(event, Notice):
            warnings.append(event.text)

    with index, Progress(TextColumn("[bold]indexing"), BarColumn(), MofNCompleteColumn(),
                         TimeElapsedColumn(), TextColumn("{task.description}"),
                         console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, current: str) -> None:
            bar.update(task, completed=done, total=total, description=display_path(current)[-60:])

        report = index.add(args.paths, on_event=on_event, progress=progress)
    for text in warnings:
        err.print(f"[yellow]warning:[/] {text}")
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"indexed {report.indexed} file(s) ({len(report.added)} new, {len(report.updated)} changed; "
              f"{report.chunks} chunks), {len(report.unchanged)} unchanged, {len(report.skipped)} skipped "
              f"in {report.seconds:.1f} s -> {path}")
    if report.indexed == 0 and not report.unchanged:
        print("agora: error: no readable documents among the given paths (see the warnings above)",
              file=sys.stderr)
        return 1
    return 0


def run_ls(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from agora.rag.index import Index, display_path

    with Index(_existing(args)) as index:
        stats, rows = index.stats(), index.sources()
    table = Table(title=f"{stats['path']}", title_justify="left")
    table.add_column("file", overflow="fold")  # long paths wrap instead of being cut
    for name in ("chunks", "size", "added"):
        table.add_column(name, no_wrap=True)
    for row in rows:
        table.add_row(display_path(row["path"]), str(row["chunks"]), _size(row["size"]),
                      time.strftime("%Y-%m-%d %H:%M", time.localtime(row["added"])))
    out = Console(highlight=False, soft_wrap=True)
    out.print(table)
    out.print(f"{stats['sources']} file(s), {stats['chunks']} chunks; embedding model: "
              f"{stats['embedding_model'] or '(none yet)'}")
    return 0


def run_rm(args: argparse.Namespace) -> int:
    from rich.console import Console

    from agora.rag.index import Index

    with Index(_existing(args)) as index:
        n = index.remove(args.path)
    Console(highlight=False, soft_wrap=True).print(f"removed {n} file(s) from {index.path}")
    return 0


def run_search(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape

    from agora.errors import ConfigError
    from agora.rag.index import Index

    if args.k < 1:
        raise ConfigError("-k must be at least 1")
    rerank = None
    if args.rerank:
        from agora.config import load_settings

        rerank = load_settings({}).model
    with Index(_existing(args), embedder=args.embedder, rerank=rerank) as index:
        hits = index.search(args.query, k=args.k, mode=args.mode)
    out = Console(highlight=False, soft_wrap=True)
    if not hits:
        out.print("no matches")
        return 0
    for rank, hit in enumerate(hits, 1):
        snippet = " ".join(hit.text.split())
        snippet = snippet if len(snippet) <= 300 else snippet[:300] + " ..."
        out.print(f"[bold]{rank}. {escape(hit.citation)}[/]  [dim]score {hit.score:.4f}[/]")
        out.print(f"   {escape(snippet)}")
    return 0


def _size(n: float) -> str:
    for unit in ("B", "KiB", "MiB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"
