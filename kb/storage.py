"""What the knowledge base needs from a chunk store, whichever database holds it.

``ChunkStorage`` is met by ``kb.chunkstore.ChunkStore`` (a SQLite file beside the index: the
zero-set-up default) and ``kb.pgstore.PostgresChunkStore`` (PostgreSQL, so web processes on
several hosts share one store and need no shared folder). Rows come back as the same domain types.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from ingest.model import Chunk, DocumentMeta

# Columns that ``chunk_from_row`` reads, in order (chunk, then its document's metadata).
CHUNK_COLUMNS = (
    "c.id, c.source, c.position, c.text, c.section, c.page, d.doc_hash,"
    " d.title, d.date, d.owner, d.url, d.kind, d.tags"
)


@dataclass(frozen=True)
class StoredDocument:
    """A document as the index knows it (no text): what the curator's list shows."""

    source: str
    doc_hash: str
    meta: DocumentMeta
    chunk_count: int
    ingested_at: str


class ChunkStorage(Protocol):
    """Documents and their chunks: the source of truth the vectors and BM25 derive from.

    ``generation`` rises with every committed change, so readers elsewhere know when to reload.
    """

    def generation(self) -> int: ...

    def document_hash(self, source: str) -> str | None: ...

    def count_chunks(self) -> int: ...

    def chunk_ids(self, source: str | None = None) -> list[str]: ...

    def list_documents(self) -> list[StoredDocument]: ...

    def get_chunks(self, ids: Sequence[str]) -> dict[str, Chunk]: ...

    def get_document_chunks(
        self, source: str, *, first: int = 0, last: int = 1 << 62
    ) -> list[Chunk]: ...

    def iter_texts(self) -> Iterator[tuple[str, str, str | None, str]]: ...

    def get_text_vectors(self, keys: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]: ...

    def put_text_vectors(self, items: Iterable[tuple[str, npt.NDArray[np.float32]]]) -> None: ...

    def replace_documents(
        self, documents: Sequence[tuple[str, str, DocumentMeta, Sequence[Chunk]]]
    ) -> None: ...

    def remove_document(self, source: str) -> bool: ...

    def close(self) -> None: ...


def encode_tags(meta: DocumentMeta) -> str:
    return json.dumps(list(meta.tags))


def encode_vector(vector: npt.NDArray[np.float32]) -> bytes:
    """Text vectors are kept as float16: half the space, no loss that ranking notices."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def decode_vector(blob: bytes) -> npt.NDArray[np.float32]:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


def meta_from_row(row: Sequence[object]) -> DocumentMeta:
    title, date, owner, url, kind, tags = row
    return DocumentMeta(
        title=str(title),
        date=None if date is None else str(date),
        owner=None if owner is None else str(owner),
        url=None if url is None else str(url),
        kind=str(kind),
        tags=tuple(json.loads(str(tags))),
    )


def stored_document_from_row(row: Sequence[object]) -> StoredDocument:
    """A ``documents`` row (source, hash, the six meta columns, chunk count, ingested at)."""
    return StoredDocument(
        source=str(row[0]),
        doc_hash=str(row[1]),
        meta=meta_from_row(row[2:8]),
        chunk_count=int(str(row[8])),
        ingested_at=str(row[9]),
    )


def chunk_from_row(row: Sequence[object]) -> Chunk:
    """A chunk from a row of ``CHUNK_COLUMNS``."""
    return Chunk(
        id=str(row[0]),
        source=str(row[1]),
        position=int(row[2]),  # type: ignore[call-overload]
        text=str(row[3]),
        section=None if row[4] is None else str(row[4]),
        page=None if row[5] is None else int(row[5]),  # type: ignore[call-overload]
        doc_hash=str(row[6]),
        meta=meta_from_row(row[7:13]),
    )
