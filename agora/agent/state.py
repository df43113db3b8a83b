"""What one agent run records: small step dataclasses (one per thing that happened), the
mutable state the loop carries, and the :class:`Result` handed back to the caller.

The loop itself is in :mod:`agora.agent.loop`; the Agent (configuration) in :mod:`agora.agent.agent`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from agora.backends.base import Backend
from agora.errors import BackendError, FormatError, LimitExceeded
from agora.events import TokenDelta
from agora.messages import Completion, Message, ModelSettings, ToolCall, Usage

# --- step records (like smolagents' memory.py: each step is plain data) ------------------


@dataclass
class PlanStep:
    steps: list[str]
    replan: bool = False
    reason: str = ""


@dataclass
class ToolStep:
    index: int
    thought: str
    call: ToolCall
    observation: str
    ok: bool
    seconds: float = 0.0
    repeated: bool = False  # the same call was made before; not run again
    #: what the model spent on this step: its call, the failed tries and the re-asks of its
    #: arguments (``usage.completion_tokens`` is the step's generated tokens)
    usage: Usage = field(default_factory=Usage)


@dataclass
class FormatFailure:
    index: int
    detail: str


@dataclass
class AnswerStep:
    answer: str
    reasoning: str
    revision: int = 0


@dataclass
class CritiqueStep:
    verdict: str
    problems: list[str]
    suggestion: str
    revision: int = 0


Step = PlanStep | ToolStep | FormatFailure | AnswerStep | CritiqueStep


# --- the result --------------------------------------------------------------------------


@dataclass
class Result:
    """What :meth:`Agent.run` returns.

    ``answer`` is the short final answer; ``complete`` is False when the run stopped for a
    limit, a loop, format failures or a backend error (``stop_reason`` says which) and the
    answer is then the best one the run had. ``trace`` holds every event (token deltas
    excepted) in order; ``drafts`` every candidate answer, revised ones included.
    """

    answer: str
    reasoning: str = ""
    complete: bool = True
    stop_reason: str = "answer"
    steps: list[Any] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    trace: list[Any] = field(default_factory=list)
    model: str = ""
    #: seconds spent inside model calls (the rest is tools and overhead)
    model_seconds: float = 0.0
    #: the backend's message when stop_reason == "error"
    error: str | None = None

    def tool_steps(self) -> list[ToolStep]:
        return [s for s in self.steps if isinstance(s, ToolStep)]

    def citations(self) -> list[str]:
        """``path#chunk`` of the indexed passages the answer rests on, when the run used the
        retrieve tool: the ones the model cited, else the one it drew on most (a tiny model
        rarely writes a usable citation itself)."""
        shown = [s.observation for s in self.tool_steps() if s.call.name == "retrieve" and s.ok]
        if not shown:
            return []
        from agora.tools.retrieve import cite  # only now: it loads the retrieval modules

        return cite(self.answer, shown)


# --- the state of one run ----------------------------------------------------------------


class StopRun(LimitExceeded):
    """Raised inside the loop when a limit is reached; ``reason`` becomes stop_reason."""

    def __init__(self, reason: str, detail: str, *, answer: str | None = None):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        #: the best answer, when the stop itself tells it (no final call is then made)
        self.answer = answer


@dataclass
class RunState:
    """Everything one run carries between steps. Made by :func:`agora.agent.loop.run_agent`."""

    question: str
    backend: Backend
    critic: Backend
    emit_fn: Callable[[Any], None]
    source: str
    max_steps: int
    max_tokens: int
    max_seconds: float
    token_budget: int | None
    temperature: float
    seed: int | None
    stream: bool = False
    #: the agent's own model settings (penalties, top_p, stop ...), under each call's options
    settings: ModelSettings | None = None
    messages: list[Message] = field(default_factory=list)
    #: the worked examples shown (an answer copied from one is no answer)
    examples: list[Message] = field(default_factory=list)
    steps: list[Any] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    model_seconds: float = 0.0
    trace: list[Any] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    answer: str = ""
    reasoning: str = ""

    def emit(self, event: Any) -> None:
        """Stamp the source, keep it in the trace (token deltas excepted) and deliver it."""
        event.source = self.source
        if not isinstance(event, TokenDelta):
            self.trace.append(event)
        self.emit_fn(event)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def check_limits(self) -> None:
        """Raise StopRun when the wall time or the token budget is spent."""
        if self.elapsed() >= self.max_seconds:
            raise StopRun("max_seconds", f"wall-time limit of {self.max_seconds:g} s reached")
        if self.token_budget is not None and self.usage.total_tokens >= self.token_budget:
            raise StopRun("token_budget", f"token budget of {self.token_budget} spent "
                                          f"({self.usage.total_tokens} used)")

    def call(self, messages: Sequence[Message], *, backend: Backend | None = None,
             stream: bool = False, **options: Any) -> Completion:
        """One model call under the limits; usage is added up, that of the failed tries of a call
        that raises FormatError included (critic, planner, tool step or final answer alike).
        Raises BackendError. The call's
        settings are the run's (:attr:`settings`: temperature, seed, max_tokens and the
        agent's own ModelSettings) with ``options`` on top, merged in one place."""
        self.check_limits()
        keys = set(ModelSettings.model_fields)
        settings = ModelSettings(temperature=self.temperature, seed=self.seed, max_tokens=self.max_tokens).merged(
            self.settings, {k: options.pop(k) for k in list(options) if k in keys})
        settings = settings.merged({"max_tokens": self._within_budget(settings.get("max_tokens", 512))})
        options.update(max_tokens=settings.get("max_tokens", 512), temperature=settings.temperature, seed=settings.seed)
        extra = settings.model_dump(exclude_none=True, exclude={"max_tokens", "temperature", "seed"})
        if extra:  # only then: a user's own Backend may not take ``settings``
            options["settings"] = ModelSettings(**extra)
        max_tokens = options.pop("max_tokens")
        model = backend or self.backend
        try:
            if stream:
                completion = None
                for item in model.stream(list(messages), max_tokens=max_tokens, **options):
                    if isinstance(item, Completion):
                        completion = item
                    elif item:
                        self.emit(TokenDelta(text=item))
                if completion is None:  # a backend that forgot its final Completion
                    raise BackendError(f"{model.spec}: the stream ended without a completion")
            else:
                completion = model.complete(list(messages), max_tokens=max_tokens, **options)
        except FormatError as err:
            if err.usage is not None:
                self.usage = self.usage + err.usage
            raise
        return self._counted(completion)

    def continue_text(self, messages: Sequence[Message], reply: str, grammar: str, max_tokens: int) -> str:
        """The backend's continuation of ``reply`` under ``grammar``, under the limits; usage is added up."""
        self.check_limits()
        completion = self.backend.continue_text(list(messages), reply, grammar,
                                                max_tokens=self._within_budget(max_tokens))
        return self._counted(completion).text

    def score_lines(self, messages: Sequence[Message], reply: str, lines: Sequence[str]) -> list[float]:
        """The backend's log-probability of each of ``lines`` continuing ``reply``; its usage
        and time are added up (no token is generated)."""
        self.check_limits()
        started = time.perf_counter()
        scores, usage = self.backend.score_lines(list(messages), reply, lines)
        self.model_seconds += time.perf_counter() - started
        self.usage = self.usage + usage
        return scores

    def _within_budget(self, max_tokens: int) -> int:
        """``max_tokens``, never more completion tokens than the token budget has left."""
        if self.token_budget is None:
            return max_tokens
        return max(1, min(max_tokens, self.token_budget - self.usage.total_tokens))

    def _counted(self, completion: Completion) -> Completion:
        """``completion``, its usage and model time added to the run's."""
        self.usage = self.usage + completion.usage
        self.model_seconds += completion.timings.seconds
        return completion

    def result(self, *, complete: bool, stop_reason: str, error: str | None = None) -> Result:
        return Result(
            answer=self.answer, reasoning=self.reasoning, complete=complete, stop_reason=stop_reason,
            steps=list(self.steps), drafts=list(self.drafts), plan=list(self.plan), usage=self.usage,
            seconds=self.elapsed(), trace=list(self.trace), model=self.backend.spec,
            model_seconds=self.model_seconds, error=error,
        )
