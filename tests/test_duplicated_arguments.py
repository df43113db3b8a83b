"""One request value in two arguments (agora.agent.recopy.duplicated), numbers copied into
text arguments (agora.agent.shaped.misplaced with the request), and a value run on into
another argument's number (agora.agent.word_copying)."""

from typing import Literal

from agora.agent import Agent
from agora.agent.recopy import duplicated
from agora.agent.shaped import misplaced
from agora.agent.word_copying import copy_words, times
from agora.messages import ToolCall
from agora.testing import ScriptedBackend
from agora.tools import tool


@tool
def log_harvest(crop: str, kilograms: float, field: str, date: str) -> str:
    """Log a harvest.

    Args:
        crop: what was picked
        kilograms: weight in kilograms
        field: the field
        date: YYYY-MM-DD
    """
    return f"logged {kilograms} kg of {crop} from {field}"


@tool
def plan_route(start: str, stops: list[str]) -> str:
    """Plan a route.

    Args:
        start: where the route starts
        stops: the places to pass, in order
    """
    return f"{start} -> {' -> '.join(stops)}"


ROOT = log_harvest.spec().parameters
HARVEST = "Log 12 kg of Charlotte potatoes from Mill Acre on 2026-08-15."


def test_times_counts_whole_words_only():
    assert times("Osaka", "From Osaka to Lisbon, then back to osaka.") == 2
    assert times("Osaka", "Osakas are not Osakan") == 0
    assert times("", "anything") == 0


def test_a_value_in_two_arguments_is_kept_by_the_last_one_written():
    arguments = {"crop": "Mill Acre", "kilograms": 12, "field": "Mill Acre", "date": "2026-08-15"}
    assert duplicated(arguments, ROOT, HARVEST) == [("crop",)]
    # a value the request writes as often as the arguments hold it is no duplicate
    twice = "Log 12 kg of Mill Acre potatoes from Mill Acre on 2026-08-15."
    assert duplicated(arguments, ROOT, twice) == []
    # a date held twice is not this rule's: the date argument declares its shape
    dated = {"crop": "2026-08-15", "kilograms": 12, "field": "Mill Acre", "date": "2026-08-15"}
    assert duplicated(dated, ROOT, HARVEST) == []
    # a list item and a scalar: the list item, written last, keeps it
    route = plan_route.spec().parameters
    request = "Plan a route starting in Osaka with stops at Lisbon and then Tromso."
    assert duplicated({"start": "Tromso", "stops": ["Lisbon", "Tromso"]}, route, request) == [("start",)]


def test_a_text_argument_holding_only_a_number_argument_is_misplaced():
    arguments = {"crop": "12", "kilograms": 12, "field": "Mill Acre", "date": "2026-08-15"}
    assert misplaced(arguments, ROOT, HARVEST) == [("crop",)]
    assert misplaced(arguments, ROOT) == []  # without the request, only shaped values count
    # the request writes 12 twice: a text "12" may be its own (a plot numbered 12)
    assert misplaced(arguments, ROOT, "Log 12 kg of potatoes from plot 12 on 2026-08-15.") == []


@tool
def start_vacuum(rooms: list[str], power: Literal["eco", "normal", "max"] = "normal") -> str:
    """Start the vacuum cleaner.

    Args:
        rooms: the rooms to clean
        power: suction power
    """
    return f"cleaning {', '.join(rooms)} on {power}"


def test_a_text_argument_holding_only_an_enum_argument_is_misplaced():
    root = start_vacuum.spec().parameters
    request = "Vacuum the office and the hallway on max power."
    assert misplaced({"rooms": ["max power"], "power": "max"}, root, request) == [("rooms", 0)]
    assert misplaced({"rooms": ["office", "max"], "power": "max"}, root, request) == [("rooms", 1)]
    assert misplaced({"rooms": ["office", "hallway"], "power": "max"}, root, request) == []
    # a value the request writes twice may be a room's own ("the max room on max power")
    assert misplaced({"rooms": ["max"], "power": "max"}, root, "Vacuum the max room on max power.") == []


