"""The word-problem families added after the operator prior (word_d and word_f for dev,
word_e held out): whole, non-negative answers, questions, and the split each belongs to."""

from __future__ import annotations

import pytest

from agora.bench.families import FAMILIES, load
from agora.bench.families.base import generate


@pytest.mark.parametrize("name, split", [("word_d", "dev"), ("word_f", "dev"), ("word_g", "dev"), ("word_h", "dev"),
                                        ("word_i", "dev"), ("word_j", "dev"), ("word_k", "dev"),
                                        ("word_l", "dev"), ("word_m", "dev"), ("word_n", "dev"),
                                        ("word_o", "dev"), ("word_e", "heldout")])
def test_a_story_family_draws_whole_answers_in_its_own_split_only(name, split):
    family = FAMILIES[name]
    other = "heldout" if split == "dev" else "dev"
    assert generate(family, other, 5) == []
    items = load(split, [name], limit=60, seed=3)
    assert len({item.question for item in items}) == 60
    for item in items:
        assert item.question.endswith("?") and item.family == name and item.split == split
        assert int(item.gold) >= 0 and str(int(item.gold)) == item.gold
    assert load(split, [name], limit=5, seed=3) == items[:5]  # a larger limit extends a smaller one
