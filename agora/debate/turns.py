"""A debater at run time (its :class:`Seat`: backend, persona, tools, its own conversation)
and what a round does with it: the prompt that shows it the answers it may read, its turn (an
ordinary Agent run: the agent's loop, with its tools), and its stated confidence.
:class:`agora.debate.debate.Debate` drives the rounds."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from agora.answers import same_answer
from agora.backends.base import Backend
from agora.debate.aggregate import state_confidence
from agora.debate.judge import shorten
from agora.errors import ConfigError
from agora.events import ConfidenceStated, DebateTurn, Notice, UsageReport
from agora.messages import Message, Usage
from agora.prompts import render


@dataclass
class TurnSettings:
    """What every turn of one debate shares."""

    max_tokens: int
    max_seconds: float  # the whole debate's (named in the message of a turn that found none left)
    agent_options: dict[str, Any]
    stream: bool = False
    #: a debater whose answer its own tool computed keeps it unless a tool gives it another
    keep_verified: bool = True


@dataclass
class Seat:
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
    verified: bool = False


@dataclass
class Turn:
    seat: Seat
    prompt: str
    ok: bool = False
    answer: str = ""
    reasoning: str = ""
    error: str = ""
    usage: Usage = field(default_factory=Usage)
    saw: list[str] = field(default_factory=list)
    verified: bool = False



def update_prompt(seat: Seat, shown: list[Seat], question: str, max_tokens: int,
                  peer_tokens: int | None = None) -> str:
    """The latest answers of the debaters ``seat`` reads, reasons shortened to fit its context
    (and to ``peer_tokens`` each, when given: a compact round shows the answers and the gist)."""
    count = seat.backend.count_tokens
    used = sum(count(m.content) for m in seat.history) + count(question)
    if seat.persona is not None:
        used += count(seat.persona.system)
    # room left once the reply and the agent's own instructions (~300 tokens) are set aside
    room = (seat.backend.context_size or 4096) - used - max_tokens - 300
    per_reason = max(24, room // max(1, len(shown))) - 48
    if peer_tokens is not None:
        per_reason = min(per_reason, peer_tokens)
    items = [{"label": f"Debater {i + 1}", "answer": shorten(o.answer or "", 48, count),
              "reasoning": shorten(o.reasoning, per_reason, count)}
             for i, o in enumerate(shown)]
    return render("debate_update", question=question, others=items)

def play_round(turns: list[Turn], play: Callable[[Turn], None]) -> None:
    """Run one round. Debaters on a backend that allows concurrent calls run at once;
    debaters sharing a one-at-a-time (local) backend take turns in order."""
    groups: dict[Any, list[Turn]] = {}
    for t in turns:
        key = ("seat", id(t)) if t.seat.backend.supports_concurrency else ("backend", id(t.seat.backend))
        groups.setdefault(key, []).append(t)

    def play_group(group: list[Turn]) -> None:
        for t in group:
            play(t)

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


def play_turn(t: Turn, r: int, *, budget: int | None, deadline: float, settings: TurnSettings,
              emit: Callable) -> None:
    """One debater's turn: an ordinary Agent run (its loop, its tools) on the round's prompt,
    in the debater's own conversation, under what is left of the debate's time."""
    from agora.agent.agent import Agent  # lazily (imported once by run()): keeps `import agora` light

    seat = t.seat

    def forward(event: Any) -> None:
        if not getattr(event, "source", ""):
            event.source = seat.name
        emit(event)

    left = deadline - time.perf_counter()
    if left <= 0:  # the debate's time ran out while this debater waited for its turn
        t.ok, t.error = False, f"the debate's {settings.max_seconds:g} s ran out before this turn"
    else:
        try:
            options: dict[str, Any] = dict(max_tokens=settings.max_tokens, **settings.agent_options)
            options.update(model=seat.backend, name=seat.name, persona=seat.persona, tools=list(seat.tools),
                           seed=seat.seed + 1000 * r, max_seconds=left)
            if seat.temperature is not None:  # else the persona's temperature applies
                options["temperature"] = seat.temperature
            if budget is not None:
                options["token_budget"] = max(1, budget)
            agent = Agent(**options)
            result = agent.run(t.prompt, history=list(seat.history), on_event=forward, stream=settings.stream)
            t.usage = result.usage
            t.answer, t.reasoning = (result.answer or "").strip(), result.reasoning or ""
            t.ok = bool(t.answer) and result.stop_reason != "error"
            t.verified = t.ok and any(s.ok and not s.repeated and same_answer(s.observation, t.answer)
                                      for s in result.tool_steps())
            if not t.ok:
                t.error = failure(result)
            elif settings.keep_verified:
                keep_evidence(t, emit)
        except ConfigError:
            raise  # a bad setup (unknown tool, missing file) fails every turn alike: say so at once
        except Exception as err:  # noqa: BLE001 - one failing debater must not end the debate
            t.ok, t.error = False, f"{type(err).__name__}: {err}"
    if t.ok:
        seat.history += [Message.user(t.prompt), Message.assistant(reply_text(t.answer, t.reasoning))]
        seat.answer, seat.reasoning, seat.verified = t.answer, t.reasoning, t.verified
    emit(DebateTurn(source=seat.name, round=r, debater=seat.name, answer=t.answer,
                    reasoning=t.reasoning, ok=t.ok, error=t.error, saw=t.saw, verified=t.verified))


def keep_evidence(t: Turn, emit: Callable) -> None:
    """Evidence is sticky: a debater whose standing answer its own tool computed does not drop
    it for an answer no tool checked (small models abandon a right answer after reading wrong
    ones, or answer a long prompt in prose instead of calling the tool). A tool call giving a
    different result does replace it. The turn's own answer stays in its reasoning."""
    seat = t.seat
    if not seat.verified or t.verified or seat.answer is None or same_answer(t.answer, seat.answer):
        return
    note = (f"kept the answer its tool computed ({seat.answer}) over this turn's answer, which no tool "
            f"checked: {t.answer}")
    t.reasoning = f"{t.reasoning}\n({note})".strip()
    t.answer, t.verified = seat.answer, True
    emit(Notice(source=seat.name, level="info", text=note))


