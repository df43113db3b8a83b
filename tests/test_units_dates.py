"""The units (convert) and dates (days_between, shift_date, weekday) tools: exact conversions
and calendar arithmetic, the spellings people write, clear refusals, and both through the agent
and the CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from agora.agent import Agent
from agora.agent.relevance import relevant_tools
from agora.answers import same_answer
from agora.cli import main
from agora.messages import ToolCall
from agora.testing import ScriptedBackend
from agora.tools import resolve_tools
from agora.tools import dates as dates_module
from agora.tools.dates import DateError, days_between, parse_date, shift_date, weekday
from agora.tools.units import UnitsError, convert, plain_number

pytest.importorskip("pint")


# --- units -------------------------------------------------------------------------------


@pytest.mark.parametrize("amount, src, dst, value", [
    (1, "in", "cm", "2.54"), (1, "inches", "centimeters", "2.54"),  # the legal inch
    (1, "lb", "kg", "0.45359237"), (3, "pounds", "kilograms", "1.36077711"),
    (1, "mi", "km", "1.609344"), (10, "miles", "kilometers", "16.09344"),
    (12, "ft", "m", "3.6576"), (1, "yd", "m", "0.9144"), (1, "oz", "g", "28.349523125"),
    (27.25, "kilograms", "grams", "27250"), (2, "h", "min", "120"), (90, "s", "min", "1.5"),
    (5, "kilometres", "metres", "5000"), (1500, "ml", "l", "1.5"),
    (1, "US gallons", "liters", "3.785411784"), (1, "gal", "L", "3.785411784"),
    (1, "imperial gallon", "litres", "4.54609"), (8, "fluid ounces", "milliliters", "236.5882365"),
    (60, "miles per hour", "km/h", "96.56064"), (1, "mm", "km", "0.000001"),
])
def test_conversions_use_the_exact_legal_factors(amount, src, dst, value):
    assert convert(amount, src, dst) == value


@pytest.mark.parametrize("src, dst", [
    ("degrees Fahrenheit", "degrees Celsius"), ("Fahrenheit", "Celsius"), ("°F", "°C"), ("F", "C"),
    ("degF", "degC"), ("fahrenheit", "celsius"),
])
def test_temperatures_are_offset_units_in_every_spelling(src, dst):
    assert convert(50, src, dst) == "10"
    assert convert(-40, src, dst) == "-40"
    assert convert(212, src, dst) == "100"


def test_temperature_to_kelvin_and_back():
    assert convert(0, "Celsius", "kelvin") == "273.15"
    assert convert(300, "K", "C") == "26.85"
    assert convert(100, "Celsius", "Fahrenheit") == "212"


@pytest.mark.parametrize("amount, src, dst, message", [
    (1, "kg", "meters", r"cannot convert kg \(mass\) to meters \(length\)"),
    (1, "gallons", "pounds", r"\(volume\) to pounds \(mass\)"),
    (1, "Celsius", "hours", r"\(temperature\) to hours \(time\)"),
    (1, "gallon", "oz", "for a volume write fluid ounces"),
    (1, "blorps", "m", "unknown unit 'blorps'"),
    (1, "kilometrs", "m", "did you mean kilometer"),
])
def test_refusals_say_what_is_wrong(amount, src, dst, message):
    with pytest.raises(UnitsError, match=message):
        convert(amount, src, dst)


def test_results_are_one_plain_number_never_exponent_notation():
    assert plain_number(1e-06) == "0.000001"
    assert plain_number(2.5e20) == "250000000000000000000"
    assert plain_number(1 / 3) == "0.333333333333"  # 12 significant digits, as the calculator


def test_convert_tool_schema_bounds_what_a_model_writes():
    [tool] = resolve_tools("units")
    spec = tool.spec()
    assert spec.name == "convert" and spec.parameters["required"] == ["amount", "from_unit", "to_unit"]
    assert "to_unit" in spec.description
    unit = spec.parameters["properties"]["from_unit"]
    assert unit["maxLength"] == 40 and unit["pattern"]
    assert tool.run({"amount": 2, "from_unit": "km", "to_unit": "m"}).content == "2000"
    bad = tool.run({"amount": 1, "from_unit": "kg", "to_unit": "m"})
    assert not bad.ok and "mass" in bad.content and "length" in bad.content
    assert not tool.run({"amount": 1, "from_unit": "kg; import os", "to_unit": "g"}).ok  # fails the pattern
    assert not tool.run({"amount": 1, "from_unit": "x" * 41, "to_unit": "g"}).ok


def test_without_pint_the_tool_says_how_to_install_it(monkeypatch):
    import sys

    from agora.tools import units

    monkeypatch.setattr(units, "_registry", None)
    monkeypatch.setitem(sys.modules, "pint", None)  # import pint now raises ImportError
    [tool] = resolve_tools("units")  # building the tool needs no pint: only calling it does
    result = tool.run({"amount": 1, "from_unit": "km", "to_unit": "m"})
    assert not result.ok and "pint is not installed" in result.content and "agora[units]" in result.content


def test_one_registry_per_process_even_for_concurrent_first_calls(monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from agora.tools import units

    monkeypatch.setattr(units, "_registry", None)
    with ThreadPoolExecutor(4) as pool:
        registries = list(pool.map(lambda _: units.registry(), range(8)))
    assert len({id(r) for r in registries}) == 1
    assert convert(1, "km", "m") == "1000"


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2013-08-08", "August 8, 2013", "8 August 2013", "Aug 8 2013", "August 8th, 2013",
                                  "Thursday, August 8, 2013", "8 Aug. 2013"])
def test_dates_in_the_ways_people_write_them(text):
    assert parse_date(text) == dt.date(2013, 8, 8)


@pytest.mark.parametrize("text, message", [
    ("03/05/2024", "ambiguous"), ("5.3.2024", "ambiguous"), ("20240305", "ambiguous"),
    ("2023-02-30", "not a date"), ("February 30, 2023", "not a date"), ("Feb 29 2023", "not a date"),
    ("2024-13-01", "not a date"), ("August 8", "no year"), ("Aug 8 13", "no year"),
    ("August 2013", "no day"), ("Monday, August 8, 2013", "is a Thursday, not Monday"),
    ("soon in 2013", "cannot read"), ("", "empty"),
])
def test_ambiguous_partial_and_impossible_dates_are_refused(text, message):
    with pytest.raises(DateError, match=message) as err:
        parse_date(text)
    if message == "ambiguous":
        assert "YYYY-MM-DD" in str(err.value) and "month" in str(err.value)


def test_days_between_across_leap_years():
    assert days_between("2024-02-28", "2024-03-01") == "2"  # 2024 is a leap year
    assert days_between("2023-02-28", "2023-03-01") == "1"
    assert days_between("1900-02-28", "1900-03-01") == "1"  # 1900 is not (a century)
    assert days_between("2000-02-28", "2000-03-01") == "2"  # 2000 is (divisible by 400)
    assert days_between("January 1, 2020", "1 January 2021") == "366"
    assert days_between("2016-04-11", "2026-04-11") == "3652"  # three leap days between
    assert days_between("2024-03-01", "2024-02-28") == "-2"  # end before start


def test_shift_date_either_way():
    assert shift_date("2024-02-28", 1) == "2024-02-29"
    assert shift_date("2023-02-28", 1) == "2023-03-01"
    assert shift_date("March 1, 2024", 1, "before") == "2024-02-29"
    assert shift_date("2024-03-01", -1) == "2024-02-29"  # a negative count after is before
    assert shift_date("2024-01-01", 366) == "2025-01-01"
    with pytest.raises(DateError, match="outside the years"):
        shift_date("9999-12-31", 1)


def test_weekday_names():
    assert weekday("2013-08-27") == "Tuesday"
    assert weekday("July 4, 1776") == "Thursday"  # the proleptic Gregorian calendar
    assert weekday("29 February 2024") == "Thursday"


def test_today_is_the_local_date(monkeypatch):
    monkeypatch.setattr(dates_module, "_today", lambda: dt.date(2024, 12, 24))
    assert days_between("today", "December 25, 2024") == "1"
    assert shift_date("tomorrow", 7) == "2025-01-01"


def test_date_tools_schemas():
    tools = {t.name: t for t in resolve_tools("dates")}
    assert list(tools) == ["days_between", "shift_date", "weekday"]
    shift = tools["shift_date"].spec().parameters
    assert shift["properties"]["direction"]["enum"] == ["after", "before"]
    assert shift["required"] == ["date", "days"]
    assert shift["properties"]["date"]["maxLength"] == 40
    assert tools["shift_date"].run({"date": "2024-03-05", "days": 4, "direction": "before"}).content == "2024-03-01"
    assert not tools["shift_date"].run({"date": "2024-03-05", "days": 4, "direction": "later"}).ok
    bad = tools["weekday"].run({"date": "03/05/2024"})
    assert not bad.ok and "ambiguous" in bad.content
    assert not tools["weekday"].run({"date": "2024-03-05; rm"}).ok  # fails the pattern


# --- relevance, the agent, the CLI -----------------------------------------------------------


def test_first_step_relevance_offers_these_tools():
    tools = resolve_tools("units,dates")
    specs = [t.spec() for t in tools]
    about = {t.name: t.about for t in tools if t.about is not None}

    def offered(question):
        return {s.name for s in relevant_tools(specs, question, about)}

    # unit words are too many to list: convert's own test finds an amount with a unit
    assert "convert" in offered("How many grams are in 27.25 kilograms?")
    assert "convert" in offered("What is 50 degrees Fahrenheit in Celsius?")
    assert "convert" in offered("A rope is 12 feet long. What is its length in meters?")
    assert "convert" not in offered("What is 17 * 23 + 4?")
    assert "convert" not in offered("Set the bathroom thermostat to 19.5 degrees.")  # an angle unit: no
    assert "weekday" in offered("What day of the week was July 4, 1776?")
    assert "weekday" in offered("Which weekday is 2025-12-25?")
    assert "shift_date" in offered("What date is 10 days after 2024-01-15?")
    assert "days_between" in offered("How many days are there between March 1, 2024 and June 5, 2024?")
    assert offered("Hello!") == set()  # no tool for a greeting


def test_agent_converts_with_the_tool_and_answers_its_result():
    backend = ScriptedBackend([ToolCall(name="convert", arguments={"amount": 27.25, "from_unit": "kilograms",
                                                                   "to_unit": "grams"}), "27250"])
    result = Agent(model=backend, tools=["units"], examples=[]).run("How many grams are in 27.25 kilograms?")
    assert [s.observation for s in result.tool_steps()] == ["27250"]
    assert (result.answer, result.complete) == ("27250", True)
    assert "convert" in {t.name for t in backend.calls[0]["tools"]}


def test_agent_date_tools_and_a_refusal_the_model_can_correct():
    backend = ScriptedBackend([
        ToolCall(name="shift_date", arguments={"date": "03/05/2024", "days": 10, "direction": "before"}),
        ToolCall(name="shift_date", arguments={"date": "March 5, 2024", "days": 10, "direction": "before"}),
        "2024-02-24"])
    result = Agent(model=backend, tools=["dates"], examples=[]).run("What was the date 10 days before March 5, 2024?")
    first, second = result.tool_steps()
    assert not first.ok and "ambiguous" in first.observation
    assert second.ok and second.observation == "2024-02-24"
    assert result.answer == "2024-02-24" and result.complete
    # the failure reached the model as an observation it could act on
    assert any("ambiguous" in m.content for m in backend.calls[1]["messages"] if m.role == "tool")


def test_cli_ask_with_units_and_dates(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["ask", "What is 2+2?", "--model", "fake:4", "--tools", "units,dates", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["answer"] == "4"


def test_cli_unknown_tool_is_one_line_and_exit_2(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["ask", "What is 2+2?", "--model", "fake:4", "--tools", "unitz"])
    _, err = capsys.readouterr()
    assert code == 2 and "unknown tool 'unitz'" in err and "units" in err and "dates" in err
    assert "Traceback" not in err


# --- the real tiny model -------------------------------------------------------------------


@pytest.fixture(scope="module")
def rope_run(smollm2):
    # not an evaluation shape ("How many X are in N Y?", "Convert N X to Y."); run once for both tests
    agent = Agent(model=smollm2, tools=["units"], temperature=0.0, seed=0, max_tokens=128, max_steps=4)
    return agent.run("A rope is 12 feet long. What is its length in meters?")


@pytest.mark.real
def test_smollm2_calls_convert_with_the_question_values(rope_run):
    first = rope_run.tool_steps()[0]
    assert first.call.name == "convert" and first.ok, first.observation
    [convert_tool] = resolve_tools("units")
    convert_tool.args_model.model_validate(first.call.arguments)
    assert first.call.arguments["amount"] == 12
    assert {first.call.arguments["from_unit"], first.call.arguments["to_unit"]} == {"feet", "meters"}


@pytest.mark.real
def test_smollm2_converts_in_the_right_direction(rope_run):
    # SmolLM2-135M (seed 0) calls convert(12, meters, feet); convert's repair takes the amount's
    # own unit from the question (12 feet) as from_unit
    assert same_answer(rope_run.answer, "3.6576"), rope_run.tool_steps()[0].call.arguments


# --- dates copied from the question ---------------------------------------------------------


@pytest.mark.parametrize("arguments, question, expected", [
    # the same date twice: the question's two dates, in its order
    ({"start": "2013-08-27", "end": "2013-08-27"}, "How many days after August 8, 2013 is 2013-08-27?",
     {"start": "August 8, 2013", "end": "2013-08-27"}),
    # month-name dates rewritten in ISO with the day wrong
    ({"start": "2030-02-06", "end": "2031-06-03"}, "How long from February 10, 2030 to July 6, 2031?",
     {"start": "February 10, 2030", "end": "July 6, 2031"}),
    # one date: the nearest of the question's
    ({"date": "1990-01-01", "days": 104, "direction": "after"}, "What is 104 days after January 29, 1990?",
     {"date": "January 29, 1990", "days": 104, "direction": "after"}),
])
def test_badly_copied_dates_are_put_right(arguments, question, expected):
    from agora.agent.copying import snap_arguments

    call, notes = snap_arguments(ToolCall(name="days_between", arguments=arguments), question)
    assert call.arguments == expected and notes


@pytest.mark.parametrize("arguments, question", [
    ({"start": "2013-08-08", "end": "2013-08-27"}, "How many days after August 8, 2013 is 2013-08-27?"),  # same dates
    ({"start": "2013-08-27", "end": "August 8, 2013"}, "How many days after August 8, 2013 is 2013-08-27?"),  # its order
    ({"start": "2024-01-01", "end": "2024-02-01"}, "How many days are in January 2024?"),  # no date written
    ({"note": "see you"}, "Meet on 2024-05-01?"),  # not a date argument
])
def test_dates_the_question_holds_are_left_alone(arguments, question):
    from agora.agent.copying import snap_arguments

    call, notes = snap_arguments(ToolCall(name="days_between", arguments=arguments), question)
    assert call.arguments == arguments and notes == []


# --- convert's arguments as the question writes them; which date tool a request is about ------


@pytest.mark.parametrize("arguments, question, expected", [
    ({"amount": 12, "from_unit": "meters", "to_unit": "feet"}, "A rope is 12 feet long. What is its length in meters?",
     {"amount": 12.0, "from_unit": "feet", "to_unit": "meters"}),  # swapped
    ({"amount": 158, "from_unit": "hours", "to_unit": "minutes"}, "How many hours are in 158 days?",
     {"amount": 158.0, "from_unit": "days", "to_unit": "hours"}),  # "hours are" is not hour * are
    ({"amount": 19.9, "from_unit": "meters", "to_unit": "centimeters"}, "199 meters is how many centimeters?",
     {"amount": 199.0, "from_unit": "meters", "to_unit": "centimeters"}),  # the amount mis-copied
])
def test_convert_takes_the_amount_and_units_as_the_question_writes_them(arguments, question, expected):
    from agora.tools.units import repair

    fixed, changed = repair(arguments, question)
    assert fixed == expected and changed


@pytest.mark.parametrize("arguments, question", [
    ({"amount": 27.25, "from_unit": "kilograms", "to_unit": "g"}, "How many grams are in 27.25 kilograms?"),
    ({"amount": 3, "from_unit": "km", "to_unit": "m"}, "Convert 3 km and 5 m to meters."),  # two amounts: unsure
    ({"amount": 3, "from_unit": "km", "to_unit": "m"}, "What is the distance?"),  # no amount written
])
def test_convert_arguments_that_fit_or_cannot_be_read_are_left_alone(arguments, question):
    from agora.tools.units import repair

    assert repair(arguments, question) == (arguments, [])


def test_the_agent_runs_convert_with_repaired_arguments():
    backend = ScriptedBackend([ToolCall(name="convert", arguments={"amount": 12, "from_unit": "meters",
                                                                   "to_unit": "feet"}), "3.6576"])
    result = Agent(model=backend, tools=["units"], examples=[]).run(
        "A rope is 12 feet long. What is its length in meters?")
    assert [s.observation for s in result.tool_steps()] == ["3.6576"]


@pytest.mark.parametrize("question, tools", [
    ("How many days after August 8, 2013 is 2013-08-27?", {"days_between"}),
    ("What date is 399 days before January 5, 2005?", {"shift_date"}),
    ("What is 3 weeks after 2024-02-20?", {"shift_date"}),
    ("What day of the week was March 3, 2001?", {"weekday"}),
    ("How many hours are in 158 days?", {"convert"}),
    ("What is 17 * 23 + 4?", set()),
])
def test_each_date_tool_is_offered_for_the_requests_it_can_serve(question, tools):
    built = resolve_tools("units,dates")
    about = {t.name: t.about for t in built if t.about is not None}
    assert {s.name for s in relevant_tools([t.spec() for t in built], question, about)} == tools


def test_a_date_that_does_not_exist_is_replaced_by_the_questions():
    from agora.agent.copying import snap_arguments

    call = ToolCall(name="shift_date", arguments={"date": "2014-02-29", "days": 13, "direction": "after"})
    fixed, notes = snap_arguments(call, "What date is 13 days after October 29, 2014?")
    assert fixed.arguments["date"] == "October 29, 2014" and notes


@pytest.mark.parametrize("question, tools", [
    ("What date is 333 days before March 6, 1998?", {"shift_date"}),  # not the calculator beside it
    ("A recipe needs 8 fluid ounces of milk. How many milliliters is that?", {"convert"}),
    # a word problem with units is not a conversion: the general tools, as before
    ("A machine makes 11 parts per hour. It runs 8 hours a day for 4 days. How many parts?", {"calculator"}),
    ("What is (75 + 80) * 98 - 41?", {"calculator"}),
])
def test_a_tool_whose_own_test_claims_the_request_is_offered_alone(question, tools):
    built = resolve_tools("calculator,units,dates")
    about = {t.name: t.about for t in built if t.about is not None}
    assert {s.name for s in relevant_tools([t.spec() for t in built], question, about)} == tools


@pytest.mark.real
def test_smollm2_counts_days_with_the_date_tool(smollm2):
    # not an evaluation shape ("How many days are there from A to B?", "How many days after A is B?")
    agent = Agent(model=smollm2, tools=["calculator", "dates"], temperature=0.0, seed=0, max_tokens=128, max_steps=4)
    result = agent.run("My visa was issued on March 3, 2024 and expires on 2024-09-01. For how many days is it valid?")
    assert result.tool_steps() and result.tool_steps()[0].call.name == "days_between"
    assert same_answer(result.answer, "182"), result.tool_steps()[0].call.arguments
