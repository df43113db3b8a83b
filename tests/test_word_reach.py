"""examples/bench_word_reach.py: every program the word-problem rules offer, written out and
run without a model (the ceiling of any chooser among the options)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from agora.agent.lines import Choices
from agora.agent.quantities import UNKNOWN

_PATH = Path(__file__).resolve().parents[1] / "examples" / "bench_word_reach.py"
_SPEC = importlib.util.spec_from_file_location("bench_word_reach", _PATH)
assert _SPEC and _SPEC.loader
reach = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(reach)


def test_the_options_of_a_choice_grammar_are_read_back_and_an_open_one_is_refused():
    choices = Choices({"a + 3": (8.0, UNKNOWN), "a * 3": (15.0, UNKNOWN)}, {"a += 3": (8.0, UNKNOWN)})
    assert sorted(reach.options(choices.grammar())) == ["a += 3\n", "x = a * 3\n", "x = a + 3\n"]
    assert sorted(reach.options(choices.print_grammar())) == ["a * 3)\n", "a + 3)\n"]
    with pytest.raises(reach.FreeLine):
        reach.options('root ::= ("n0" " " op " " "n1") ")\\n"\nop ::= "+" | "-"')


def test_every_offered_program_is_run_and_the_first_option_program_comes_first():
    question = "A shelf holds 12 jars. Noor adds 5 more jars and then takes 3 jars away. How many jars are on the shelf?"
    answers = reach.programs(question, cap=500)
    assert 14.0 in answers and len(answers) > 1  # the right program is among several
    assert reach.programs(question, cap=1) == answers[:1]
