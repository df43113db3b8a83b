"""The techniques a benchmark compares, each run on one question with one model.

===============  ===============================================================
cot              one chain-of-thought Agent run (greedy)
sc               self-consistency: k chain-of-thought samples at temperature > 0,
                 majority vote; k = debaters x rounds (+1 when the judge is
                 measured), the calls one debate makes, so sc and the debates
                 spend equal compute
refine           Agent with self-critique (draft -> critique -> revise)
react            Agent with the calculator tool
tot              Tree of Thoughts (breadth x depth, grammar-bound values)
route            Router: rules, else a classification call, picks cot or react
debate-vote      Debate (debaters x rounds, no early stop), majority vote
debate-judge     the same debate (run once per item), a judge gives the verdict
judge-swap       the same debate, the judge reads the answers twice (reversed
                 order the second time); a flipping verdict falls back to the vote
debate-weighted  the same debate, a vote weighted by stated confidences
debate-adaptive  its own debate: stops once ``consensus`` of the debaters agree
debate-ring      its own debate: each debater reads its two neighbours (at least
                 4 debaters: with 3 a ring is everyone)
===============  ===============================================================

The methods of one debate (vote, judge, judge-swap, weighted) read the same transcript:
it is run once per item and kept for the item's other methods; with ``--resume`` they are
run again together (agora.bench.quality), so they are never scored on two debates.

Every method returns a :class:`MethodRun` with the answer, the usage summed over all its
model calls, wall seconds and method details (samples, per-round answers).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from agora import defaults
from agora.answers import majority, normalize
from agora.backends.base import Backend
from agora.messages import Usage

#: methods that are single agents: the "baselines" a debate is compared against
BASELINES = ("cot", "sc", "refine", "react", "tot", "route")
#: the methods read off one shared debate per item
SHARED_DEBATE = ("debate-vote", "debate-judge", "judge-swap", "debate-weighted")
DEBATES = SHARED_DEBATE + ("debate-adaptive", "debate-ring")
JUDGED = ("debate-judge", "judge-swap")
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
    #: debates get a judge (off when only debate-vote is measured: no judge call is wasted);
    #: a judged debate is always read twice (swap), so every judged method reports consistency
    judge: bool = True
    #: debaters state their confidence after the last round (for debate-weighted)
    confidences: bool = False
    #: debate-adaptive stops once this fraction of the debaters agree
    consensus: float = 2 / 3
    tot_breadth: int = 2
    tot_depth: int = 3
    #: a mixed panel: model specs given to the debaters in turn (empty: the measured model)
    panel: tuple[str, ...] = ()
    #: tools every debater carries besides its persona's (("calculator",): a panel that computes)
    debater_tools: tuple[str, ...] = ()
    #: debate-adaptive's later rounds: who revises ("dissent": only those outside the standing
    #: lead) and how many tokens of each peer's reasoning they read (None: what fits; clipping
    #: to 64 cost accuracy on the dev split, examples/bench_debate_adaptive.py --ablation)
    revise: str = "dissent"
    peer_tokens: int | None = None

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


def _panel(backend: Backend, cfg: MethodConfig) -> list[Any]:
    """The debaters' models: the measured one, or the mixed panel (loaded once, shared)."""
    if not cfg.panel:
        return [backend]
    from agora.backends import shared_backend

    return [backend if spec == backend.spec else shared_backend(spec) for spec in cfg.panel]


def _debaters(backend: Backend, cfg: MethodConfig, n: int) -> list[Any]:
    """The panel: the default personas in turn, on the panel's models, each with ``debater_tools``."""
    from agora.debate.debate import DEFAULT_PERSONAS, Debater

    models = _panel(backend, cfg)
    return [Debater(model=models[i % len(models)], persona=DEFAULT_PERSONAS[i % len(DEFAULT_PERSONAS)],
                    tools=list(cfg.debater_tools)) for i in range(n)]


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


class _LastDebate(threading.local):
    """The debate last run in this thread (``bench quality --concurrency`` runs the methods
    of one debate as one job, in one thread, while other threads run other items)."""

    def __init__(self) -> None:
        self.entry: dict[str, Any] = {}


