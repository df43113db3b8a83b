"""Statistics and tasks of agora bench, checked against values computed by hand."""

import pytest

from agora.answers import same_answer
from agora.bench.stats import accuracy, binomial_cdf, compare_paired, mcnemar_exact, wilson
from agora.bench.tasks import arithmetic_items, big_arithmetic_items, gsm8k_items, load_items
from agora.errors import ConfigError


def test_wilson_known_values():
    # 8/10: center (0.8 + z^2/20) / (1 + z^2/10), half-width z*sqrt(.016 + z^2/400) / (1 + z^2/10)
    lo, hi = wilson(8, 10)
    assert (round(lo, 4), round(hi, 4)) == (0.4902, 0.9433)
    assert wilson(0, 10) == (0.0, pytest.approx(0.2775, abs=1e-4))
    assert wilson(10, 10) == (pytest.approx(0.7225, abs=1e-4), 1.0)
    assert wilson(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson(11, 10)


def test_mcnemar_exact_known_values():
    # b=10, c=2: n=12, P(X<=2) = (1 + 12 + 66) / 4096; two-sided = twice that
    assert mcnemar_exact(10, 2) == pytest.approx(2 * 79 / 4096)
    assert round(mcnemar_exact(10, 2), 4) == 0.0386
    assert mcnemar_exact(2, 10) == mcnemar_exact(10, 2)
    assert mcnemar_exact(0, 0) == 1.0
    assert mcnemar_exact(5, 5) == 1.0  # capped at 1
    assert mcnemar_exact(6, 0) == pytest.approx(2 / 64)
    assert binomial_cdf(3, 6) == pytest.approx((1 + 6 + 15 + 20) / 64)


def test_compare_paired_counts_discordant_pairs():
    first = [True, True, False, False, True]
    second = [True, False, True, False, False]
    result = compare_paired(first, second)
    assert (result["b"], result["c"], result["n"]) == (2, 1, 5)
    assert result["p_value"] == pytest.approx(1.0)
    with pytest.raises(ValueError):
        compare_paired([True], [True, False])
    acc = accuracy([True, True, False, False])
    assert acc["accuracy"] == 0.5 and acc["correct"] == 2 and acc["ci_low"] < 0.5 < acc["ci_high"]


def test_arithmetic_items_are_seeded_and_correct():
    items = arithmetic_items(20, seed=3)
    assert items == arithmetic_items(20, seed=3)
    assert items != arithmetic_items(20, seed=4)
    for question, answer in items:
        expr = question.removeprefix("What is the result of ").removesuffix("?")
        assert int(answer) == eval(expr)  # noqa: S307 - our own generated expression
        assert all(0 <= int(x) <= 29 for x in expr.replace("*", "+").replace("-", "+").split("+"))


def test_big_arithmetic_and_gsm8k_items():
    for question, answer in big_arithmetic_items(6, seed=1):
        expr = question.removeprefix("What is ").removesuffix("?")
        assert int(answer) == eval(expr)  # noqa: S307
        assert int(answer) > 100000
    rows = gsm8k_items()
    assert len(rows) == 200 and len({r[0] for r in rows}) == 200
    # the gold answer of the first shipped item, read from the original solution "#### 260"
    assert rows[0][2] == "260" and all(r[2].lstrip("-").replace(".", "").isdigit() for r in rows)
    assert gsm8k_items(5, seed=1) != gsm8k_items(5, seed=0)


def test_load_items():
    items = load_items("arithmetic", limit=4, seed=0)
    assert [i.id for i in items] == [f"arithmetic-0-{k}" for k in range(4)]
    assert same_answer(items[0].gold, arithmetic_items(1, 0)[0][1])
    assert len(load_items("gsm8k", limit=3)) == 3 and load_items("bigarith", limit=2)[0].task == "bigarith"
    with pytest.raises(ConfigError):
        load_items("nope")
    assert len(load_items("gsm8k")) == 200
