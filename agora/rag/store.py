"""The index file: ONE SQLite database holding sources, chunks, an FTS5 table for BM25 and
the dense vectors (float32 blobs, unit length, so cosine similarity is a dot product).

Why SQLite: one file the user can copy or delete, transactions for free, FTS5 for BM25
ranking, and safe use by two processes at once. Every write is one ``BEGIN IMMEDIATE``
transaction (the write lock is taken up front, so two writers queue instead of failing
half-way), and the journal rolls back a transaction that a crash cut short.

Any SQLite failure (not a database, malformed, locked for too long) becomes a one-line
:class:`RetrievalError`.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from agora.errors import RetrievalError

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    chunks INTEGER NOT NULL,
    added REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    text TEXT NOT NULL,
    vector BLOB
);
CREATE INDEX IF NOT EXISTS chunks_by_source ON chunks(source_id, ord);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    text, content='chunks', content_rowid='id', tokenize='porter unicode61'
);
-- keep the FTS index in step with the chunks table inside the same transaction
CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""

#: seconds a writer waits for another process's transaction before giving up
BUSY_TIMEOUT = 60.0


class Store:
    """Thin data access over one SQLite file. Not thread-safe; one per thread/process."""

    def __init__(self, path: str | Path):
        self.path = Path(path).expanduser()
        if self.path.exists() and self.path.is_dir():
            raise RetrievalError(f"{self.path} is a folder, not an index file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves
            # check_same_thread=False: tools run in worker threads; callers serialise use
            self.db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT, isolation_level=None,
                                      check_same_thread=False)
            self.db.execute("PRAGMA foreign_keys = ON")
            # WAL: readers never block the writer and vice versa; a crash leaves the last
            # committed state (the uncommitted tail of the log is ignored on reopen)
            self._wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "sources" not in tables:
                raise RetrievalError(f"{self.path} is an SQLite file but not an agora index; "
                                     "choose another --index")
            if "sources" not in tables:
                # executescript() cannot run inside our own BEGIN, so the script carries its
                # own transaction: a crash here leaves either nothing or the whole schema
                try:
                    self.db.executescript(
                        "BEGIN IMMEDIATE;" + _SCHEMA +
                        f"INSERT OR IGNORE INTO meta VALUES ('schema', '{SCHEMA_VERSION}'); COMMIT;")
                except BaseException:
                    if self.db.in_transaction:
                        self.db.execute("ROLLBACK")
                    raise
        except sqlite3.DatabaseError as err:
            self.close()
            raise _as_retrieval_error(self.path, err) from None
        version = self.get_meta("schema")
        if version != str(SCHEMA_VERSION):
            raise RetrievalError(f"{self.path}: index format {version} is not supported "
                                 f"(this agora reads format {SCHEMA_VERSION}); rebuild it")

    def _wal(self) -> None:
        """Switch to WAL. Two processes opening a new file at once: the switch can be refused
        at once as "locked" (SQLite's busy timeout does not cover it), so it is retried."""
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    # --- transactions -------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as err:
            raise _as_retrieval_error(self.path, err) from None
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            try:
                self.db.execute("COMMIT")
            except sqlite3.DatabaseError as err:
                raise _as_retrieval_error(self.path, err) from None

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as err:
            raise _as_retrieval_error(self.path, err) from None

    # --- meta ---------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                   (key, value))

    def bump_generation(self, db: sqlite3.Connection) -> None:
        """A counter every write increases, so cached vector matrices know they are stale."""
        db.execute("INSERT INTO meta VALUES ('generation', '1') "
                   "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    # --- sources ------------------------------------------------------------------------

    def source_hash(self, path: str) -> str | None:
        rows = self.query("SELECT hash FROM sources WHERE path = ?", (path,))
        return rows[0][0] if rows else None

    def replace_source(self, db: sqlite3.Connection, path: str, digest: str, size: int,
                       chunks: Sequence[tuple[str, bytes | None]]) -> None:
        """Inside a write(): drop the old chunks of ``path`` (if any) and store the new ones."""
        db.execute("DELETE FROM sources WHERE path = ?", (path,))  # chunks go by cascade
        cur = db.execute("INSERT INTO sources (path, hash, size, chunks, added) VALUES (?, ?, ?, ?, ?)",
                         (path, digest, size, len(chunks), time.time()))
        source_id = cur.lastrowid
        db.executemany("INSERT INTO chunks (source_id, ord, text, vector) VALUES (?, ?, ?, ?)",
                       [(source_id, i, text, vec) for i, (text, vec) in enumerate(chunks)])
        self.bump_generation(db)

    def remove_sources(self, db: sqlite3.Connection, paths: Sequence[str]) -> int:
        n = 0
        for path in paths:
            n += db.execute("DELETE FROM sources WHERE path = ?", (path,)).rowcount
        if n:
            self.bump_generation(db)
        return n

    def sources(self) -> list[tuple[str, str, int, int, float]]:
        """(path, hash, size, chunks, added) of every source, by path."""
        return self.query("SELECT path, hash, size, chunks, added FROM sources ORDER BY path")

    def counts(self) -> tuple[int, int]:
        (row,) = self.query("SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM chunks)")
        return row[0], row[1]

    # --- search -------------------------------------------------------------------------

    def bm25(self, match: str, limit: int) -> list[tuple[int, float]]:
        """(chunk id, score) best first; FTS5's bm25() is lower-is-better, so it is negated."""
        return [(cid, -score) for cid, score in self.query(
            "SELECT rowid, bm25(chunks_fts) AS s FROM chunks_fts WHERE chunks_fts MATCH ? "
            "ORDER BY s LIMIT ?", (match, limit))]

    def iter_vectors(self, batch: int = 4096) -> Iterator[list[tuple[int, bytes]]]:
        """All (chunk id, vector blob) in batches, so a large index is read in pieces."""
        last = -1
        while True:
            rows = self.query("SELECT id, vector FROM chunks WHERE id > ? AND vector IS NOT NULL "
                              "ORDER BY id LIMIT ?", (last, batch))
            if not rows:
                return
            yield rows
            last = rows[-1][0]

    def chunks_by_id(self, ids: Sequence[int]) -> dict[int, tuple[str, int, str]]:
        """chunk id -> (source path, ord, text)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.query(f"SELECT c.id, s.path, c.ord, c.text FROM chunks c JOIN sources s "
                          f"ON s.id = c.source_id WHERE c.id IN ({marks})", list(ids))
        return {cid: (path, ord_, text) for cid, path, ord_, text in rows}

    def close(self) -> None:
        try:
            self.db.close()
        except sqlite3.Error:
            pass


def _as_retrieval_error(path: Path, err: sqlite3.DatabaseError) -> RetrievalError:
    text = str(err)
    if "not a database" in text or "malformed" in text or "no such table" in text:
        return RetrievalError(f"{path} is not a readable agora index ({text}); "
                              "remove it or choose another --index")
    if "locked" in text or "busy" in text:
        return RetrievalError(f"{path} is locked by another process (waited {BUSY_TIMEOUT:g} s)")
    return RetrievalError(f"{path}: {text}")
