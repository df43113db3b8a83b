"""Combining and refining rankings.

* Reciprocal-rank fusion (Cormack et al., 2009): each list gives a document 1/(k + rank);
  the sums order the fused list. It needs no score calibration between BM25 (unbounded)
  and cosine (-1..1), which is why hybrid search uses it.
* LLM rerank: the model reads the top passages and lists the useful ones first. Small
  models are unreliable judges, so any failure keeps the original order.
"""

from __future__ import annotations

from typing import Hashable, Sequence, TypeVar

from agora.backends.base import Backend
from agora.errors import AgoraError
from agora.messages import Message

T = TypeVar("T", bound=Hashable)

RRF_K = 60


def rrf(rankings: Sequence[Sequence[T]], *, weights: Sequence[float] | None = None,
        k: int = RRF_K) -> list[tuple[T, float]]:
    """Fuse ranked lists (best first) into one list of (item, fused score), best first.
    ``weights`` scale each list's votes (default 1 each). Ties keep first-seen order."""
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    scores: dict[T, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank + 1)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def llm_rerank(backend: Backend, query: str, passages: Sequence[str], *,
               max_chars: int = 600) -> list[int] | None:
    """Indexes of ``passages`` in the model's order of usefulness (passages it left out
    follow in their original order), or None when the model failed."""
    from agora.prompts import render

    n = len(passages)
    if n <= 1:
        return list(range(n))
    schema = {
        "type": "object",
        "properties": {"ranking": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": n},
                                   "maxItems": n}},
        "required": ["ranking"],
    }
    prompt = render("rerank", query=query, passages=[p[:max_chars] for p in passages])
    try:
        completion = backend.complete([Message.user(prompt)], output_schema=schema,
                                      max_tokens=16 + 4 * n, temperature=0.0)
    except AgoraError:
        return None
    parsed = completion.parsed if isinstance(completion.parsed, dict) else {}
    order: list[int] = []
    for number in parsed.get("ranking") or []:
        if isinstance(number, int) and 1 <= number <= n and number - 1 not in order:
            order.append(number - 1)
    if not order:
        return None
    return order + [i for i in range(n) if i not in order]
