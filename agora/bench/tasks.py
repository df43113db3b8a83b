"""Benchmark tasks: each is a list of :class:`Item` (id, question, gold answer).

* ``arithmetic`` -- Du et al. (2023) style "What is the result of a+b*c+d-e*f?" with a..f in
  0..29, generated from a seed (small models get these wrong surprisingly often).
* ``gsm8k`` -- a fixed sample of 200 GSM8K test problems shipped in ``agora/data`` (MIT
  licence, see ``agora/data/GSM8K_LICENSE``); the gold answer is the number after ``####``.
* ``bigarith`` -- products and sums of 5-digit numbers: too big to do by heart, so a method
  with a calculator tool (``react``) should beat one without.

Gold answers are strings so they compare with :func:`agora.answers.same_answer`.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass
from importlib import resources

from agora.errors import ConfigError


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    gold: str
    task: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def arithmetic_items(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` (question, answer) pairs "What is the result of a+b*c+d-e*f?", a..f in 0..29.
    The same seed gives the same items."""
    rng = random.Random(f"arithmetic-{seed}")
    out = []
    for _ in range(n):
        a, b, c, d, e, f = (rng.randint(0, 29) for _ in range(6))
        out.append((f"What is the result of {a}+{b}*{c}+{d}-{e}*{f}?", str(a + b * c + d - e * f)))
    return out


def big_arithmetic_items(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """``n`` (question, answer) pairs with 5-digit operands, e.g. "What is 48213 * 731 + 90214?"."""
    rng = random.Random(f"bigarith-{seed}")
    out = []
    for i in range(n):
        a, b, c = rng.randint(10000, 99999), rng.randint(100, 999), rng.randint(10000, 99999)
        if i % 2 == 0:
            out.append((f"What is {a} * {b} + {c}?", str(a * b + c)))
        else:
            out.append((f"What is {a} * {b} - {c}?", str(a * b - c)))
    return out


def gsm8k_items(n: int | None = None, seed: int = 0) -> list[tuple[str, str, str]]:
    """(id, question, gold) of the shipped GSM8K sample. With ``n``: the first ``n`` of the
    sample shuffled by ``seed`` (seed 0 keeps the shipped order)."""
    rows = _gsm8k_rows()
    if seed:
        rows = rows[:]
        random.Random(f"gsm8k-{seed}").shuffle(rows)
    rows = rows if n is None else rows[:n]
    return [(r["id"], r["question"], r["gold"]) for r in rows]


def _gsm8k_rows() -> list[dict]:
    text = resources.files("agora").joinpath("data/gsm8k_sample.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


#: task name -> one-line description (shown by the CLI and stored in results)
TASKS = {
    "arithmetic": "a+b*c+d-e*f with a..f in 0..29 (Du et al. 2023), generated from the seed",
    "gsm8k": "200-problem sample of the GSM8K test split (Cobbe et al. 2021, MIT)",
    "bigarith": "5-digit products and sums: needs a calculator tool",
}

#: default number of items per task when no --limit is given
DEFAULT_SIZE = {"arithmetic": 100, "gsm8k": 200, "bigarith": 50}


def load_items(task: str, limit: int | None = None, seed: int = 0) -> list[Item]:
    """The items of one task; ``limit`` keeps the first ``limit``."""
    n = limit if limit is not None else DEFAULT_SIZE.get(task, 100)
    if n < 0:
        raise ConfigError("--limit must be 0 or more")
    if task == "arithmetic":
        return [Item(f"arithmetic-{seed}-{i}", q, a, task) for i, (q, a) in enumerate(arithmetic_items(n, seed))]
    if task == "bigarith":
        return [Item(f"bigarith-{seed}-{i}", q, a, task) for i, (q, a) in enumerate(big_arithmetic_items(n, seed))]
    if task == "gsm8k":
        return [Item(i, q, a, task) for i, q, a in gsm8k_items(n, seed)]
    raise ConfigError(f"unknown task {task!r}: choose from {', '.join(TASKS)}")


__all__ = ["Item", "arithmetic_items", "big_arithmetic_items", "gsm8k_items", "load_items", "TASKS",
           "DEFAULT_SIZE"]
