"""Program of thought for word problems, one line under each sentence (agora.agent.program):
the pieces, the grammars, and the loop's first step through a scripted backend."""

from __future__ import annotations

import re

import pytest

from agora import Agent
from agora.agent.program import line_grammar, pieces, print_grammar, word_problem, write_program
from agora.testing import FunctionBackend

STORY = "Lina picks 38 plums, then gives 10 away. She packs the rest in bags of 7, and 3 bags go to school. " \
        "How many bags are left?"


def test_a_story_is_cut_into_clauses_that_each_keep_a_number():
    assert pieces(STORY) == ["Lina picks 38 plums", "gives 10 away.", "She packs the rest in bags of 7",
                             "3 bags go to school.", "How many bags are left?"]
    # an "and" between two words of one quantity stays: neither side alone has a number
    assert pieces("A jar holds salt and pepper for 12 meals. How many meals do 2 jars hold?") == [
        "A jar holds salt and pepper for 12 meals.", "How many meals do 2 jars hold?"]


@pytest.mark.parametrize("question, expected", [
    (STORY, True),
    ("A hall has 15 rows of 22 seats. At a concert 19 seats stay empty. How many people are seated?", True),
    ("What is 22 + 46 * (91 - 25)?", False),  # written arithmetic: the ordinary step copies it
    ("Tom has 4 apples. What is the sum of 4 and 9?", False),  # an operation named in words
    ("How many grams are in 3.5 kilograms?", False),  # one sentence
    ("I have 3 cats. Tell me a joke.", False),  # no question at the end
    ("Hello there. How are you?", False),  # no numbers
    ("My kids are 3 and 5. Who is older?", False),  # not a question for a quantity
    ("Sam has twice as many books as Ann. Ann has 7 books. How many books does Sam have?", True),
])
def test_what_counts_as_a_word_problem(question, expected):
    assert word_problem(question) is expected


def _alternatives(grammar: str, rule: str) -> str:
    return next(line for line in grammar.splitlines() if line.startswith(rule + " ::="))


def test_a_line_uses_each_number_of_its_clause_once_and_at_most_one_name():
    grammar = line_grammar(["9", "13"], ["money"])
    assign = _alternatives(grammar, "assign")
    assert '"9" " " op " " "13"' in assign and '"13" " " op " " "9"' in assign
    assert '"money" " " op " " "9" " " op " " "13"' in assign
    assert '"(" "9" " " op " " "13" ")" " " op " " "money"' in assign
    assert '"9" " " op " " "9"' not in assign  # a number used twice is not a line
    assert '("money") " " op "= " ("13" " " op " " "9" | "9" " " op " " "13")' in _alternatives(grammar, "update")
    # no name yet: no update rule
    assert "update" not in line_grammar(["38"], [])


def test_the_print_uses_every_operand_once():
    grammar = print_grammar(["bags", "3"])
    assert grammar.splitlines()[0] == 'root ::= ("3" " " op " " "bags" | "bags" " " op " " "3") ")\\n"'


def test_the_grammars_compile_in_llama_cpp():
    llama_cpp = pytest.importorskip("llama_cpp")
    for grammar in (line_grammar(["9", "13", "6", "4"], ["a", "b"]), line_grammar(["1", "2", "3", "4", "5"], []),
                    print_grammar(["a", "b", "7"])):
        llama_cpp.LlamaGrammar.from_string(grammar, verbose=False)


def _scripted(lines: dict[str, str]):
    """A continue_fn writing, under the last comment of the reply, the line ``lines`` gives for it."""
    def write(messages, reply, grammar):
        comment = re.findall(r"# (.*)\n", reply)[-1]
        return lines[comment] + "\n"
    return write


def test_write_program_keeps_a_value_written_over_before_it_was_used():
    write = _scripted({"Ana is 12 years old.": "age = 12", "Ben is 5 years older.": "age = 5",
                       "How old is Ben?": "age + age_2)"})
    code = write_program("Ana is 12 years old. Ben is 5 years older. How old is Ben?",
                         lambda reply, grammar: write(None, reply, grammar))
    assert "age_2 = 5" in code
    namespace: dict = {}
    exec(code.replace("print(", "result = ("), namespace)
    assert namespace["result"] == 17


