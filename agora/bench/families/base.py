"""What every task family shares: the item, the family record, and the hash split.

An item is plain data (question, gold, how to check it, which tools it is meant for), so a
results file can be re-scored later without the generator. Membership of the dev or the
held-out split is a property of the item's text (a hash), not of the order it was drawn in:
whatever the seed or the number of items asked for, a dev question is never a held-out one.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Sequence

from agora.errors import ConfigError

SPLITS = ("dev", "heldout")

#: what an item's ``kind`` tells the checker (see agora.bench.families.checks)
KINDS = ("number", "text", "date", "weekday", "call", "nocall")


@dataclass(frozen=True)
class BenchItem:
    id: str
    family: str
    question: str
    #: the gold answer as text (a number, a phrase, an ISO date, a weekday, a tool name)
    gold: str
    kind: str = "number"
    #: numbers: |answer - gold| <= max(abs_tol, rel_tol * |gold|)
    abs_tol: float = 1e-6
    rel_tol: float = 1e-9
    #: "compute" (the run's --tools), "retrieve", or "toolset" (the names in ``tools``)
    toolkind: str = "compute"
    tools: tuple[str, ...] = ()
    #: the right first call for kind "call": {"name": ..., "arguments": {...}}
    gold_call: dict[str, Any] | None = None
    #: other candidate answers that must NOT appear (a look-up answer naming two people)
    distractors: tuple[str, ...] = ()
    split: str = "dev"
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "BenchItem":
        data = dict(data)
        for key in ("tools", "distractors"):
            data[key] = tuple(data.get(key) or ())
        return cls(**data)


#: generate(rng) -> one candidate (question, gold, extra BenchItem fields)
Candidate = tuple[str, str, dict[str, Any]]


@dataclass(frozen=True)
class Family:
    name: str
    description: str
    #: draws one candidate item from the rng (generated families), or None for fixed pools
    draw: Callable[[random.Random], Candidate] | None = None
    #: fixed pools: every candidate of the family, split by hash like generated ones
    pool: Callable[[], list[Candidate]] | None = None
    #: share of candidates that belong to the held-out split (for families in both splits)
    heldout_share: float = 0.25
    #: where the whole family belongs: "dev", "heldout" or "both" (split by hash)
    home: str = "both"
    group: str = ""


#: a story template: (rng, a first name) -> (question, whole-number answer)
Story = Callable[[random.Random, str], tuple[str, int]]


def story_family(name: str, description: str, stories: Sequence[Story], names: Sequence[str], home: str) -> Family:
    """A word-problem family drawing a story template, then a first name for it."""
    def draw(rng: random.Random) -> Candidate:
        question, answer = rng.choice(stories)(rng, rng.choice(names))
        return question, str(answer), {}
    return Family(name, description, draw=draw, home=home, group="word")


def hash_split(family: str, question: str, heldout_share: float) -> str:
    """dev or heldout for one question, fixed by its text (crc32, stable across Pythons)."""
    bucket = zlib.crc32(f"{family}\n{question}".encode("utf-8")) % 10_000
    return "heldout" if bucket < heldout_share * 10_000 else "dev"


def item_split(family: Family, question: str) -> str:
    if family.home in SPLITS:
        return family.home
    return hash_split(family.name, question, family.heldout_share)


def generate(family: Family, split: str, n: int, seed: int = 0) -> list[BenchItem]:
    """``n`` distinct items of ``family`` in ``split``; the same (split, n, seed) gives the
    same items, and a larger ``n`` extends a smaller one."""
    if split not in SPLITS:
        raise ConfigError(f"unknown split {split!r}: choose dev or heldout")
    if n < 0:
        raise ConfigError("the number of items must be 0 or more")
    if family.home in SPLITS and family.home != split:
        return []
    out: list[BenchItem] = []
    seen: set[str] = set()
    if family.pool is not None:
        candidates = [c for c in family.pool() if item_split(family, c[0]) == split]
        rng = random.Random(f"{family.name}/{split}/{seed}")
        if seed:
            rng.shuffle(candidates)
        stream = iter(candidates)
    else:
        rng = random.Random(f"{family.name}/{split}/{seed}")
        stream = iter(lambda: family.draw(rng), None)  # type: ignore[misc]
    tries = 0
    for question, gold, extra in stream:
        if len(out) >= n:
            break
        tries += 1
        if tries > 200 * (n + 1):
            raise RuntimeError(f"{family.name}: cannot draw {n} distinct {split} items")
        if question in seen or item_split(family, question) != split:
            continue
        seen.add(question)
        extra = dict(extra)
        # pool items keep their own id (stable whatever the seed); drawn ones are numbered
        item_id = extra.pop("id", None) or f"{family.name}-{split}-{seed}-{len(out)}"
        out.append(BenchItem(id=item_id, family=family.name, question=question, gold=gold,
                             split=split, **extra))
    return out


__all__ = ["BenchItem", "Family", "SPLITS", "KINDS", "Story", "generate", "hash_split", "item_split", "story_family"]
