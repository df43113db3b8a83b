"""Statistics for paired benchmark results, in plain Python (no scipy needed).

* :func:`wilson` -- the Wilson score interval for an accuracy k/n. Unlike the normal
  approximation it stays inside [0, 1] and behaves at k = 0, k = n and small n, which is
  what short benchmark runs give.
* :func:`mcnemar_exact` -- the exact McNemar test for two methods answering the SAME items:
  only the discordant pairs count (b = first right / second wrong, c = the reverse); under
  the null each is a fair coin, so the two-sided p-value is a binomial tail.
* :func:`compare_paired` -- b, c and p from two lists of per-item right/wrong.
"""

from __future__ import annotations

import math
from typing import Sequence

#: two-sided 95% normal quantile
Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials. (0.0, 1.0) when n == 0."""
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    if n == 0:
        return 0.0, 1.0
    p = k / n
    z2 = z * z
    denom = 1 + z2 / n
    center = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    # at the ends the exact bound is 0 or 1; floating point would give 1e-17 or 0.99999...
    low = 0.0 if k == 0 else max(0.0, center - half)
    high = 1.0 if k == n else min(1.0, center + half)
    return low, high


def binomial_cdf(k: int, n: int, p: float = 0.5) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed exactly."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    return math.fsum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


def mcnemar_exact(b: int, c: int) -> float:
    """Exact two-sided McNemar p-value from the discordant counts b and c.
    1.0 when there are no discordant pairs (no evidence of any difference)."""
    if b < 0 or c < 0:
        raise ValueError("discordant counts must be >= 0")
    n = b + c
    if n == 0:
        return 1.0
    return min(1.0, 2.0 * binomial_cdf(min(b, c), n, 0.5))


def compare_paired(first: Sequence[bool], second: Sequence[bool]) -> dict:
    """McNemar comparison of two methods on the same items (same order).
    b: first right and second wrong; c: second right and first wrong."""
    if len(first) != len(second):
        raise ValueError(f"paired results need the same items ({len(first)} vs {len(second)})")
    b = sum(1 for x, y in zip(first, second) if x and not y)
    c = sum(1 for x, y in zip(first, second) if y and not x)
    return {"b": b, "c": c, "n": len(first), "p_value": mcnemar_exact(b, c)}


def accuracy(correct: Sequence[bool]) -> dict:
    """Accuracy with its Wilson 95% interval."""
    n = len(correct)
    k = sum(1 for x in correct if x)
    lo, hi = wilson(k, n)
    return {"correct": k, "n": n, "accuracy": (k / n) if n else 0.0, "ci_low": lo, "ci_high": hi}


__all__ = ["wilson", "binomial_cdf", "mcnemar_exact", "compare_paired", "accuracy", "Z95"]
