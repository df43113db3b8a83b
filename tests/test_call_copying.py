"""Tool calls on requests a tool serves: a reply that is no answer is asked again as a call,
and the arguments are the request's own words (near copies, stated options, list order)."""

import pytest

from typing import Literal

from agora.agent import Agent
from agora.messages import ToolCall
from agora.testing import ScriptedBackend
from agora.tools import tool


@tool
def set_thermostat(room: str, temperature: float, mode: Literal["heat", "cool", "auto"] = "auto") -> str:
    """Set a room's thermostat.

    Args:
        room: which room
        temperature: degrees Celsius
        mode: heating mode
    """
    return f"{room} set to {temperature} ({mode})"


@pytest.mark.parametrize("reply", [":", "",
                                   "Your last reply was empty. Reply with one tool call, or with the final answer."])
def test_a_first_reply_that_is_no_answer_is_asked_again_as_a_call(reply):
    call = ToolCall(name="set_thermostat", arguments={"room": "office", "temperature": 18})
    backend = ScriptedBackend([reply, call, "Done: office at 18."])
    result = Agent(model=backend, tools=[set_thermostat], examples=[]).run("Set the office thermostat to 18 degrees.")
    assert backend.calls[1]["settings"].tool_choice == "required"
    assert [s.call.name for s in result.tool_steps()] == ["set_thermostat"]
    assert result.answer == "Done: office at 18."


def test_a_real_answer_without_a_call_is_kept():
    backend = ScriptedBackend(["I cannot reach your thermostat from here."])
    result = Agent(model=backend, tools=[set_thermostat], examples=[]).run("Set the office thermostat to 18 degrees.")
    assert result.answer == "I cannot reach your thermostat from here."
    assert len(backend.calls) == 1 and not result.tool_steps()


def test_a_last_answer_that_echoes_its_prompt_is_no_answer():
    # empty, then empty again when a call was required: a format stop; the last answer asked
    # for only repeats the prompt's answer line, so the run has no answer (not the placeholder)
    backend = ScriptedBackend(["", "", "Answer: <the final answer, short>"])
    result = Agent(model=backend, tools=[set_thermostat], examples=[]).run("Set the office thermostat to 18 degrees.")
    assert (result.answer, result.complete, result.stop_reason) == ("", False, "format")


@tool
def plan_route(start: str, stops: list[str], mode: Literal["driving", "cycling", "walking"] = "driving") -> str:
    """Plan a route.

    Args:
        start: where the route starts
        stops: the places to pass, in order
        mode: how to travel
    """
    return "planned"


@tool
def log_hours(project: str, hours: float, date: str) -> str:
    """Log worked hours.

    Args:
        project: the project's name
        hours: how many
        date: the day, YYYY-MM-DD
    """
    return "logged"


