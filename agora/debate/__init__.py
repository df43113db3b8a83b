"""Debate: debaters (agents, so they may use tools) answer, read each other over rounds
(all, ring or star), and a vote, a confidence-weighted vote or a judge settles the answer
(:class:`DebateResult`).

* :mod:`agora.debate.debate` -- the rounds (consensus, budgets, time);
* :mod:`agora.debate.turns` -- a debater's seat and turn (an Agent run);
* :mod:`agora.debate.topology` -- who reads whom;
* :mod:`agora.debate.aggregate` -- vote, weighted vote, judge (and the swap check);
* :mod:`agora.debate.judge` -- the judge's typed verdict;
* :mod:`agora.debate.result` -- the result, rebuilt from a transcript.
"""

from agora.debate.aggregate import AGGREGATES, vote, weighted_vote
from agora.debate.debate import DEFAULT_PERSONAS, Debate, Debater
from agora.debate.judge import Verdict
from agora.debate.result import DebateResult, result_from_events
from agora.debate.topology import TOPOLOGIES

__all__ = ["Debate", "Debater", "DebateResult", "Verdict", "DEFAULT_PERSONAS", "result_from_events", "AGGREGATES",
           "TOPOLOGIES", "vote", "weighted_vote"]
