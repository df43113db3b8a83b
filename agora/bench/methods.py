"""The techniques a benchmark compares, each run on one question with one model.

=============  =================================================================
cot            one chain-of-thought Agent run (greedy)
sc             self-consistency: k chain-of-thought samples at temperature > 0,
               majority vote; k = debaters x rounds (+1 when the judge is measured),
               the calls one debate makes, so sc and the debates spend equal compute
refine         Agent with self-critique (draft -> critique -> revise)
react          Agent with the calculator tool
debate-vote    Debate, majority vote of the last round
debate-judge   the same debate (run once per item), a judge gives the verdict
=============  =================================================================

Every method returns a :class:`MethodRun` with the answer, the usage summed over all its
model calls, wall seconds and method details (samples, per-round answers).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from agora import defaults
from agora.answers import majority, normalize
from agora.backends.base import Backend
from agora.messages import Usage

#: methods that are single agents: the "baselines" a debate is compared against
BASELINES = ("cot", "sc", "refine", "react")
DEBATES = ("debate-vote", "debate-judge")
METHODS = BASELINES + DEBATES


@dataclass
class MethodConfig:
    debaters: int = 3
    rounds: int = 2
    #: self-consistency samples; None = the calls of one debate: debaters x rounds, +1 for a judge
    sc_samples: int | None = None
    sample_temperature: float = 0.7
    max_tokens: int = 256
    max_steps: int = 6
    max_seconds: float = defaults.MAX_SECONDS
    seed: int = 0
    #: debates get a judge (off when only debate-vote is measured: no judge call is wasted)
    judge: bool = True

    @property
    def k(self) -> int:
        return self.sc_samples or self.debaters * self.rounds + int(self.judge)


@dataclass
class MethodRun:
    answer: str | None
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


def _agent(backend: Backend, cfg: MethodConfig, **overrides: Any):
    from agora.agent.agent import Agent  # lazily: the bench CLI must start without the agent loaded

    options: dict[str, Any] = dict(model=backend, max_tokens=cfg.max_tokens, max_steps=cfg.max_steps,
                                   max_seconds=cfg.max_seconds, temperature=0.0, seed=cfg.seed)
    options.update(overrides)
    return Agent(**options)


def _from_result(result: Any, started: float, **detail: Any) -> MethodRun:
    detail.setdefault("stop_reason", getattr(result, "stop_reason", ""))
    return MethodRun(answer=result.answer, usage=result.usage, seconds=time.perf_counter() - started,
                     detail=detail)


def run_cot(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    started = time.perf_counter()
    return _from_result(_agent(backend, cfg).run(question), started)


def run_refine(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    started = time.perf_counter()
    result = _agent(backend, cfg, critique=True).run(question)
    return _from_result(result, started, drafts=len(getattr(result, "drafts", []) or []))


def run_react(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    started = time.perf_counter()
    result = _agent(backend, cfg, tools=["calculator"]).run(question)
    return _from_result(result, started, steps=len(getattr(result, "steps", []) or []))


def run_sc(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    """k independent samples (distinct seeds, temperature > 0) and a majority vote; the
    answer is the winning sample's own text, so scoring reads it like any other."""
    started = time.perf_counter()
    usage = Usage()
    samples: list[str] = []
    for i in range(cfg.k):
        agent = _agent(backend, cfg, temperature=cfg.sample_temperature, seed=cfg.seed * 1000 + i)
        result = agent.run(question)
        usage = usage + result.usage
        samples.append(result.answer or "")
    winner, votes = majority(samples)
    answer = next((s for s in samples if winner is not None and normalize(s) == winner), None)
    return MethodRun(answer=answer, usage=usage, seconds=time.perf_counter() - started,
                     detail={"samples": samples, "votes": votes, "k": cfg.k})


def _round_answers(result: Any) -> list[dict[str, str]]:
    """Per-round answers of a DebateResult as dicts debater -> answer (a list per round is
    keyed by position). Debaters that failed a round are absent from it."""
    out = []
    for rnd in getattr(result, "rounds", None) or []:
        if isinstance(rnd, dict):
            out.append({str(k): str(v or "") for k, v in rnd.items()})
        else:
            out.append({str(i): str(v or "") for i, v in enumerate(rnd)})
    return out


