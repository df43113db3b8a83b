"""The held-out ``word_c`` family (agora.bench.families.stories): the shape of every story,
answers re-computed from the numbers of the text, determinism, and its place in the split."""

from __future__ import annotations

import random
import re
from fractions import Fraction

import pytest

from agora.bench import families as F
from agora.bench.families import stories
from agora.errors import ConfigError


def _whole(x: Fraction) -> int:
    assert x.denominator == 1, x
    return int(x)


#: each template's answer from the numbers of its text, in the order they appear
#: (written apart from the templates, with fractions so that an inexact division shows)
RECOMPUTE = {
    "bakery": lambda t, p, s, b: _whole(Fraction(t * p - s, b)),
    "train": lambda c, p, off, on: c * p - off + on,
    "crates": lambda a, b, k, d: _whole(Fraction(a + b, k)) - d,
    "school_trip": lambda s, t, cap, cost: _whole(Fraction(s + t, cap)) * cost,
    "library_fine": lambda f, b, d, r: f * b * d - r,
    "water_stations": lambda total, n, u: _whole(Fraction(total, n) - u) * n,
    "phone_plan": lambda base, inc, x, used: base + (used - inc) * x,
    "recycling": lambda m, t, bad, pay, per: _whole(Fraction(m + t - bad, per)) * pay,
    "pizza_party": lambda pz, sl, left, g: _whole(Fraction(pz * sl - left, g)),
    "fence_paint": lambda p, one, cov, coats, tin, price:
        _whole(Fraction(_whole(Fraction(p * coats, one * cov)), tin)) * price,
    "chess_tournament": lambda m, w, g, games: _whole(Fraction(m - w, g)) * games,
    "aquarium": lambda t, f, s, b, bf: t * f - s + b * bf,
    "choir_concert": lambda n, p, rent, k: _whole(Fraction(n * p - rent, k)),
    "ferry": lambda cars, fee, trips, fuel, k: _whole(Fraction(cars * fee * trips - fuel, k)),
    "honey": lambda g, h, kept, jar, price: _whole(Fraction(g * h - kept, jar)) * price,
    "cinema": lambda r, s, empty, price: (r * s - empty) * price,
    "stamps": lambda start, traded, lost: (start - traded) * 2 - lost,
}


def _numbers(question: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", question)]


def _sentences(question: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", question.strip()) if s]


def test_there_are_at_least_twelve_templates_each_recomputed_here():
    assert len(stories.TEMPLATES) >= 12
    assert {t.__name__ for t in stories.TEMPLATES} == set(RECOMPUTE)


@pytest.mark.parametrize("template", stories.TEMPLATES, ids=lambda t: t.__name__)
def test_every_story_has_the_shape_and_a_right_answer(template):
    rng = random.Random(f"shape/{template.__name__}")
    answers = set()
    for _ in range(60):
        question, answer = template(rng)
        numbers = _numbers(question)
        assert len(numbers) >= 2, question
        assert all(1 <= n <= 500 for n in numbers), question
        assert question.endswith("?"), question
        sentences = _sentences(question)
        assert 2 <= len(sentences) <= 4, question
        assert sentences[-1].startswith(("How many", "How much")), question
        assert sum(s.endswith("?") for s in sentences) == 1, question
        assert isinstance(answer, int) and 0 < answer < 10000, question
        assert RECOMPUTE[template.__name__](*numbers) == answer, question
        answers.add(answer)
    assert len(answers) > 5, template.__name__  # the answer moves with the draw


@pytest.mark.parametrize("template", stories.TEMPLATES, ids=lambda t: t.__name__)
def test_a_template_is_deterministic_per_seed_and_varies_with_it(template):
    assert template(random.Random(7)) == template(random.Random(7))
    drawn = {template(random.Random(seed)) for seed in range(20)}
    assert len({answer for _, answer in drawn}) > 3


def test_names_are_not_those_of_the_other_word_families():
    from agora.bench.families import word

    assert not set(stories.NAMES) & set(word.NAMES)
    assert not any(re.search(r"\d", n) for n in stories.NAMES)


def test_word_c_is_held_out_only_and_deterministic():
    fam = F.FAMILIES["word_c"]
    assert fam.home == "heldout" and fam.group == "word"
    assert "word_c" in F.HELDOUT_FAMILIES and "word_c" not in F.DEV_FAMILIES
    items = F.load("heldout", ["word_c"], limit=10, seed=0)
    assert len(items) == 10 and len({i.question for i in items}) == 10
    assert all(i.family == "word_c" and i.split == "heldout" and i.kind == "number" for i in items)
    assert all(int(i.gold) > 0 for i in items)
    again = F.load("heldout", ["word_c"], limit=10, seed=0)
    assert [i.to_dict() for i in items] == [i.to_dict() for i in again]
    other = F.load("heldout", ["word_c"], limit=10, seed=1)
    assert len({i.question for i in items} & {i.question for i in other}) < 3
    assert len({i.gold for i in items + other}) > 5
    with pytest.raises(ConfigError, match="not in the dev split"):
        F.load("dev", ["word_c"])


def test_loaded_items_are_recomputed_from_their_text():
    # which template wrote an item is not stored; one of the formulas taking its count of
    # numbers must give its gold
    for i in F.load("heldout", ["word_c"], limit=40, seed=2):
        nums = _numbers(i.question)
        results = set()
        for f in RECOMPUTE.values():
            if f.__code__.co_argcount == len(nums):
                try:
                    results.add(f(*nums))
                except AssertionError:
                    continue
        assert int(i.gold) in results, i.question
