"""What a debate returns, and how to get it back from a saved transcript: the events alone
hold everything, so :func:`result_from_events` on a replayed transcript equals the run's
result (checked by the tests)."""

from __future__ import annotations

from typing import Any, Sequence

from pydantic import BaseModel, ConfigDict, Field

from agora.answers import majority, same_answer
from agora.events import DebateTurn, RoundFinished
from agora.debate.judge import Verdict
from agora.messages import Usage


class DebateResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    answer: str
    method: str  # "judge" | "vote" | "vote (judge failed)" | "vote (budget)" | "none"
    verdict: Verdict | None = None
    vote_answer: str | None = None
    vote_count: int = 0
    #: per round: debater -> answer (debaters that failed that round are absent)
    rounds: list[dict[str, str]] = Field(default_factory=list)
    judge_agrees_with_vote: bool | None = None
    stop_reason: str = "rounds"  # "consensus" | "rounds" | "budget" | "no_answers"
    notes: list[str] = Field(default_factory=list)
    #: everything, judge included
    usage: Usage = Field(default_factory=Usage)
    #: the judge's share of ``usage`` (None when no judge answered)
    judge_usage: Usage | None = None
    seconds: float = 0.0
    trace: list[Any] = Field(default_factory=list, exclude=True)

    @property
    def complete(self) -> bool:
        return bool(self.answer) and self.stop_reason in ("consensus", "rounds")



def result_from_events(events: Sequence[Any]) -> DebateResult:
    """Rebuild the DebateResult of a run from its events (a saved transcript): replaying a
    transcript gives back what the run returned."""
    def by_source(kind: str, source: str) -> list[Any]:
        return [e for e in events if getattr(e, "type", "") == kind and e.source == source]
    latest: dict[str, str] = {}
    for e in events:
        if isinstance(e, DebateTurn) and e.ok:
            latest[e.debater] = e.answer
    rounds = [dict(e.answers) for e in events if isinstance(e, RoundFinished)]
    judged = by_source("verdict", "judge")
    verdict = None
    if judged:
        v = judged[-1]
        verdict = Verdict(answer=v.answer, rationale=v.rationale, confidence=v.confidence,
                          sided_with=list(v.sided_with), labels=dict(v.labels))
    final = by_source("verdict", "debate")
    finished = by_source("run_finished", "debate")
    report = by_source("usage", "debate")
    judge_report = by_source("usage", "judge")
    notes = [e.detail if e.type == "limit" else e.text for e in events
             if (e.type == "limit" and e.source == "debate")
             or (e.type == "notice" and e.source in ("debate", "judge") and e.level == "warning")]
    vote = final[-1].vote_answer if final else None
    return DebateResult(
        answer=final[-1].answer if final else "", method=final[-1].method if final else "none",
        verdict=verdict, vote_answer=vote, vote_count=majority(list(latest.values()))[1],
        rounds=rounds, notes=notes,
        judge_agrees_with_vote=same_answer(verdict.answer, vote) if (verdict and vote) else None,
        stop_reason=finished[-1].stop_reason if finished else "interrupted",
        usage=report[-1].usage if report else Usage(),
        judge_usage=judge_report[-1].usage if judge_report else None, seconds=report[-1].seconds if report else 0.0,
        trace=list(events))


__all__ = ["DebateResult", "result_from_events"]