def state_confidences(seats: list[Seat], deadline: float, emit: Callable) -> tuple[dict, Usage]:
    """Each debater's stated confidence in its final answer (None where it failed)."""
    out: dict[str, float | None] = {}
    usage = Usage()
    for s in seats:
        if s.answer is None:
            continue
        started = time.perf_counter()
        try:
            value, cost = state_confidence(s.backend, s.history, s.answer, seed=s.seed,
                                           timeout=deadline - started)
            usage = usage + cost
            out[s.name] = value
            emit(ConfidenceStated(source=s.name, debater=s.name, answer=s.answer, confidence=value))
            emit(UsageReport(source="confidence", usage=cost, seconds=time.perf_counter() - started))
        except Exception as err:  # noqa: BLE001 - a debater that cannot say weighs the default
            out[s.name] = None
            emit(ConfidenceStated(source=s.name, debater=s.name, answer=s.answer,
                                  error=f"{type(err).__name__}: {err}"))
    return out, usage


def check_agent_options(options: dict[str, Any]) -> dict[str, Any]:
    """Options for every debater's Agent; the ones the debate sets itself are refused."""
    from dataclasses import fields

    from agora.agent.agent import Agent

    known = {f.name for f in fields(Agent) if f.init}
    own = {"model", "name", "persona", "tools", "seed", "max_seconds", "token_budget"}
    bad = [k for k in options if k not in known or k in own]
    if bad:
        raise ConfigError(f"agent_options: {', '.join(bad)} cannot be set per debate "
                          f"(the debate sets {', '.join(sorted(own))} itself)")
    return dict(options)


def with_persona_tools(tools: Sequence[Any], persona: Any) -> list[Any]:
    """The debater's own tools plus its persona's (a name already given is not added twice)."""
    out = list(tools)
    names = {getattr(t, "name", t) for t in out}
    for name in getattr(persona, "tools", None) or []:
        if name not in names:
            out.append(name)
            names.add(name)
    return out


def reply_text(answer: str, reasoning: str) -> str:
    """The debater's turn as its conversation keeps it. A chain-of-thought reasoning is the
    model's whole reply (answer line included): kept verbatim, the next round's prompt starts
    with exactly the tokens already in the model's KV cache."""
    from agora.answers import final_part

    if reasoning.strip() and same_answer(final_part(reasoning), answer):
        return reasoning.strip()
    return f"{reasoning.strip()}\nAnswer: {answer}".strip()


def failure(result: Any) -> str:
    """Why an agent run gave no usable answer: its last error notice, else its stop reason."""
    for event in reversed(getattr(result, "trace", []) or []):
        if getattr(event, "type", "") in ("notice", "limit") and (
                getattr(event, "level", "error") == "error" or event.type == "limit"):
            return getattr(event, "text", "") or getattr(event, "detail", "")
    return f"no answer (stop reason: {getattr(result, 'stop_reason', '?')})"




__all__ = ["Seat", "Turn", "TurnSettings", "update_prompt", "play_round", "play_turn", "keep_evidence",
           "state_confidences",
           "check_agent_options", "with_persona_tools", "reply_text", "failure"]
