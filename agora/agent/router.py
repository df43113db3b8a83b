"""Routing: the right profile (model, persona, tools, or a debate) for each question.

    from agora.agent.router import Router, Rule
    from agora.profiles import load_profiles
    router = Router(load_profiles(), rules=[Rule(pattern=r"\\d\\s*[-+*/]\\s*\\d", profile="agora-agent")],
                    classifier=backend, default="agora")
    choice, answer = router.run("What is 17 * 23 + 4?")

A question goes, in order: to the profile of the first :class:`Rule` whose pattern it
matches; else to the one a cheap classification call picks (one short call whose reply is
held by a JSON schema to the candidates' names: grammar-bound on llama.cpp); else, when
there is no classifier or the call fails, to ``default``. The choice is a
:class:`~agora.events.RouteChosen` event; the profile then answers through
:func:`agora.profiles.run_profile`, the one way a profile runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from pydantic import BaseModel

from agora.backends.base import Backend
from agora.errors import ConfigError
from agora.events import RouteChosen, UsageReport
from agora.messages import Message, Usage
from agora.prompts import render

#: arithmetic written out ("17 * 23 + 4"): a job for a calculator
ARITHMETIC = r"\d\s*[-+*/×x^]\s*\(?\s*\d"


class Rule(BaseModel):
    """Questions matching ``pattern`` (a regular expression, case-insensitive) go to ``profile``."""

    pattern: str
    profile: str


@dataclass
class RouteChoice:
    profile: str
    method: str  # "rule" | "classifier" | "fallback" | "default"
    reason: str = ""
    #: the classification call's cost (empty for rules)
    usage: Usage = field(default_factory=Usage)


def default_rules(profiles: dict[str, Any]) -> list[Rule]:
    """Arithmetic goes to the lightest profile with the calculator (the fewest tools; the first
    of those), when there is one."""
    calcs = [name for name, p in profiles.items() if "calculator" in p.tools and not p.debate]
    if not calcs:
        return []
    return [Rule(pattern=ARITHMETIC, profile=min(calcs, key=lambda n: len(profiles[n].tools)))]


class Router:
    def __init__(self, profiles: dict[str, Any], *, rules: Sequence[Rule] = (), classifier: Backend | None = None,
                 default: str | None = None, candidates: Sequence[str] | None = None):
        if not profiles:
            raise ConfigError("routing needs at least one profile")
        self.profiles = dict(profiles)
        self.candidates = list(candidates) if candidates else list(self.profiles)
        self.rules = list(rules)
        for name in [*self.candidates, *(r.profile for r in self.rules), *([default] if default else [])]:
            self._known(name)
        for rule in self.rules:
            try:
                re.compile(rule.pattern)
            except re.error as err:
                raise ConfigError(f"route rule {rule.pattern!r}: not a regular expression ({err})") from None
        self.default = default or self.candidates[0]
        self.classifier = classifier

    def _known(self, name: str) -> None:
        if name not in self.profiles:
            raise ConfigError(f"unknown profile {name!r}: choose from {', '.join(self.profiles)}")

    def choose(self, question: str, *, on_event: Callable[[Any], None] | None = None,
               seed: int | None = 0) -> RouteChoice:
        emit = on_event or (lambda e: None)
        choice = self._rule(question) or self._classify(question, seed, emit)
        emit(RouteChosen(source="router", profile=choice.profile, method=choice.method, reason=choice.reason))
        return choice

    def _rule(self, question: str) -> RouteChoice | None:
        for rule in self.rules:
            if rule.profile in self.candidates and re.search(rule.pattern, question, re.IGNORECASE):
                return RouteChoice(rule.profile, "rule", f"matches {rule.pattern!r}")
        return None

    def _classify(self, question: str, seed: int | None, emit: Callable[[Any], None]) -> RouteChoice:
        if self.classifier is None or len(self.candidates) == 1:
            return RouteChoice(self.default, "default", "no rule matched")
        options = [{"name": n, "description": _describe(self.profiles[n])} for n in self.candidates]
        schema = {"type": "object", "properties": {"profile": {"enum": self.candidates}},
                  "required": ["profile"], "additionalProperties": False}
        messages = [Message.user(render("route", question=question, profiles=options))]
        try:
            completion = self.classifier.complete(messages, output_schema=schema, max_tokens=24, temperature=0.0,
                                                  seed=seed)
            emit(UsageReport(source="router", usage=completion.usage, seconds=completion.timings.seconds))
            picked = completion.parsed.get("profile") if isinstance(completion.parsed, dict) else None
            if picked not in self.candidates:
                raise ValueError(f"the classifier answered {picked!r}, not a profile")
        except Exception as err:  # noqa: BLE001 - any failure falls back to the default profile
            return RouteChoice(self.default, "fallback", f"classification failed ({type(err).__name__}: {err})")
        return RouteChoice(picked, "classifier", f"picked by {self.classifier.spec}", completion.usage)

    def run(self, question: str, *, on_event: Callable[[Any], None] | None = None,
            load: Callable[[str], Any] | None = None, **options: Any) -> tuple[RouteChoice, Any]:
        """Choose, then answer with the chosen profile (a :class:`~agora.profiles.ProfileAnswer`
        whose usage includes the classification call)."""
        from agora.profiles import run_profile

        choice = self.choose(question, on_event=on_event, seed=options.get("seed", 0))
        answer = run_profile(self.profiles[choice.profile], question, on_event=on_event, load=load, **options)
        answer.usage = answer.usage + choice.usage
        return choice, answer


def _describe(profile: Any) -> str:
    what = profile.description or profile.kind
    if profile.tools:
        what += f" (tools: {', '.join(profile.tools)})"
    return what


__all__ = ["Router", "Rule", "RouteChoice", "default_rules", "ARITHMETIC"]