_LAST = _LastDebate()


def _debate(question: str, backend: Backend, cfg: MethodConfig) -> tuple[Any, float]:
    """One debate for this question, run once and read by every method of SHARED_DEBATE (the
    benchmark runs the methods of an item one after another): vote, judge and weighted vote
    are then compared on the same transcript, as they would be in one real run. No early stop:
    every debate makes debaters x rounds calls (+ the judge's), the compute sc is given. The
    cache holds the backend itself (compared with ``is``): an ``id`` can be reused."""
    from agora.debate.debate import Debate  # lazily, like the agent

    key = (question, cfg.debaters, cfg.rounds, cfg.seed, cfg.max_tokens, cfg.max_seconds, cfg.judge, cfg.confidences,
           cfg.panel, cfg.debater_tools)
    last = _LAST.entry
    if last.get("key") != key or last.get("backend") is not backend:
        last.clear()
        started = time.perf_counter()
        debate = Debate(_debaters(backend, cfg, cfg.debaters), rounds=cfg.rounds,
                        aggregate="judge" if cfg.judge else "vote",
                        judge=backend if cfg.judge else None, judge_swap=cfg.judge, confidences=cfg.confidences,
                        seed=cfg.seed, max_tokens=cfg.max_tokens, max_seconds=cfg.max_seconds * cfg.debaters * cfg.rounds,
                        early_stop=False)
        result = debate.run(question)
        last.update(key=key, backend=backend, result=result, seconds=time.perf_counter() - started)
    return last["result"], last["seconds"]


def _debate_detail(result: Any) -> dict[str, Any]:
    rounds = _round_answers(result)
    return {
        "round_answers": rounds,
        "rounds_played": len(rounds),
        "round_majority": [majority(r.values())[0] for r in rounds],
        "answer_changes": answer_changes(rounds),
        "vote_answer": result.vote_answer,
        "judge_agrees_with_vote": result.judge_agrees_with_vote,
        "judge_consistent": result.judge_consistent,
        "pool": dict(result.pool),
        "stop_reason": result.stop_reason,
        "round_calls": [u.calls for u in result.round_usage],
        "round_tokens": [u.total_tokens for u in result.round_usage],
        "round_prompt_tokens": [u.prompt_tokens for u in result.round_usage],
        "stood": sum(1 for e in result.trace if e.type == "debate_turn" and getattr(e, "stood", False)),
    }


def _seconds(result: Any, source: str) -> float:
    return sum(e.seconds for e in result.trace if e.type == "usage" and e.source == source)


def _run_debate(question: str, backend: Backend, cfg: MethodConfig, method: str) -> MethodRun:
    result, seconds = _debate(question, backend, cfg)
    detail = _debate_detail(result)
    debaters = result.usage - (result.judge_usage or Usage()) - (result.confidence_usage or Usage())
    debater_seconds = seconds - _seconds(result, "judge") - _seconds(result, "confidence")
    readings = [e for e in result.trace if e.type == "usage" and e.source == "judge"]
    if method == "debate-vote":
        answer, usage, secs, detail["aggregation"] = result.vote_answer, debaters, debater_seconds, "vote"
    elif method == "debate-weighted":
        answer, usage = result.weighted_answer, debaters + (result.confidence_usage or Usage())
        secs, detail["aggregation"] = debater_seconds + _seconds(result, "confidence"), "weighted-vote"
        detail["confidences"] = dict(result.confidences)
    elif method == "debate-judge":  # the judge's first reading alone (the swap only measures it)
        first = readings[0] if readings else None
        answer = result.verdict.answer if result.verdict is not None else result.vote_answer
        usage = debaters + (first.usage if first else Usage())
        secs = debater_seconds + (first.seconds if first else 0.0)
        detail["aggregation"] = "judge" if result.verdict is not None else result.method
    else:  # judge-swap: both readings; a verdict that flips gives the vote
        answer = result.answer
        usage = debaters + (result.judge_usage or Usage())
        secs, detail["aggregation"] = debater_seconds + _seconds(result, "judge"), result.method
    return MethodRun(answer=answer, usage=usage, seconds=secs, detail=detail)


