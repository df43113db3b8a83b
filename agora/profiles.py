"""Profiles: named run configurations (a plain model, an agent with tools, a debate) that
``agora serve``, ``agora batch``, ``agora mcp`` and routing choose by name.

Built-ins are always there; ``agora.toml`` adds or replaces them::

    [serve.models.debate-3]
    debate = 3
    model = "local:smollm2"
    judge = "local:smollm2"
    tools = ["calculator"]
    consensus = 0.67        # stop once 2 of 3 agree
    topology = "all"        # or "ring" (3+ debaters), "star"
    judge_swap = true       # the judge reads the answers twice, reversed

:func:`run_profile` is the one way a profile answers: it builds the Agent or Debate and
returns a :class:`ProfileAnswer`; events go to ``on_event`` as they happen.
"""

from __future__ import annotations

from typing import Any, Callable, Literal, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from agora import defaults
from agora.errors import ConfigError
from agora.messages import Message, Usage


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = ""
    description: str = ""
    model: str = defaults.MODEL
    #: debaters; None = not a debate
    debate: int | None = Field(default=None, ge=1)
    rounds: int = Field(default=2, ge=1)
    judge: str | None = None
    #: mixed panels: one model spec per debater (cycled)
    models: list[str] = Field(default_factory=list)
    personas: list[str] = Field(default_factory=list)
    aggregate: Literal["judge", "vote", "weighted-vote"] = "judge"
    #: stop once this fraction of the debaters agree (1.0: all of them; later rounds run only
    #: on disagreement)
    consensus: float = Field(default=1.0, gt=0, le=1)
    #: who reads whom after the first round: everyone, the two neighbours, or the hub
    topology: Literal["all", "ring", "star"] = "all"
    #: the judge reads the answers twice, reversed the second time; a flipping verdict gives the vote
    judge_swap: bool = False
    #: later rounds: everyone revises, or only the debaters outside the standing lead
    revise: Literal["all", "dissent"] = "all"
    #: later rounds: at most this many tokens of each peer's reasoning (None: what fits)
    peer_tokens: int | None = Field(default=None, ge=1)
    persona: str | None = None
    system: str | None = None
    tools: list[str] = Field(default_factory=list)
    plan: bool = False
    critique: bool = False
    max_steps: int = Field(default=8, ge=1)
    max_tokens: int = Field(default=defaults.MAX_TOKENS, ge=1)
    max_seconds: float = Field(default=defaults.MAX_SECONDS, gt=0)
    temperature: float | None = None
    #: run the python tool only where its sandbox has all its layers
    strict_sandbox: bool = True

    @model_validator(mode="after")
    def _debate_shape(self) -> "Profile":
        if self.debate is not None and self.topology == "ring" and self.debate < 3:
            raise ValueError(f"a ring needs at least 3 debaters (got {self.debate})")
        return self

    @property
    def kind(self) -> str:
        if self.debate:
            return "debate"
        return "agent" if (self.tools or self.plan or self.critique) else "model"


BUILTIN_PROFILES: dict[str, dict[str, Any]] = {
    "agora": {"description": "the model alone, chain of thought"},
    "agora-agent": {"description": "an agent with the calculator and python tools",
                    "tools": ["calculator", "python"]},
    "agora-debate": {"description": "three debaters over two rounds, then a judge", "debate": 3},
}


def load_profiles(table: dict[str, Any] | None = None, *, model: str | None = None) -> dict[str, Profile]:
    """The built-in profiles (on ``model`` when given) plus those of ``table`` (the
    ``[serve.models]`` table of agora.toml: name -> keys of :class:`Profile`)."""
    out: dict[str, Profile] = {}
    for name, raw in BUILTIN_PROFILES.items():
        out[name] = Profile.model_validate({"name": name, **raw, **({"model": model} if model else {})})
    for name, raw in (table or {}).items():
        if not isinstance(raw, dict):
            raise ConfigError(f"profile {name}: expected a table of settings")
        try:
            out[name] = Profile(name=name, **raw)
        except ValidationError as err:
            e = err.errors()[0]
            where = ".".join(map(str, e["loc"])) or "settings"  # a check across fields has no location
            raise ConfigError(f"profile {name}: {where}: {e['msg'].removeprefix('Value error, ')}") from None
    return out


