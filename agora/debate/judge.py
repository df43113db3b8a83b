"""The judge of a debate: reads the question and the debaters' final answers with their
reasons and returns a typed :class:`Verdict` through structured output.

Fairness: the judge never sees debater names or their usual order. Answers are labelled
A, B, C... in an order shuffled with a seeded RNG, so a judge cannot favour a name (or a
persona that sounds authoritative); the seed keeps runs reproducible. The letters it sides
with are mapped back to debater names afterwards. A shuffle hides names but not position
bias (judges favour the first or the last answer): ``reverse=True`` shows the same answers in
the opposite order, letters re-assigned by position, so a verdict that follows the position
rather than the content flips (see :mod:`agora.debate.aggregate`, ``judge_swap``).

How answers are combined (vote, weighted vote, judge, swap) is :mod:`agora.debate.aggregate`.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import Sequence

from pydantic import BaseModel, Field

from agora.backends.base import Backend
from agora.answers import normalize, same_answer
from agora.errors import BackendError
from agora.messages import Message, Usage
from agora.prompts import render
from agora.text import shorten  # noqa: F401  (re-exported: debate code imports it from here)


#: confidence levels the judge may give: a fixed set, so a grammar can enforce the range
CONFIDENCE_LEVELS = [round(i / 10, 1) for i in range(11)]


def reply_schema(labels: Sequence[str], choices: Sequence[str] | None = None) -> dict:
    """The JSON schema the judge's reply is held to. Every field is bounded (string lengths,
    an enum of the letters shown, a fixed set of confidence levels), so a small model under a
    grammar cannot loop inside a string or write an out-of-range number. With ``choices`` the
    answer must be one of them (the debaters' answers): the judge decides between them."""
    answer = {"enum": list(choices)} if choices else {"type": "string", "maxLength": 80}
    return {
        "type": "object",
        "properties": {  # rationale first: the judge checks before it decides
            "rationale": {"type": "string", "maxLength": 120},
            "answer": answer,
            "sided_with": {"type": "array", "items": {"enum": list(labels)}, "maxItems": len(labels)},
            "confidence": {"enum": CONFIDENCE_LEVELS},
        },
        "required": ["rationale", "answer", "sided_with", "confidence"],
        "additionalProperties": False,
    }


def distinct_answers(entries: Sequence["Entry"], max_chars: int = 60) -> list[str] | None:
    """The different answers in normalised form (numbers as numbers, words without
    punctuation, so they are safe to put in a grammar), or None when one of them is unreadable
    or too long to be a choice (then the judge writes a short answer of its own)."""
    out: list[str] = []
    for e in entries:
        key = normalize(e.answer)
        if key is None or len(key) > max_chars:
            return None
        if key not in out:
            out.append(key)
    return out


class Verdict(BaseModel):
    """The judge's decision with debater names restored."""

    answer: str
    rationale: str = ""
    confidence: float | None = None
    sided_with: list[str] = Field(default_factory=list)
    #: label shown to the judge -> debater name, in the order shown
    labels: dict[str, str] = Field(default_factory=dict)


@dataclass
class Entry:
    """One debater's final answer as the judge may see it."""

    name: str
    answer: str
    reasoning: str = ""
    #: the answer is the result of one of the debater's own tool calls (evidence, not opinion)
    verified: bool = False


def anonymise(entries: Sequence[Entry], seed: int) -> list[tuple[str, Entry]]:
    """(letter, entry) pairs in a seeded random order."""
    order = list(entries)
    random.Random(f"judge-{seed}").shuffle(order)
    return [(_label(i), e) for i, e in enumerate(order)]


def _label(i: int) -> str:
    letters = string.ascii_uppercase
    return letters[i] if i < 26 else f"{letters[i // 26 - 1]}{letters[i % 26]}"


def judge(
    backend: Backend,
    question: str,
    entries: Sequence[Entry],
    *,
    system: str,
    seed: int = 0,
    temperature: float = 0.0,
    max_tokens: int = 256,
    free_answer: bool = False,
    reverse: bool = False,
) -> tuple[Verdict, Usage]:
    """Ask ``backend`` for a verdict. Raises BackendError when it cannot give a valid one.
    ``free_answer``: the judge may answer something no debater said (else it must pick one
    of their answers, which keeps small judges from inventing one). ``reverse``: the same
    shuffled order read backwards (letters follow the position), choices reversed too."""
    shown = anonymise(entries, seed)
    if reverse:
        shown = [(_label(i), e) for i, (_, e) in enumerate(reversed(shown))]
    # shorten the reasons so question + answers + reply fit the judge's context window
    room = (backend.context_size or 4096) - max_tokens - backend.count_tokens(system + question) - 250
    per_answer = max(32, room // max(1, len(shown)))
    answers = [
        {"label": label, "answer": shorten(e.answer, 60, backend.count_tokens), "verified": e.verified,
         "reasoning": shorten(e.reasoning, per_answer - 60, backend.count_tokens)}
        for label, e in shown
    ]
    choices = None if free_answer else distinct_answers(entries)
    if choices and reverse:
        choices = choices[::-1]
    messages = [Message.system(system),
                Message.user(render("judge", question=question, answers=answers, choices=choices))]
    labels = {label: e.name for label, e in shown}
    completion = backend.complete(messages, output_schema=reply_schema(list(labels), choices),
                                  max_tokens=max_tokens,
                                  temperature=temperature, seed=seed)
    reply = completion.parsed
    if not isinstance(reply, dict) or not str(reply.get("answer", "")).strip():
        raise BackendError("the judge gave no answer")
    sided = [labels[s] for s in reply["sided_with"] if s in labels]
    if not sided:  # a judge that forgot the letters still agrees with the answers it chose
        sided = [e.name for _, e in shown if same_answer(e.answer, reply["answer"])]
    verdict = Verdict(answer=str(reply["answer"]).strip(), rationale=str(reply["rationale"]).strip(),
                      confidence=float(reply["confidence"]), sided_with=sorted(set(sided), key=sided.index),
                      labels=labels)
    return verdict, completion.usage


__all__ = ["Verdict", "reply_schema", "distinct_answers", "Entry", "anonymise", "shorten", "judge",
           "CONFIDENCE_LEVELS"]
