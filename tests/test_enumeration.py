"""Lists the request enumerates (agora.agent.enumeration) and lists asked again whole."""

from agora.agent import Agent
from agora.agent.enumeration import enumerated, items, whole_item
from agora.messages import ToolCall
from agora.testing import ScriptedBackend
from agora.tools import tool

GROW = "I'd like Kleiner Acker to grow garlic, Cavolo nero and sweetcorn, in that order."
FIRST = "Could you set the rotation of Mill Acre to Hokkaido pumpkins first, sweetcorn second and Charlotte potatoes last?"


def test_a_request_is_split_into_its_listed_items():
    assert items("Plan Field 3: garlic, then Cavolo nero, then Hokkaido pumpkins.") == [
        [["garlic"], ["Cavolo", "nero"], ["Hokkaido", "pumpkins"]]]
    assert items("Book room Orion.") == []


def test_a_listed_item_cut_short_is_completed_up_to_a_little_word():
    assert whole_item("Hokkaido", FIRST) == "Hokkaido pumpkins"
    assert whole_item("Charlotte", FIRST) == "Charlotte potatoes"
    assert whole_item("sweetcorn", FIRST) is None  # whole already ("second" is an order word)
    assert whole_item("Osaka", "Fly to Lisbon, Osaka in March and Hanoi.") is None


def test_the_number_of_items_counts_the_one_the_model_left_out():
    assert enumerated(["cavolo nero", "sweetcorn"], GROW) == 3  # "garlic" ends the request's head
    assert enumerated(["sweetcorn", "Charlotte potatoes"], FIRST) == 3
    assert enumerated(["garlic", "Cavolo nero", "sweetcorn"], GROW) == 3
    # a head that only ends with an item, and a tail that begins with a little word: not items
    assert enumerated(["A", "B"], "Hi, please plan A and B, in that order.") == 2
    assert enumerated(["Lukas", "Aiko"], "Invite Marta, Lukas and Aiko to the launch") == 3
    assert enumerated(["Zed"], GROW) == 1  # not in the request's list


@tool
def plan_rotation(field: str, crops: list[str]) -> str:
    """Plan a crop rotation.

    Args:
        field: the field's name
        crops: the crops, in order
    """
    return f"{field}: {', '.join(crops)}"


def test_a_list_shorter_than_the_requests_is_asked_again_with_its_length_fixed():
    first = ToolCall(name="plan_rotation", arguments={"field": "Kleiner Acker", "crops": ["Cavolo nero", "sweetcorn"]})
    again = ToolCall(name="plan_rotation", arguments={"field": "Kleiner Acker",
                                                      "crops": ["Cavolo nero", "garlic", "sweetcorn"]})
    backend = ScriptedBackend([first, again, "Planned."])
    result = Agent(model=backend, tools=[plan_rotation], examples=[]).run(GROW)
    crops = backend.calls[1]["tools"][0].parameters["properties"]["crops"]
    # one of the lists of 3 of the request's items, each in the request's order: asked with
    # items of an enum, SmolLM2 wrote one twice on every try
    assert ["garlic", "Cavolo nero", "sweetcorn"] in crops["enum"]
    assert all(len(c) == 3 == len(set(c)) for c in crops["enum"])
    assert result.tool_steps()[0].call.arguments["crops"] == ["garlic", "Cavolo nero", "sweetcorn"]


def test_a_short_list_is_the_requests_list_when_that_has_just_as_many_items():
    beds = "Plan the beds for Plot 7: leeks, then Sugar snap peas, then broad beans."
    first = ToolCall(name="plan_rotation", arguments={"field": "Plot 7", "crops": ["Sugar snap peas", "broad beans"]})
    backend = ScriptedBackend([first, "Planned."])  # no second ask: the list is known
    result = Agent(model=backend, tools=[plan_rotation], examples=[]).run(beds)
    assert result.tool_steps()[0].call.arguments["crops"] == ["leeks", "Sugar snap peas", "broad beans"]
    assert len(backend.calls) == 2


def test_a_second_list_of_another_length_or_words_leaves_the_first():
    first = ToolCall(name="plan_rotation", arguments={"field": "Kleiner Acker", "crops": ["Cavolo nero", "sweetcorn"]})
    again = ToolCall(name="plan_rotation", arguments={"field": "Kleiner Acker", "crops": ["kale", "x", "y"]})
    backend = ScriptedBackend([first, again, "Planned."])
    result = Agent(model=backend, tools=[plan_rotation], examples=[]).run(GROW)
    assert result.tool_steps()[0].call.arguments["crops"] == ["Cavolo nero", "sweetcorn"]


def test_a_list_with_made_up_items_is_counted_by_the_items_it_copied():
    from agora.agent.recopy import short_lists

    schema = plan_rotation.spec().parameters
    request = "Could you set the rotation of Kleiner Acker to pak choi first, sweetcorn second and Kabocha squash last?"
    made_up = {"field": "Kleiner Acker", "crops": ["Kabocha", "kabocha_zuc_2", "kabocha_zuc_2_2", "kabocha_zuc_2_2_2"]}
    assert short_lists(made_up, schema, request) == {("crops",): 3}
    whole = {"field": "Kleiner Acker", "crops": ["pak choi", "sweetcorn", "Kabocha squash"]}
    assert short_lists(whole, schema, request) == {}


def test_the_items_of_the_list_where_the_values_lie_are_the_choices():
    from agora.agent.enumeration import listed

    request = "Plan the beds for Plot 7: leeks, then Sugar snap peas, then broad beans first."
    assert listed(["Sugar snap peas", "beans"], request) == ["leeks", "Sugar snap peas", "broad beans"]
    # a long head: its last words with no little word among them
    head = "Could we get the allotment to grow leeks, Sugar snap peas and kale, in that order?"
    assert listed(["grow leeks", "kale"], head)[:2] == ["leeks", "grow leeks"]
    assert listed(["tomatoes"], request) == []  # in no list of the request


def test_a_list_with_items_run_together_or_one_inside_another_is_asked_again():
    from agora.agent.recopy import not_items

    request = "Plan the beds for Plot 7: leeks, then Sugar snap peas, then broad beans."
    assert not_items(["Sugar snap peas", "broad beans", "beans"], request)
    assert not_items(["leeks Sugar", "snap peas", "broad beans"], request)
    assert not not_items(["leeks", "Sugar snap peas", "broad beans"], request)


def test_a_list_set_from_the_request_stands_when_the_names_asked_again_fail():
    from agora.errors import FormatError
    from agora.messages import Usage

    beds = "Plan the beds for Plot 7: leeks, then Sugar snap peas, then broad beans."
    first = ToolCall(name="plan_rotation", arguments={"field": "Zed", "crops": ["Sugar snap peas", "broad beans"]})
    failed = FormatError("no valid JSON after 3 tries", usage=Usage(prompt_tokens=50, completion_tokens=30, calls=3))
    backend = ScriptedBackend([first, failed, "Planned."])
    result = Agent(model=backend, tools=[plan_rotation], examples=[]).run(beds)
    call = result.tool_steps()[0].call
    assert call.arguments == {"field": "Zed", "crops": ["leeks", "Sugar snap peas", "broad beans"]}
    assert result.usage.completion_tokens >= 30  # the failed tries still count