class ProfileAnswer(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    profile: str
    answer: str
    reasoning: str = ""
    complete: bool = True
    stop_reason: str = "answer"
    usage: Usage = Field(default_factory=Usage)
    seconds: float = 0.0
    #: the Result or DebateResult behind the answer
    result: Any = None


def reuse_backends(load: Callable[[str], Any] | None = None) -> Callable[[str], Any]:
    """A loader that keeps one backend per spec. ``shared_backend`` builds API backends afresh
    on each call (cheap once per CLI run), but a server or a batch answering many requests
    would then open a new HTTP client and connection to the model server every time; an API
    backend serves concurrent calls, so one instance per spec is right. Thread-safe."""
    import threading

    from agora.backends import shared_backend

    source: Callable[[str], Any] = load or shared_backend
    cache: dict[str, Any] = {}
    lock = threading.Lock()

    def cached(spec: str) -> Any:
        with lock:
            if spec not in cache:
                cache[spec] = source(spec)
            return cache[spec]

    return cached


def run_profile(profile: Profile, messages: Sequence[Message] | str, *,
                on_event: Callable[[Any], None] | None = None, load: Callable[[str], Any] | None = None,
                temperature: float | None = None, max_tokens: int | None = None, seed: int | None = None,
                max_seconds: float | None = None, token_budget: int | None = None) -> ProfileAnswer:
    """Answer the last user message of ``messages`` (the earlier ones are the conversation)
    with ``profile``. ``load`` turns a model spec into a backend (default: the process-wide
    shared one). Per-call options override the profile's where they have a meaning."""
    from agora.backends import shared_backend

    load = load or shared_backend
    if isinstance(messages, str):
        messages = [Message.user(messages)]
    messages = list(messages)
    if not messages or messages[-1].role != "user" or not messages[-1].content.strip():
        raise ConfigError("the last message must be a non-empty user message")
    question, history = messages[-1].content, messages[:-1]
    system = profile.system
    if history and history[0].role == "system":
        system, history = history[0].content, history[1:]
    seconds = max_seconds if max_seconds is not None else profile.max_seconds
    if profile.debate:
        from agora.debate import Debate

        if history:
            from agora.prompts import render

            recent = [{"role": m.role, "content": m.content} for m in history[-4:]]
            question = render("debate_chat_question", summary="", messages=recent, question=question)
        from agora.debate.debate import DEFAULT_PERSONAS, Debater

        pool = [load(spec) for spec in (profile.models or [profile.model])]
        names = profile.personas or list(DEFAULT_PERSONAS)
        # the profile's tools go to every debater, beside its persona's own
        debaters = [Debater(model=pool[i % len(pool)], persona=names[i % len(names)], tools=list(profile.tools))
                    for i in range(profile.debate)]
        debate = Debate(debaters, rounds=profile.rounds,
                        judge=load(profile.judge) if profile.judge else pool[0], aggregate=profile.aggregate,
                        consensus=profile.consensus, topology=profile.topology, judge_swap=profile.judge_swap,
                        revise=profile.revise, peer_tokens=profile.peer_tokens,
                        token_budget=token_budget, seed=seed or 0,
                        max_tokens=max_tokens or profile.max_tokens, max_seconds=seconds)
        debated = debate.run(question, on_event=on_event)
        rationale = debated.verdict.rationale if debated.verdict is not None else ""
        return ProfileAnswer(profile=profile.name, answer=debated.answer or "", reasoning=rationale,
                             complete=debated.complete, stop_reason=debated.stop_reason, usage=debated.usage,
                             seconds=debated.seconds, result=debated)
    from agora.agent import Agent

    tool_options = {"strict": True} if profile.strict_sandbox and "python" in profile.tools else {}
    agent = Agent(model=load(profile.model), system=system, persona=profile.persona, tools=list(profile.tools),
                  plan=profile.plan, critique=profile.critique, max_steps=profile.max_steps,
                  max_tokens=max_tokens or profile.max_tokens, max_seconds=seconds, token_budget=token_budget,
                  temperature=temperature if temperature is not None else profile.temperature, seed=seed,
                  tool_options=tool_options)
    result = agent.run(question, history=history, on_event=on_event, stream=True)
    return ProfileAnswer(profile=profile.name, answer=result.answer or "", reasoning=result.reasoning or "",
                         complete=result.complete, stop_reason=result.stop_reason, usage=result.usage,
                         seconds=result.seconds, result=result)


__all__ = ["Profile", "ProfileAnswer", "BUILTIN_PROFILES", "load_profiles", "run_profile", "reuse_backends"]
