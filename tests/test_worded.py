"""One operation named in words, and arithmetic written out, computed as the question says
(agora.agent.worded)."""

import pytest

from agora.agent import Agent
from agora.agent.worded import computed_as_named, named_operation, symbolised
from agora.messages import ToolCall
from agora.testing import ScriptedBackend


@pytest.mark.parametrize("question, expression", [
    ("How many whole times does 13 go into 500?", "500 // 13"),
    ("How many times does 6 fit into 100?", "100 // 6"),
    ("Divide 91 into 2002. What is the result?", "2002 // 91"),
    ("What do you get when you divide 3,600 by 45?", "3600 / 45"),
    ("If 1,234 is divided by 11, what is the whole-number part of the result?", "1234 // 11"),
    ("Integer-divide 8888 by 9. What do you get?", "8888 // 9"),
    ("What is 10000 divided by 33, rounded down?", "10000 // 33"),
    ("What is the quotient of 5,555 and 5?", "5555 / 5"),
    ("What is the remainder when 1000 is divided by 7?", "1000 % 7"),
    ("What is 9 to the fourth power?", "9 ** 4"),
    ("What does 10 to the 6th equal?", "10 ** 6"),
    ("What is 6 to the power 6?", "6 ** 6"),
    ("What is 13 raised to the power of 3?", "13 ** 3"),
    ("What is the cube of 12?", "12 ** 3"),
    ("What is 15 squared?", "15 ** 2"),
    ("What is the difference between 90 and 45?", "90 - 45"),
    ("What is the product of 84, 29 and 20?", "84 * 29 * 20"),
    ("What is the sum of 4, 9, and 11?", "4 + 9 + 11"),
])
def test_one_operation_named_in_words(question, expression):
    assert named_operation(question) == expression


@pytest.mark.parametrize("question", [
    "What is 21 squared minus 20 squared?",  # two operations named
    "What is 12 squared plus 5?",  # a number beside the named one
    "What is 845 / 13?",  # written out: copying's business
    "Share 250 sweets equally among 12 children. How many does each get?",  # a story, no operation named
    "What is 7 divided by 2?\n\nDebater 1 said: 7 divided by 2 is 3.5",  # a peer's words too
])
def test_no_single_named_operation(question):
    assert named_operation(question) is None


def test_a_call_computing_another_operation_computes_the_named_one():
    question = "How many whole times does 13 go into 500?"
    assert computed_as_named("calculator", {"expression": "13 % 500"}, question) == (
        {"expression": "500 // 13"}, "the operation the question names")
    fixed, why = computed_as_named("python", {"code": "num = 500\nprint(num % 13)"}, question)
    assert fixed == {"code": "print(500 // 13)"} and why
    assert computed_as_named("calculator", {"expression": "500 // 13"}, question) == (
        {"expression": "500 // 13"}, None)  # already right: unchanged
    assert computed_as_named("python", {"code": "print(500//13)"}, question)[1] is None


def test_written_arithmetic_a_call_does_not_compute_gets_the_span():
    fixed, why = computed_as_named("python", {"code": "print(714 ** 17)"}, "What is 714 ÷ 17?")
    assert fixed == {"code": "print(714 / 17)"} and why == "the arithmetic the question writes"
    code = "def calculate_3^7():\n    return 3**7\n\nresult = calculate_3^7()\nprint(result)"
    assert computed_as_named("python", {"code": code}, "Compute 3^7.")[0] == {"code": "print(3**7)"}
    assert computed_as_named("calculator", {"expression": "65536 % 256"}, "What is 65536 / 256?")[0] == {
        "expression": "65536 / 256"}
    # the whole span with more of the question's numbers around it
    junk = ", 17 + 77 * (43 - 69) 17 + 77 * 43 - 69"
    assert computed_as_named("calculator", {"expression": junk}, "What is 17 + 77 * (43 - 69)?")[0] == {
        "expression": "17 + 77 * (43 - 69)"}


