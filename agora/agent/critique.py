"""Self-critique (self-refine): after a draft answer, a critic (the same model or another)
gives a typed verdict -- accept, or revise with problems and a suggestion -- and the agent
writes a new draft, up to ``max_revisions`` times. Every draft and verdict stays in the trace.

The critic is an extra: if its backend fails, a warning is emitted and the draft stands.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agora.answers import final_part
from agora.errors import BackendError
from agora.events import Critique, Draft, Notice
from agora.agent.state import AnswerStep, CritiqueStep, RunState
from agora.messages import Message
from agora.prompts import render


class Verdict(BaseModel):
    verdict: Literal["accept", "revise"]
    problems: list[str] = Field(default_factory=list, max_length=5,
                                description="what is wrong (empty when accepted)")
    suggestion: str = Field(default="", max_length=400, description="how to fix it")


def critique_once(state: RunState, answer: str, reasoning: str, revision: int) -> Verdict | None:
    """One critic call; emits a Critique event. None when the critic's backend failed."""
    prompt = render("critique", question=state.question, answer=answer, reasoning=reasoning[-2000:])
    try:
        completion = state.call([Message.system(render("critic_system")), Message.user(prompt)],
                                backend=state.critic, output_schema=Verdict,
                                max_tokens=min(state.max_tokens, 300))
    except BackendError as err:
        state.emit(Notice(level="warning", text=f"the critic failed, keeping the draft: {err}"))
        return None
    parsed = completion.parsed
    verdict = parsed if isinstance(parsed, Verdict) else Verdict.model_validate(parsed)
    problems = [p.strip() for p in verdict.problems if p.strip()]
    verdict = verdict.model_copy(update={"problems": problems})
    state.steps.append(CritiqueStep(verdict.verdict, problems, verdict.suggestion, revision))
    state.emit(Critique(verdict=verdict.verdict, problems=problems, suggestion=verdict.suggestion,
                        revision=revision))
    return verdict


def revise_once(state: RunState, system: str, answer: str, reasoning: str, verdict: Verdict,
                revision: int) -> tuple[str, str]:
    """A new draft that addresses the critique; emits a Draft event. Raises BackendError."""
    prompt = render("revise", question=state.question, answer=answer, reasoning=reasoning[-2000:],
                    problems=verdict.problems or ["the reviewer did not accept the answer"],
                    suggestion=verdict.suggestion)
    completion = state.call([Message.system(system), Message.user(prompt)], stream=state.stream)
    text = completion.text.strip()
    new_answer = final_part(text) or answer
    state.drafts.append(new_answer)
    state.steps.append(AnswerStep(new_answer, text, revision))
    state.emit(Draft(answer=new_answer, reasoning=text, revision=revision))
    return new_answer, text


def refine(state: RunState, system: str, max_revisions: int) -> None:
    """Critique the current answer and revise it while the critic asks for it (bounded).
    Updates ``state.answer`` / ``state.reasoning``. No critique of the last allowed
    revision: nothing could be done with it."""
    revision = 0
    while True:
        verdict = critique_once(state, state.answer, state.reasoning, revision)
        if verdict is None or verdict.verdict == "accept" or revision >= max_revisions:
            return
        revision += 1
        state.answer, state.reasoning = revise_once(state, system, state.answer, state.reasoning,
                                                    verdict, revision)
        if revision >= max_revisions:
            return
