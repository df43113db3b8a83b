"""Dense vectors: float32 blobs of unit length in SQLite; cosine similarity is then a dot
product, computed with numpy over a matrix cached in memory until the index changes."""

from __future__ import annotations

from typing import Any, Sequence

from agora.errors import ConfigError, RetrievalError


def _np():
    try:
        import numpy
    except ImportError:
        raise ConfigError("numpy is not installed: pip install 'agora[rag]'") from None
    return numpy


def unit_vectors(vectors: Sequence[Sequence[float]]):
    """A float32 matrix of the vectors scaled to length 1 (zero vectors stay zero)."""
    np = _np()
    m = np.asarray(vectors, dtype=np.float32)
    if m.ndim != 2 or m.shape[1] == 0:
        raise RetrievalError("the embedder returned no usable vectors")
    if not np.isfinite(m).all():
        raise RetrievalError("the embedder returned vectors with NaN or infinite values")
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


def pack(vector) -> bytes:
    return _np().asarray(vector, dtype="<f4").tobytes()


class VectorCache:
    """The index's vectors as one matrix, rebuilt when the index's write counter moved
    (another process may have written since). Reading is done in batches of rows."""

    def __init__(self) -> None:
        self.generation: int | None = None
        self.ids: Any = None  # numpy arrays once loaded (numpy is imported lazily)
        self.matrix: Any = None

    def load(self, store) -> None:
        np = _np()
        generation = store.generation()
        if generation == self.generation and self.matrix is not None:
            return
        id_parts, row_parts = [], []
        for rows in store.iter_vectors():
            id_parts.append(np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)))
            row_parts.append(np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1))
        if row_parts:
            self.ids = np.concatenate(id_parts)
            self.matrix = np.concatenate(row_parts)
        else:
            self.ids = np.zeros(0, dtype=np.int64)
            self.matrix = np.zeros((0, 1), dtype=np.float32)
        self.generation = generation

    def top(self, store, query, limit: int) -> list[tuple[int, float]]:
        """(chunk id, cosine) of the ``limit`` nearest chunks, best first."""
        np = _np()
        self.load(store)
        if len(self.ids) == 0:
            return []
        if self.matrix.shape[1] != query.shape[0]:
            raise RetrievalError(f"the query vector has {query.shape[0]} dimensions but the index "
                                 f"holds {self.matrix.shape[1]}-dimensional vectors")
        # einsum runs in one thread: a multi-threaded BLAS matvec is no faster at this size
        # and stalls (10x slower) when the machine's few cores are busy
        sims = np.einsum("ij,j->i", self.matrix, query)
        limit = min(limit, len(sims))
        top = np.argpartition(-sims, limit - 1)[:limit]
        top = top[np.argsort(-sims[top], kind="stable")]
        return [(int(self.ids[i]), float(sims[i])) for i in top]