@pytest.mark.parametrize("question, written", [
    ("What is 6 to the 3rd power times 2?", "What is 6 ** 3 * 2?"),
    ("What is 5 to the power of 4 minus 3 raised to 2?", "What is 5 ** 4 - 3 ** 2?"),
    ("How much is 12 squared plus 40 divided by 8?", "How much is 12 ** 2 + 40 / 8?"),
    ("What is 2 to the fifth power mod 7?", "What is 2 ** 5 % 7?"),
    ("Ann has 3 times as many pens as Bo, who has 4.", "Ann has 3 times as many pens as Bo, who has 4."),
    ("Add 7 plus tax.", "Add 7 plus tax."),  # no number on the right: no operation
])
def test_operations_in_words_written_as_symbols(question, written):
    assert symbolised(question) == written


def test_arithmetic_in_words_a_call_does_not_compute_gets_it_in_symbols():
    question = "What is 6 to the 3rd power times 2?"
    assert computed_as_named("calculator", {"expression": "6 ** 2"}, question) == (
        {"expression": "6 ** 3 * 2"}, "the arithmetic the question writes")
    assert computed_as_named("python", {"code": "factorial(6, 3)"}, question)[0] == {"code": "print(6 ** 3 * 2)"}
    assert computed_as_named("calculator", {"expression": "6^3 * 2"}, question)[1] is None  # already right


def test_some_of_the_spans_numbers_not_as_a_piece_of_it_get_the_span():
    # "15 / 5" lost the power: no first step of 15^2 / 5
    assert computed_as_named("calculator", {"expression": "15 / 5"}, "What is 15^2 / 5?") == (
        {"expression": "15^2 / 5"}, "the arithmetic the question writes")
    fixed = computed_as_named("python", {"code": "print(22 + 91 - 25)"}, "What is 22 + 46 * (91 - 25)?")[0]
    assert fixed == {"code": "print(22 + 46 * (91 - 25))"}


def test_a_number_neither_the_question_nor_a_result_holds_was_made_up():
    question = "Calculate -54 + 40 * -29."
    assert computed_as_named("calculator", {"expression": "100 + 40 - 29"}, question) == (
        {"expression": "-54 + 40 * -29"}, "the arithmetic the question writes")
    # one of its numbers twice is one made up too
    assert computed_as_named("calculator", {"expression": "15 + 15 * -26"}, "Calculate -5 + 15 * -26.")[0] == {
        "expression": "-5 + 15 * -26"}
    assert computed_as_named("calculator", {"expression": "(17 + 77 * (43 - 69)) * 2"},
                             "What is 17 + 77 * (43 - 69)?")[0] == {"expression": "17 + 77 * (43 - 69)"}
    code = "result = 666 - 775 + 666 - 613 + 353"
    assert computed_as_named("python", {"code": code}, "Compute 664 - 775 + 666 - 613 - 353.")[0] == {
        "code": "print(664 - 775 + 666 - 613 - 353)"}


@pytest.mark.parametrize("arguments, question, seen", [
    ({"expression": "3058 + 46 * 91"}, "What is 22 + 46 * (91 - 25)?", "3058"),
    ({"expression": "225 / 5"}, "What is 15^2 / 5?", "225"),
    ({"expression": "-1160 - 54"}, "Calculate -54 + 40 * -29.", "Result: -1160"),
])
def test_a_call_building_on_an_earlier_result_is_left_alone(arguments, question, seen):
    assert computed_as_named("calculator", arguments, question, seen) == (arguments, None)
    assert computed_as_named("calculator", arguments, question)[1]  # without that result: made up


def test_python_is_read_for_what_it_prints_with_its_names_put_in():
    # SmolLM2 follows its worked example's variables, then prints the wrong one or computes a remainder
    assert computed_as_named("python", {"code": "num = 987\nresult = num // 10\nprint(num)"},
                             "Compute 987 // 10.")[0] == {"code": "print(987 // 10)"}
    assert computed_as_named("python", {"code": "num = 365\nrem = num % 5\nprint(rem)"},
                             "What is 365 / 5?")[0] == {"code": "print(365 / 5)"}
    kept = {"code": "base = 15 ** 2\nprint(base / 5)"}
    assert computed_as_named("python", kept, "What is 15^2 / 5?") == (kept, None)
    assert computed_as_named("python", {"code": "a = 500\nb = 13\nprint(a // b)"},
                             "How many whole times does 13 go into 500?")[1] is None


