"""Dates and times in the parameters that declare them (agora.agent.shaped)."""

from agora.agent.shaped import fix_shapes, mentions, misplaced, shape_of
from agora.messages import ToolCall, ToolSpec

SPEC = ToolSpec(name="water", description="Water a bed.", parameters={
    "type": "object",
    "properties": {
        "bed": {"type": "string", "description": "the bed's name"},
        "day": {"type": "string", "description": "YYYY-MM-DD"},
        "start": {"type": "string", "description": "start time, HH:MM"},
        "minutes": {"type": "integer"},
    },
    "required": ["bed", "day", "start", "minutes"],
})


def call(**arguments) -> ToolCall:
    return ToolCall(name="water", arguments=arguments)


def test_shapes_are_read_from_the_format_or_the_description():
    assert shape_of({"type": "string", "format": "date"}) == "date"
    assert shape_of({"type": "string", "description": "when, HH:MM"}) == "time"
    assert shape_of({"type": "string", "description": "the room"}) is None
    assert shape_of({"type": "string", "enum": ["09:00"], "description": "HH:MM"}) is None


def test_the_requests_values_of_a_shape_are_found_whole():
    assert mentions("time", "from 09:15 to 9:45, not 2026-10-09") == ["09:15", "9:45"]
    assert mentions("date", "on 2026-10-09 or 2026-10-09, code 12026-10-091") == ["2026-10-09"]


def test_a_value_of_the_wrong_shape_becomes_the_requests_one_free_value():
    request = "Water Herb Spiral on 2026-08-08 for 27 minutes from 09:15."
    fixed, notes = fix_shapes(call(bed="Herb Spiral", day="2026-08-08", start="2026-08-08", minutes=27), SPEC, request)
    assert fixed.arguments["start"] == "09:15" and fixed.arguments["day"] == "2026-08-08"
    assert notes == ["water.start: '2026-08-08' -> '09:15' (the request's time)"]
    fixed, _ = fix_shapes(call(bed="Herb Spiral", day="2026-08-08", start="Herb Spiral", minutes=27), SPEC, request)
    assert fixed.arguments["start"] == "09:15"


def test_a_right_value_or_an_ambiguous_one_is_left_alone():
    ok = call(bed="Potager", day="2026-08-08", start="19:15", minutes=30)
    assert fix_shapes(ok, SPEC, "Water Potager on 2026-08-08 at 19:15 for 30 minutes.") == (ok, [])
    # two times written and none used: which one is meant is not known
    two = call(bed="Potager", day="2026-08-08", start="noon", minutes=30)
    assert fix_shapes(two, SPEC, "Water Potager on 2026-08-08 at 19:15 or 20:15.") == (two, [])


def test_a_free_text_argument_holding_a_shaped_arguments_value_is_misplaced():
    arguments = {"bed": "14:45", "day": "2026-10-09", "start": "14:45", "minutes": 4}
    assert misplaced(arguments, SPEC.parameters) == [("bed",)]
    assert misplaced({"bed": "Nordlys", "day": "2026-10-09", "start": "14:45", "minutes": 4}, SPEC.parameters) == []
    # only the shaped values, joined by little words: SmolLM2's reminder text "2026-04-04 at 19:45"
    both = {"bed": "2026-10-09 at 14:45", "day": "2026-10-09", "start": "14:45", "minutes": 4}
    assert misplaced(both, SPEC.parameters) == [("bed",)]
    # a name that holds a time among its own words is the model's writing, left alone
    own = {"bed": "Nordlys bed at 14:45", "day": "2026-10-09", "start": "14:45", "minutes": 4}
    assert misplaced(own, SPEC.parameters) == []


def test_codes_are_the_requests_words_with_digits_phone_numbers_joined():
    from agora.agent.shaped import codes

    assert codes("Call +61 412 345 678, or S-45870 on 2026-12-22; Bed 4 (28 plants).") == [
        "+61 412 345 678", "S-45870", "2026-12-22", "4", "28"]


def test_a_made_up_code_becomes_the_requests_one_unused_code():
    from agora.bench import toolset

    spec = toolset.TOOLS["book_vet_visit"].spec()
    request = ("I need a vet appointment for Thumper (a rabbit) on 2026-12-22, 09:45, reason: checkup. "
               "I'm Idris, my number is +61 412 345 678.")
    got = {"pet": {"name": "Thumper", "species": "rabbit", "owner": {"name": "Idris", "phone": "1234567890"}},
           "date": "2026-12-22", "time": "2026-12-22", "reason": "checkup"}
    fixed, notes = fix_shapes(ToolCall(name="book_vet_visit", arguments=got), spec, request)
    assert fixed.arguments["time"] == "09:45"
    assert fixed.arguments["pet"]["owner"]["phone"] == "+61 412 345 678"
    assert len(notes) == 2


def test_two_made_up_codes_are_asked_again_with_the_codes_as_choices():
    from agora.agent.shaped import made_up, unused_codes

    schema = {"type": "object", "properties": {"student": {"type": "string"}, "course": {"type": "string"}}}
    request = "Could you put S-45870 on BIO-212 in autumn?"
    arguments = {"student": "1234567890", "course": "1234567890"}
    assert made_up(arguments, schema, request) == [("student",), ("course",)]
    assert unused_codes(arguments, schema, request) == ["S-45870", "BIO-212"]
    # a date the model worked out from "tomorrow" is its own: no code of the request is free
    assert made_up({"student": "Ann", "course": "2026-06-02"}, schema, "Put Ann on it tomorrow") == []
