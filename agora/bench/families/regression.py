"""The two tasks agora was measured on before, kept so nothing regresses: Du et al.'s
arithmetic (the generator of :mod:`agora.bench.tasks`, same items and ids) and the shipped
GSM8K sample (run with ``--tools python``: program of thought). Both are split by hash,
so each has dev items and held-out items."""

from __future__ import annotations

from agora.bench.families.base import Candidate, Family

#: Du et al. items drawn with seed 0 of agora.bench.tasks: the pool both splits come from
DU_POOL = 2000


def _du_pool() -> list[Candidate]:
    from agora.bench.tasks import arithmetic_items

    return [(q, a, {"id": f"arithmetic-0-{i}"}) for i, (q, a) in enumerate(arithmetic_items(DU_POOL, 0))]


def _gsm8k_pool() -> list[Candidate]:
    from agora.bench.tasks import gsm8k_items

    return [(q, gold, {"id": item_id}) for item_id, q, gold in gsm8k_items()]


FAMILIES = [
    Family("du_arith", "Du et al. (2023) a+b*c+d-e*f, a..f in 0..29 (agora.bench.tasks)", pool=_du_pool,
           heldout_share=0.5, group="regression"),
    Family("gsm8k", "the shipped 200-problem GSM8K sample (MIT), program of thought with python",
           pool=_gsm8k_pool, heldout_share=0.5, group="regression"),
]