@pytest.mark.parametrize("name, arguments, question, whole", [
    ("python", {"code": "square = 15 ** 2\nprint(square)"}, "What is 15^2 / 5?", {"code": "print(15**2 / 5)"}),
    ("calculator", {"expression": "15^2"}, "What is 15^2 / 5?", {"expression": "15^2 / 5"}),
    ("calculator", {"expression": "12 * 7"}, "What is 12 * 7 + 5?", {"expression": "12 * 7 + 5"}),
    ("calculator", {"expression": "91 - 25"}, "What is 22 + 46 * (91 - 25)?", {"expression": "22 + 46 * (91 - 25)"}),
    # SmolLM2's first step, which it followed with 216 ** 3, and so on
    ("python", {"code": "num = 6\nresult = 6 ** 3\nprint(num ** 3)"}, "What is 6 to the 3rd power times 2?",
     {"code": "print(6 ** 3 * 2)"}),
])
def test_a_piece_of_the_questions_one_expression_runs_as_the_whole(name, arguments, question, whole):
    assert computed_as_named(name, arguments, question) == (whole, "the arithmetic the question writes")


def test_a_call_building_on_a_result_is_the_models_next_step():
    built = {"code": "print(216 * 2)"}
    assert computed_as_named("python", built, "What is 6 to the 3rd power times 2?", seen="216") == (built, None)


@pytest.mark.parametrize("name, arguments, question", [
    ("python", {"code": "for n in range(15):\n    print(n ** 2 / 5)"}, "What is 15^2 / 5?"),  # a loop: not read
    ("python", {"code": "x = 3 ** 7\nprint(x)"}, "Compute 3^7."),  # the same computation
    ("calculator", {"expression": "17 + 23 + 4"}, "What is 17 * 23 + 4?\n\nDebater 1 said: 17 + 23 + 4 = 44"),
    ("search", {"query": "13 % 500"}, "How many whole times does 13 go into 500?"),  # not a computing tool
])
def test_calls_left_alone(name, arguments, question):
    assert computed_as_named(name, arguments, question) == (arguments, None)


def test_the_agent_runs_the_named_operation_and_answers_with_its_result():
    backend = ScriptedBackend([ToolCall(name="calculator", arguments={"expression": "13 % 500"}), "38"])
    result = Agent(model=backend, tools=["calculator"], examples=[]).run("How many whole times does 13 go into 500?")
    step = result.tool_steps()[0]
    assert step.call.arguments == {"expression": "500 // 13"} and step.observation.strip() == "38"
    assert (result.answer, result.complete) == ("38", True)


def test_python_that_does_not_parse_gets_the_span():
    # Gemma-3-270M wrote assignments to numbers for "Compute 50 × 46 × 22."
    assert computed_as_named("python", {"code": "50 = 46\n22 = 22"}, "Compute 50 × 46 × 22.")[0] == {
        "code": "print(50 * 46 * 22)"}


def test_a_call_computes_the_question_when_it_prints_or_ends_with_its_whole_task():
    from agora.agent.worded import computes_question

    question = "What is 17 + 77 * (43 - 69)?"
    assert computes_question("python", {"code": "17 + 77 * (43 - 69)"}, question)  # shown like a prompt's value
    assert computes_question("python", {"code": "inner = 43 - 69\nprint(17 + 77 * inner)"}, question)
    assert computes_question("calculator", {"expression": "17+77*(43-69)"}, question)
    assert not computes_question("calculator", {"expression": "43 - 69"}, question)  # a piece
    assert not computes_question("calculator", {"expression": "7 / 2"}, "What is 7 / 2, rounded down?")
    assert not computes_question("search", {"query": "17 + 77 * (43 - 69)"}, question)
