"""The operator prior of a word problem's clause (agora.agent.operations) and the grammar it
narrows (agora.agent.program.line_grammar / print_grammar)."""

from __future__ import annotations

import pytest

from agora.agent.operations import ALL, clause_ops, question_ops, rate_units
from agora.agent.program import line_grammar, print_grammar


def _rule(grammar: str, name: str) -> str:
    return next(line for line in grammar.splitlines() if line.startswith(name + " ::="))


@pytest.mark.parametrize("clause, outer", [
    ("then she spends $12 on a hat.", "-"),
    ("Rabbits eat 4 of the carrots.", "-"),
    ("7 passengers get off", "-"),
    ("Her brother is 3 years younger than her.", "-"),
    ("Sam is 9 years older than Ann.", "+"),
    ("5 people get on", "+"),
    ("He finds 6 more shells.", "+"),
    ("shares the rest equally among 4 cousins.", "/"),
    ("The rest are put into bags of 5.", "/"),
])
def test_a_clause_about_an_earlier_quantity_gets_its_operator_from_its_words(clause, outer):
    ops = clause_ops(clause, "Mia has 40 stickers.", 1)
    assert ops.outer == outer and ops.relates


def test_a_count_in_an_earlier_rates_unit_multiplies():
    assert rate_units("A pump moves 30 litres per minute.") == {"minute"}
    ops = clause_ops("It runs for 12 minutes", "A pump moves 30 litres per minute.", 1)
    assert ops.outer == "*" and ops.relates
    # no rate in that unit before: no prior at all
    assert clause_ops("Then 12 ducks swim by", "A pond has 30 frogs.", 1).free


@pytest.mark.parametrize("clause", ["She buys 4 pens at $3 each", "A van has 6 rows of 3 seats.",
                                    "He walks 5 km a day for 6 days"])
def test_a_clauses_own_numbers_multiply_where_it_says_each_or_of_or_a_day(clause):
    assert clause_ops(clause, "", 2).inner == "*"


def test_plain_words_give_no_prior_and_the_grammar_stays_as_it_was():
    ops = clause_ops("The farm has 12 goats and 3 dogs", "", 2)
    assert ops.free
    assert line_grammar(["12", "3"], ["a"], ops) == line_grammar(["12", "3"], ["a"])


def test_a_relating_clause_must_use_an_earlier_name_written_first():
    grammar = line_grammar(["12"], ["money"], clause_ops("then she spends $12 on a hat.", "She has $50.", 1))
    assign = _rule(grammar, "assign")
    assert assign == 'assign ::= name " = " ("money" " " nop " " "12")'  # no "x = 12", no "12 - money"
    assert _rule(grammar, "nop") == 'nop ::= "-"'
    assert _rule(grammar, "update") == 'update ::= ("money") " " nop "= " ("12")'
    # the first clause of a story has no name to use: a plain value is allowed
    first = line_grammar(["50"], [], clause_ops("She spends $50", "", 1))
    assert '("50")' in _rule(first, "assign") and "update" not in first


def test_a_commutative_relation_may_put_the_name_second():
    grammar = line_grammar(["3"], ["age"], clause_ops("Ben is 3 years older than Ana.", "Ana is 9.", 1))
    assert '"3" " " nop " " "age"' in _rule(grammar, "assign")


def test_a_clause_with_its_own_product_groups_it_under_the_name():
    grammar = line_grammar(["4", "3"], ["cash"], clause_ops("She buys 4 pens at $3 each", "She has $20.", 2))
    assert _rule(grammar, "iop") == 'iop ::= "*"'
    assert _rule(grammar, "nop") == "nop ::= " + " | ".join(f'"{o}"' for o in ALL)
    assert '"cash" " " nop " " "(" ("3" " " iop " " "4" | "4" " " iop " " "3") ")"' in _rule(grammar, "assign")


@pytest.mark.parametrize("question, ops", [
    ("How many dollars are left?", "-"),
    ("How many more red beads than blue beads are there?", "-"),
    ("How old will Ben be in 6 years?", "+"),
    ("How many stamps do they have altogether?", "+"),
    ("How many grapes does each child get?", "/"),
    ("How many legs are there?", ALL),
])
def test_the_question_narrows_the_operators_of_its_print(question, ops):
    assert question_ops(question) == ops
    assert _rule(print_grammar(["a", "b"], question_ops(question)), "op") == \
        "op ::= " + " | ".join(f'"{o}"' for o in ops)


def test_the_narrowed_grammars_compile_in_llama_cpp():
    llama_cpp = pytest.importorskip("llama_cpp")
    for clause, numbers, names in [("then she spends $12 on a hat.", ["12"], ["money"]),
                                   ("She buys 4 pens at $3 each", ["4", "3"], ["cash", "b"]),
                                   ("Ben is 3 years older than Ana.", ["3"], ["age"]),
                                   ("He walks 5 km a day for 6 days", ["5", "6"], [])]:
        grammar = line_grammar(numbers, names, clause_ops(clause, "Ana has 9 per day.", len(numbers)))
        llama_cpp.LlamaGrammar.from_string(grammar, verbose=False)
    llama_cpp.LlamaGrammar.from_string(print_grammar(["a", "7"], "-"), verbose=False)
