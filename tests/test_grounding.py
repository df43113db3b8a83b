"""Answers after retrieval must rest on the passages: a made-up year or place is not an answer."""

from agora.agent import Agent
from agora.agent.grounding import ungrounded
from agora.messages import ToolCall
from agora.testing import ScriptedBackend
from agora.tools import tool

# what the retrieve tool returns: a header, then each passage fenced with its citation
PASSAGE = ("Passages from the indexed documents. Cite the ones you use as [source#chunk].\n"
           '<document cite="[docs/galdrith-rowing-club.md#0]">\n# The Galdrith Rowing Club\n'
           "Based in the town of Carrick Fell, the Galdrith Rowing Club is a small club. It was founded "
           "in 1995 by Mira Holt. Its emblem shows a silver oak leaf. Today it counts 812 members.\n</document>")
QUESTION = "In what year was the Galdrith Rowing Club founded?"


@tool
def retrieve(query: str) -> str:
    """Search the user's documents.

    Args:
        query: what to look for
    """
    return PASSAGE


def look_up() -> ToolCall:
    return ToolCall(name="retrieve", arguments={"query": "Galdrith Rowing Club founded"})


def test_a_number_no_passage_holds_is_not_grounded():
    assert ungrounded("2019", QUESTION, [PASSAGE])
    assert not ungrounded("1995", QUESTION, [PASSAGE])
    assert not ungrounded("It was founded in 1995.", QUESTION, [PASSAGE])


def test_words_of_the_models_own_are_allowed_up_to_a_share():
    town = "Where is the Galdrith Rowing Club?"
    assert not ungrounded("The club is based in Carrick Fell.", town, [PASSAGE])
    assert not ungrounded("I could not find it in the documents.", town, [PASSAGE])
    # a place and a country of its own
    assert ungrounded("The club is in the town of Maradonia, Greece.", town, [PASSAGE])
    assert ungrounded("You are welcome. You can call the tool again, but you can't use it again.", town,
                      [PASSAGE])


def test_without_passages_every_answer_stands():
    assert not ungrounded("2019", QUESTION, [])
    assert not ungrounded("", QUESTION, [PASSAGE])


def test_a_made_up_answer_after_retrieval_is_asked_again_from_the_passages():
    # the second reply is the run's answer, the third the one asked for with the passages
    backend = ScriptedBackend([look_up(), "2019", "1995"])
    result = Agent(model=backend, tools=[retrieve], examples=[]).run(QUESTION)
    assert result.answer == "1995"
    assert (result.complete, result.stop_reason) == (False, "format")
    last = backend.calls[-1]["messages"]
    assert len(last) == 1 and "1995 by Mira Holt" in last[0].content and QUESTION in last[0].content


def test_an_answer_the_passages_hold_ends_the_run():
    backend = ScriptedBackend([look_up(), "It was founded in 1995."])
    result = Agent(model=backend, tools=[retrieve], examples=[]).run(QUESTION)
    assert (result.answer, result.complete, result.stop_reason) == ("It was founded in 1995.", True, "answer")
    assert len(backend.calls) == 2
