"""Debate: debaters (agents, so they may use tools) answer, read each other over rounds,
and a judge or a vote settles the answer (:class:`DebateResult`)."""

from agora.debate.debate import DEFAULT_PERSONAS, Debate, Debater
from agora.debate.judge import Verdict
from agora.debate.result import DebateResult, result_from_events

__all__ = ["Debate", "Debater", "DebateResult", "Verdict", "DEFAULT_PERSONAS", "result_from_events"]