def test_a_word_problem_is_answered_with_the_programs_output():
    lines = {"Lina picks 38 plums": "plums = 38", "gives 10 away.": "plums -= 10",
             "She packs the rest in bags of 7": "bags = plums / 7", "3 bags go to school.": "bags -= 3",
             "How many bags are left?": "bags)"}

    def no_steps(messages, options):
        raise AssertionError("no ReAct step should be needed")

    backend = FunctionBackend(no_steps, continue_fn=_scripted(lines))
    result = Agent(model=backend, tools=["python"], seed=0).run(STORY)
    step = result.tool_steps()[0]
    assert step.call.name == "python" and "# How many bags are left?\nprint(bags)" in step.call.arguments["code"]
    assert step.observation.strip() in ("1", "1.0") and result.answer == "1"
    assert result.complete and result.stop_reason == "answer"
    assert result.usage.calls == 4  # one continuation per clause with a number; the one-name print is not asked


def test_a_program_that_fails_hands_over_to_react_steps():
    backend = FunctionBackend(lambda messages, options: "29", continue_fn=_scripted(
        {"Lina picks 38 plums": "plums = 38", "gives 10 away.": "plums -= 10",
         "She packs the rest in bags of 7": "bags = plums / 0", "3 bags go to school.": "bags -= 3",
         "How many bags are left?": "bags)"}))
    result = Agent(model=backend, tools=["python"], seed=0, max_steps=3).run(STORY)
    first = result.tool_steps()[0]
    assert not first.ok and "ZeroDivisionError" in first.observation
    assert result.answer == "29"  # the next step's answer, after the failed program


def test_a_backend_that_cannot_continue_text_takes_react_steps():
    backend = FunctionBackend(lambda messages, options: "4")
    result = Agent(model=backend, tools=["python"], seed=0, max_steps=2).run(STORY)
    assert not result.tool_steps() and result.answer == "4"


def test_a_name_python_keeps_for_itself_is_renamed():
    write = _scripted({"Ana has 12 pens.": "sum = 12", "She buys 5 more.": "sum_value += 5", "How many pens?": "sum_value)"})
    code = write_program("Ana has 12 pens. She buys 5 more. How many pens?", lambda reply, grammar: write(None, reply, grammar))
    assert "sum_value = 12" in code
    namespace: dict = {}
    exec(code.replace("print(", "result = ("), namespace)
    assert namespace["result"] == 17


def test_numbers_written_as_words_and_implied_by_words_are_operands():
    from agora.agent.program import operands

    assert operands("She gives away half of her 3 dozen eggs") == ["3", "2", "12"]
    assert operands("25% of the 40 seats, twice over") == ["25", "40", "2", "100"]
    assert operands("each one of them") == []


def test_with_scores_the_likeliest_whole_line_is_written_and_the_name_is_the_models():
    seen: list[tuple[str, list[str]]] = []

    named: list[str] = []

    def name(messages, reply, grammar):
        assert grammar.endswith('" ="')  # only the name is continued; the values are scored
        named.append(reply)
        return "plums ="

    def likes(line: str) -> float:  # the scripted model likes taking away, then dividing, then short lines
        return ("-" in line) * 2.0 + ("/" in line) * 1.0 - len(line) / 100

    def score(messages, reply, lines):
        seen.append((reply, list(lines)))
        return [likes(line) for line in lines]

    backend = FunctionBackend(lambda messages, options: "0", continue_fn=name, score_fn=score)
    result = Agent(model=backend, tools=["python"], seed=0, max_steps=2).run(STORY)
    code = result.tool_steps()[0].call.arguments["code"]
    for _reply, lines in seen:
        chosen = max(lines, key=lambda line: (likes(line), -lines.index(line)))
        assert chosen.strip() in code  # every line written is the likeliest of those offered
    assert seen and all(len(lines) > 1 for _, lines in seen)  # a line offered alone is not scored
    assert result.usage.calls == len(named) + len(seen)  # every scoring is a call of the model
    assert "plums = 38" in code and "plums -= 10" in code


def test_with_scores_the_print_body_is_the_likeliest_too():
    asked: list[list[str]] = []

    def score(reply: str, lines: list[str]) -> list[float]:
        if reply.endswith("print("):
            asked.append(list(lines))
        return [-float(k) for k in range(len(lines))][::-1]  # the last offered is likeliest

    code = write_program("Tom has 5 red pens. Tom has 3 blue pens. How many pens does Tom have in all?",
                         lambda reply, grammar: "pens =", score)
    assert asked and len(asked[0]) > 1
    assert code.rstrip().endswith(f"print({asked[0][-1].removesuffix(chr(10))}")