def run_debate_vote(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    return _run_debate(question, backend, cfg, "debate-vote")


def run_debate_judge(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    return _run_debate(question, backend, cfg, "debate-judge")


def run_judge_swap(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    return _run_debate(question, backend, cfg, "judge-swap")


def run_debate_weighted(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    return _run_debate(question, backend, cfg, "debate-weighted")


def _own_debate(question: str, backend: Backend, cfg: MethodConfig, **options: Any) -> MethodRun:
    from agora.debate.debate import Debate

    started = time.perf_counter()
    result = Debate(_debaters(backend, cfg, options.pop("debaters", cfg.debaters)), rounds=cfg.rounds,
                    aggregate="vote",
                    seed=cfg.seed, max_tokens=cfg.max_tokens, max_seconds=cfg.max_seconds * cfg.debaters * cfg.rounds,
                    **options).run(question)
    detail = _debate_detail(result) | {"aggregation": result.method, "topology": result.topology}
    return MethodRun(answer=result.answer, usage=result.usage, seconds=time.perf_counter() - started, detail=detail)


def run_debate_adaptive(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    """Round 0 independent; further rounds only while fewer than ``consensus`` agree, and in
    them only the debaters outside the standing lead revise (``cfg.revise``), reading each
    peer's answer and at most ``cfg.peer_tokens`` of its reasoning."""
    return _own_debate(question, backend, cfg, consensus=cfg.consensus, revise=cfg.revise,
                       peer_tokens=cfg.peer_tokens)


def run_debate_ring(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    return _own_debate(question, backend, cfg, topology="ring", early_stop=False, debaters=max(cfg.debaters, 4))


def run_tot(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    started = time.perf_counter()
    result = _agent(backend, cfg, method="tot",
                    method_options={"breadth": cfg.tot_breadth, "depth": cfg.tot_depth}).run(question)
    nodes = [e for e in result.trace if e.type == "tot_node"]
    return _from_result(result, started, nodes=len(nodes), kept=sum(1 for n in nodes if n.kept))


#: the profiles the ``route`` method chooses between
ROUTE_PROFILES = {"cot": {"description": "the model alone, chain of thought"},
                  "calculator": {"description": "an agent with a calculator", "tools": ["calculator"]}}


def run_route(question: str, backend: Backend, cfg: MethodConfig) -> MethodRun:
    from agora.agent.router import Router, default_rules
    from agora.profiles import load_profiles

    started = time.perf_counter()
    profiles = {k: v for k, v in load_profiles(ROUTE_PROFILES, model=backend.spec).items() if k in ROUTE_PROFILES}
    router = Router(profiles, rules=default_rules(profiles), classifier=backend, default="cot")
    choice, answer = router.run(question, load=lambda spec: backend, seed=cfg.seed, max_tokens=cfg.max_tokens,
                                max_seconds=cfg.max_seconds, temperature=0.0)
    return MethodRun(answer=answer.answer, usage=answer.usage, seconds=time.perf_counter() - started,
                     detail={"profile": choice.profile, "route": choice.method, "stop_reason": answer.stop_reason})


RUNNERS: dict[str, Callable[[str, Backend, MethodConfig], MethodRun]] = {
    "cot": run_cot,
    "sc": run_sc,
    "refine": run_refine,
    "react": run_react,
    "tot": run_tot,
    "route": run_route,
    "debate-vote": run_debate_vote,
    "debate-judge": run_debate_judge,
    "judge-swap": run_judge_swap,
    "debate-weighted": run_debate_weighted,
    "debate-adaptive": run_debate_adaptive,
    "debate-ring": run_debate_ring,
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


__all__ = ["MethodConfig", "MethodRun", "METHODS", "BASELINES", "DEBATES", "SHARED_DEBATE", "JUDGED", "RUNNERS",
           "run_method", "answer_changes"]