@pytest.mark.parametrize("request_text, call, fixed", [
    ("Log 2.5 hours on project Atlas for 2026-06-27.",
     ToolCall(name="log_hours", arguments={"project": "Athos", "hours": 2.5, "date": "2026-06-27"}),
     {"project": "Atlas", "hours": 2.5, "date": "2026-06-27"}),
    ("Plan a cycling route starting in Valparaiso with stops at Nairobi and then Osaka.",
     ToolCall(name="plan_route", arguments={"start": "Valparaiso", "stops": ["Osaka", "Nairobi", "Osaka"],
                                            "mode": "driving"}),
     {"start": "Valparaiso", "stops": ["Nairobi", "Osaka"], "mode": "cycling"}),
    # a value the request does not resemble, and a date, stay as the model wrote them
    ("Log 3 hours on project Atlas for 2026-06-27.",
     ToolCall(name="log_hours", arguments={"project": "Zephyr", "hours": 3, "date": "2026-06-28"}),
     {"project": "Zephyr", "hours": 3, "date": "2026-06-28"}),
    # two modes stated: no plain choice, left alone
    ("Plan a route from Rome to Bari, driving or cycling.",
     ToolCall(name="plan_route", arguments={"start": "Rome", "stops": ["Bari"], "mode": "walking"}),
     {"start": "Rome", "stops": ["Bari"], "mode": "walking"}),

    # a quoted text copied without its full stop gets it back; one copied whole stays
    ('Log 2 hours on project "Atlas v2." for 2026-06-27.',
     ToolCall(name="log_hours", arguments={"project": "Atlas v2", "hours": 2, "date": "2026-06-27"}),
     {"project": "Atlas v2.", "hours": 2, "date": "2026-06-27"}),
    # a name cut at its start gets its first words back, not a verb opening the request
    ("Log 2 hours on the Blue Harbour project for 2026-06-27.",
     ToolCall(name="log_hours", arguments={"project": "Harbour", "hours": 2, "date": "2026-06-27"}),
     {"project": "Blue Harbour", "hours": 2, "date": "2026-06-27"}),
    ("Log Harbour 2 hours for 2026-06-27.",
     ToolCall(name="log_hours", arguments={"project": "Harbour", "hours": 2, "date": "2026-06-27"}),
     {"project": "Harbour", "hours": 2, "date": "2026-06-27"}),
    ('Log 2 hours on project “Atlas” for 2026-06-27.',
     ToolCall(name="log_hours", arguments={"project": "Atlas", "hours": 2, "date": "2026-06-27"}),
     {"project": "Atlas", "hours": 2, "date": "2026-06-27"}),
])
def test_the_request_s_words_are_copied(request_text, call, fixed):
    from agora.agent.word_copying import copy_words

    spec = {"log_hours": log_hours, "plan_route": plan_route}[call.name].spec()
    got, notes = copy_words(call, spec, request_text)
    assert got.arguments == fixed
    assert bool(notes) == (fixed != call.arguments)


def test_the_agent_runs_the_copied_words_and_says_so():
    backend = ScriptedBackend([ToolCall(name="log_hours", arguments={"project": "Athos", "hours": 2.5,
                                                                     "date": "2026-06-27"}), "Logged."])
    events = []
    result = Agent(model=backend, tools=[log_hours], examples=[]).run(
        "Log 2.5 hours on project Atlas for 2026-06-27.", on_event=events.append)
    assert result.tool_steps()[0].call.arguments["project"] == "Atlas"
    assert any("Athos" in getattr(e, "text", "") and "Atlas" in getattr(e, "text", "") for e in events)


def test_general_tools_keep_their_own_words():
    backend = ScriptedBackend([ToolCall(name="calculator", arguments={"expression": "2 + 2"}), "4"])
    result = Agent(model=backend, tools=["calculator"], examples=[]).run("What is two plus two, computed?")
    assert result.tool_steps()[0].call.arguments == {"expression": "2 + 2"}


@tool
def send_email(to: str, subject: str, cc: list[str] | None = None) -> str:
    """Send an email.

    Args:
        to: the recipient's address
        subject: the subject line
        cc: addresses to copy
    """
    return f"sent to {to}"


EMAIL = 'Email marta.okafor@example.com about "retrospective" (that is the subject).'


def test_text_from_nowhere_is_chosen_again_among_the_request_s_words():
    first = ToolCall(name="send_email", arguments={"to": "Alejandro", "subject": "retrospective"})
    again = ToolCall(name="send_email", arguments={"to": "marta.okafor@example.com", "subject": "Hello"})
    backend = ScriptedBackend([first, again, "Sent."])
    result = Agent(model=backend, tools=[send_email], examples=[]).run(EMAIL)
    narrowed = backend.calls[1]["tools"][0].parameters["properties"]
    assert "marta.okafor@example.com" in narrowed["to"]["enum"]
    assert "retrospective" not in narrowed["to"]["enum"]  # the subject's, which is not asked again
    assert "enum" not in narrowed["subject"]  # copied already: not asked again, and kept
    assert backend.calls[1]["settings"].tool_choice == "required"
    assert result.tool_steps()[0].call.arguments == {"to": "marta.okafor@example.com", "subject": "retrospective"}


