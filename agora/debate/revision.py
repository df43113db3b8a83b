"""Who revises in a round after the first (``Debate(revise=...)``).

* ``all``     -- every debater is asked again (the classic debate, Du et al. 2023);
* ``dissent`` -- sparse revision: the debaters that hold the answer the vote would give now
  stand (their answer is carried into the round, no call is made), and only the others
  revise, reading their peers as the topology allows.

Why ``dissent`` earns its saving: a debater already in the leading group is asked only to
confirm what it said, and on small models that turn is the one that goes wrong (it abandons
a right answer after reading wrong ones, Xiong et al. 2023; Wang et al. 2024), while most of
what debate gains is the vote itself (Choi et al. 2025, "Debate or Vote"). A debater whose
answer its own tool computed keeps it anyway (``keep_verified``), so asking it again costs a
full tool loop for nothing. The calls that remain are the ones that can change the outcome.

What stands is the answer with the strongest evidence, tool before headcount (the order the
vote's tie-break and ``keep_verified`` already follow):

1. an answer a debater's own tool computed, when the tools agree (one such answer): its
   holders stand, and the others, a majority included, revise with it before them: a majority
   that has not read the computed answer cannot be persuaded by it;
2. else the vote's lead, when two or more give it;
3. else nothing stands: a lone, unchecked answer at the head of a spread of different answers
   says nothing, and everyone revises, as in ``all``.
"""

from __future__ import annotations

from typing import Sequence

from agora.answers import normalize
from agora.debate.aggregate import voters, vote
from agora.debate.judge import Entry
from agora.errors import ConfigError

REVISE = ("all", "dissent")


def check(revise: str) -> None:
    if revise not in REVISE:
        raise ConfigError(f"unknown revise mode {revise!r}: choose one of {', '.join(REVISE)}")


def standing(question: str, answers: Sequence[tuple[str | None, bool]], revise: str) -> set[int]:
    """The positions of the debaters whose answer stands this round (they are not asked
    again). ``answers``: each debater's latest (answer, verified); None = no answer yet."""
    if revise == "all":
        return set()
    entries = voters(question, [Entry(str(i), a, "", verified) for i, (a, verified) in enumerate(answers)
                                if a is not None])
    computed = {normalize(e.answer) for e in entries if e.verified} - {None}
    if len(computed) == 1:
        key = computed.pop()
    else:
        lead, count = vote(entries)
        if lead is None or count < 2:
            return set()
        key = normalize(lead)
    return {int(e.name) for e in entries if normalize(e.answer) == key}


__all__ = ["REVISE", "check", "standing"]
