"""Retrieve-then-answer: the classic RAG pipeline without an agent loop.

The best passages go into the prompt before the question, the model answers, and the answer
is cited with the passage it draws on: the one the model named, else the one sharing the
most words with the answer; an answer that shares no word with any passage gets no citation. Attribution is done here rather than
left to the model because a 135M model rarely writes a usable citation itself, while it
can often copy a fact from a passage placed right before the question.

    from agora.rag import Index
    from agora.rag.answer import answer
    result = answer(Index("notes.sqlite"), "How many days of leave do we get?")
    print(result.text)        # "Full-time employees get 27 days ... [policies/leave.md#0]"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, Protocol, Sequence

from agora import defaults
from agora.backends.base import Backend
from agora.messages import Message, Usage
from agora.backends import shared_backend
from agora.rag.index import Hit, Index

_WORD = re.compile(r"\w+")
# words too common to show that an answer came from a passage
_COMMON = set("the a an of to in and or is are was were be for on at by with it its this that "
              "as from answer question text".split())


@dataclass
class RagAnswer:
    answer: str                      # the model's answer, as written
    citations: list[str]             # "path#chunk" of the passage(s) it is attributed to
    hits: list[Hit] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)

    @property
    def text(self) -> str:
        """The answer followed by its citations in brackets."""
        cites = " ".join(f"[{c}]" for c in self.citations)
        return f"{self.answer} {cites}".strip()


def answer(index: Index, question: str, *, model: str | Backend = defaults.MODEL, k: int = 1,
           mode: Literal["bm25", "dense", "hybrid"] = "hybrid", max_tokens: int = 80, temperature: float = 0.0,
           seed: int | None = 0, max_chars: int = 1500) -> RagAnswer:
    """Answer ``question`` from the ``k`` best passages of ``index`` (k=1 suits tiny models:
    one passage right before the question is what they can use)."""
    from agora.prompts import render

    hits = index.search(question, k=k, mode=mode)
    if not hits:
        return RagAnswer("I found nothing about this in the indexed documents.", [], [])
    passages = [h.text[:max_chars] for h in hits]  # no headers: they distract a tiny model
    backend = shared_backend(model)
    completion = backend.complete([Message.user(render("rag_answer", passages=passages, question=question))],
                                  max_tokens=max_tokens, temperature=temperature, seed=seed)
    text = completion.text.strip()
    return RagAnswer(text, attribute(text, hits), hits, completion.usage)


class Cited(Protocol):
    """What attribution needs of a passage: a retrieval Hit, or one a tool showed."""

    @property
    def citation(self) -> str: ...

    @property
    def chunk(self) -> int: ...

    @property
    def text(self) -> str: ...


def attribute(text: str, hits: Sequence[Cited]) -> list[str]:
    """The citation(s) an answer rests on: those the model wrote itself, else the passage
    sharing the most distinctive words (numbers included) with it; none when no passage
    shares a single one (an answer no passage supports gets no citation)."""
    named = [h.citation for h in hits
             if h.citation in text or (f"#{h.chunk}" in text and h.citation.split("#")[0] in text)]
    if named:
        return list(dict.fromkeys(named))
    words = {w for w in _WORD.findall(text.lower()) if w not in _COMMON}
    best, best_overlap = None, 0
    for hit in hits:
        overlap = len(words & set(_WORD.findall(hit.text.lower())))
        if overlap > best_overlap:
            best, best_overlap = hit, overlap
    return [best.citation] if best is not None else []


__all__ = ["answer", "attribute", "RagAnswer", "Cited"]