def test_a_value_two_asked_arguments_hold_stays_with_the_one_the_request_names_beside_it():
    from agora.agent.recopy import owner, taken

    root = send_email.spec().parameters
    arguments = {"to": "retrospective", "subject": "retrospective"}
    assert owner([("to",), ("subject",)], "retrospective", root, EMAIL) == ("subject",)
    paths, excluded = taken(arguments, root, [("to",), ("subject",)], EMAIL)
    assert paths == [("to",)] and "retrospective" in excluded[("to",)]
    # nothing beside the value names either parameter: a tie, the last one written keeps it
    plain = 'Email "retrospective" now.'
    assert owner([("to",), ("subject",)], "retrospective", root, plain) is None
    paths, excluded = taken(arguments, root, [("to",), ("subject",)], plain)
    assert paths == [("to",)] and "retrospective" in excluded[("to",)]
    # a request that writes the value twice may fill both with it: nobody keeps it alone
    twice = 'Email "retrospective" about "retrospective".'
    assert taken(arguments, root, [("to",), ("subject",)], twice) == ([("to",), ("subject",)], {("to",): set(),
                                                                                               ("subject",): set()})


def test_a_second_call_that_does_not_fit_leaves_the_first():
    first = ToolCall(name="send_email", arguments={"to": "Alejandro", "subject": "retrospective"})
    backend = ScriptedBackend([first, ToolCall(name="other", arguments={}), "Sent."])
    result = Agent(model=backend, tools=[send_email], examples=[]).run(EMAIL)
    assert result.tool_steps()[0].call.arguments["to"] == "Alejandro"


def test_copied_arguments_and_model_made_dates_are_not_asked_again():
    from agora.agent.recopy import uncopied

    schema = log_hours.spec().parameters
    assert uncopied({"project": "Atlas", "hours": 2, "date": "2026-06-28"}, schema, "Log 2 hours on Atlas tomorrow") == []
    assert uncopied({"project": "Zephyr", "hours": 2, "date": "x"}, schema, "Log 2 hours on Atlas") == [("project",), ("date",)]


def test_a_first_reply_that_only_repeats_the_request_is_asked_again_as_a_call():
    call = ToolCall(name="set_thermostat", arguments={"room": "office", "temperature": 18, "mode": "heat"})
    backend = ScriptedBackend(["18 degrees in heat mode", call, "Done."])
    result = Agent(model=backend, tools=[set_thermostat], examples=[]).run(
        "Set the office thermostat to 18 degrees in heat mode.")
    assert [s.call.arguments for s in result.tool_steps()] == [call.arguments]


def test_a_word_is_written_only_as_a_whole_word():
    from agora.agent.word_copying import near_copy, written

    assert written("Seville", "Find Peruvian restaurants in Seville.") and not written("Peru", "Find Peruvian food")
    assert not written("Chloe", "cc chloe.martin@example.com.") and written("chloe.martin@example.com", "cc chloe.martin@example.com.")
    assert near_copy("apple", "Add 10 apples and 9 rice to my list.") == "apples"


def test_a_native_tools_model_is_not_asked_again():
    class Native(ScriptedBackend):
        native_tools = True

    backend = Native([ToolCall(name="send_email", arguments={"to": "Alejandro", "subject": "retrospective"}), "Sent."])
    result = Agent(model=backend, tools=[send_email], examples=[]).run(EMAIL)
    assert len(backend.calls) == 2 and result.tool_steps()[0].call.arguments["to"] == "Alejandro"


@pytest.mark.parametrize("question, query, expected", [
    ("What does the Velmora Society's emblem show?", "vellum symbol", "vellum symbol Velmora Society"),
    ("Who founded the Velmora Society?", "who founded the velmora society", None),  # all there
    ("What is the refund policy for damaged items?", "refund", None),  # no names
])
def test_retrieve_searches_with_the_question_s_names(question, query, expected):
    from agora.tools.retrieve import repair

    fixed, changed = repair({"query": query}, question)
    assert fixed["query"] == (expected or query) and changed == (["query"] if expected else [])


def test_a_name_cut_short_is_the_whole_name_and_an_article_is_dropped():
    from agora.agent.word_copying import whole_name

    request = "Book a hotel for the guests Lukas Brandt (age 77) and Oliver Quist."
    assert whole_name("Lukas", request) == "Lukas Brandt" and whole_name("Oliver Quist", request) is None
    assert whole_name("the office", request) == "office"
    assert whole_name("Book", "Book a Hotel Now") is None  # the request's own first words


