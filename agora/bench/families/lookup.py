"""Look-ups over a small fictional corpus (``agora/data/lookup``): 30 short documents about
societies, museums, clubs ... that do not exist, so no model can know the answers and only
the ``retrieve`` tool can find them. ``facts.json`` holds what each document states; the
questions are drawn from it, and the other entities' values of the same attribute are the
distractors (an answer naming two founders is wrong).

The index is built at bench time with agora's own :class:`agora.rag.Index` (the ``agora
index`` machinery), see :func:`build_index`.
"""

from __future__ import annotations

import json
import zlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from agora.bench.families.base import Candidate, Family

QUESTIONS = {
    "founder": ["Who founded the {name}?", "According to the documents, who started the {name}?"],
    "year": ["In what year was the {name} founded?", "When was the {name} founded? Give the year."],
    "town": ["In which town is the {name} based?", "Where is the {name}? Name the town."],
    "count": ["How many {unit} does the {name} have?", "What number of {unit} does the {name} count?"],
    "emblem": ["What is the emblem of the {name}?", "What does the {name}'s emblem show?"],
}


def corpus_dir() -> Path:
    return Path(str(resources.files("agora").joinpath("data/lookup/docs")))


@lru_cache(maxsize=1)
def facts() -> list[dict[str, Any]]:
    text = resources.files("agora").joinpath("data/lookup/facts.json").read_text(encoding="utf-8")
    return json.loads(text)


def _unit(unit: str) -> str:
    return unit.removesuffix(" each year")


def pool() -> list[Candidate]:
    rows = facts()
    out: list[Candidate] = []
    for row in rows:
        for attr, phrasings in QUESTIONS.items():
            # one question per (document, attribute): the split then never holds one fact
            # in dev and the same fact, reworded, in held-out
            k = zlib.crc32(f"{row['id']}/{attr}".encode()) % len(phrasings)
            question = phrasings[k].format(name=row["name"], unit=_unit(row["unit"]))
            numeric = attr in ("year", "count")
            extra: dict[str, Any] = {"id": f"lookup-{row['id']}-{attr}", "toolkind": "retrieve",
                                     "tools": ("retrieve",), "kind": "number" if numeric else "text",
                                     "meta": {"doc": row["file"], "attribute": attr}}
            gold = _value(row, attr)
            if not numeric:
                extra["distractors"] = tuple(_value(r, attr) for r in rows if r is not row)
            out.append((question, gold, extra))
    return out


def _value(row: dict[str, Any], attr: str) -> str:
    value = str(row[attr])
    # the emblem "a jade turtle" is as well stated "jade turtle": the article is not asked for
    return value.split(" ", 1)[1] if attr == "emblem" else value


def build_index(path: str | Path, embedder: Any = "local:smollm2") -> Path:
    """Index the corpus into ``path`` (kept when it is already built with this embedder:
    unchanged files are skipped by hash, so a rerun costs nothing)."""
    from agora.rag.index import Index

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    Index(path, embedder=embedder).add([corpus_dir()])
    return path


FAMILIES = [
    Family("lookup", "facts of a fictional corpus, found with the retrieve tool", pool=pool,
           heldout_share=0.3, group="lookup"),
]
