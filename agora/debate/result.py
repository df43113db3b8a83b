"""What a debate returns, and how to get it back from a saved transcript: the events alone
hold everything, so :func:`result_from_events` on a replayed transcript equals the run's
result (checked by the tests)."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from agora.answers import majority, same_answer
from agora.events import ConfidenceStated, DebateTurn, RoundFinished
from agora.debate.aggregate import restates
from agora.debate.judge import Verdict
from agora.messages import Usage


class DebateResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    answer: str
    #: "judge" | "vote" | "weighted-vote" | "vote (judge failed)" | "vote (judge inconsistent)" |
    #: "vote (budget)" | "vote (time)" | "none"
    method: str
    verdict: Verdict | None = None
    #: the judge's second reading, answers in reversed order (``judge_swap``)
    swap_verdict: Verdict | None = None
    #: both readings gave the same answer (None: not checked, or a reading failed)
    judge_consistent: bool | None = None
    vote_answer: str | None = None
    vote_count: int = 0
    #: the confidence-weighted vote (when the debaters were asked for their confidence)
    weighted_answer: str | None = None
    #: debater -> stated confidence in its final answer (None: it could not say)
    confidences: dict[str, float | None] = Field(default_factory=dict)
    #: the final pool: each debater's latest answer
    pool: dict[str, str] = Field(default_factory=dict)
    #: per round: debater -> answer (debaters that failed that round are absent)
    rounds: list[dict[str, str]] = Field(default_factory=list)
    #: what each round cost (its debaters' calls and tokens)
    round_usage: list[Usage] = Field(default_factory=list)
    topology: str = "all"
    judge_agrees_with_vote: bool | None = None
    stop_reason: str = "rounds"  # "consensus" | "rounds" | "budget" | "max_seconds" | "no_answers"
    notes: list[str] = Field(default_factory=list)
    #: everything, judge and confidences included
    usage: Usage = Field(default_factory=Usage)
    #: the judge's share of ``usage``, both readings (None when no judge answered)
    judge_usage: Usage | None = None
    #: the confidence statements' share of ``usage`` (None when none was asked for)
    confidence_usage: Usage | None = None
    seconds: float = 0.0
    trace: list[Any] = Field(default_factory=list, exclude=True)

    @property
    def complete(self) -> bool:
        return bool(self.answer) and self.stop_reason in ("consensus", "rounds")

    def truth_lost(self, is_right: Callable[[str], bool]) -> bool:
        """The right answer was in the final pool, yet the debate answered something else
        (benchmarks know the truth: ``is_right`` tells a right answer)."""
        return any(is_right(a) for a in self.pool.values()) and not is_right(self.answer)


def result_from_events(events: Sequence[Any]) -> DebateResult:
    """Rebuild the DebateResult of a run from its events (a saved transcript): replaying a
    transcript gives back what the run returned."""
    def of(kind: str, source: str) -> list[Any]:
        return [e for e in events if getattr(e, "type", "") == kind and e.source == source]
    latest: dict[str, str] = {}
    for e in events:
        if isinstance(e, DebateTurn) and e.ok:
            latest[e.debater] = e.answer
    started = of("run_started", "debate")
    order = [d["name"] for d in started[0].config.get("debaters", [])] if started else list(latest)
    pool = {name: latest[name] for name in order if name in latest}
    question = started[0].question if started else ""
    finished_rounds = [e for e in events if isinstance(e, RoundFinished)]
    readings = of("verdict", "judge")
    first = next((v for v in readings if not v.swapped), None)
    second = next((v for v in readings if v.swapped), None)
    final = of("verdict", "debate")
    finished = of("run_finished", "debate")
    report = of("usage", "debate")
    judge_reports = of("usage", "judge")
    confidence_reports = of("usage", "confidence")
    stated = [e for e in events if isinstance(e, ConfidenceStated)]
    notes = [e.detail if e.type == "limit" else e.text for e in events
             if (e.type == "limit" and e.source == "debate")
             or (e.type == "notice" and e.source in ("debate", "judge") and e.level == "warning")]
    verdict, vote = _verdict(first), final[-1].vote_answer if final else None
    return DebateResult(
        answer=final[-1].answer if final else "", method=final[-1].method if final else "none",
        verdict=verdict, swap_verdict=_verdict(second),
        judge_consistent=final[-1].judge_consistent if final else None,
        vote_answer=vote, vote_count=majority([a for a in pool.values() if not restates(question, a)])[1],
        weighted_answer=final[-1].weighted_answer if final else None,
        confidences={e.debater: e.confidence for e in stated}, pool=pool,
        rounds=[dict(e.answers) for e in finished_rounds],
        round_usage=[e.usage or Usage() for e in finished_rounds],
        topology=started[0].config.get("topology", "all") if started else "all", notes=notes,
        judge_agrees_with_vote=same_answer(verdict.answer, vote) if (verdict and vote) else None,
        stop_reason=finished[-1].stop_reason if finished else "interrupted",
        usage=report[-1].usage if report else Usage(),
        judge_usage=sum((e.usage for e in judge_reports), Usage()) if first else None,
        confidence_usage=sum((e.usage for e in confidence_reports), Usage()) if stated else None,
        seconds=report[-1].seconds if report else 0.0, trace=list(events))


def _verdict(event: Any) -> Verdict | None:
    if event is None:
        return None
    return Verdict(answer=event.answer, rationale=event.rationale, confidence=event.confidence,
                   sided_with=list(event.sided_with), labels=dict(event.labels))


__all__ = ["DebateResult", "result_from_events"]
