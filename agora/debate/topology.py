"""Who reads whom in the rounds after the first: the debate's communication topology.

* ``all``  -- every debater reads every other one (the classic debate; prompts grow with N);
* ``ring`` -- a debater reads its two neighbours (the one before and the one after it);
* ``star`` -- the hub (the first debater) reads everyone, the others read the hub only.

Sparse topologies send fewer tokens per round and slow down the herd effect in which small
models adopt the majority (Li et al. 2024, "Improving multi-agent debate with sparse
communication topology"). With three debaters a ring is the same as ``all``.
"""

from __future__ import annotations

from agora.errors import ConfigError

TOPOLOGIES = ("all", "ring", "star")


def check(topology: str, n: int) -> None:
    if topology not in TOPOLOGIES:
        raise ConfigError(f"unknown topology {topology!r}: choose one of {', '.join(TOPOLOGIES)}")
    if topology == "ring" and n < 3:
        raise ConfigError(f"a ring needs at least 3 debaters (got {n}): with fewer, each would read "
                          "the same neighbour twice; use --topology all")


def peers(topology: str, n: int) -> list[list[int]]:
    """For each debater (by position), the positions of the debaters it reads."""
    check(topology, n)
    if topology == "all":
        return [[j for j in range(n) if j != i] for i in range(n)]
    if topology == "ring":
        return [sorted({(i - 1) % n, (i + 1) % n}) for i in range(n)]
    return [list(range(1, n))] + [[0] for _ in range(1, n)]


__all__ = ["TOPOLOGIES", "check", "peers"]
