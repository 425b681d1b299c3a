"""The chunk store in PostgreSQL: the same contract as the SQLite ``ChunkStore``.

Used when the service's database is PostgreSQL, so every web process on every host reads one
store and none needs a shared folder. The tables (``kb.pgtables``) are made by the migrations;
this module only reads and writes rows. Replacing a document's chunks is one transaction, and
``generation`` rises in the same transaction, so readers see the old document or the new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, Engine, bindparam, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert

from ingest.model import Chunk, DocumentMeta
from kb.pgtables import chunks, state, text_vectors
from kb.pgtables import documents as document_rows
from kb.storage import (
    CHUNK_COLUMNS,
    StoredDocument,
    chunk_from_row,
    decode_vector,
    encode_tags,
    encode_vector,
    stored_document_from_row,
)

# Keys per ``IN (...)`` query: bounded statements, few round trips.
KEYS_PER_QUERY = 1000
# Rows fetched per round trip while scanning every chunk (BM25 rebuilds, acronyms).
SCAN_BATCH = 2000

_CHUNKS_BY_ID = text(
    f"SELECT {CHUNK_COLUMNS} FROM kb_chunks c JOIN kb_documents d ON d.source = c.source"
    " WHERE c.id IN :ids"
).bindparams(bindparam("ids", expanding=True))
_CHUNKS_OF_DOCUMENT = text(
    f"SELECT {CHUNK_COLUMNS} FROM kb_chunks c JOIN kb_documents d ON d.source = c.source"
    " WHERE c.source = :source AND c.position BETWEEN :first AND :last ORDER BY c.position"
)
_TEXTS = text(
    "SELECT c.id, d.title, c.section, c.text FROM kb_chunks c"
    " JOIN kb_documents d ON d.source = c.source ORDER BY c.source, c.position"
)


class PostgresChunkStore:
    """Documents, chunks and derived-text vectors in PostgreSQL (``kb.storage.ChunkStorage``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        with engine.begin() as conn:
            conn.execute(insert(state).values(key="generation", value=0).on_conflict_do_nothing())

    def close(self) -> None:
        """The engine belongs to whoever made it; nothing to release here."""

    # -- reads ---------------------------------------------------------------------------------

    def generation(self) -> int:
        with self.engine.connect() as conn:
            value = conn.scalar(select(state.c.value).where(state.c.key == "generation"))
        return int(value or 0)

    def document_hash(self, source: str) -> str | None:
        query = select(document_rows.c.doc_hash).where(document_rows.c.source == source)
        with self.engine.connect() as conn:
            found = conn.scalar(query)
        return None if found is None else str(found)

    def count_chunks(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(chunks)) or 0)

    def chunk_ids(self, source: str | None = None) -> list[str]:
        query = select(chunks.c.id).order_by(chunks.c.source, chunks.c.position)
        if source is not None:
            query = query.where(chunks.c.source == source)
        with self.engine.connect() as conn:
            return [str(r[0]) for r in conn.execute(query)]

    def list_documents(self) -> list[StoredDocument]:
        d = document_rows.c
        query = select(
            d.source, d.doc_hash, d.title, d.date, d.owner, d.url, d.kind, d.tags,
            d.chunk_count, d.ingested_at,
        ).order_by(d.source)  # fmt: skip
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [stored_document_from_row(r) for r in rows]

    def get_chunks(self, ids: Sequence[str]) -> dict[str, Chunk]:
        """The live chunks among ``ids`` (ids of replaced or removed chunks are left out)."""
        found: dict[str, Chunk] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(ids), KEYS_PER_QUERY):
                part = list(ids[start : start + KEYS_PER_QUERY])
                for row in conn.execute(_CHUNKS_BY_ID, {"ids": part}):
                    found[row[0]] = chunk_from_row(row)
        return found

    def get_document_chunks(
        self, source: str, *, first: int = 0, last: int = 1 << 62
    ) -> list[Chunk]:
        """A document's chunks in order, optionally only positions ``first`` to ``last``."""
        params = {"source": source, "first": first, "last": last}
        with self.engine.connect() as conn:
            return [chunk_from_row(r) for r in conn.execute(_CHUNKS_OF_DOCUMENT, params)]

    def iter_texts(self) -> Iterator[tuple[str, str, str | None, str]]:
        """(id, document title, section, text) of every live chunk, in a stable order."""
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=SCAN_BATCH).execute(
                _TEXTS
            )
            for row in result:
                yield str(row[0]), str(row[1]), row[2], str(row[3])

    def get_text_vectors(self, keys: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        """Vectors stored ahead of time for derived texts (e.g. sentences), by key."""
        found: dict[str, npt.NDArray[np.float32]] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(keys), KEYS_PER_QUERY):
                part = list(keys[start : start + KEYS_PER_QUERY])
                query = select(text_vectors.c.key, text_vectors.c.vector).where(
                    text_vectors.c.key.in_(part)
                )
                for key, blob in conn.execute(query):
                    found[key] = decode_vector(bytes(blob))
        return found

    def put_text_vectors(self, items: Iterable[tuple[str, npt.NDArray[np.float32]]]) -> None:
        rows = [{"key": key, "vector": encode_vector(v)} for key, v in items]
        if not rows:
            return
        statement = insert(text_vectors)
        statement = statement.on_conflict_do_update(
            index_elements=[text_vectors.c.key], set_={"vector": statement.excluded.vector}
        )
        with self.engine.begin() as conn:
            conn.execute(statement, rows)

    # -- writes --------------------------------------------------------------------------------

    def replace_documents(
        self, documents: Sequence[tuple[str, str, DocumentMeta, Sequence[Chunk]]]
    ) -> None:
        """Swap in several documents' chunks in one transaction."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            for source, doc_hash, meta, items in documents:
                conn.execute(delete(chunks).where(chunks.c.source == source))
                row = {
                    "source": source,
                    "doc_hash": doc_hash,
                    "title": meta.title,
                    "date": meta.date,
                    "owner": meta.owner,
                    "url": meta.url,
                    "kind": meta.kind,
                    "tags": encode_tags(meta),
                    "chunk_count": len(items),
                    "ingested_at": now,
                }
                upsert = insert(document_rows).values(row)
                conn.execute(
                    upsert.on_conflict_do_update(index_elements=[document_rows.c.source], set_=row)
                )
                if items:
                    conn.execute(
                        insert(chunks),
                        [
                            {
                                "id": c.id,
                                "source": source,
                                "position": c.position,
                                "text": c.text,
                                "section": c.section,
                                "page": c.page,
                            }
                            for c in items
                        ],
                    )
            _bump_generation(conn)

    def remove_document(self, source: str) -> bool:
        with self.engine.begin() as conn:
            conn.execute(delete(chunks).where(chunks.c.source == source))
            removed = conn.execute(
                delete(document_rows).where(document_rows.c.source == source)
            ).rowcount
            if removed:
                _bump_generation(conn)
        return bool(removed)


def _bump_generation(conn: Connection) -> None:
    conn.execute(update(state).where(state.c.key == "generation").values(value=state.c.value + 1))
