"""Task families for evaluating the agent loop on questions nobody tuned it for.

Every family generates items deterministically from a seed (or draws them from a fixed
pool) and says how to check them (:mod:`.checks`, :mod:`.calls`).

THE SPLIT (the rule of the evaluation; also in the README)
====================================================================

Whole families are held out, and the families in both splits are divided by a hash of the
question (:func:`.base.hash_split`), so no item is ever in both, whatever the seed or size.

=================  ===============================================================
dev only           arith_paren, arith_product3, arith_negative, arith_chain,
                   units_metric, date_diff, date_add, word_a, word_d, word_f,
                   word_g, word_h, word_i, word_j, word_k, word_l, word_m,
                   word_n, word_o,
                   toolcall_a, toolcall_c
held-out only      arith_nested, arith_intdiv, arith_power, arith_large,
                   units_imperial, date_weekday, word_b, word_c, word_e, toolcall_b
both (by hash)     lookup (30% held out), nocall (30%), du_arith (50%), gsm8k (50%)
=================  ===============================================================

Generated families also draw with different random streams per split (the split name is
in the seed), and the held-out items of dev families are the ones the hash sends there.

The dev split is what may be looked at while designing the loop: items, transcripts,
failures. The held-out split is run only to report, and its transcripts are not read to
change the loop. Worked examples in prompts must not share the shape of any item here.
"""

from __future__ import annotations

from typing import Sequence

from agora.bench.families import (arithmetic, calls, chores, clubs, dates, errands, errands_two, hobbies, journeys,
                                  lookup, neighbours, outings, pantry, regression, seasons, stories, units, weekend,
                                  word, workshop)
from agora.bench.families.base import SPLITS, BenchItem, Family, generate
from agora.errors import ConfigError

FAMILIES: dict[str, Family] = {
    f.name: f
    for module in (arithmetic, units, dates, word, chores, outings, stories, errands, pantry, weekend, neighbours,
                   workshop, journeys, hobbies, errands_two, seasons, clubs, lookup, calls, regression)
    for f in module.FAMILIES
}


def families_in(split: str) -> list[str]:
    """The families that have items in ``split``, in a stable order."""
    if split not in SPLITS:
        raise ConfigError(f"unknown split {split!r}: choose dev or heldout")
    return [name for name, f in FAMILIES.items() if f.home in (split, "both")]


DEV_FAMILIES = families_in("dev")
HELDOUT_FAMILIES = families_in("heldout")


def load(split: str, families: Sequence[str] | None = None, limit: int = 10, seed: int = 0) -> list[BenchItem]:
    """``limit`` items of each family in ``split`` (all of the split's families by default).
    A family asked for that has no items in the split is a ConfigError: the split is a rule,
    not a filter that quietly gives nothing."""
    names = list(families) if families else families_in(split)
    unknown = [n for n in names if n not in FAMILIES]
    if unknown:
        raise ConfigError(f"unknown famil{'ies' if len(unknown) > 1 else 'y'} {', '.join(unknown)}: "
                          f"choose from {', '.join(FAMILIES)}")
    outside = [n for n in names if FAMILIES[n].home not in (split, "both")]
    if outside:
        raise ConfigError(f"{', '.join(outside)} {'is' if len(outside) == 1 else 'are'} not in the {split} "
                          f"split (see agora.bench.families)")
    items: list[BenchItem] = []
    for name in names:
        items.extend(generate(FAMILIES[name], split, limit, seed))
    return items


__all__ = ["FAMILIES", "DEV_FAMILIES", "HELDOUT_FAMILIES", "families_in", "load", "BenchItem", "Family", "SPLITS"]
