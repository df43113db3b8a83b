"""The sentence of the retrieved passages that answers a look-up, for a run that failed.

A tool run that stops without a proper answer (a loop, a format failure, its steps spent)
after ``retrieve`` found the right passage still gets an answer from the model
(:func:`agora.agent.loop.answer_from_results`), and SmolLM2 often writes one about the
entity that leaves out what was asked: for "What is the emblem of the Quillby
Observatory?" it answered "The Quillby Observatory is a small cafe owned by volunteers"
with "It is known by its emblem, a crimson fox." in front of it. Then the passage sentence
that answers the question stands as the answer instead (extractive question answering):

- the question's words, less the name it asks about (its capitalised words: they pick the
  document, not the sentence), must meet the sentence: the one sentence sharing the most of
  them, at least one, among the documents that name that entity;
- a question asking for a number ("how many", "when", "what year") or a name ("who",
  "where", "which town") only takes a sentence that holds a new one (a number or a
  capitalised word the question does not have), as answer-type checks in QA systems do:
  "its early years" meets "Give the year" but holds no year.

The model's answer is kept when it states the sentence's news: a number or a capitalised
word of the sentence the question does not have, or, in a sentence with none, a word no
other sentence of its document has ("crimson fox"). A run that answered normally is never
overridden: this is for runs that already failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from agora.agent.copying import numbers_in
from agora.text import content_words
from agora.tools.retrieve import passages

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_NUMBER_KIND = re.compile(r"\bhow (?:many|much)\b|\bwhat number\b|\bwhen\b|\byear\b", re.IGNORECASE)
_NAME_KIND = re.compile(r"\bwho(?:m|se)?\b|\bwhere\b|\bwhich (?:town|city|place|country|person)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Evidence:
    sentence: str
    citation: str


def _capitalised(text: str) -> set[str]:
    """The stems of the capitalised content words of ``text`` that do not open a sentence
    (or a heading)."""
    out: set[str] = set()
    for sentence in _SENTENCE.split(text):
        words = _WORD.findall(sentence.lstrip("# "))
        out |= {w for w in words[1:] if w[0].isupper()}
    return content_words(" ".join(out))


def _news(sentence: str, question: str, others: Sequence[str]) -> set[str]:
    """What the sentence tells beyond the question: its numbers and capitalised words the
    question does not hold; with none, its content words no other sentence has."""
    asked = content_words(question)
    news = (numbers_in(sentence) - numbers_in(question)) | (_capitalised(sentence) - asked)
    if news:
        return news
    elsewhere = set().union(*(content_words(o) for o in others)) if others else set()
    return content_words(sentence) - asked - elsewhere


def _fits_kind(sentence: str, question: str) -> bool:
    asked = content_words(question)
    if _NUMBER_KIND.search(question) and not numbers_in(sentence) - numbers_in(question):
        return False
    if _NAME_KIND.search(question) and not _capitalised(sentence) - asked:
        return False
    return True


def unheaded(text: str) -> str:
    """``text`` without the markdown heading it opens with. The retrieve tool joins a chunk's
    lines, so "# The Tasseny Festival\n\nBased in the town of ..." comes as one line: the
    heading is the run of capitalised words after "#" less the last one (which opens the
    first sentence: "Based"), or, where the run repeats itself ("The Quillby Observatory
    The Quillby Observatory is ..."), its first half."""
    text = " ".join(text.split())
    if not text.startswith("#"):
        return text
    words = text.lstrip("# ").split(" ")
    run = 0
    while run < len(words) and words[run][:1].isupper():
        run += 1
    for half in range(1, run // 2 + 1):
        if words[:half] == words[half:2 * half]:
            return " ".join(words[half:])
    if 1 < run < len(words):
        return " ".join(words[run - 1:])
    return " ".join(words[run:]) if run < len(words) else text.lstrip("# ")


def _split(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(unheaded(text)) if s.strip()]


def evidence(question: str, observations: Sequence[str]) -> Evidence | None:
    """The passage sentence that answers ``question``, from retrieve ``observations``; None
    when no sentence meets the question's words, or two meet them equally."""
    entity = _capitalised(question)
    wanted = content_words(question) - entity
    shown = [p for o in observations for p in passages(o)]
    naming = [p for p in shown if entity and entity <= content_words(p.text)]
    best: list[tuple[str, str]] = []
    top = 0
    for p in naming or shown:
        for s in _split(p.text):
            if not _fits_kind(s, question):
                continue
            score = len(wanted & content_words(s))
            if score > top:
                best, top = [(s, p.citation)], score
            elif score == top and score:
                best.append((s, p.citation))
    if top == 0 or len({s for s, _ in best}) != 1:
        return None
    sentence, citation = best[0]
    return Evidence(sentence, citation)


def states(answer: str, found: Evidence, question: str, observations: Sequence[str]) -> bool:
    """True when ``answer`` tells what the evidence sentence tells (see :func:`_news`)."""
    document = next((p.text for o in observations for p in passages(o) if p.citation == found.citation), "")
    others = [s for s in _split(document) if s != found.sentence]
    news = _news(found.sentence, question, others)
    if not news:
        return True
    said = content_words(answer) | numbers_in(answer)
    return bool(news & said)


__all__ = ["Evidence", "evidence", "states"]
