"""The optional planning step: a short numbered plan, written as structured output before the
agent starts, and written again when a tool step fails or every k steps (``replan_every``).

A plan is advice the agent sees as a message; it does not drive the loop. Planning is an
extra, so a backend failure here becomes a warning and the run goes on without a plan.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from agora.errors import BackendError
from agora.events import Notice, PlanMade
from agora.agent.state import PlanStep, RunState, ToolStep
from agora.messages import Message
from agora.prompts import render

MAX_PLAN_STEPS = 5


class Plan(BaseModel):
    steps: list[str] = Field(min_length=1, max_length=MAX_PLAN_STEPS,
                             description="the plan: short steps in order")


def make_plan(state: RunState, tools: list[str], *, reason: str = "") -> list[str] | None:
    """Ask for a plan (a new one when ``reason`` is given); record it, emit a PlanMade event,
    and return its steps (None when the backend failed)."""
    replan = bool(reason)
    prompt = render("plan", question=state.question, tools=tools, max_steps=MAX_PLAN_STEPS,
                    old_plan=state.plan if replan else [], progress=progress_text(state) if replan else "",
                    reason=reason)
    try:
        completion = state.call([Message.system("You plan how to solve tasks. You write short, concrete steps."),
                                 Message.user(prompt)], output_schema=Plan, max_tokens=min(state.max_tokens, 256))
    except BackendError as err:
        state.emit(Notice(level="warning", text=f"planning failed, going on without a plan: {err}"))
        return None
    plan = completion.parsed if isinstance(completion.parsed, Plan) else Plan.model_validate(completion.parsed)
    steps = [" ".join(s.split())[:200] for s in plan.steps if s.strip()] or ["Answer the question."]
    state.plan = steps
    state.steps.append(PlanStep(steps=steps, replan=replan, reason=reason))
    state.emit(PlanMade(steps=steps, replan=replan))
    return steps


def plan_message(steps: list[str], *, replan: bool = False) -> Message:
    """The plan as the agent sees it."""
    return Message.user(render("plan_note", steps=steps, replan=replan))


def progress_text(state: RunState, *, limit: int = 1500) -> str:
    """What the tool steps did so far, briefly (for a re-plan)."""
    lines = []
    for s in state.steps:
        if isinstance(s, ToolStep):
            status = "ok" if s.ok else "FAILED"
            lines.append(f"- called {s.call.name}({_short_args(s.call.arguments)}) -> {status}: "
                         f"{' '.join(s.observation.split())[:200]}")
    text = "\n".join(lines)
    return text[-limit:]


def _short_args(arguments: dict) -> str:
    return ", ".join(f"{k}={str(v)[:60]!r}" for k, v in arguments.items())


def should_replan(step: ToolStep, every: int | None) -> str:
    """Why a new plan is needed after ``step`` ("" for no re-plan)."""
    if not step.ok:
        return f"the step calling {step.call.name} failed"
    if every and step.index % every == 0:
        return f"{step.index} steps were taken"
    return ""
