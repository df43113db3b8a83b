"""The rounding a question asks for, applied to the agent's numeric answer."""

import pytest

from agora.agent import Agent
from agora.agent.rounding import as_asked, asked_rounding
from agora.events import Notice
from agora.messages import ToolCall
from agora.testing import ScriptedBackend


@pytest.mark.parametrize("question, how", [
    ("What is 4523 // 37, that is, 4523 divided by 37 rounded down to a whole number?", ("down", 0)),
    ("Give the integer quotient of 900 by 7.", ("down", 0)),
    ("Share 50 sweets among 3 children, dropping the remainder. How many each?", ("down", 0)),
    ("How many buses of 40 seats carry 130 people? Round up.", ("up", 0)),
    ("Convert 3 miles to km, rounded to two decimal places.", ("nearest", 2)),
    ("What is 10 / 3? Round to 3 decimals.", ("nearest", 3)),
    ("What is 7 / 4, rounded to the nearest whole number?", ("nearest", 0)),
    ("What is 7 / 4?", None),
    ("Name two decimal places in the city.", None),  # no "round": not a rounding request
])
def test_the_question_says_how_to_round(question, how):
    assert asked_rounding(question) == how


@pytest.mark.parametrize("question, answer, expected", [
    ("What is 4523 divided by 37 rounded down to a whole number?", "122.243243243", "122"),
    ("What is -7 / 2 rounded down?", "-3.5", "-4"),
    ("Round 2.5 up... what is 5 / 2 rounded up?", "The result is 2.5.", "The result is 3."),
    ("Convert 12 miles to km, rounded to two decimal places.", "19.312128", "19.31"),
    ("Convert 1 inch to cm. Round to two decimal places.", "2.54", "2.54"),  # already so
    ("What is 7 / 4, rounded to the nearest whole number?", "1.75", "2"),
    ("What is 4523 / 37 rounded down?", "122 or 123", "122 or 123"),  # two numbers: left alone
    ("What is 4523 / 37 rounded down?", "I cannot say", "I cannot say"),
    ("What is 4523 / 37?", "122.243243243", "122.243243243"),  # nothing asked: unchanged
])
def test_the_one_number_of_the_answer_is_rounded(question, answer, expected):
    assert as_asked(question, answer) == expected


def test_the_agent_rounds_its_answer_as_asked_and_says_so():
    question = "What is 4523 / 37, rounded down to a whole number?"
    backend = ScriptedBackend([ToolCall(name="calculator", arguments={"expression": "4523 / 37"}),
                               "122.243243243"])
    events = []
    result = Agent(model=backend, tools=["calculator"], examples=[]).run(question, on_event=events.append)
    assert result.answer == "122"
    assert (result.complete, result.stop_reason) == (True, "answer")
    assert any(isinstance(e, Notice) and "rounded" in e.text for e in events)
