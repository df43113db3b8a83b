"""The agent: an :class:`Agent` is configuration; :func:`run_agent` is the loop that plans,
thinks, calls tools, observes, answers and critiques, recording each step as data
(:mod:`agora.agent.state`)."""

from agora.agent.agent import Agent, Result, RunIterator
from agora.agent.loop import run_agent

__all__ = ["Agent", "Result", "RunIterator", "run_agent"]
