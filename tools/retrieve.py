"""The ``retrieve`` tool: search the user's indexed documents (see ``agora index add``).

Each chunk comes back fenced as a ``<document>`` with its citation ``path#chunk`` (the
chunk's number within that file), so the model can quote the source it used and the text
is marked as data, never as instructions.

    from agora import Agent
    from agora.tools import resolve_tools
    agent = Agent(model="local:smollm2", tools=resolve_tools("retrieve", index="notes.sqlite"))
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agora.errors import ConfigError
from agora.text import content_words

from agora.tools.core import Tool, make_tool

DEFAULT_K = 5
#: with ``focus``, candidates searched per passage shown
POOL = 4
#: characters of passage text per call, shared by the k passages: the agent shows the model
#: about 2000 characters of an observation, and small models have small contexts
MAX_CHARS = 1800


def format_hits(hits: list[Any], *, max_chars: int = MAX_CHARS) -> str:
    """The tool's text: one fenced document per hit, with its citation. The best passage
    keeps the most text: each passage gets what is left of the budget shared by those after."""
    if not hits:
        return "No matching passages in the indexed documents."
    parts = ["Passages from the indexed documents. Cite the ones you use as [source#chunk]."]
    left = max_chars
    for i, hit in enumerate(hits):
        share = max(120, left // (len(hits) - i) if i else max(left // 2, left // len(hits)))
        text = " ".join(hit.text.split())
        if len(text) > share:
            text = text[:share].rsplit(" ", 1)[0] + " ..."
        left -= len(text)
        parts.append(f'<document cite="[{hit.citation}]">\n{text}\n</document>')
    return "\n".join(parts)


_DOCUMENT = re.compile(r'<document cite="\[(?P<cite>[^\]]+#(?P<chunk>\d+))\]">\n(?P<text>.*?)\n</document>', re.S)


@dataclass
class Passage:
    """A passage as the tool showed it to the model (what :func:`attribute` needs of a hit)."""
    citation: str
    chunk: int
    text: str


def passages(observation: str) -> list[Passage]:
    """The fenced documents of one retrieve observation, in the order shown."""
    return [Passage(m["cite"], int(m["chunk"]), m["text"]) for m in _DOCUMENT.finditer(observation)]


def cite(answer: str, observations: list[str]) -> list[str]:
    """The citations an agent's answer rests on, from what its retrieve calls returned: those
    the model wrote, else the passage sharing the most words with the answer (see
    :func:`agora.rag.answer.attribute`); none when retrieve found nothing."""
    from agora.rag.answer import attribute

    shown = [p for o in observations for p in passages(o)]
    return attribute(answer, shown) if shown and answer.strip() else []


def focused(hits: list[Any], query: str) -> list[Any]:
    """The hits that hold the most of the query's content words, each word weighted by its
    rarity among the hits (one over the number holding it), in their order; all of them when
    none holds two of the words. Asked for "emblem of the Quillby Observatory", hybrid search ranked the
    Jorvale Observatory's passage first, and SmolLM2 read that one's emblem; only the Quillby
    passage holds all three words. For "who founded the brindlemoor ferry company", BM25's
    first passage fell out of the hybrid top five (the weak SmolLM2 vectors favoured passages
    both lists held), so the candidates are :data:`POOL` times as many as the passages shown."""
    wanted = content_words(query)
    held = [wanted & content_words(getattr(h, "text", "")) for h in hits]
    if max((len(h) for h in held), default=0) < 2:
        return hits
    # a word counts by how rare it is among the candidates: "castrell" more than "library"
    rarity = {w: 1 / sum(1 for h in held if w in h) for w in wanted if any(w in h for h in held)}
    scores = [sum(rarity[w] for w in h) for h in held]
    best = max(scores)
    return [h for h, score in zip(hits, scores) if score >= best - 1e-9]


def build(index: str | Path | None = None, k: int = DEFAULT_K, mode: str = "hybrid",
          embedder: Any = None, max_chars: int = MAX_CHARS, focus: bool = True, **options: Any) -> list[Tool]:
    """The retrieve tool over the index at ``index`` (default: the user's index).
    ``k`` passages per call, ``mode`` bm25 | dense | hybrid, ``embedder`` as in Index.
    ``focus``: show only the passages sharing the most of the query's words (:func:`focused`:
    a small model reads the first passage it is shown, right or not).
    Other options (meant for other tools) are ignored, except ``timeout``/``max_output``."""
    from agora.rag.index import MODES, Index, default_index_path

    if mode not in MODES:
        raise ConfigError(f"retrieve: mode must be one of {', '.join(MODES)}, not {mode!r}")
    path = Path(index).expanduser() if index else default_index_path()
    if not path.is_file():
        raise ConfigError(f"no retrieval index at {path}: build one with `agora index add PATH... "
                          f"--index {path}`")
    # opened now so a corrupt file or an embedder mismatch is reported before the agent runs
    opened = Index(path, embedder=embedder)
    if embedder is not None or mode != "bm25":
        opened.check_embedder()
    if opened.stats()["chunks"] == 0:
        raise ConfigError(f"the retrieval index {path} is empty: add documents with `agora index add`")
    lock = threading.Lock()  # the agent may call tools from worker threads: one search at a time

    def retrieve(query: str) -> str:
        """Search the user's indexed documents and return the most relevant passages with
        their citations.

        Args:
            query: what to look for, in a few words
        """
        with lock:  # focused: the passages holding most of the query's words, from a wider pool
            hits = opened.search(query, k=k * POOL if focus else k, mode=mode)
        return format_hits((focused(hits, query) if focus else hits)[:k], max_chars=max_chars)

    made = make_tool(retrieve, timeout=float(options.get("timeout", 60.0)),
                     max_output=int(options.get("max_output", max_chars + 120 * k + 200)),
                     examples=[{"query": "refund policy for damaged items"}])
    made.repair = repair
    return [made]


#: a word written with a capital after the question's first word: a name ("Velmora Society")
_NAME = re.compile(r"(?<=\s)[A-Z][\w'-]*[a-z0-9][\w'-]*|(?<=\s)[A-Z]{2,}\b")


def names_in(question: str) -> list[str]:
    """The names a question writes (capitalised words after its first word, possessives
    dropped), in order, each once."""
    found = [re.sub(r"'s$", "", w) for w in _NAME.findall(question)]
    return list(dict.fromkeys(w for w in found if len(w) > 1))


def repair(arguments: dict, question: str) -> tuple[dict, list[str]]:
    """The query with the question's names it left out added: SmolLM2, asked what "the
    Velmora Society's emblem" shows, searched for "vellum symbol" and read another
    document's emblem. A name is what a document about it is found by."""
    query = arguments.get("query")
    if not isinstance(query, str):
        return arguments, []
    said = set(re.findall(r"\w+", query.lower()))
    missing = [n for n in names_in(question) if not set(re.findall(r"\w+", n.lower())) <= said]
    if not missing:
        return arguments, []
    return {**arguments, "query": " ".join([query.strip(), *missing]).strip()}, ["query"]


__all__ = ["build", "format_hits", "focused", "passages", "cite", "Passage", "names_in", "repair"]
