"""Retrieval quality on a set of queries with known relevant documents: recall@k (share of
queries with a relevant document in the top k) and MRR (mean of 1/rank of the first
relevant document, 0 when none is in the top k). Relevance is judged by file name, so an
evaluation set is a folder of documents plus ``queries.json``::

    [{"query": "...", "relevant": ["file.md", ...]}, ...]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal, Sequence

from agora.rag.index import Index


def load_queries(path: str | Path) -> list[dict[str, Any]]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def evaluate(index: Index, queries: Sequence[dict[str, Any]], *, k: int = 5,
             mode: Literal["bm25", "dense", "hybrid"] = "hybrid") -> dict[str, float]:
    """{"recall@k": ..., "mrr": ..., "queries": n} of ``index`` on ``queries``."""
    hits_at_k, reciprocal = 0, 0.0
    for q in queries:
        relevant = set(q["relevant"])
        ranked: list[str] = []
        for hit in index.search(q["query"], k=k * 3, mode=mode):  # chunks -> distinct files
            name = Path(hit.source).name
            if name not in ranked:
                ranked.append(name)
        ranked = ranked[:k]
        for rank, name in enumerate(ranked, 1):
            if name in relevant:
                hits_at_k += 1
                reciprocal += 1.0 / rank
                break
    n = max(1, len(queries))
    return {f"recall@{k}": hits_at_k / n, "mrr": reciprocal / n, "queries": len(queries)}
