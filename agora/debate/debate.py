"""Multi-model debate: N debaters (ordinary agents: model + persona + tools) answer, read
each other's latest answers and revise for up to R rounds; a vote, a weighted vote or a judge
aggregates the final answers (all that were computed are recorded).

    from agora import Debate
    result = Debate(3, model="local:smollm2", rounds=2, consensus=2/3).run("What is 17 * 23 + 4?")
    result.answer, result.method, result.vote_answer, result.judge_agrees_with_vote

How a run goes (every step is an event in ``result.trace`` and on ``on_event``):

* round 0: each debater answers the question on its own (a persona may carry tools: the
  ``calculator`` persona runs the agent's ReAct loop with the calculator);
* round r > 0 runs only on disagreement: each debater sees the latest answers of the debaters
  the ``topology`` lets it read (``all``, ``ring``, ``star``; who saw whom is in each
  DebateTurn), reasons shortened to fit its context window, and gives a revised answer; a
  debater keeps its own conversation, so a local model that caches each prefix re-reads
  only the new turn; with ``revise="dissent"`` the debaters holding the answer with the
  strongest evidence stand (no call) and only the others revise (agora.debate.revision);
* the debate stops when a fraction ``consensus`` of the debaters give the same answer (1.0:
  all of them), or when the one token budget or the one wall-clock budget (``max_seconds``:
  debaters, confidences and judge together) runs out: it then aggregates what it has and
  says so;
* a debater whose backend fails is dropped for that round (``DebateTurn(ok=False)``); a judge
  that fails, runs out of time, or (``judge_swap``) changes its verdict when the answers are
  read in reversed order, falls back to the majority vote, noted in ``result.notes``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Literal, Sequence

from agora.answers import majority
from agora.backends.base import Backend
from agora.debate import revision
from agora.debate import topology as topologies
from agora.debate.aggregate import AGGREGATES, aggregate, restates
from agora.debate.judge import Entry
from agora.debate.result import DebateResult, result_from_events
from agora.debate.turns import (Seat, Turn, TurnSettings, check_agent_options, play_round, play_turn,
                                state_confidences, update_prompt, with_persona_tools)
from agora.errors import ConfigError
from agora.events import DebateTurn, LimitReached, RoundFinished, RunFinished, RunStarted, TokenDelta, UsageReport
from agora.messages import Usage

#: personas given to ``Debate(N)`` debaters when none are named: different viewpoints help
#: one model disagree with itself usefully.
DEFAULT_PERSONAS = ("calculator", "skeptic", "expert", "devils-advocate", "optimist", "teacher")


@dataclass
class Debater:
    """One participant. ``model`` None means the Debate's ``model``."""

    model: str | Backend | None = None
    persona: Any = None  # a name, a Persona, or None
    tools: Sequence[Any] = ()
    name: str | None = None
    temperature: float | None = None




