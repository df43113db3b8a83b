"""Helpers shared by the debate tests: scripted debaters and a named panel."""

from agora.debate.debate import Debater
from agora.testing.fakes import ScriptedBackend


def reply(answer: str, why: str = "I worked it out.") -> str:
    return f"{why}\nAnswer: {answer}"


def scripted(*answers: str) -> ScriptedBackend:
    return ScriptedBackend([reply(a) for a in answers])


def panel(*backends, names=("ann", "bob", "cy", "dee", "eve")) -> list[Debater]:
    return [Debater(model=b, name=n) for b, n in zip(backends, names)]