def test_the_choices_offered_again_could_be_names():
    from agora.agent.recopy import runs

    offered = runs('Email marta.okafor@example.com about "retrospective" (that is the subject).')
    assert "marta.okafor@example.com" in offered and "retrospective" in offered
    assert not any(r.split()[0] in ("Email", "about", "the") or r.split()[-1] in ("about", "the") for r in offered)


def test_a_request_is_about_a_tool_by_word_stems():
    from agora.agent.relevance import relevant_tools
    from agora.bench.toolset import TOOLS

    specs = [TOOLS[n].spec() for n in ("set_reminder", "lock_door")]
    offered = relevant_tools(specs, "Remind me to call the dentist on 2026-05-18 at 11:00.")
    assert [s.name for s in offered] == ["set_reminder"]  # "remind" is the stem of "reminder"


def test_retrieve_shows_the_passages_holding_most_of_the_query_s_words():
    from agora.rag.index import Hit
    from agora.tools.retrieve import focused

    hits = [Hit(1, "/d/jorvale.md", 0, "The Jorvale Observatory. Its emblem is a brass bell. An observatory.", 0.3),
            Hit(2, "/d/quillby.md", 0, "The Quillby Observatory. Its emblem is a crimson fox.", 0.2),
            Hit(3, "/d/other.md", 0, "A library.", 0.1)]
    assert [h.citation for h in focused(hits, "emblem of the Quillby Observatory")] == ["/d/quillby.md#0"]
    assert focused(hits, "refund policy") == hits  # no passage shares two words: all kept


def test_a_question_to_an_agent_with_documents_starts_by_searching(tmp_path):
    from agora.rag.index import Index

    (tmp_path / "a.md").write_text("The Velmora Society was founded in 1749.")
    index = tmp_path / "i.sqlite"
    Index(index, embedder="hash").add([tmp_path / "a.md"])
    backend = ScriptedBackend([ToolCall(name="retrieve", arguments={"query": "Velmora founded"}), "1749"])
    Agent(model=backend, tools=["retrieve"], tool_options={"index": str(index)}, examples=[]).run(
        "When was the Velmora Society founded?")
    assert backend.calls[0]["settings"].tool_choice == "required"


def test_an_answer_unrelated_to_the_passage_gives_way_to_one_read_from_it(tmp_path):
    from agora.rag.index import Index

    (tmp_path / "a.md").write_text("The Velmora Society was founded in 1749. It meets in its hall.")
    index = tmp_path / "i.sqlite"
    Index(index, embedder="hash").add([tmp_path / "a.md"])
    call = ToolCall(name="retrieve", arguments={"query": "Velmora founded"})
    # the same call again gets a reminder ("... Do not call it again ..."), not a result
    backend = ScriptedBackend([call, call, "You are welcome. You can call the tool again.", "Answer: 1749"])
    result = Agent(model=backend, tools=["retrieve"], tool_options={"index": str(index)}, examples=[]).run(
        "When was the Velmora Society founded?")
    assert (result.answer, result.complete, result.stop_reason) == ("1749", False, "format")
    last = backend.calls[3]["messages"]
    assert len(last) == 1 and "founded in 1749" in last[0].content  # the passage right before the question


def test_one_name_filling_two_parameters_is_asked_again():
    from agora.agent.recopy import uncopied

    schema = send_email.spec().parameters
    request = 'Email oliver.quist@example.com about "hiring" (that is the subject).'
    assert uncopied({"to": "Hiring", "subject": "Hiring"}, schema, request) == [("to",), ("subject",)]
    assert uncopied({"to": "oliver.quist@example.com", "subject": "hiring"}, schema, request) == []
    # the items of one list are one parameter: two alike are the list rule's business
    assert uncopied({"to": "x@y.z", "subject": "hiring", "cc": ["Ann", "Ann"]}, schema, "Email about hiring, cc Ann") == []
    # the request's first word, its verb, is no name
    assert uncopied({"to": "x@y.z", "subject": "Email"}, schema, "Email x@y.z about hiring") == [("subject",)]


