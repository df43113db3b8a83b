"""Self-critique (accept / revise) and planning (plan / re-plan) through the fake backends."""

from __future__ import annotations

from agora import Agent
from agora.errors import BackendError
from agora.events import Critique, Draft, Notice, PlanMade
from agora.messages import ToolCall
from agora.testing.fakes import ScriptedBackend


def accept() -> dict:
    return {"verdict": "accept", "problems": [], "suggestion": ""}


def revise(problem: str = "3*4 is 12, not 10", suggestion: str = "recompute") -> dict:
    return {"verdict": "revise", "problems": [problem], "suggestion": suggestion}


def test_critique_accepts_the_draft():
    events: list = []
    backend = ScriptedBackend(["2+3*4 = 14.\nAnswer: 14", accept()])
    result = Agent(model=backend, critique=True).run("What is 2+3*4?", on_event=events.append)
    backend.assert_done()
    assert result.answer == "14" and result.drafts == ["14"] and result.complete
    [critique] = [e for e in events if isinstance(e, Critique)]
    assert critique.verdict == "accept"
    # the critic saw the question and the draft, and was asked for a typed verdict
    critic_call = backend.calls[1]
    assert "Proposed answer: 14" in critic_call["messages"][-1].content
    assert critic_call["output_schema"].__name__ == "Verdict"


def test_critique_revise_path_keeps_every_draft():
    events: list = []
    backend = ScriptedBackend(["2+3*4 = 2+10 = 12.\nAnswer: 12", revise(), "3*4 = 12, 2+12 = 14.\nAnswer: 14"])
    result = Agent(model=backend, critique=True, max_revisions=1).run("What is 2+3*4?", on_event=events.append)
    backend.assert_done()  # no critique of the last allowed revision
    assert result.answer == "14" and result.drafts == ["12", "14"]
    assert [(d.answer, d.revision) for d in events if isinstance(d, Draft)] == [("12", 0), ("14", 1)]
    revise_prompt = backend.calls[2]["messages"][-1].content
    assert "3*4 is 12, not 10" in revise_prompt and "Your previous answer: 12" in revise_prompt
    assert result.reasoning.startswith("3*4 = 12")


def test_critique_revises_up_to_max_revisions():
    backend = ScriptedBackend(["Answer: 1", revise(), "Answer: 2", revise(), "Answer: 3"])
    result = Agent(model=backend, critique=True, max_revisions=2).run("q")
    backend.assert_done()
    assert result.drafts == ["1", "2", "3"] and result.answer == "3"
    assert [s.verdict for s in result.steps if type(s).__name__ == "CritiqueStep"] == ["revise", "revise"]


def test_critic_model_is_a_separate_backend():
    main = ScriptedBackend(["Answer: 12", "Answer: 14"], spec="main")
    critic = ScriptedBackend([revise()], spec="critic")
    result = Agent(model=main, critique=True, critic_model=critic).run("What is 2+3*4?")
    main.assert_done()
    critic.assert_done()
    assert result.answer == "14"


def test_critic_failure_keeps_the_draft():
    events: list = []
    backend = ScriptedBackend(["Answer: 14", BackendError("critic down")])
    result = Agent(model=backend, critique=True).run("q", on_event=events.append)
    assert result.answer == "14" and result.complete
    assert any(isinstance(e, Notice) and "critic failed" in e.text for e in events)


def test_critique_after_a_tool_run():
    backend = ScriptedBackend([
        {"thought": "", "tool": "calculator", "arguments": {"expression": "2+3*4"}},
        {"thought": "", "answer": "14"},
        accept(),
    ])
    result = Agent(model=backend, tools=["calculator"], critique=True).run("What is 2+3*4?")
    backend.assert_done()
    assert result.answer == "14" and "Observation: 14" in backend.calls[2]["messages"][-1].content


def test_plan_comes_first_and_is_shown_to_the_agent():
    events: list = []
    backend = ScriptedBackend([{"steps": ["Multiply 3 by 4", "Add 2"]}, "Answer: 14"])
    result = Agent(model=backend, plan=True).run("What is 2+3*4?", on_event=events.append)
    backend.assert_done()
    assert result.plan == ["Multiply 3 by 4", "Add 2"]
    [plan] = [e for e in events if isinstance(e, PlanMade)]
    assert plan.steps == result.plan and not plan.replan
    assert backend.calls[0]["output_schema"].__name__ == "Plan"
    question = backend.calls[1]["messages"][-1].content
    assert "1. Multiply 3 by 4" in question and "2. Add 2" in question


def test_failed_step_triggers_a_new_plan():
    events: list = []
    backend = ScriptedBackend([
        {"steps": ["Use the telescope"]},
        ToolCall(name="telescope", arguments={}),
        {"steps": ["Use the calculator"]},
        {"thought": "", "tool": "calculator", "arguments": {"expression": "2+3*4"}},
        {"thought": "", "answer": "14"},
    ])
    result = Agent(model=backend, tools=["calculator"], plan=True).run("What is 2+3*4?", on_event=events.append)
    backend.assert_done()
    plans = [e for e in events if isinstance(e, PlanMade)]
    assert [(p.steps, p.replan) for p in plans] == [(["Use the telescope"], False), (["Use the calculator"], True)]
    replan_prompt = backend.calls[2]["messages"][-1].content
    assert "telescope" in replan_prompt and "FAILED" in replan_prompt
    assert "Updated plan" in backend.calls[3]["messages"][-1].content
    assert result.answer == "14" and result.plan == ["Use the calculator"]


def test_replan_every_k_steps():
    backend = ScriptedBackend([
        {"steps": ["a"]},
        {"thought": "", "tool": "calculator", "arguments": {"expression": "1+1"}},
        {"thought": "", "tool": "calculator", "arguments": {"expression": "2+2"}},
        {"steps": ["b"]},
        {"thought": "", "answer": "4"},
    ])
    result = Agent(model=backend, tools=["calculator"], plan=True, replan_every=2).run("q")
    backend.assert_done()
    assert [s.replan for s in result.steps if type(s).__name__ == "PlanStep"] == [False, True]


def test_planning_failure_goes_on_without_a_plan():
    events: list = []
    backend = ScriptedBackend([BackendError("no plan today"), "Answer: 5"])
    result = Agent(model=backend, plan=True).run("q", on_event=events.append)
    assert result.answer == "5" and result.plan == [] and result.complete
    assert any(isinstance(e, Notice) and "planning failed" in e.text for e in events)


def test_a_critic_that_fails_its_format_keeps_the_draft_and_its_tries_count():
    from agora.errors import FormatError
    from agora.messages import Usage

    spent = Usage(prompt_tokens=200, completion_tokens=90, calls=3)
    critic = ScriptedBackend([FormatError("no valid JSON after 3 tries", usage=spent)], spec="critic")
    result = Agent(model=ScriptedBackend(["2+12 = 14.\nAnswer: 14"]), critique=True, critic_model=critic).run(
        "What is 2+3*4?")
    assert (result.answer, result.complete) == ("14", True)
    assert result.usage.calls == 1 + 3 and result.usage.completion_tokens >= 90
