"""How a debate's final answers become one answer: ``vote``, ``weighted-vote`` or ``judge``.

* **vote** -- the majority of the final answers (read by :func:`agora.answers.normalize`).
  Always computed: it costs nothing and every other method is compared with it. A tie goes
  to an answer that a debater's own tool computed (evidence beats seat order), else to the
  answer given first. Majority voting accounts for most of what debate gains (Choi et al.
  2025, "Debate or Vote"): it is ``agora ask --debate``'s default.
* **weighted-vote** -- each debater states a confidence in its final answer (one short call in
  its own conversation, held by a JSON schema to a fixed set of levels, so llama.cpp decodes it
  under a grammar); answers are weighed by the sum of their confidences. A debater whose
  statement fails weighs :data:`DEFAULT_WEIGHT`.
* **judge** -- a judge model gives a typed verdict (:mod:`agora.debate.judge`). With
  ``swap=True`` it reads the answers a second time in reversed order: a verdict that changes
  with the order is recorded as inconsistent and the majority vote answers instead.

Every fallback (judge failed, no budget, no time, inconsistent) is a note and a warning
Notice; the debate itself never raises for it.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from agora.answers import extract_number, final_part, majority, normalize, same_answer
from agora.backends.base import Backend
from agora.debate.judge import CONFIDENCE_LEVELS, Entry, Verdict, judge
from agora.errors import BackendError, LimitExceeded
from agora.events import Notice, UsageReport, VerdictGiven
from agora.messages import Message, Usage
from agora.prompts import render

AGGREGATES = ("judge", "vote", "weighted-vote")
#: the weight of an answer whose debater could not state a confidence
DEFAULT_WEIGHT = 0.5
CONFIDENCE_SCHEMA = {
    "type": "object",
    "properties": {"confidence": {"enum": CONFIDENCE_LEVELS}},
    "required": ["confidence"],
    "additionalProperties": False,
}


@dataclass
class Aggregate:
    """The final answer of a debate and how it was reached; every method computed is recorded."""

    answer: str
    method: str  # "judge" | "vote" | "weighted-vote" | "vote (judge failed)" | ... | "none"
    vote_answer: str | None
    vote_count: int
    verdict: Verdict | None = None
    #: the judge's second reading (answers in reversed order), when asked for
    swap_verdict: Verdict | None = None
    #: the two readings agree (None: no swap, or a reading failed)
    consistent: bool | None = None
    weighted_answer: str | None = None
    #: the judge's calls (both readings)
    usage: Usage = field(default_factory=Usage)
    notes: list[str] = field(default_factory=list)

    @property
    def judged(self) -> bool:
        return self.verdict is not None

    @property
    def agrees(self) -> bool | None:
        """The judge and the majority give the same answer (None: no verdict)."""
        return same_answer(self.verdict.answer, self.vote_answer) if (self.verdict and self.vote_answer) else None


_EXPRESSION = re.compile(r"\d+(?:\s*[-+*/×x^]\s*\(?\s*\d+\)?)+")


#: a reply that is nothing but arithmetic ("21+16*9+18*23."): an expression, not a result
_BARE = re.compile(r"^\s*-?\d[\d,.]*(\s*[-+*/x×]\s*-?\d[\d,.]*)+\s*\.?\s*$")


def restates(question: str, answer: str) -> bool:
    """True when the answer only repeats the question's arithmetic ("16+17*29+1-11*14.", or
    that expression followed by prose) or is a bare expression without a result: its last
    number is an operand, not an answer, so it must not vote (the benchmark's scoring reads
    such an answer as unreadable too)."""
    if _BARE.match(final_part(answer or "")):
        return True
    text = re.sub(r"\s+", "", final_part(answer or ""))
    for expression in _EXPRESSION.findall(question or ""):
        e = re.sub(r"\s+", "", expression)
        at = text.find(e)
        if at >= 0 and "=" not in text[at + len(e): at + len(e) + 2]:
            return True
    return False


def voters(question: str, final: Sequence[Entry]) -> list[Entry]:
    """The entries that vote: those that do not merely restate the question, and, when some
    answer states a number, those that state one too. An answer without a number beside
    numeric ones gives no answer of the kind asked for ("correct.", "Debater 2 is right"):
    two such on SmolLM2 outvoted the calculator's computed 395."""
    entries = [e for e in final if not restates(question, e.answer)]
    numeric = [e for e in entries if extract_number(final_part(e.answer or "")) is not None]
    return numeric or entries


