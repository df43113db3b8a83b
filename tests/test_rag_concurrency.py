"""Writes are transactional: two processes adding at once, and a process killed in the middle
of an ingest (or inside an open write transaction), leave a consistent index."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from agora.rag import Index
from agora.rag.store import Store

# spawn: a clean interpreter per worker (no forked sqlite handles or threads)
CTX = multiprocessing.get_context("spawn")


def _write_docs(folder: Path, prefix: str, n: int, paragraphs: int = 3) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = "\n\n".join(f"{prefix} document {i} paragraph {p}: " + f"word{i}x{p} " * 60
                           for p in range(paragraphs))
        (folder / f"{prefix}{i:03d}.txt").write_text(text)


def _add_worker(index_path: str, folder: str, started) -> None:
    started.wait(30)  # both processes start adding at the same moment
    Index(index_path, embedder="hash:32", unit="chars", chunk_size=300, overlap=0).add([folder])


def _slow_add_worker(index_path: str, folder: str, progress) -> None:
    import time as _time

    from agora.testing.fakes import FunctionBackend

    def slow(text: str) -> list[float]:
        _time.sleep(0.01)  # slow enough that the parent kills it half-way
        return [float(len(text)), 1.0, float(text.count("word"))]

    index = Index(index_path, embedder=FunctionBackend(lambda m, o: "x", spec="slow", embed_fn=slow),
                  unit="chars", chunk_size=300, overlap=0)
    index.add([folder], progress=lambda done, total, path: progress.put(done))


def _die_inside_transaction(index_path: str) -> None:
    store = Store(index_path)
    with store.write() as db:
        store.replace_source(db, "/ghost.txt", "h", 1, [("ghost chunk", None)] * 50)
        os.kill(os.getpid(), signal.SIGKILL)  # a crash before COMMIT


def assert_consistent(path: Path) -> tuple[int, int]:
    """SQLite integrity, FTS index in step with the chunks, per-source chunk counts right."""
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('integrity-check')")  # raises if not
        for source_id, expected in db.execute("SELECT id, chunks FROM sources").fetchall():
            (n,) = db.execute("SELECT count(*) FROM chunks WHERE source_id = ?", (source_id,)).fetchone()
            assert n == expected
        (orphans,) = db.execute("SELECT count(*) FROM chunks WHERE source_id NOT IN (SELECT id FROM sources)"
                                ).fetchone()
        assert orphans == 0
        (fts,) = db.execute("SELECT count(*) FROM chunks_fts").fetchone()
        (chunks,) = db.execute("SELECT count(*) FROM chunks").fetchone()
        (sources,) = db.execute("SELECT count(*) FROM sources").fetchone()
        assert fts == chunks
    return sources, chunks


def test_two_processes_adding_at_once(tmp_path: Path) -> None:
    _write_docs(tmp_path / "a", "alpha", 25)
    _write_docs(tmp_path / "b", "beta", 25)
    # a shared file both processes add (same content): it must end up exactly once
    for folder in ("a", "b"):
        (tmp_path / folder / "shared.txt").write_text("shared text " * 50)
    index_path = tmp_path / "i.sqlite"
    started = CTX.Event()
    workers = [CTX.Process(target=_add_worker, args=(str(index_path), str(tmp_path / f), started))
               for f in ("a", "b")]
    for w in workers:
        w.start()
    started.set()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    sources, chunks = assert_consistent(index_path)
    assert sources == 52
    index = Index(index_path)
    assert Path(index.search("alpha document 7", k=1, mode="bm25")[0].source).name == "alpha007.txt"
    assert Path(index.search("beta document 19", k=1, mode="hybrid")[0].source).name == "beta019.txt"


def test_killed_mid_ingest_leaves_a_consistent_index_that_resumes(tmp_path: Path) -> None:
    _write_docs(tmp_path / "docs", "doc", 40, paragraphs=6)
    index_path = tmp_path / "i.sqlite"
    progress = CTX.Queue()
    worker = CTX.Process(target=_slow_add_worker, args=(str(index_path), str(tmp_path / "docs"), progress))
    worker.start()
    done = 0
    deadline = time.monotonic() + 60
    while done < 5 and time.monotonic() < deadline:
        done = progress.get(timeout=60)
    time.sleep(0.05)  # land somewhere inside the next file
    worker.kill()
    worker.join(10)
    assert worker.exitcode == -signal.SIGKILL
    sources, _ = assert_consistent(index_path)
    assert 5 <= sources < 40
    # a second add skips what was finished and completes the rest
    from agora.testing.fakes import FunctionBackend

    resumed = Index(index_path, embedder=FunctionBackend(
        lambda m, o: "x", spec="slow", embed_fn=lambda t: [float(len(t)), 1.0, float(t.count("word"))]),
        unit="chars", chunk_size=300, overlap=0).add([tmp_path / "docs"])
    assert len(resumed.unchanged) == sources and len(resumed.added) == 40 - sources
    assert assert_consistent(index_path)[0] == 40


def test_crash_inside_a_write_transaction_is_rolled_back(tmp_path: Path) -> None:
    index_path = tmp_path / "i.sqlite"
    _write_docs(tmp_path / "docs", "doc", 3)
    Index(index_path, embedder="hash").add([tmp_path / "docs"])
    before = assert_consistent(index_path)
    worker = CTX.Process(target=_die_inside_transaction, args=(str(index_path),))
    worker.start()
    worker.join(30)
    assert worker.exitcode == -signal.SIGKILL
    assert assert_consistent(index_path) == before
    assert "/ghost.txt" not in [s["path"] for s in Index(index_path).sources()]


@pytest.mark.parametrize("garbage", [b"", b"SQLite format 3\x00" + b"\xff" * 4000])
def test_truncated_or_garbled_file(tmp_path: Path, garbage: bytes) -> None:
    """An empty file is simply a new index; a garbled header is a one-line RetrievalError."""
    from agora.errors import RetrievalError

    path = tmp_path / "i.sqlite"
    path.write_bytes(garbage)
    if not garbage:
        assert Index(path).stats()["sources"] == 0
    else:
        with pytest.raises(RetrievalError, match="index"):
            Index(path).sources()
