"""Multi-model debate: N debaters (ordinary agents: model + persona + optional tools) answer,
read each other's latest answers and revise for up to R rounds; a judge and a majority vote
aggregate the final answers (both are recorded).

    from agora import Debate, Debater
    result = Debate(3, model="local:smollm2", personas=["calculator", "skeptic", "expert"],
                    rounds=2).run("What is 17 * 23 + 4?")
    result.answer, result.method, result.vote_answer, result.judge_agrees_with_vote

How a run goes (every step is an event in ``result.trace`` and on ``on_event``):

* round 0: each debater answers the question on its own;
* round r > 0: each debater sees the others' latest answers (reasons shortened to fit its
  context window) and gives a revised answer; a debater keeps its own conversation, so a local
  model that caches each prefix re-reads only the new turn;
* the debate stops early when every debater gives the same answer, or when the one token
  budget (debaters and judge together) runs out: it then aggregates what it has and says so;
* a debater whose backend fails is dropped for that round (``DebateTurn(ok=False)``); a judge
  that fails falls back to the majority vote, noted in ``result.notes``.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Sequence

from agora.answers import normalize, same_answer
from agora.backends.base import Backend
from agora.errors import ConfigError
from agora.events import DebateTurn, LimitReached, RoundFinished, RunFinished, RunStarted, UsageReport
from agora.debate.result import DebateResult, result_from_events
from agora.debate.judge import Entry, aggregate, shorten
from agora.messages import Message, Usage
from agora.prompts import render

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


@dataclass
class _Seat:
    """A debater at run time: resolved backend, persona, its own conversation so far."""

    name: str
    backend: Backend
    persona: Any
    tools: Sequence[Any]
    temperature: float | None
    seed: int
    history: list[Message] = field(default_factory=list)
    answer: str | None = None
    reasoning: str = ""


@dataclass
class _Turn:
    seat: _Seat
    prompt: str
    ok: bool = False
    answer: str = ""
    reasoning: str = ""
    error: str = ""
    usage: Usage = field(default_factory=Usage)


class Debate:
    def __init__(
        self,
        debaters: int | Sequence[Debater] = 3,
        *,
        model: str | Backend | None = None,
        models: Sequence[str | Backend] | None = None,
        personas: Sequence[Any] | None = None,
        rounds: int = 2,
        judge: str | Backend | None = None,
        aggregate: Literal["judge", "vote"] = "judge",
        token_budget: int | None = None,
        seed: int = 0,
        max_tokens: int = 512,
        judge_persona: str = "judge",
        personas_dir: str | None = None,
        max_seconds: float = 120.0,
        early_stop: bool = True,
        judge_max_tokens: int = 256,
        judge_free_answer: bool = False,
    ):
        if aggregate not in ("judge", "vote"):
            raise ConfigError(f"aggregate must be 'judge' or 'vote', not {aggregate!r}")
        if rounds < 1:
            raise ConfigError("a debate needs at least one round")
        if isinstance(debaters, int):
            if debaters < 1:
                raise ConfigError("a debate needs at least one debater")
            names = list(personas) if personas else list(DEFAULT_PERSONAS)
            pool = list(models) if models else [model]
            debaters = [Debater(model=pool[i % len(pool)], persona=names[i % len(names)])
                        for i in range(debaters)]
        self.debaters = list(debaters)
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

    def _seats(self) -> list[_Seat]:
        seats, taken = [], {"debate", "judge"}  # event sources of the debate itself
        for i, (d, persona) in enumerate(zip(self.debaters, self._personas)):
            base = d.name or (persona.name if persona else f"debater-{i + 1}")
            name, k = base, 2
            while name in taken:  # one persona twice: "skeptic", "skeptic-2"
                name, k = f"{base}-{k}", k + 1
            taken.add(name)
            seats.append(_Seat(name=name, backend=self._backend(d.model), persona=persona,
                               tools=d.tools, temperature=d.temperature, seed=self.seed + i))
        return seats

    # --- running ----------------------------------------------------------------------------

    def run(self, question: str, *, on_event: Callable[[Any], None] | None = None) -> DebateResult:
        from agora import agent  # noqa: F401 - fail here, loudly, if the agent cannot load

        started = time.perf_counter()
        trace: list[Any] = []
        lock = threading.Lock()

        def emit(event: Any) -> None:
            with lock:  # debaters of a round report from several threads
                trace.append(event)
                if on_event is not None:
                    on_event(event)

        seats = self._seats()
        judge_backend = None
        if self.judge is not None:
            judge_backend = self._backend(self.judge)
        elif self.aggregate == "judge":  # no judge named: the first debater's model judges
            judge_backend = seats[0].backend
        emit(RunStarted(source="debate", question=question, model=seats[0].backend.spec, config={
            "debaters": [{"name": s.name, "model": s.backend.spec,
                          "persona": s.persona.name if s.persona else None} for s in seats],
            "rounds": self.rounds, "aggregate": self.aggregate,
            "judge": judge_backend.spec if judge_backend else None,
            "token_budget": self.token_budget, "seed": self.seed}))
        usage, rounds, notes = Usage(), [], []
        stop_reason, last_cost = "rounds", 0
        for r in range(self.rounds):
            if self.token_budget is not None and r > 0 and usage.total_tokens + last_cost > self.token_budget:
                stop_reason = "budget"
                detail = (f"token budget {self.token_budget}: {usage.total_tokens} spent, another round "
                          f"needs about {last_cost}; stopping after round {r}")
                notes.append(detail)
                emit(LimitReached(source="debate", limit="budget", detail=detail))
                break
            turns = [_Turn(seat=s, prompt=question if r == 0 else self._update_prompt(s, seats, question))
                     for s in seats]
            # the debaters of a round share what is left of the budget (they may run at once)
            share = None if self.token_budget is None else (self.token_budget - usage.total_tokens) // len(turns)
            self._play(turns, r, share, emit)
            cost = sum((t.usage for t in turns), Usage())
            usage, last_cost = usage + cost, cost.total_tokens
            answers = {t.seat.name: t.answer for t in turns if t.ok}
            rounds.append(answers)
            consensus = len(answers) == len(seats) and _all_agree(list(answers.values()))
            emit(RoundFinished(source="debate", round=r, answers=answers, consensus=consensus))
            if consensus and self.early_stop:
                stop_reason = "consensus"
                break
            if self.token_budget is not None and usage.total_tokens >= self.token_budget:
                stop_reason = "budget"
                detail = f"token budget {self.token_budget} spent ({usage.total_tokens}) in round {r + 1}"
                notes.append(detail)
                emit(LimitReached(source="debate", limit="budget", detail=detail))
                break
        result = self._aggregate(question, seats, judge_backend, usage, notes, emit)
        result.rounds, result.stop_reason = rounds, stop_reason
        if not result.answer:
            result.stop_reason = "no_answers"
        result.seconds = time.perf_counter() - started
        emit(UsageReport(source="debate", usage=result.usage, seconds=result.seconds))
        emit(RunFinished(source="debate", answer=result.answer, complete=result.complete,
                         stop_reason=result.stop_reason, usage=result.usage, seconds=result.seconds))
        result.trace = trace
        return result

    def _update_prompt(self, seat: _Seat, seats: list[_Seat], question: str) -> str:
        """The others' latest answers, their reasons shortened to fit the debater's context."""
        others = [s for s in seats if s is not seat and s.answer is not None]
        count = seat.backend.count_tokens
        used = sum(count(m.content) for m in seat.history) + count(question)
        if seat.persona is not None:
            used += count(seat.persona.system)
        # room left once the reply and the agent's own instructions (~300 tokens) are set aside
        room = (seat.backend.context_size or 4096) - used - self.max_tokens - 300
        per_other = max(24, room // max(1, len(others)))
        items = [{"label": f"Debater {i + 1}", "answer": shorten(o.answer or "", 48, count),
                  "reasoning": shorten(o.reasoning, per_other - 48, count)}
                 for i, o in enumerate(others)]
        return render("debate_update", question=question, others=items)

    def _play(self, turns: list[_Turn], r: int, budget: int | None, emit: Callable) -> None:
        """Run one round. Debaters on a backend that allows concurrent calls run at once;
        debaters sharing a one-at-a-time (local) backend take turns in order."""
        groups: dict[Any, list[_Turn]] = {}
        for t in turns:
            key = ("seat", id(t)) if t.seat.backend.supports_concurrency else ("backend", id(t.seat.backend))
            groups.setdefault(key, []).append(t)

        def play_group(group: list[_Turn]) -> None:
            for t in group:
                self._turn(t, r, budget, emit)

        if len(groups) == 1:
            play_group(turns)
            return
        pool = ThreadPoolExecutor(max_workers=len(groups))
        try:
            for f in [pool.submit(play_group, g) for g in groups.values()]:
                f.result()
        except BaseException:  # Ctrl-C: return at once, start no queued debater
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()

    def _turn(self, t: _Turn, r: int, budget: int | None, emit: Callable) -> None:
        from agora.agent.agent import Agent  # lazily (imported once by run()): keeps `import agora` light

        seat = t.seat

        def forward(event: Any) -> None:
            if not getattr(event, "source", ""):
                event.source = seat.name
            emit(event)

        try:
            options: dict[str, Any] = dict(model=seat.backend, name=seat.name, persona=seat.persona,
                                           tools=list(seat.tools), max_tokens=self.max_tokens,
                                           seed=seat.seed + 1000 * r, max_seconds=self.max_seconds)
            if seat.temperature is not None:  # else the persona's temperature applies
                options["temperature"] = seat.temperature
            if budget is not None:
                options["token_budget"] = max(1, budget)
            agent = Agent(**options)
            result = agent.run(t.prompt, history=list(seat.history), on_event=forward)
            t.usage = result.usage
            t.answer, t.reasoning = (result.answer or "").strip(), result.reasoning or ""
            t.ok = bool(t.answer) and result.stop_reason != "error"
            if not t.ok:
                t.error = _failure(result)
        except ConfigError:
            raise  # a bad setup (unknown tool, missing file) fails every turn alike: say so at once
        except Exception as err:  # noqa: BLE001 - one failing debater must not end the debate
            t.ok, t.error = False, f"{type(err).__name__}: {err}"
        if t.ok:
            seat.history += [Message.user(t.prompt), Message.assistant(_reply_text(t.answer, t.reasoning))]
            seat.answer, seat.reasoning = t.answer, t.reasoning
        emit(DebateTurn(source=seat.name, round=r, debater=seat.name, answer=t.answer,
                        reasoning=t.reasoning, ok=t.ok, error=t.error))

    # --- aggregation ------------------------------------------------------------------------

    def _aggregate(self, question: str, seats: list[_Seat], judge_backend: Backend | None,
                   usage: Usage, notes: list[str], emit: Callable) -> DebateResult:
        final = [Entry(s.name, s.answer, s.reasoning) for s in seats if s.answer is not None]
        left = None if self.token_budget is None else self.token_budget - usage.total_tokens
        max_tokens = self.judge_max_tokens if left is None else max(1, min(self.judge_max_tokens, left))
        out = aggregate(question, final, judge_backend=judge_backend, mode=self.aggregate,
                        judge_system=self._judge_persona.system,
                        judge_temperature=self._judge_persona.temperature, seed=self.seed,
                        max_tokens=max_tokens, budget_left=left is None or left > 0,
                        free_answer=self.judge_free_answer, emit=emit)
        return DebateResult(answer=out.answer, method=out.method, verdict=out.verdict,
                            vote_answer=out.vote_answer, vote_count=out.vote_count,
                            judge_agrees_with_vote=out.agrees, notes=notes + out.notes,
                            usage=usage + out.usage, judge_usage=out.usage if out.judged else None)


def _all_agree(answers: list[str]) -> bool:
    keys = [normalize(a) for a in answers]
    return bool(keys) and keys[0] is not None and all(k == keys[0] for k in keys)


def _reply_text(answer: str, reasoning: str) -> str:
    """The debater's turn as its conversation keeps it. A chain-of-thought reasoning is the
    model's whole reply (answer line included): kept verbatim, the next round's prompt starts
    with exactly the tokens already in the model's KV cache."""
    from agora.answers import final_part

    if reasoning.strip() and same_answer(final_part(reasoning), answer):
        return reasoning.strip()
    return f"{reasoning.strip()}\nAnswer: {answer}".strip()


def _failure(result: Any) -> str:
    """Why an agent run gave no usable answer: its last error notice, else its stop reason."""
    for event in reversed(getattr(result, "trace", []) or []):
        if getattr(event, "type", "") in ("notice", "limit") and (
                getattr(event, "level", "error") == "error" or event.type == "limit"):
            return getattr(event, "text", "") or getattr(event, "detail", "")
    return f"no answer (stop reason: {getattr(result, 'stop_reason', '?')})"


__all__ = ["Debate", "Debater", "DebateResult", "DEFAULT_PERSONAS", "result_from_events"]