class Debate:
    """A debate's configuration; :meth:`run` plays it. ``max_seconds`` bounds the WHOLE debate
    (every turn, the confidences and the judge). ``agent_options`` go to every debater's
    Agent (``plan``, ``critique``, ``critic_model``, ``max_steps``, ``max_revisions``,
    ``system``, ``tool_options`` such as ``{"strict": True}`` for the python sandbox...).
    ``stream=True`` forwards the debaters' token deltas as they are generated."""

    def __init__(
        self,
        debaters: int | Sequence[Debater] = 3,
        *,
        model: str | Backend | None = None,
        models: Sequence[str | Backend] | None = None,
        personas: Sequence[Any] | None = None,
        rounds: int = 2,
        judge: str | Backend | None = None,
        aggregate: Literal["judge", "vote", "weighted-vote"] = "judge",
        token_budget: int | None = None,
        seed: int = 0,
        max_tokens: int = 512,
        judge_persona: str = "judge",
        personas_dir: str | None = None,
        max_seconds: float = 120.0,
        early_stop: bool = True,
        judge_max_tokens: int = 256,
        judge_free_answer: bool = False,
        consensus: float = 1.0,
        judge_swap: bool = False,
        topology: Literal["all", "ring", "star"] = "all",
        confidences: bool | None = None,
        agent_options: dict[str, Any] | None = None,
        stream: bool = False,
        keep_verified: bool = True,
        revise: Literal["all", "dissent"] = "all",
        peer_tokens: int | None = None,
    ):
        if aggregate not in AGGREGATES:
            raise ConfigError(f"aggregate must be one of {', '.join(AGGREGATES)}, not {aggregate!r}")
        if rounds < 1:
            raise ConfigError("a debate needs at least one round")
        if not 0 < consensus <= 1:
            raise ConfigError(f"consensus must be a fraction above 0 and at most 1 (got {consensus:g})")
        if max_seconds <= 0:
            raise ConfigError("max_seconds must be positive")
        revision.check(revise)
        if peer_tokens is not None and peer_tokens < 1:
            raise ConfigError(f"peer_tokens must be at least 1 (got {peer_tokens})")
        if isinstance(debaters, int):
            if debaters < 1:
                raise ConfigError("a debate needs at least one debater")
            names = list(personas) if personas else list(DEFAULT_PERSONAS)
            pool = list(models) if models else [model]
            debaters = [Debater(model=pool[i % len(pool)], persona=names[i % len(names)])
                        for i in range(debaters)]
        self.debaters = list(debaters)
        topologies.check(topology, len(self.debaters))
        self.model = model
        self.rounds = rounds
        self.judge = judge
        self.aggregate = aggregate
        self.token_budget = token_budget
        self.seed = seed
        self.max_tokens = max_tokens
        self.judge_persona = judge_persona
        self.personas_dir = personas_dir
        self.max_seconds = max_seconds
        self.early_stop = early_stop
        self.judge_max_tokens = judge_max_tokens  # the verdict's fields are bounded: ~150 tokens
        # False: the judge picks one of the debaters' answers (it judges; it does not answer anew)
        self.judge_free_answer = judge_free_answer
        self.consensus = consensus
        self.judge_swap = judge_swap
        self.topology = topology
        #: ask each debater for its confidence after the last round (the weighted vote needs it)
        self.confidences = aggregate == "weighted-vote" if confidences is None else confidences
        self.agent_options = check_agent_options(agent_options or {})
        self.stream = stream
        #: a debater keeps an answer its own tool computed unless a tool gives it another
        self.keep_verified = keep_verified
        #: later rounds: everyone revises, or only the debaters outside the standing lead
        self.revise = revise
        #: later rounds: at most this many tokens of each peer's reasoning (None: what fits)
        self.peer_tokens = peer_tokens
        self._backends: dict[str, Backend] = {}
        from agora.personas import load_persona

        # personas are resolved now, so an unknown name fails before any model is loaded
        self._personas = [load_persona(d.persona, personas_dir) if d.persona else None for d in self.debaters]
        self._judge_persona = load_persona(judge_persona, personas_dir)

    # --- setup ------------------------------------------------------------------------------

    def _backend(self, spec: str | Backend | None) -> Backend:
        """One instance per spec (a local model is loaded once and shared by its debaters)."""
        if isinstance(spec, Backend):
            return spec
        spec = spec or self.model
        if isinstance(spec, Backend):
            return spec
        from agora import backends

        key = spec or backends.DEFAULT_MODEL
        if key not in self._backends:
            self._backends[key] = backends.shared_backend(key)
        return self._backends[key]

    def _seats(self) -> list[Seat]:
        seats, taken = [], {"debate", "judge"}  # event sources of the debate itself
        for i, (d, persona) in enumerate(zip(self.debaters, self._personas)):
            base = d.name or (persona.name if persona else f"debater-{i + 1}")
            name, k = base, 2
            while name in taken:  # one persona twice: "skeptic", "skeptic-2"
                name, k = f"{base}-{k}", k + 1
            taken.add(name)
            seats.append(Seat(name=name, backend=self._backend(d.model), persona=persona,
                               tools=with_persona_tools(d.tools, persona), temperature=d.temperature,
                               seed=self.seed + i))
        return seats

    # --- running ----------------------------------------------------------------------------

    def run(self, question: str, *, on_event: Callable[[Any], None] | None = None) -> DebateResult:
        from agora import agent  # noqa: F401 - fail here, loudly, if the agent cannot load

        started = time.perf_counter()
        deadline = started + self.max_seconds
        trace: list[Any] = []
        lock = threading.Lock()

        def emit(event: Any) -> None:
            with lock:  # debaters of a round report from several threads
                if not isinstance(event, TokenDelta):
                    trace.append(event)
                if on_event is not None:
                    on_event(event)

        seats = self._seats()
        sees = topologies.peers(self.topology, len(seats))
        judge_backend = None
        if self.judge is not None:
            judge_backend = self._backend(self.judge)
        elif self.aggregate == "judge" or self.judge_swap:  # no judge named: the first debater's model judges
            judge_backend = seats[0].backend
        emit(RunStarted(source="debate", question=question, model=seats[0].backend.spec, config={
            "debaters": [{"name": s.name, "model": s.backend.spec,
                          "persona": s.persona.name if s.persona else None,
                          "tools": [getattr(t, "name", t) for t in s.tools]} for s in seats],
            "rounds": self.rounds, "aggregate": self.aggregate,
            "judge": judge_backend.spec if judge_backend else None, "judge_swap": self.judge_swap,
            "consensus": self.consensus, "early_stop": self.early_stop, "topology": self.topology,
            "sees": {s.name: [seats[j].name for j in sees[i]] for i, s in enumerate(seats)},
            "token_budget": self.token_budget, "max_seconds": self.max_seconds, "seed": self.seed,
            "keep_verified": self.keep_verified, "revise": self.revise, "peer_tokens": self.peer_tokens,
            "agent_options": {k: getattr(v, "spec", v) for k, v in self.agent_options.items()}}))
        usage, rounds, round_usage, notes = Usage(), [], [], []
        stop_reason, last_cost = "rounds", 0

        def stop(limit: str, detail: str) -> None:
            notes.append(detail)
            emit(LimitReached(source="debate", limit=limit, detail=detail))

        for r in range(self.rounds):
            if r > 0 and time.perf_counter() >= deadline:
                stop_reason = "max_seconds"
                stop("max_seconds", f"the debate's {self.max_seconds:g} s ran out after round {r}")
                break
            if self.token_budget is not None and r > 0 and usage.total_tokens + last_cost > self.token_budget:
                stop_reason = "budget"
                stop("budget", f"token budget {self.token_budget}: {usage.total_tokens} spent, another round "
                               f"needs about {last_cost}; stopping after round {r}")
                break
            turns, stood = [], []
            stand = revision.standing(question, [(s.answer, s.verified) for s in seats], self.revise) if r > 0 else set()
            for i, s in enumerate(seats):
                if i in stand:  # its answer leads with evidence: carried into this round, no call
                    stood.append(s)
                    continue
                shown = [seats[j] for j in sees[i] if seats[j].answer is not None] if r > 0 else []
                prompt = update_prompt(s, shown, question, self.max_tokens, self.peer_tokens) if shown else question
                turns.append(Turn(seat=s, prompt=prompt, saw=[o.name for o in shown]))
            for s in stood:
                emit(DebateTurn(source=s.name, round=r, debater=s.name, answer=s.answer or "", reasoning=s.reasoning,
                                ok=True, verified=s.verified, stood=True))
            # the debaters of a round share what is left of the budget (they may run at once)
            share = None if self.token_budget is None else (self.token_budget - usage.total_tokens) // max(1, len(turns))
            settings = TurnSettings(self.max_tokens, self.max_seconds, self.agent_options, self.stream,
                                    self.keep_verified)
            if turns:  # everyone stands only when all agree (a fixed-compute debate plays on)
                play_round(turns, lambda t: play_turn(t, r, budget=share, deadline=deadline, settings=settings,
                                                      emit=emit))
            cost = sum((t.usage for t in turns), Usage())
            usage, last_cost = usage + cost, cost.total_tokens
            played = {t.seat.name: t.answer for t in turns if t.ok}
            answers = {s.name: s.answer or "" for s in seats if s.name in played or s in stood}
            rounds.append(answers)
            round_usage.append(cost)
            agreed = majority([a for a in answers.values() if not restates(question, a)])[1]
            consensus = agreed / len(seats) >= self.consensus - 1e-9
            emit(RoundFinished(source="debate", round=r, answers=answers, consensus=consensus, usage=cost))
            if consensus and self.early_stop:
                stop_reason = "consensus"
                break
            if self.token_budget is not None and usage.total_tokens >= self.token_budget:
                stop_reason = "budget"
                stop("budget", f"token budget {self.token_budget} spent ({usage.total_tokens}) in round {r + 1}")
                break
        result = self._aggregate(question, seats, judge_backend, usage, notes, deadline, emit)
        result.rounds, result.round_usage = rounds, round_usage
        result.stop_reason = stop_reason if result.answer else "no_answers"
        result.seconds = time.perf_counter() - started
        emit(UsageReport(source="debate", usage=result.usage, seconds=result.seconds))
        emit(RunFinished(source="debate", answer=result.answer, complete=result.complete,
                         stop_reason=result.stop_reason, usage=result.usage, seconds=result.seconds))
        result.trace = trace
        return result

    def _aggregate(self, question: str, seats: list[Seat], judge_backend: Backend | None,
                   usage: Usage, notes: list[str], deadline: float, emit: Callable) -> DebateResult:
        final = [Entry(s.name, s.answer, s.reasoning, s.verified) for s in seats if s.answer is not None]
        confidences, confidence_usage = None, None
        if self.confidences and final:
            confidences, confidence_usage = state_confidences(seats, deadline, emit)
            usage = usage + confidence_usage
        left = None if self.token_budget is None else self.token_budget - usage.total_tokens
        max_tokens = self.judge_max_tokens if left is None else max(1, min(self.judge_max_tokens, left))
        out = aggregate(question, final, judge_backend=judge_backend, mode=self.aggregate,
                        judge_system=self._judge_persona.system,
                        judge_temperature=self._judge_persona.temperature, seed=self.seed,
                        max_tokens=max_tokens, budget_left=left is None or left > 0,
                        free_answer=self.judge_free_answer, swap=self.judge_swap, confidences=confidences,
                        deadline=deadline, emit=emit)
        return DebateResult(answer=out.answer, method=out.method, verdict=out.verdict,
                            swap_verdict=out.swap_verdict, judge_consistent=out.consistent,
                            vote_answer=out.vote_answer, vote_count=out.vote_count,
                            weighted_answer=out.weighted_answer, confidences=confidences or {},
                            pool={e.name: e.answer for e in final}, topology=self.topology,
                            judge_agrees_with_vote=out.agrees, notes=notes + out.notes,
                            usage=usage + out.usage, judge_usage=out.usage if out.judged else None,
                            confidence_usage=confidence_usage)


__all__ = ["Debate", "Debater", "DebateResult", "DEFAULT_PERSONAS", "result_from_events"]
