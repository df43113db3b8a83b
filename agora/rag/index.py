"""``Index``: load -> split -> embed -> store, and search by BM25, dense vectors or both.

    from agora import Index
    index = Index("notes.sqlite", embedder="local:smollm2")
    index.add(["docs/", "paper.pdf"])
    for hit in index.search("how do I rotate the keys?", k=5, mode="hybrid"):
        print(hit.citation, hit.score, hit.text[:80])

Files are handled one at a time and each is stored in its own transaction: an unchanged
file (same SHA-256) is skipped, a changed one has its chunks replaced, and a crash loses at
most the file being written, never the consistency of the index.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, Sequence

from agora.backends.base import Backend
from agora.errors import BackendError, ConfigError, RetrievalError
from agora.events import EventHandler, IngestProgress, Notice
from agora.rag import loaders
from agora.backends import shared_backend
from agora.rag.embedders import NO_EMBEDDER, embedder_spec, resolve_embedder
from agora.rag.rank import llm_rerank, rrf
from agora.rag.results import AddReport, Hit, display_path
from agora.rag.splitter import chars, split_text
from agora.rag.store import Store
from agora.rag.vectors import VectorCache, pack, unit_vectors
from agora.text import estimate_tokens

#: what adding one file did (the status of its IngestProgress event)
AddStatus = Literal["added", "updated", "unchanged", "skipped"]

Mode = Literal["bm25", "dense", "hybrid"]
MODES = ("bm25", "dense", "hybrid")

DEFAULT_SIZE = {"tokens": 200, "chars": 800}
DEFAULT_OVERLAP = {"tokens": 30, "chars": 120}
#: chunks embedded per backend call
EMBED_BATCH = 16
#: weight of the dense ranking in hybrid fusion (BM25 counts 1). The bundled SmolLM2 is a
#: weak embedder: on the evaluation set (tests/data/rag) equal weights lower MRR below
#: BM25 alone (0.87 vs 0.93) while half weight keeps dense's extra recall (1.0 vs 0.98)
#: and MRR at 0.91. See examples/bench_rag.py.
DENSE_WEIGHT = 0.5


def default_index_path() -> Path:
    from agora.config import user_data_dir

    return user_data_dir() / "index.sqlite"


class Index:
    """A retrieval index in one SQLite file.

    ``embedder``: a spec string or Backend (see :mod:`agora.rag.embedders`); None means the
    one that built the index, or ``local:smollm2`` for a new index. ``unit`` measures
    ``chunk_size``/``overlap`` in "tokens" (the embedder's tokenizer) or "chars".
    ``rerank``: a Backend or spec whose LLM reorders the top results (off by default).
    ``dense_weight``: how much the vector ranking counts against BM25's 1 in hybrid search.
    """

    def __init__(self, path: str | os.PathLike | None = None, embedder: str | Backend | None = None, *,
                 chunk_size: int | None = None, overlap: int | None = None,
                 unit: Literal["tokens", "chars"] = "tokens", rerank: str | Backend | bool | None = None,
                 dense_weight: float = DENSE_WEIGHT):
        if unit not in DEFAULT_SIZE:
            raise ConfigError(f"chunk unit must be 'tokens' or 'chars', not {unit!r}")
        self.path = Path(path).expanduser() if path else default_index_path()
        self.store = Store(self.path)
        self.unit = unit
        self.chunk_size = chunk_size or DEFAULT_SIZE[unit]
        self.overlap = DEFAULT_OVERLAP[unit] if overlap is None else overlap
        self._explicit = embedder is not None
        self._embedder_arg = embedder if embedder is not None else (
            self.store.get_meta("embedder") or None)
        self._embedder: Backend | None = None
        self._embedder_ready = False
        self._rerank_arg = rerank
        self.dense_weight = dense_weight
        self._vectors = VectorCache()
        self._query_vectors: dict[str, Any] = {}  # query text -> unit vector (same embedder)
        if isinstance(embedder, Backend):
            self._get_embedder()  # an object is cheap to check: refuse a mismatch at once

    # --- the embedder -------------------------------------------------------------------

    @property
    def embedding_model(self) -> str | None:
        """The embedding model that built this index (None while it is empty)."""
        return self.store.get_meta("embedding_model")

    def check_embedder(self) -> None:
        """Load the embedder now and refuse it if another model built the index."""
        self._get_embedder()

    def _get_embedder(self) -> Backend | None:
        if not self._embedder_ready:
            backend = resolve_embedder(self._embedder_arg)
            self._check_model(self._model_name(backend), embedder_spec(self._embedder_arg))
            self._embedder, self._embedder_ready = backend, True
        return self._embedder

    @staticmethod
    def _model_name(backend: Backend | None) -> str:
        return NO_EMBEDDER if backend is None else backend.embedding_model

    def _check_model(self, model: str, spec: str) -> None:
        built = self.embedding_model
        if built is not None and built != model:
            built_spec = self.store.get_meta("embedder") or built
            raise RetrievalError(
                f"{self.path} was built with embedding model {built!r}, not {model!r}: vectors of "
                f"two models are not comparable; use --embedder {built_spec} or another --index")

    # --- adding -------------------------------------------------------------------------

    def add(self, paths: str | os.PathLike | Iterable[str | os.PathLike], *,
            on_event: EventHandler | None = None,
            progress: Callable[[int, int, str], None] | None = None) -> AddReport:
        """Index files and folders (recursively). Unchanged files are skipped by hash; a
        changed file's chunks are replaced; unreadable files are skipped with a warning
        Notice. ``progress(done, total, path)`` is called after each file."""
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        paths = list(paths)
        if not paths:
            raise ConfigError("nothing to index: give at least one file or folder")
        files = list(loaders.iter_files(paths))  # paths only: contents are read one by one
        if not files:
            raise ConfigError(f"no files to index in {', '.join(str(p) for p in paths)}")
        embedder = self._get_embedder()
        report = AddReport()
        started = time.perf_counter()
        emit = on_event or (lambda event: None)
        for done, path in enumerate(files, 1):
            status, n, detail = self._add_file(path, embedder)
            key = str(path)
            if status == "skipped":
                report.skipped.append((key, detail))
                emit(Notice(level="warning", text=f"skipped {display_path(key)}: {detail}"))
            else:
                getattr(report, status).append(key)
                report.chunks += n
            emit(IngestProgress(path=key, status=status, chunks=n, done=done, total=len(files), detail=detail))
            if progress is not None:
                progress(done, len(files), key)
        report.seconds = time.perf_counter() - started
        return report

    def _add_file(self, path: Path, embedder: Backend | None) -> tuple[AddStatus, int, str]:
        key = str(path)
        try:
            digest = loaders.file_hash(path)
            size = path.stat().st_size
        except OSError as err:
            return "skipped", 0, f"cannot read: {err.strerror or err}"
        previous = self.store.source_hash(key)
        if previous == digest:
            return "unchanged", 0, ""
        try:
            text = loaders.load_text(path)
        except loaders.Unreadable as err:
            return "skipped", 0, str(err)
        pieces = split_text(text, size=self.chunk_size, overlap=self.overlap, length=self._length(embedder))
        if not pieces:
            return "skipped", 0, "no text"
        blobs = self._embed_blobs(pieces, embedder)
        model = self._model_name(embedder)
        with self.store.write() as db:
            # checked again inside the write lock: another process may have built the index
            # with another model since we opened it
            self._check_model(model, embedder_spec(self._embedder_arg))
            if self.store.get_meta("embedding_model") is None:
                self.store.set_meta(db, "embedding_model", model)
                self.store.set_meta(db, "embedder", embedder_spec(self._embedder_arg))
                if blobs[0] is not None:
                    self.store.set_meta(db, "dim", str(len(blobs[0]) // 4))
            self.store.replace_source(db, key, digest, size, list(zip(pieces, blobs)))
        return ("updated" if previous else "added"), len(pieces), ""

    def _length(self, embedder: Backend | None) -> Callable[[str], int]:
        if self.unit == "chars" or embedder is None:
            return chars if self.unit == "chars" else estimate_tokens
        return embedder.count_tokens

    def _embed_blobs(self, pieces: Sequence[str], embedder: Backend | None) -> list[bytes | None]:
        if embedder is None:
            return [None] * len(pieces)
        out: list[bytes | None] = []
        dim = self.store.get_meta("dim")
        for start in range(0, len(pieces), EMBED_BATCH):
            batch = pieces[start:start + EMBED_BATCH]
            vectors = unit_vectors(self._embed(embedder, batch))
            if dim is not None and vectors.shape[1] != int(dim):
                raise RetrievalError(f"{self.path}: the embedder gives {vectors.shape[1]}-dimensional "
                                     f"vectors but the index holds {dim}-dimensional ones")
            out.extend(pack(v) for v in vectors)
        return out

    @staticmethod
    def _embed(embedder: Backend, texts: Sequence[str]) -> list[list[float]]:
        vectors = embedder.embed(list(texts))
        if len(vectors) != len(texts):
            raise BackendError(f"{embedder.spec}: embed() returned {len(vectors)} vectors for {len(texts)} texts")
        return vectors

    # --- removing and listing -------------------------------------------------------------

    def remove(self, path: str | os.PathLike) -> int:
        """Forget a file, or every file under a folder. Returns how many sources went;
        a path the index does not hold is a RetrievalError."""
        target = str(Path(path).expanduser().resolve())
        known = [row[0] for row in self.store.sources()]
        doomed = [p for p in known if p == target or p.startswith(target.rstrip(os.sep) + os.sep)]
        if not doomed:
            raise RetrievalError(f"{path} is not in the index {self.path}")
        with self.store.write() as db:
            return self.store.remove_sources(db, doomed)

    def sources(self) -> list[dict[str, Any]]:
        """One dict per indexed file: path, hash, size, chunks, added (epoch seconds)."""
        return [dict(path=p, hash=h, size=s, chunks=c, added=a) for p, h, s, c, a in self.store.sources()]

    def stats(self) -> dict[str, Any]:
        n_sources, n_chunks = self.store.counts()
        return {"path": str(self.path), "sources": n_sources, "chunks": n_chunks,
                "embedding_model": self.embedding_model, "embedder": self.store.get_meta("embedder"),
                "dim": self.store.get_meta("dim")}

    # --- searching ------------------------------------------------------------------------

    def search(self, query: str, k: int = 5, mode: Mode = "hybrid", *, rerank: bool | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query``. ``mode``: "bm25" (words), "dense" (vectors)
        or "hybrid" (both, fused by reciprocal rank). ``rerank``: let the LLM given as
        ``Index(rerank=...)`` reorder the candidates (default: when one was given)."""
        if mode not in MODES:
            raise ConfigError(f"search mode must be one of {', '.join(MODES)}, not {mode!r}")
        if not query.strip():
            raise ConfigError("empty search query")
        k = max(1, int(k))
        if self._explicit or mode != "bm25":
            self._get_embedder()  # refuses another embedding model before anything is read
        want_rerank = self._rerank_arg is not None if rerank is None else rerank
        pool = max(k * 4, 20) if want_rerank or mode == "hybrid" else k
        rankings: list[list[int]] = []
        scores: dict[int, float] = {}
        if mode in ("bm25", "hybrid"):
            match = fts_query(query)
            found = self.store.bm25(match, pool) if match else []
            rankings.append([cid for cid, _ in found])
            scores.update(found)
        if mode in ("dense", "hybrid"):
            found = self._dense(query, pool, required=mode == "dense")
            rankings.append([cid for cid, _ in found])
            if mode == "dense":
                scores.update(found)
        if mode == "hybrid":
            fused = rrf(rankings, weights=[1.0, self.dense_weight][:len(rankings)])
            ids, scores = [cid for cid, _ in fused], dict(fused)
        else:
            ids = rankings[0]
        rows = self.store.chunks_by_id(ids[:pool])
        hits = [Hit(cid, *rows[cid], score=float(scores[cid])) for cid in ids[:pool] if cid in rows]
        if want_rerank and len(hits) > 1:
            hits = self._rerank(query, hits)
        return hits[:k]

    def _dense(self, query: str, limit: int, *, required: bool) -> list[tuple[int, float]]:
        embedder = self._get_embedder()
        if embedder is None or self.store.get_meta("dim") is None:
            if required:
                raise RetrievalError(f"{self.path} holds no vectors (built with --embedder none); "
                                     "use --mode bm25")
            return []
        q = self._query_vectors.get(query)
        if q is None:
            q = unit_vectors(self._embed(embedder, [query]))[0]
            if len(self._query_vectors) >= 256:  # small: a run asks the same few questions
                self._query_vectors.pop(next(iter(self._query_vectors)))
            self._query_vectors[query] = q
        return self._vectors.top(self.store, q, limit)

    def _rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        arg = self._rerank_arg
        backend = shared_backend(arg if isinstance(arg, (str, Backend)) else None)  # True: the default
        order = llm_rerank(backend, query, [h.text for h in hits[:10]])
        if order is None:
            return hits
        return [hits[i] for i in order] + hits[10:]

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Index {self.path}>"


def fts_query(text: str) -> str:
    """An FTS5 MATCH expression from free text: every word quoted (so punctuation and FTS
    syntax in the question cannot break the query), joined by OR; BM25 ranks the matches."""
    import re

    words = re.findall(r"\w+", text.lower())
    if not words:
        return ""
    seen = dict.fromkeys(words)
    return " OR ".join(f'"{w}"' for w in seen)
