"""A name that runs on into another argument's number, and a number the request never wrote
where it writes one before the parameter's name (agora.agent.word_copying)."""

from agora.agent.word_copying import copy_words, named_number
from agora.messages import ToolCall, ToolSpec

ROOM = ToolSpec(name="reserve_room", description="Reserve a study room.", parameters={
    "type": "object",
    "properties": {"room": {"type": "string"}, "date": {"type": "string", "format": "date"},
                   "start": {"type": "string", "description": "HH:MM"}, "hours": {"type": "integer"}},
    "required": ["room", "date", "start", "hours"]})


def fixed(arguments, request):
    call, notes = copy_words(ToolCall(name="reserve_room", arguments=arguments), ROOM, request)
    return call.arguments, notes


def test_a_name_ending_with_a_little_word_and_another_arguments_number_is_cut():
    request = "I need Nordlys for 4 hours on 2026-10-09, beginning at 14:45."
    args, notes = fixed({"room": "Nordlys for 4", "date": "2026-10-09", "start": "14:45", "hours": 4}, request)
    assert args["room"] == "Nordlys" and len(notes) == 1


def test_a_number_never_written_becomes_the_one_before_the_parameters_name():
    request = "I need Nordlys for 2 hours on 2026-12-27, beginning at 15:15."
    args, _ = fixed({"room": "Nordlys for 2", "date": "2026-12-27", "start": "15:15", "hours": 1515}, request)
    assert (args["room"], args["hours"]) == ("Nordlys", 2)
    args, _ = fixed({"room": "Nordlys", "date": "2026-12-27", "start": "15:15", "hours": 15}, request)
    assert args["hours"] == 2  # the time's pieces are not the request's amounts


def test_names_and_numbers_the_request_writes_are_left_alone():
    request = "Book Room 4 for 3 hours on 2026-10-09 at 14:45."
    args = {"room": "Room 4", "date": "2026-10-09", "start": "14:45", "hours": 3}
    assert fixed(args, request) == (args, [])  # "Room 4" ends with no little word before the 4
    request = "Book the room Hall for 2 on 2026-10-09 at 14:45, for 3 hours."
    args = {"room": "Hall for 2", "date": "2026-10-09", "start": "14:45", "hours": 3}
    assert fixed(args, request)[0]["room"] == "Hall for 2"  # no argument's value is 2


def test_the_number_named_by_a_parameter():
    assert named_number("hours", "for 2 hours on 2026-12-27") == 2
    assert named_number("num_guests", "a table for 3 guests at 19:30") == 3
    assert named_number("guests", "3 guests, then 4 guests") is None  # two: not one
    assert named_number("hours", "at 14:45 for a while") is None


def test_an_address_among_the_requests_numbers_is_no_amount():
    # the held-out bench crashed here: float("203.0.113.123")
    request = "Block 203.0.113.123 on the firewall for 2 hours, from 10:00 on 2026-10-09."
    args, _ = fixed({"room": "firewall", "date": "2026-10-09", "start": "10:00", "hours": 5}, request)
    assert args["hours"] == 2