def test_a_value_run_on_into_a_number_argument_is_cut_when_the_request_does_not_write_it():
    request = "On 2026-04-02 we harvested Cavolo nero from Top Paddock: 140 kg."
    call = ToolCall(name="log_harvest", arguments={"crop": "Cavolo nero", "kilograms": 140,
                                                   "field": "Top Paddock 140", "date": "2026-04-02"})
    mended, notes = copy_words(call, log_harvest.spec(), request)
    assert mended.arguments["field"] == "Top Paddock"
    assert any("without '140'" in n for n in notes)
    # written so in the request, the value stands
    kept = "On 2026-04-02 we harvested Cavolo nero from Top Paddock 140, 140 kg."
    assert copy_words(call, log_harvest.spec(), kept)[0].arguments["field"] == "Top Paddock 140"


def test_the_earlier_duplicate_is_asked_again_without_the_value():
    first = ToolCall(name="plan_route", arguments={"start": "Tromso", "stops": ["Lisbon", "Tromso"]})
    again = ToolCall(name="plan_route", arguments={"start": "Osaka", "stops": ["Lisbon", "Tromso"]})
    backend = ScriptedBackend([first, again, "Planned."])
    request = "Plan a route starting in Osaka with stops at Lisbon and then Tromso."
    result = Agent(model=backend, tools=[plan_route], examples=[]).run(request)
    narrowed = backend.calls[1]["tools"][0].parameters["properties"]
    assert "Osaka" in narrowed["start"]["enum"] and "Tromso" not in narrowed["start"]["enum"]
    assert "enum" not in narrowed["stops"]  # the list keeps its value: not asked
    assert result.tool_steps()[0].call.arguments == {"start": "Osaka", "stops": ["Lisbon", "Tromso"]}


def harvest(crop: str, field: str) -> ToolCall:
    return ToolCall(name="log_harvest", arguments={"crop": crop, "kilograms": 12, "field": field, "date": "2026-08-15"})


def asked_twice(third: ToolCall) -> tuple[ScriptedBackend, object]:
    """A first call with a made-up crop and field; chosen again, both "Mill Acre"; then ``third``."""
    backend = ScriptedBackend([harvest("Beans", "Qqq"), harvest("Mill Acre", "Mill Acre"), third, "Logged."])
    return backend, Agent(model=backend, tools=[log_harvest], examples=[]).run(HARVEST)


def test_choices_that_leave_a_value_in_two_places_are_made_once_more():
    # asked once more, the crop may not be "Mill Acre" (nor a run holding it)
    backend, result = asked_twice(harvest("Charlotte potatoes", "Mill Acre"))
    third = backend.calls[2]["tools"][0].parameters["properties"]
    assert "Mill Acre" not in third["crop"]["enum"] and "Charlotte potatoes" in third["crop"]["enum"]
    assert not any("Mill Acre" in c for c in third["crop"]["enum"])
    assert result.tool_steps()[0].call.arguments["crop"] == "Charlotte potatoes"
    assert result.tool_steps()[0].call.arguments["field"] == "Mill Acre"
    assert result.usage.calls == 4  # the call, two asks again, the answer: no third ask


def test_a_third_choice_is_never_asked():
    backend, result = asked_twice(harvest("Charlotte potatoes", "Charlotte potatoes"))
    assert len(backend.calls) == 4 and result.answer == "Logged."


def test_a_list_whose_every_item_is_asked_again_takes_the_chosen_list_whole():
    request = "Vacuum the office and the hallway on max power."
    first = ToolCall(name="start_vacuum", arguments={"rooms": ["max power"], "power": "max"})
    again = ToolCall(name="start_vacuum", arguments={"rooms": ["office", "hallway"], "power": "max"})
    backend = ScriptedBackend([first, again, "Cleaning."])
    result = Agent(model=backend, tools=[start_vacuum], examples=[]).run(request)
    narrowed = backend.calls[1]["tools"][0].parameters["properties"]["rooms"]
    assert "office" in narrowed["items"]["enum"]
    assert result.tool_steps()[0].call.arguments == {"rooms": ["office", "hallway"], "power": "max"}
