"""The SQLite chunk store (the default): the source of truth for which documents and chunks
are live. ``kb.pgstore`` is the same store in PostgreSQL (``kb.storage.ChunkStorage``).

Vectors (Chroma) and the lexical index (BM25) are derived from it. Replacing a document's chunks is
one transaction, so a reader sees the old document or the new one, never half of each; a crash
mid-ingest leaves the previous state. ``generation`` rises with every change so readers in other
processes can tell when to reload their lexical index.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ingest.model import Chunk, DocumentMeta
from kb.storage import (
    CHUNK_COLUMNS,
    StoredDocument,
    chunk_from_row,
    decode_vector,
    encode_tags,
    encode_vector,
    stored_document_from_row,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    source TEXT PRIMARY KEY,
    doc_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    owner TEXT,
    url TEXT,
    kind TEXT NOT NULL,
    tags TEXT NOT NULL,
    chunk_count INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL REFERENCES documents(source) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    section TEXT,
    page INTEGER
);
CREATE INDEX IF NOT EXISTS chunks_by_source ON chunks(source, position);
CREATE TABLE IF NOT EXISTS text_vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO state VALUES ('generation', '0');
"""


# How long a connection waits for another process's lock (SQLite's busy timeout, and the retry
# of the switch to WAL, which SQLite answers "database is locked" without waiting for).
BUSY_SECONDS = 30.0


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, retrying while another process holds the lock: two workers opening a new
    index at once both switch, and the loser is refused at once rather than made to wait."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


class ChunkStore:
    """Thread-safe SQLite store of documents and their chunks (WAL: readers never block)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        self._write_lock = threading.Lock()
        with self._connect() as conn:
            conn.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            _use_wal(conn)
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: this process's writers queue on a lock, other processes on
        SQLite's (BEGIN IMMEDIATE); everything inside commits together or not at all."""
        with self._write_lock:
            conn = self._connect()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    # -- reads ---------------------------------------------------------------------------------

    def generation(self) -> int:
        row = self._connect().execute("SELECT value FROM state WHERE key='generation'").fetchone()
        return int(row[0])

    def document_hash(self, source: str) -> str | None:
        row = (
            self._connect()
            .execute("SELECT doc_hash FROM documents WHERE source=?", (source,))
            .fetchone()
        )
        return None if row is None else str(row[0])

    def count_chunks(self) -> int:
        return int(self._connect().execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def chunk_ids(self, source: str | None = None) -> list[str]:
        conn = self._connect()
        if source is None:
            rows = conn.execute("SELECT id FROM chunks ORDER BY source, position")
        else:
            rows = conn.execute("SELECT id FROM chunks WHERE source=? ORDER BY position", (source,))
        return [r[0] for r in rows]

    def list_documents(self) -> list[StoredDocument]:
        rows = self._connect().execute(
            "SELECT source, doc_hash, title, date, owner, url, kind, tags, chunk_count, ingested_at"
            " FROM documents ORDER BY source"
        )
        return [stored_document_from_row(r) for r in rows]

    def get_chunks(self, ids: Sequence[str]) -> dict[str, Chunk]:
        """The live chunks among ``ids`` (ids of replaced or removed chunks are left out)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._connect().execute(
            f"SELECT {CHUNK_COLUMNS}"
            f" FROM chunks c JOIN documents d ON d.source = c.source WHERE c.id IN ({marks})",
            list(ids),
        )
        return {r[0]: chunk_from_row(r) for r in rows}

    def get_document_chunks(
        self, source: str, *, first: int = 0, last: int = 1 << 62
    ) -> list[Chunk]:
        """A document's chunks in order, optionally only positions ``first`` to ``last``."""
        rows = self._connect().execute(
            f"SELECT {CHUNK_COLUMNS} FROM chunks c JOIN documents d ON d.source = c.source"
            " WHERE c.source=? AND c.position BETWEEN ? AND ? ORDER BY c.position",
            (source, first, last),
        )
        return [chunk_from_row(r) for r in rows]

    def iter_texts(self) -> Iterator[tuple[str, str, str | None, str]]:
        """(id, document title, section, text) of every live chunk, in a stable order."""
        # A separate connection so a long scan does not hold this thread's read snapshot.
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            yield from conn.execute(
                "SELECT c.id, d.title, c.section, c.text FROM chunks c"
                " JOIN documents d ON d.source = c.source ORDER BY c.source, c.position"
            )
        finally:
            conn.close()

    def get_text_vectors(self, keys: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        """Vectors stored ahead of time for derived texts (e.g. sentences), by key."""
        found: dict[str, npt.NDArray[np.float32]] = {}
        conn = self._connect()
        for start in range(0, len(keys), 500):
            part = list(keys[start : start + 500])
            marks = ",".join("?" * len(part))
            for key, blob in conn.execute(
                f"SELECT key, vector FROM text_vectors WHERE key IN ({marks})", part
            ):
                found[key] = decode_vector(blob)
        return found

    def put_text_vectors(self, items: Iterable[tuple[str, npt.NDArray[np.float32]]]) -> None:
        rows = [(key, encode_vector(v)) for key, v in items]
        with self._write() as conn:
            conn.executemany("INSERT OR REPLACE INTO text_vectors VALUES (?, ?)", rows)

    # -- writes --------------------------------------------------------------------------------

    def replace_documents(
        self, documents: Sequence[tuple[str, str, DocumentMeta, Sequence[Chunk]]]
    ) -> None:
        """Swap in several documents' chunks in one transaction."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._write() as conn:
            for source, doc_hash, meta, chunks in documents:
                conn.execute("DELETE FROM chunks WHERE source=?", (source,))
                conn.execute(
                    "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        source,
                        doc_hash,
                        meta.title,
                        meta.date,
                        meta.owner,
                        meta.url,
                        meta.kind,
                        encode_tags(meta),
                        len(chunks),
                        now,
                    ),
                )
                conn.executemany(
                    "INSERT INTO chunks VALUES (?,?,?,?,?,?)",
                    [(c.id, source, c.position, c.text, c.section, c.page) for c in chunks],
                )
            _bump_generation(conn)

    def remove_document(self, source: str) -> bool:
        with self._write() as conn:
            conn.execute("DELETE FROM chunks WHERE source=?", (source,))
            removed = conn.execute("DELETE FROM documents WHERE source=?", (source,)).rowcount
            if removed:
                _bump_generation(conn)
        return bool(removed)


def _bump_generation(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE state SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
