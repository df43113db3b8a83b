"""examples/bench_word_reach.py: every program the word-problem rules offer, written out and
run without a model (the ceiling of any chooser among the options)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "examples" / "bench_word_reach.py"
_SPEC = importlib.util.spec_from_file_location("bench_word_reach", _PATH)
assert _SPEC and _SPEC.loader
reach = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(reach)


def test_a_story_with_a_line_under_the_open_grammar_is_not_enumerated():
    with pytest.raises(reach.FreeLine):
        reach.programs("A van carries 90 kg at a speed of 45 km per hour. A car carries 20 kg. How many more "
                       "kilograms does the van carry than the car after 3 hours?", cap=100)


def test_every_offered_program_is_run_and_the_first_option_program_comes_first():
    question = "A shelf holds 12 jars. Noor adds 5 more jars and then takes 3 jars away. How many jars are on the shelf?"
    answers = reach.programs(question, cap=500)
    assert 14.0 in answers and len(answers) > 1  # the right program is among several
    assert reach.programs(question, cap=1) == answers[:1]