@tool
def book_room(room: str, hours: float, course: str = "") -> str:
    """Book a room.

    Args:
        room: the room's name
        hours: how long
        course: for which course
    """
    return "booked"


@pytest.mark.parametrize("request_text, arguments, fixed", [
    ("Book the Maple room on 2027-02-14 for 1.5 hours.", {"room": "Maple", "hours": 1}, {"room": "Maple", "hours": 1.5}),
    ("Book room Cedar for 2 hours on 2027-04-01.", {"room": "Cedar", "hours": 2.5}, {"room": "Cedar", "hours": 2}),
    # not near, but never written, where the request writes "2 hours": the request's
    ("Book room Cedar for 2 hours.", {"room": "Cedar", "hours": 5}, {"room": "Cedar", "hours": 2}),
    ("Book room Cedar for 2 hours, or 5.", {"room": "Cedar", "hours": 5}, {"room": "Cedar", "hours": 5}),  # written
    ("Book room Cedar for Chemistry for the spring.", {"room": "Cedar", "hours": 1, "course": "Chemistry for the"},
     {"room": "Cedar", "hours": 1, "course": "Chemistry"}),
    ("Book room Cedar for Chemistry for the spring.", {"room": "Cedar", "hours": 1, "course": "Chemistry for the Fall"},
     {"room": "Cedar", "hours": 1, "course": "Chemistry"}),  # a near copy, then its little words
])
def test_near_numbers_and_little_words_at_a_name_s_ends(request_text, arguments, fixed):
    from agora.agent.word_copying import copy_words

    got, _ = copy_words(ToolCall(name="book_room", arguments=arguments), book_room.spec(), request_text)
    assert got.arguments == fixed


def test_a_long_request_is_not_asked_again_and_a_failing_second_ask_keeps_the_call():
    from agora.errors import BackendError
    from agora.testing import FunctionBackend

    first = ToolCall(name="send_email", arguments={"to": "Alejandro", "subject": "retrospective"})
    long_request = EMAIL + " " + " ".join(f"Note{i} says hello." for i in range(60))
    backend = ScriptedBackend([first, "Sent."])
    result = Agent(model=backend, tools=[send_email], examples=[]).run(long_request)
    assert len(backend.calls) == 2 and result.tool_steps()[0].call.arguments["to"] == "Alejandro"

    replies = iter([first, None, "Sent."])

    def fn(messages, options):
        reply = next(replies)
        if reply is None:
            raise BackendError("server down")
        return reply

    result = Agent(model=FunctionBackend(fn), tools=[send_email], examples=[]).run(EMAIL)
    assert result.tool_steps()[0].call.arguments["to"] == "Alejandro" and result.answer == "Sent."


def test_a_name_that_runs_on_into_another_arguments_choice_is_cut_before_it():
    from typing import Literal

    from agora.agent.word_copying import copy_words

    @tool
    def enroll(course: str, term: Literal["autumn", "spring"], note: str = "") -> str:
        """Enroll in a course.

        Args:
            course: the course title
            term: the term
            note: a message for the office
        """
        return course

    request = "Enroll me in Intro to Linguistics for the autumn term, with the note: I start late in the autumn term."
    got = {"course": "Intro to Linguistics for the autumn term", "term": "autumn",
           "note": "I start late in the autumn term"}
    fixed, notes = copy_words(ToolCall(name="enroll", arguments=got), enroll.spec(), request)
    assert fixed.arguments["course"] == "Intro to Linguistics"
    assert fixed.arguments["note"] == got["note"]  # kept: what is left ("I start late") is no title
    assert len(notes) == 1


@tool
def reserve_room(room: str, start: str, hours: int) -> str:
    """Reserve a study room.

    Args:
        room: the room's name
        start: the start time, HH:MM
        hours: how long
    """
    return f"reserved {room}"


def test_a_name_chosen_again_is_mended_like_the_first_call():
    # SmolLM2 put the time in the room, then chose "Nordlys for 4" among the request's words
    first = ToolCall(name="reserve_room", arguments={"room": "14:45", "start": "14:45", "hours": 4})
    again = ToolCall(name="reserve_room", arguments={"room": "Nordlys for 4", "start": "14:45", "hours": 4})
    backend = ScriptedBackend([first, again, "Reserved."])
    result = Agent(model=backend, tools=[reserve_room], examples=[]).run("I need Nordlys for 4 hours, beginning at 14:45.")
    assert result.tool_steps()[0].call.arguments == {"room": "Nordlys", "start": "14:45", "hours": 4}


