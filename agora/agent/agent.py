"""The Agent: configuration only (model, persona, tools, examples, limits, plan, critique).
Running it is :func:`agora.agent.loop.run_agent`.

    from agora import Agent
    agent = Agent(model="local:smollm2", tools=["calculator"])
    result = agent.run("What is 17*23+4?")
    print(result.answer, result.complete, result.stop_reason)

``run`` never raises for model, tool or limit problems: the Result says what happened
(``complete=False`` and a ``stop_reason``) and the trace holds a LimitReached or Notice event.
Bad configuration (unknown model spec, missing file, unknown tool or persona) raises
ConfigError.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

from agora.backends import shared_backend
from agora.backends.base import Backend
from agora import defaults
from agora.errors import ConfigError
from agora.agent.state import Result
from agora.messages import Message, ModelSettings


@dataclass
class Agent:
    model: str | Backend = defaults.MODEL
    name: str = "agent"
    system: str | None = None
    #: a persona name or Persona: its system prompt and temperature apply unless given here
    persona: Any = None
    #: tool names ("calculator", "python", "search", "retrieve") or Tool objects
    tools: Sequence[Any] = ()
    #: worked examples (see agora.agent.examples); None = the built-in ones, [] = none
    examples: list[Any] | None = None
    max_steps: int = 8
    max_tokens: int = defaults.MAX_TOKENS
    token_budget: int | None = None
    max_seconds: float = defaults.MAX_SECONDS
    #: None = the persona's temperature, else defaults.TEMPERATURE
    temperature: float | None = None
    seed: int | None = None
    plan: bool = False
    critique: bool = False
    critic_model: str | Backend | None = None
    max_revisions: int = 1
    #: re-plan every k tool steps (a failed step always re-plans when plan=True)
    replan_every: int | None = None
    #: options for built-in tools named in ``tools`` (e.g. index="docs.idx" for retrieve)
    tool_options: dict[str, Any] = field(default_factory=dict)
    #: longest thought kept per step, and longest observation shown to the model (characters)
    thought_chars: int = 600
    observation_chars: int = 2000
    #: "auto": chain of thought, or ReAct when there are tools; "tot": Tree of Thoughts
    #: (agora.agent.tot), with ``method_options`` breadth, depth, proposals
    method: str = "auto"
    method_options: dict[str, Any] = field(default_factory=dict)
    #: settings for every model call of a run (penalties, top_p, stop, ...): see ModelSettings
    settings: ModelSettings | None = None
    #: asked before each tool call runs: True runs it, False / a reason refuses it (see
    #: agora.tools.approval); ``approve_tools`` limits the asking to the tools named
    approve: Callable[[Any], Any] | None = field(default=None, compare=False)
    approve_tools: Sequence[str] | None = None

    _backend: Backend | None = field(default=None, init=False, repr=False, compare=False)
    _critic: Backend | None = field(default=None, init=False, repr=False, compare=False)
    _registry: Any = field(default=None, init=False, repr=False, compare=False)
    _persona: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.max_steps < 1:
            raise ConfigError("max_steps must be at least 1")
        if self.max_seconds <= 0:
            raise ConfigError("max_seconds must be positive")
        if self.max_tokens < 1:
            raise ConfigError("max_tokens must be at least 1")
        if self.max_revisions < 0:
            raise ConfigError("max_revisions must be 0 or more")
        if isinstance(self.tools, str):
            self.tools = [t.strip() for t in self.tools.split(",") if t.strip()]
        if self.method not in ("auto", "tot"):
            raise ConfigError(f"unknown method {self.method!r}: choose auto or tot")
        if self.method == "tot":
            from agora.agent.tot import options

            options(self.method_options)  # a bad breadth or depth fails here, before any call
        if isinstance(self.approve_tools, str):
            self.approve_tools = [t.strip() for t in self.approve_tools.split(",") if t.strip()]
        if self.approve is not None and not callable(self.approve):
            raise ConfigError("approve must be a callable that takes the tool call")

    # --- running -------------------------------------------------------------------------

    def run(self, question: str, *, history: Sequence[Message] | None = None,
            on_event: Callable[[Any], None] | None = None, stream: bool = False) -> Result:
        """Answer ``question``. ``on_event`` gets every event as it happens; ``stream=True``
        adds TokenDelta events for text the model writes."""
        if self.method == "tot":
            from agora.agent.tot import run_tot

            return run_tot(self, question, history=history, on_event=on_event)
        from agora.agent.loop import run_agent

        return run_agent(self, question, history=history, on_event=on_event, stream=stream)

    async def arun(self, question: str, **options: Any) -> Result:
        """``run`` in a worker thread (model calls block)."""
        import asyncio  # here, not at import time: most runs are synchronous

        return await asyncio.to_thread(self.run, question, **options)

    def iter(self, question: str, **options: Any) -> "RunIterator":
        """Iterate over the events as they happen; ``.result`` is set once it is exhausted."""
        return RunIterator(self, question, options)

    # --- resolved configuration (loaded once per Agent) ----------------------------------

    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = shared_backend(self.model)
        return self._backend

    def critic_backend(self) -> Backend:
        if self.critic_model is None:
            return self.backend()
        if self._critic is None:
            self._critic = shared_backend(self.critic_model)
        return self._critic

    def registry(self) -> Any:
        if self._registry is None:
            from agora.tools import ToolRegistry, resolve_tools

            self._registry = ToolRegistry(resolve_tools(list(self.tools), **self.tool_options),
                                          approve=self.approve, approve_tools=self.approve_tools)
        return self._registry

    def persona_object(self) -> Any:
        if self.persona is not None and self._persona is None:
            from agora.personas import load_persona

            self._persona = load_persona(self.persona)
        return self._persona

    def system_and_temperature(self) -> tuple[str, float]:
        from agora.agent.loop import DEFAULT_SYSTEM

        persona = self.persona_object()
        system = self.system or (persona.system if persona else None) or DEFAULT_SYSTEM
        if self.temperature is not None:
            temperature = self.temperature
        else:
            temperature = persona.temperature if persona else defaults.TEMPERATURE
        return system, temperature

    def describe(self) -> dict[str, Any]:
        """The configuration as plain data (recorded in the RunStarted event)."""
        persona = self.persona_object()
        return {
            "name": self.name, "model": self.backend().spec, "persona": persona.name if persona else None,
            "tools": self.registry().names(), "max_steps": self.max_steps, "max_tokens": self.max_tokens,
            "token_budget": self.token_budget, "max_seconds": self.max_seconds,
            "temperature": self.system_and_temperature()[1], "seed": self.seed, "plan": self.plan,
            "critique": self.critique, "critic_model": self.critic_backend().spec if self.critique else None,
            "max_revisions": self.max_revisions,
        }


_DONE = object()


class RunIterator:
    """Events of one run as an iterator (the run goes on in a thread). Exceptions the run
    raises (bad configuration) are raised again by the iteration."""

    def __init__(self, agent: Agent, question: str, options: dict[str, Any]):
        self.result: Result | None = None
        self._queue: queue.Queue = queue.Queue()
        self._error: BaseException | None = None

        def work() -> None:
            try:
                self.result = agent.run(question, on_event=self._queue.put, **options)
            except BaseException as err:  # handed to the consumer
                self._error = err
            finally:
                self._queue.put(_DONE)

        self._thread = threading.Thread(target=work, daemon=True, name="agora-agent")
        self._thread.start()

    def __iter__(self) -> Iterator[Any]:
        while True:
            item = self._queue.get()
            if item is _DONE:
                break
            yield item
        self._thread.join()
        if self._error is not None:
            raise self._error


__all__ = ["Agent", "Result", "RunIterator"]