def vote(final: Sequence[Entry]) -> tuple[str | None, int]:
    """The majority answer (a debater's own text) and how many gave it. A tie is broken by
    evidence, not by seat order: an answer a debater's own tool computed (``verified``) wins
    it; else the answer given first."""
    key, count = majority([e.answer for e in final])
    if key is None:
        return None, 0
    counts = Counter(k for k in (normalize(e.answer) for e in final) if k is not None)
    tied = [k for k, c in counts.items() if c == count]
    if len(tied) > 1:
        key = next((normalize(e.answer) for e in final if e.verified and normalize(e.answer) in tied), key)
    return next(e.answer for e in final if normalize(e.answer) == key), count


def weighted_vote(final: Sequence[Entry], confidences: dict[str, float | None]) -> str | None:
    """The answer with the largest sum of stated confidences; ties go to the answer more
    debaters gave, then to the one given first."""
    scores: dict[str, list[float]] = {}
    first: dict[str, str] = {}
    for e in final:
        key = normalize(e.answer)
        if key is None:
            continue  # an unreadable answer carries no vote
        weight = confidences.get(e.name)
        scores.setdefault(key, []).append(DEFAULT_WEIGHT if weight is None else weight)
        first.setdefault(key, e.answer)
    if not scores:
        return None
    best = max(scores, key=lambda k: (sum(scores[k]), len(scores[k]), -list(first).index(k)))
    return first[best]


def state_confidence(backend: Backend, history: Sequence[Message], answer: str, *, seed: int,
                     timeout: float | None = None) -> tuple[float, Usage]:
    """One short call in the debater's own conversation (so a local model re-reads only the
    new question): how likely its final answer is right. Raises BackendError / LimitExceeded."""
    messages = [*history, Message.user(render("debate_confidence", answer=answer))]
    completion = call_within(lambda: backend.complete(messages, output_schema=CONFIDENCE_SCHEMA, max_tokens=16,
                                                      temperature=0.0, seed=seed), timeout)
    reply = completion.parsed
    if not isinstance(reply, dict) or not isinstance(reply.get("confidence"), (int, float)):
        raise BackendError("no confidence stated")
    return float(reply["confidence"]), completion.usage


