"""Which model turns chunks into vectors. An embedder is any Backend with ``embed()``; it is
named by a spec string or passed as an object:

    local:smollm2 (default)    the bundled SmolLM2 GGUF through llama.cpp embeddings
    gguf:PATH, openai:MODEL    any backend whose embed() works
    hash[:DIM]                 feature hashing of words: no model, instant, deterministic;
                               for tests, benchmarks at scale and machines without llama.cpp
    none                       no vectors: BM25 only

The identity recorded in an index is ``backend.embedding_model``: vectors from two models
are not comparable, so an index refuses a different one.
"""

from __future__ import annotations

import math
import re
import zlib
from typing import Any, Sequence

from agora import defaults
from agora.backends.base import Backend
from agora.errors import BackendError, ConfigError
from agora.messages import Completion

DEFAULT_EMBEDDER = defaults.MODEL
NO_EMBEDDER = "none"

_WORD = re.compile(r"\w+", re.UNICODE)


class HashEmbedder(Backend):
    """Signed feature hashing of lower-cased words and word pairs into ``dim`` buckets,
    with sublinear term frequency. A lexical vector, not a semantic one: good enough to
    exercise the dense path and to measure ingest throughput without a model."""

    def __init__(self, dim: int = 256):
        if dim < 8:
            raise ConfigError("hash embedder needs at least 8 dimensions")
        self.dim = dim
        self.spec = f"hash:{dim}"

    @property
    def embedding_model(self) -> str:
        return f"hash-v1:{self.dim}"

    def complete(self, messages: Any, **options: Any) -> Completion:
        raise BackendError("the hash embedder only embeds; it cannot answer")

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._one(t) for t in texts]

    def _one(self, text: str) -> list[float]:
        counts: dict[int, float] = {}
        words = _WORD.findall(text.lower())
        features = words + [a + " " + b for a, b in zip(words, words[1:])]
        for f in features:
            h = zlib.crc32(f.encode("utf-8"))
            bucket = h % self.dim
            sign = 1.0 if (h >> 31) & 1 else -1.0
            counts[bucket] = counts.get(bucket, 0.0) + sign
        vec = [0.0] * self.dim
        for bucket, c in counts.items():
            vec[bucket] = math.copysign(1.0 + math.log(abs(c)), c) if c else 0.0
        return vec


def resolve_embedder(embedder: str | Backend | None) -> Backend | None:
    """A Backend for ``embedder`` (None for "none"). Local models are shared with the rest of
    the process (agora.backends.shared_backend) so the GGUF is loaded once."""
    if isinstance(embedder, Backend):
        return embedder
    spec = (embedder or DEFAULT_EMBEDDER).strip()
    if spec == NO_EMBEDDER:
        return None
    if spec == "hash" or spec.startswith("hash:"):
        _, _, dim = spec.partition(":")
        try:
            return HashEmbedder(int(dim) if dim else 256)
        except ValueError:
            raise ConfigError(f"bad embedder {spec!r}: use hash or hash:DIM") from None
    from agora.backends import shared_backend

    return shared_backend(spec)


def embedder_spec(embedder: str | Backend | None) -> str:
    """The spec string to record for an embedder (so a later open can load it again)."""
    if isinstance(embedder, Backend):
        return embedder.spec or type(embedder).__name__
    return (embedder or DEFAULT_EMBEDDER).strip()
