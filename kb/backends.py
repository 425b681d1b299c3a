"""Where the chunk store and BM25 live: a folder (SQLite; the default) or PostgreSQL.

``open_storage(directory)`` gives the SQLite chunk store, BM25 generation folders and a file
lock beside them, which serialises writers on one machine. ``open_storage(directory,
engine=...)`` gives the PostgreSQL twins (tables made by the migrations), so nothing a web
process needs is in ``directory``; the caller should then pass a lock every host shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from kb.chunkstore import ChunkStore
from kb.lexical import FolderLexicalStore, LexicalStorage
from kb.storage import ChunkStorage
from kb.writelock import WriteLock

WRITE_LOCK_FILE = "write.lock"


@dataclass(frozen=True)
class Storage:
    """The chunk store, the BM25 generations and the lock their writers take by default."""

    store: ChunkStorage
    lexical: LexicalStorage
    write_lock: WriteLock


def open_storage(directory: Path, *, engine: Engine | None = None) -> Storage:
    directory.mkdir(parents=True, exist_ok=True)
    lock = WriteLock.file(directory / WRITE_LOCK_FILE)
    if engine is None:
        return Storage(
            ChunkStore(directory / "chunks.sqlite3"),
            FolderLexicalStore(directory / "lexical"),
            lock,
        )
    from kb.pglexical import PostgresLexicalStore  # only PostgreSQL deployments load these
    from kb.pgstore import PostgresChunkStore

    return Storage(PostgresChunkStore(engine), PostgresLexicalStore(engine), lock)