@tool
def set_reminder(text: str, date: str, time: str) -> str:
    """Set a reminder.

    Args:
        text: what to be reminded of
        date: the day, YYYY-MM-DD
        time: the time, HH:MM
    """
    return f"reminder set: {text}"


def test_a_text_of_other_arguments_values_is_chosen_again_without_them():
    # SmolLM2 wrote the date as the text, then chose "2026-04-04 at 19:45" among the request's words
    first = ToolCall(name="set_reminder", arguments={"text": "2026-04-04 at 19:45", "date": "2026-04-04", "time": "19:45"})
    again = ToolCall(name="set_reminder", arguments={"text": "renew the passport", "date": "2026-04-04", "time": "19:45"})
    backend = ScriptedBackend([first, again, "Set."])
    result = Agent(model=backend, tools=[set_reminder], examples=[]).run("Remind me to renew the passport on 2026-04-04 "
                                                                          "at 19:45.")
    choices = backend.calls[1]["tools"][0].parameters["properties"]["text"]["enum"]
    assert "renew the passport" in choices and "2026-04-04 at 19:45" not in choices and "19:45" not in choices
    assert result.tool_steps()[0].call.arguments["text"] == "renew the passport"


@tool
def enroll_in_course(student_id: str, course: str, term: Literal["spring", "autumn"], audit: bool = False) -> str:
    """Enroll a student in a course for a term.

    Args:
        student_id: the student's id
        course: course name
        term: which term
        audit: audit only, without credit
    """
    return f"{student_id} enrolled in {course} ({term})"


def test_a_request_plainly_for_a_tool_answered_in_words_is_asked_again_as_that_call():
    from agora.agent.relevance import plainly_for
    from agora.tools.core import ToolRegistry

    request = "Enroll student S-15 in Art History for the spring term, as an audit (no credit)."
    specs = ToolRegistry([set_thermostat, enroll_in_course]).specs()
    assert plainly_for(specs, request).name == "enroll_in_course"
    # a greeting, or two tools sharing as many words: no tool is plainly the request's
    assert plainly_for(specs, "Hello there!") is None
    assert plainly_for([*specs, *ToolRegistry([enroll_in_course]).specs()], request) is None
    call = ToolCall(name="enroll_in_course", arguments={"student_id": "S-15", "course": "Art History",
                                                          "term": "spring", "audit": True})
    backend = ScriptedBackend(["You have been enrolled in Art History.", call, "Enrolled."])
    result = Agent(model=backend, tools=[set_thermostat, enroll_in_course], examples=[]).run(request)
    assert backend.calls[1]["settings"].tool_choice == "required"
    assert backend.calls[1]["settings"].allowed_tools == ["enroll_in_course"]
    assert [s.call.name for s in result.tool_steps()] == ["enroll_in_course"]
    assert (result.answer, result.complete) == ("Enrolled.", True)


def test_an_enum_choice_the_example_shows_is_no_copied_argument():
    from agora.agent.loop import copied_arguments
    from agora.messages import Message

    shown = ToolCall(name="plan_route", arguments={"start": "Alpha", "stops": ["Beta"], "mode": "driving"})
    examples = [Message.user("Plan route with start Alpha."), Message.assistant("", [shown])]
    root = plan_route.spec().parameters
    request = "Plan a route from Rome to Bari."
    chose = ToolCall(name="plan_route", arguments={"start": "Rome", "stops": ["Bari"], "mode": "driving"})
    assert not copied_arguments(chose, examples, request, root)
    # the placeholder itself is still a copy; without the schema the enum value counts too
    placeholder = ToolCall(name="plan_route", arguments={"start": "Alpha", "stops": ["Bari"], "mode": "walking"})
    assert copied_arguments(placeholder, examples, request, root)
    assert copied_arguments(chose, examples, request)
