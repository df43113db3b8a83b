"""Optional arguments the request states but the model left out, and a first call required
when a tool's own test says the request is for it."""

import pytest

from typing import Literal

from agora.agent import Agent
from agora.agent.optional_args import fill_optional
from agora.messages import ToolCall
from agora.testing import ScriptedBackend
from agora.tools import tool


@tool
def play(artist: str, shuffle: bool = False, volume: int | None = None,
         mode: Literal["song", "album", "radio"] = "song") -> str:
    """Play music.

    Args:
        artist: who
        shuffle: shuffle the tracks
        volume: 0 to 100
        mode: what to play
    """
    return "ok"


@pytest.mark.parametrize("request_text, filled", [
    ("Play Nina Simone on shuffle at volume 10.", {"shuffle": True, "volume": 10}),
    ("Play Nina Simone without shuffle, radio please.", {"shuffle": False, "mode": "radio"}),
    ("Play the album by Nina Simone, volume of 35", {"mode": "album", "volume": 35}),
    ("Play Nina Simone.", {}),
    ("Play Nina Simone, song or album.", {}),  # two enum values: not a plain statement
])
def test_stated_optional_arguments_are_filled(request_text, filled):
    call = ToolCall(name="play", arguments={"artist": "Nina Simone"})
    fixed, notes = fill_optional(call, play.spec(), request_text)
    assert fixed.arguments == {"artist": "Nina Simone", **filled}
    assert len(notes) == len(filled)


@tool
def sprinkle(lawn: str, skip_when_windy: bool = True, days: int = 1) -> str:
    """Run a lawn sprinkler.

    Args:
        lawn: which lawn
        skip_when_windy: pause the sprinkler in wind
        days: on how many days
    """
    return "ok"


@pytest.mark.parametrize("request_text, filled", [
    ("Sprinkle the back lawn, no skipping when it is windy.", {"skip_when_windy": False}),
    ("Sprinkle the back lawn and skip when windy.", {"skip_when_windy": True}),
    ("Sprinkle the back lawn for 4 more days.", {"days": 4}),
    ("Sprinkle the back lawn for 1 day.", {"days": 1}),
    ("Sprinkle the back lawn; the wind may blow, but skipping is up to you.", {}),  # too far apart
])
def test_options_stated_in_other_words_are_filled(request_text, filled):
    call = ToolCall(name="sprinkle", arguments={"lawn": "back lawn"})
    assert fill_optional(call, sprinkle.spec(), request_text)[0].arguments == {"lawn": "back lawn", **filled}


def test_arguments_the_model_gave_are_kept_and_a_used_number_is_not_reused():
    call = ToolCall(name="play", arguments={"artist": "Nina", "volume": 20, "shuffle": True})
    assert fill_optional(call, play.spec(), "Play Nina on shuffle at volume 10.") == (call, [])
    call = ToolCall(name="play", arguments={"artist": "10 volume"})
    assert "volume" not in fill_optional(call, play.spec(), "Play 10 volume")[0].arguments


@pytest.mark.parametrize("request_text, given, fixed", [
    ("Play Nina on shuffle.", False, True),
    ("Play Nina, no shuffle.", True, False),
    ("Play Nina.", True, True),  # the request says nothing of it: the model's choice stands
])
def test_a_boolean_written_the_other_way_round_is_put_right(request_text, given, fixed):
    call = ToolCall(name="play", arguments={"artist": "Nina", "shuffle": given})
    got, notes = fill_optional(call, play.spec(), request_text)
    assert got.arguments["shuffle"] is fixed and len(notes) == (given != fixed)


def test_the_agent_runs_the_call_with_the_stated_options():
    backend = ScriptedBackend([ToolCall(name="play", arguments={"artist": "Nina Simone"}), "Playing."])
    result = Agent(model=backend, tools=[play], examples=[]).run("Play Nina Simone on shuffle at volume 10.")
    assert result.tool_steps()[0].call.arguments == {"artist": "Nina Simone", "shuffle": True, "volume": 10}


def test_a_question_a_tools_own_test_serves_must_start_with_a_call():
    backend = ScriptedBackend([ToolCall(name="days_between", arguments={"start": "2024-01-01", "end": "2024-03-01"}),
                               "60"])
    Agent(model=backend, tools=["dates"], examples=[]).run("How many days from 2024-01-01 to 2024-03-01?")
    assert backend.calls[0]["settings"].tool_choice == "required"
    backend = ScriptedBackend(["You are welcome."])
    Agent(model=backend, tools=["dates"], examples=[]).run("Thanks for 2024-01-01 and 2024-03-01.")
    settings = backend.calls[0].get("settings")
    assert not (settings and settings.tool_choice)  # not a question: no call forced


@pytest.mark.parametrize("arguments, request_text, expected", [
    ({"amount": 818.0, "from_currency": "JPY", "to_currency": "CHF"}, "Convert 818.0 CHF to JPY.",
     {"amount": 818.0, "from_currency": "CHF", "to_currency": "JPY"}),
    ({"origin": "Rome", "destination": "Paris"}, "Book a flight from Paris to Rome.",
     {"origin": "Paris", "destination": "Rome"}),
    ({"from_unit": "meters", "to_unit": "feet"}, "What is 12 feet in meters?",  # no "to"/"from": unsure
     {"from_unit": "meters", "to_unit": "feet"}),
    ({"from_currency": "CHF", "to_currency": "JPY"}, "Convert 818.0 CHF to JPY.",  # already right
     {"from_currency": "CHF", "to_currency": "JPY"}),
])
def test_a_from_to_pair_follows_the_request(arguments, request_text, expected):
    from agora.agent.optional_args import swap_directions

    fixed, _ = swap_directions(ToolCall(name="t", arguments=arguments), request_text)
    assert fixed.arguments == expected