def answer_changes(rounds: list[dict[str, str]]) -> list[int]:
    """How many debaters changed their (normalised) answer in each round after the first
    (counting debaters that answered in both rounds)."""
    changes = []
    for before, after in zip(rounds, rounds[1:]):
        changes.append(sum(1 for name in after if name in before
                           and normalize(before[name]) != normalize(after[name])))
    return changes


_LAST_DEBATE: dict[str, Any] = {}


def _debate(question: str, backend: Backend, cfg: MethodConfig) -> tuple[Any, float]:
    """One debate with its judge for this question, run once and read by both debate methods
    (the benchmark runs the methods of an item one after another): the vote and the judge are
    then compared on the same transcripts, as they would be in one real run. No early stop:
    every debate makes debaters x rounds calls (+1 for the judge), the compute sc is given."""
    from agora.debate.debate import Debate  # lazily, like the agent

    key = (id(backend), question, cfg.debaters, cfg.rounds, cfg.seed, cfg.max_tokens, cfg.max_seconds, cfg.judge)
    if _LAST_DEBATE.get("key") != key:
        _LAST_DEBATE.clear()
        started = time.perf_counter()
        debate = Debate(cfg.debaters, model=backend, rounds=cfg.rounds, aggregate="judge" if cfg.judge else "vote",
                        judge=backend if cfg.judge else None,
                        seed=cfg.seed, max_tokens=cfg.max_tokens, max_seconds=cfg.max_seconds, early_stop=False)
        result = debate.run(question)
        _LAST_DEBATE.update(key=key, result=result, seconds=time.perf_counter() - started)
    return _LAST_DEBATE["result"], _LAST_DEBATE["seconds"]


def _run_debate(question: str, backend: Backend, cfg: MethodConfig, aggregate: str) -> MethodRun:
    result, seconds = _debate(question, backend, cfg)
    rounds = _round_answers(result)
    detail = {
        "round_answers": rounds,
        "rounds_played": len(rounds),
        "round_majority": [majority(r.values())[0] for r in rounds],
        "answer_changes": answer_changes(rounds),
        "vote_answer": result.vote_answer,
        "judge_agrees_with_vote": result.judge_agrees_with_vote,
        "aggregation": result.method if aggregate == "judge" else "vote",
        "stop_reason": result.stop_reason,
    }
    if aggregate == "judge":
        return MethodRun(answer=result.answer, usage=result.usage, seconds=seconds, detail=detail)
    # the vote is read off the same debate: its cost is the debaters' alone
    judge_seconds = sum(e.seconds for e in result.trace if e.type == "usage" and e.source == "judge")
    usage = result.usage - result.judge_usage if result.judge_usage is not None else result.usage
    return MethodRun(answer=result.vote_answer, usage=usage,
                     seconds=seconds - judge_seconds, detail=detail)


def run_debate_vote(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    return _run_debate(question, backend, cfg, "vote")


def run_debate_judge(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    return _run_debate(question, backend, cfg, "judge")


RUNNERS: dict[str, Callable[[str, Backend, MethodConfig], MethodRun]] = {
    "cot": run_cot,
    "sc": run_sc,
    "refine": run_refine,
    "react": run_react,
    "debate-vote": run_debate_vote,
    "debate-judge": run_debate_judge,
}


def run_method(name: str, question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    """Run one method; a runtime failure (backend down, a bug in a method) becomes a run
    with no answer and the error, so one bad item does not end the benchmark. Usage errors
    (ConfigError) still raise: they would fail every item the same way."""
    from agora.errors import AgoraError, ConfigError

    started = time.perf_counter()
    try:
        return RUNNERS[name](question, backend, cfg)
    except ConfigError:
        raise
    except (AgoraError, ValueError, RuntimeError, TimeoutError) as err:
        return MethodRun(answer=None, seconds=time.perf_counter() - started,
                         error=f"{type(err).__name__}: {err}")


__all__ = ["MethodConfig", "MethodRun", "METHODS", "BASELINES", "DEBATES", "RUNNERS", "run_method",
           "answer_changes"]