def call_within(fn: Callable[[], Any], seconds: float | None) -> Any:
    """``fn()``, or LimitExceeded once ``seconds`` have passed (None: no limit). A model call
    cannot be interrupted, so a late one finishes in a daemon thread and is ignored."""
    if seconds is None:
        return fn()
    if seconds <= 0:
        raise LimitExceeded("no time left")
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["value"] = fn()
        except BaseException as err:  # handed to the caller
            box["error"] = err

    worker = threading.Thread(target=work, daemon=True, name="agora-judge")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise LimitExceeded(f"no reply within {seconds:.1f} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def aggregate(question: str, final: Sequence[Entry], *, judge_backend: Backend | None, mode: str,
              judge_system: str, judge_temperature: float = 0.0, seed: int = 0, max_tokens: int = 256,
              budget_left: bool = True, free_answer: bool = False, swap: bool = False,
              confidences: dict[str, float | None] | None = None, deadline: float | None = None,
              emit: Callable[[Any], None] = lambda e: None) -> Aggregate:
    """Vote over ``final`` and, when a judge is given, its verdict (read twice with ``swap``);
    ``mode`` picks which one answers. ``confidences`` (debater -> stated confidence) gives the
    weighted vote. ``deadline`` (a ``time.perf_counter()`` value) bounds the judge's calls."""
    vote_answer, count = vote(voters(question, final))
    out = Aggregate(answer="", method="vote", vote_answer=vote_answer, vote_count=count)
    if confidences is not None:
        out.weighted_answer = weighted_vote(voters(question, final), confidences)

    def note(text: str, source: str) -> None:
        out.notes.append(text)
        emit(Notice(source=source, level="warning", text=text))

    if judge_backend is not None and final:
        if not budget_left:
            note("no token budget left for the judge: using the majority vote", "debate")
            out.method = "vote (budget)"
        else:
            _judge(question, final, judge_backend, out, note, emit, mode=mode, system=judge_system,
                   temperature=judge_temperature, seed=seed, max_tokens=max_tokens, free_answer=free_answer,
                   swap=swap, deadline=deadline)
    if mode == "judge" and out.verdict is not None and out.consistent is not False:
        out.answer = out.verdict.answer
    elif mode == "weighted-vote" and out.weighted_answer is not None:
        out.answer, out.method = out.weighted_answer, "weighted-vote"
    else:
        out.answer = vote_answer or ""
        if not final:
            out.method = "none"
    emit(VerdictGiven(source="debate", answer=out.answer, method=out.method,
                      rationale=out.verdict.rationale if out.verdict else "",
                      confidence=out.verdict.confidence if out.verdict else None,
                      sided_with=out.verdict.sided_with if out.verdict else [], vote_answer=vote_answer,
                      weighted_answer=out.weighted_answer, judge_consistent=out.consistent))
    return out


def _judge(question: str, final: Sequence[Entry], backend: Backend, out: Aggregate, note: Callable,
           emit: Callable, *, mode: str, system: str, temperature: float, seed: int, max_tokens: int,
           free_answer: bool, swap: bool, deadline: float | None) -> None:
    """The judge's reading(s), recorded on ``out``; failures become notes and the vote."""
    readings = (False, True) if swap else (False,)
    verdicts: list[Verdict] = []
    for reverse in readings:
        started = time.perf_counter()
        left = None if deadline is None else deadline - started
        try:
            verdict, usage = call_within(
                lambda: judge(backend, question, final, system=system, seed=seed, temperature=temperature,
                              max_tokens=max_tokens, free_answer=free_answer, reverse=reverse), left)
        except Exception as err:  # noqa: BLE001 - any judge failure falls back to the vote
            timed_out = isinstance(err, LimitExceeded)
            what = "the debate's time ran out" if timed_out else f"the judge failed ({type(err).__name__}: {err})"
            if reverse:  # the first verdict stands, unconfirmed
                note(f"{what} before the judge re-read the answers: its consistency is unknown", "judge")
            else:
                note(f"{what}{f' ({err})' if timed_out else ''}: using the majority vote", "judge")
                out.method = "vote (time)" if timed_out else "vote (judge failed)"
            break
        out.usage = out.usage + usage
        verdicts.append(verdict)
        emit(UsageReport(source="judge", usage=usage, seconds=time.perf_counter() - started))
        emit(VerdictGiven(source="judge", answer=verdict.answer, method="judge", rationale=verdict.rationale,
                          confidence=verdict.confidence, sided_with=verdict.sided_with,
                          vote_answer=out.vote_answer, labels=verdict.labels, swapped=reverse))
    if not verdicts:
        return
    out.verdict = verdicts[0]
    if len(verdicts) == 2:
        out.swap_verdict = verdicts[1]
        out.consistent = same_answer(verdicts[0].answer, verdicts[1].answer)
        if not out.consistent:
            note(f"the judge changed its verdict when the answers were read in reversed order "
                 f"({verdicts[0].answer} -> {verdicts[1].answer}): inconsistent"
                 + (", using the majority vote" if mode == "judge" else ""), "judge")
    if mode == "judge":
        out.method = "vote (judge inconsistent)" if out.consistent is False else "judge"


__all__ = ["AGGREGATES", "Aggregate", "aggregate", "vote", "weighted_vote", "restates", "voters", "state_confidence", "call_within",
           "CONFIDENCE_SCHEMA", "DEFAULT_WEIGHT"]
