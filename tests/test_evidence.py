"""A failed look-up answers with the passage sentence that answers the question."""

from agora.agent import Agent
from agora.agent.evidence import evidence, states, unheaded
from agora.events import Notice
from agora.messages import ToolCall
from agora.testing import ScriptedBackend
from agora.tools import tool


def fenced(*documents: tuple[str, str]) -> str:
    """A retrieve observation holding ``(citation, text)`` documents."""
    head = "Passages from the indexed documents. Cite the ones you use as [source#chunk]."
    return "\n".join([head, *(f'<document cite="[{c}]">\n{t}\n</document>' for c, t in documents)])


GALDRITH = ("docs/galdrith.md#0", "# The Galdrith Rowing Club Based in the town of Carrick Fell, the Galdrith "
            "Rowing Club is a small club. It was founded in 1995 by Mira Holt. Its emblem shows a silver oak "
            "leaf. Its archive holds photographs from its early years. A small cafe is run by volunteers.")
JORVALE = ("docs/jorvale.md#0", "# The Jorvale Observatory The Jorvale Observatory is an observatory in "
           "Lisk. Its emblem is a white owl. It was founded in 1902 by Anna Roe.")
PASSAGES = fenced(GALDRITH, JORVALE)
EMBLEM = "What is the emblem of the Galdrith Rowing Club?"


def test_the_sentence_sharing_the_questions_words_in_the_named_document():
    found = evidence(EMBLEM, [PASSAGES])
    assert found is not None and found.sentence == "Its emblem shows a silver oak leaf."
    assert found.citation == "docs/galdrith.md#0"
    # the same words in the other document's passage: the question's name picks the document
    found = evidence("What is the emblem of the Jorvale Observatory?", [PASSAGES])
    assert found is not None and found.sentence == "Its emblem is a white owl."


def test_a_question_for_a_number_or_a_name_takes_a_sentence_holding_one():
    # "early years" meets "year" but holds no year; the founding sentence holds one
    found = evidence("When was the Galdrith Rowing Club founded? Give the year.", [PASSAGES])
    assert found is not None and found.sentence == "It was founded in 1995 by Mira Holt."
    found = evidence("Where is the Galdrith Rowing Club? Name the town.", [PASSAGES])
    assert found is not None and found.sentence.startswith("Based in the town of Carrick Fell")
    # no sentence of a year meets the question's words: no evidence
    assert evidence("In which year did the Galdrith Rowing Club last win?", [fenced(GALDRITH[:1] + (
        "The Galdrith Rowing Club rows on the river. Its early years are in its archive.",))]) is None


def test_no_evidence_without_a_shared_word_or_on_a_tie():
    assert evidence("Who coaches the Galdrith Rowing Club?", [PASSAGES]) is None
    tie = fenced(("a.md#0", "The Nerrow Club has a red flag. The Nerrow Club has a blue flag."))
    assert evidence("What flag does the Nerrow Club have?", [tie]) is None
    assert evidence(EMBLEM, ["No matching passages in the indexed documents."]) is None


def test_an_answer_states_the_sentence_by_its_news():
    found = evidence(EMBLEM, [PASSAGES])
    assert found is not None
    assert states("A silver oak leaf.", found, EMBLEM, [PASSAGES])
    assert not states("The Galdrith Rowing Club is a small club.", found, EMBLEM, [PASSAGES])
    year = "When was the Galdrith Rowing Club founded? Give the year."
    found = evidence(year, [PASSAGES])
    assert found is not None
    assert states("1995", found, year, [PASSAGES]) and not states("1833", found, year, [PASSAGES])


def test_a_heading_joined_to_the_first_sentence_is_cut():
    assert unheaded("# The Tasseny Festival Based in the town of Marrowgate.") == "Based in the town of Marrowgate."
    assert unheaded("# The Quillby Observatory The Quillby Observatory is a observatory.") == \
        "The Quillby Observatory is a observatory."
    assert unheaded("No heading here.") == "No heading here."
    assert unheaded("# Notes") == "Notes"


@tool
def retrieve(query: str) -> str:
    """Search the user's documents.

    Args:
        query: what to look for
    """
    return PASSAGES


LOOK_UP = ToolCall(name="retrieve", arguments={"query": "Galdrith Rowing Club emblem"})


def test_a_failed_look_up_answers_with_the_evidence_sentence():
    # the model's answer is made up (Maradonia), and asked again from the passages it writes
    # about the club without its emblem: the sentence that answers the question stands
    backend = ScriptedBackend([LOOK_UP, "The club is in Maradonia, Greece, a famous place.",
                               "The Galdrith Rowing Club is a small club."])
    events: list = []
    result = Agent(model=backend, tools=[retrieve], examples=[]).run(EMBLEM, on_event=events.append)
    assert result.answer == "Its emblem shows a silver oak leaf."
    assert (result.complete, result.stop_reason) == (False, "format")
    assert any(isinstance(e, Notice) and "docs/galdrith.md#0" in e.text for e in events)


def test_a_failed_look_up_keeps_an_answer_that_tells_the_news():
    backend = ScriptedBackend([LOOK_UP, "The club is in Maradonia, Greece, a famous place.", "A silver oak leaf."])
    result = Agent(model=backend, tools=[retrieve], examples=[]).run(EMBLEM)
    assert (result.answer, result.complete) == ("A silver oak leaf.", False)


def test_a_run_that_answered_is_never_overridden():
    backend = ScriptedBackend([LOOK_UP, "The Galdrith Rowing Club is a small club."])
    result = Agent(model=backend, tools=[retrieve], examples=[]).run(EMBLEM)
    assert (result.answer, result.complete, result.stop_reason) == \
        ("The Galdrith Rowing Club is a small club.", True, "answer")
