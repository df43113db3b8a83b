"""How a toolset module declares its tools: each tool is an ordinary agora ``@tool``
function, registered with :func:`case`, a function that draws a question whose right answer
is exactly one call of that tool, and the arguments of that call.

    @case(lambda rng: (f"What is the weather in {city}?", {"city": city}))
    @tool
    def get_weather(city: str) -> str: ...

Arguments in a question are always written so they can be copied: names, places, numbers,
dates as YYYY-MM-DD and enum values as the literal word. Optional parameters are in the gold
only when the question gives them. The tools themselves answer with a short confirmation
made from their arguments: the bench scores the call, not what the tool does.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any, Callable

from agora.tools.core import Tool

#: rng -> (question, gold arguments)
Draw = Callable[[random.Random], tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class ToolCase:
    tool: Tool
    draw: Draw
    module: str


REGISTRY: list[ToolCase] = []


def case(draw: Draw) -> Callable[[Tool], Tool]:
    """Register ``tool`` with the question generator ``draw``."""

    def register(t: Tool) -> Tool:
        if not isinstance(t, Tool):
            raise TypeError("put @case above @tool")
        REGISTRY.append(ToolCase(t, draw, t.fn.__module__.rsplit(".", 1)[-1]))
        return t

    return register


def done(action: str, **arguments: Any) -> str:
    """The confirmation every bench tool returns."""
    return json.dumps({"status": "ok", "action": action, **arguments}, default=str, ensure_ascii=False)


# --- shared vocabularies (questions draw their values from these) --------------------------

PEOPLE = ["Marta Okafor", "Lukas Brandt", "Aiko Tanaka", "Samir Haddad", "Elena Petrova", "Tomás Ruiz",
          "Grace Mensah", "Oliver Quist", "Nadia Rahman", "Pieter de Vries", "Chloe Martin", "Ravi Iyer"]
CITIES = ["Lisbon", "Osaka", "Nairobi", "Montreal", "Krakow", "Valparaiso", "Tromso", "Hanoi", "Seville",
          "Adelaide", "Tbilisi", "Reykjavik"]
STREETS = ["12 Harbour Road", "7 Linden Alley", "221 Mill Street", "48 Cedar Lane", "3 Quay Street",
           "90 Orchard Row"]
WORDS = ["budget", "roadmap", "invoice", "onboarding", "migration", "quarterly review", "launch plan",
         "retrospective", "hiring", "security audit"]


def pick(rng: random.Random, options: list[Any]) -> Any:
    return rng.choice(options)


def date(rng: random.Random) -> str:
    return f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def clock(rng: random.Random) -> str:
    return f"{rng.randint(7, 21):02d}:{rng.choice(['00', '15', '30', '45'])}"


def email(name: str) -> str:
    first, *rest = name.lower().replace("á", "a").split()
    return f"{first}.{rest[-1].replace(' ', '')}@example.com" if rest else f"{first}@example.com"


__all__ = ["ToolCase", "REGISTRY", "case", "done", "pick", "date", "clock", "email", "PEOPLE", "CITIES",
           "STREETS", "WORDS"]
