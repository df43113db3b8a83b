"""Retrieval over the user's documents: load -> split -> embed -> store (one SQLite file),
then BM25, dense or hybrid search, optionally reranked by an LLM.

    from agora.rag import Index
    index = Index("notes.sqlite")
    index.add(["docs/"])
    hits = index.search("what is the refund policy?", k=5)

Modules: loaders (files -> text), splitter (text -> chunks), embedders (which model makes
vectors), store (the SQLite file), vectors (cosine with numpy), rank (RRF, LLM rerank),
index (the Index class that ties them together).
"""

from __future__ import annotations

from agora.rag.embedders import DEFAULT_EMBEDDER, HashEmbedder
from agora.rag.index import AddReport, Hit, Index, default_index_path

__all__ = ["Index", "Hit", "AddReport", "HashEmbedder", "DEFAULT_EMBEDDER", "default_index_path"]
