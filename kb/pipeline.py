"""Embed one batch while the next is prepared and the last is written: both cores busy at ingest.

onnxruntime and the tokenizer release the GIL, so one embedding thread runs alongside the calling
thread's chunking, sentence splitting and Chroma/SQLite writes. Only embedding leaves the calling
thread: every database call stays where it was, in order.

for batch, vectors in embed_ahead(batches, texts_of=lambda b: b.texts, embed=embedder.embed):
    write(batch, vectors)
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from ingest.model import Chunk, Document
from kb.embeddings import Embedder, Vectors
from kb.storage import ChunkStorage
from kb.vectors import VectorStore

T = TypeVar("T")

# Batches embedded ahead of the one being written: one keeps the embedder busy while the caller
# works; more would only hold more vectors in memory.
BATCHES_AHEAD = 1
# Texts per embedder call: bounds the memory of one call's activations.
EMBED_CALL_TEXTS = 256


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def embed_in_parts(embedder: Embedder, texts: list[str]) -> Vectors:
    """Embed ``texts`` a bounded number at a time; one array of vectors in their order."""
    parts = [
        embedder.embed_documents(texts[i : i + EMBED_CALL_TEXTS])
        for i in range(0, len(texts), EMBED_CALL_TEXTS)
    ]
    if not parts:
        return np.zeros((0, embedder.dimension), np.float32)
    return np.concatenate(parts)


def index_text(title: str, section: str | None, text: str) -> str:
    """What is embedded and BM25-indexed for a chunk: its heading path (or title), then its text.

    A passage often never names its subject ("Tel: 020 3182 3515"); the heading does.
    """
    return f"{section or title}\n{text}"


@dataclass
class WriteBatch:
    """Documents written together, with what must be embedded for them."""

    documents: list[tuple[Document, list[Chunk]]]
    old_ids: set[str]  # vector ids already stored for these sources
    fresh: list[Chunk]  # chunks whose vectors are not stored yet
    derived: list[tuple[str, str]]  # (key, text) of derived texts not stored yet

    def texts(self) -> list[str]:
        """Fresh chunks' index texts, then derived texts: the order ``_store`` expects."""
        chunk_texts = [index_text(c.meta.title, c.section, c.text) for c in self.fresh]
        return chunk_texts + [t for _, t in self.derived]

    @property
    def sources(self) -> list[Document]:
        return [d for d, _ in self.documents]

    @property
    def chunk_count(self) -> int:
        return sum(len(chunks) for _, chunks in self.documents)


def embed_ahead(
    items: Iterable[T],
    *,
    texts_of: Callable[[T], list[str]],
    embed: Callable[[list[str]], Vectors],
) -> Generator[tuple[T, Vectors], None, None]:
    """Yield each item, in order, with the vectors of ``texts_of(item)``.

    Item n+1 is drawn from ``items`` (and so prepared) while item n is embedded in a worker
    thread; item n is yielded to be written while item n+1 is embedded. An error in either
    thread is raised here, and nothing after it is yielded.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed") as pool:
        pending: deque[tuple[T, Future[Vectors]]] = deque()
        try:
            for item in items:
                pending.append((item, pool.submit(embed, texts_of(item))))
                if len(pending) > BATCHES_AHEAD:
                    done, future = pending.popleft()
                    yield done, future.result()
            while pending:
                done, future = pending.popleft()
                yield done, future.result()
        finally:
            for _, future in pending:
                future.cancel()


@dataclass
class IngestReport:
    """What an ingest run did, by source."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    chunks_written: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


def prepare_batch(
    documents: list[tuple[Document, list[Chunk]]],
    scheduled: set[str],
    *,
    vectors: VectorStore,
    store: ChunkStorage,
    derive: Callable[[Chunk], list[str]] | None,
) -> WriteBatch:
    """What a batch needs embedded: chunks not already stored, and their new derived texts
    (``scheduled`` holds the derived-text keys already queued in this run)."""
    old_ids = set(vectors.ids_for_sources([d.source for d, _ in documents]))
    fresh = [c for _, chunks in documents for c in chunks if c.id not in old_ids]
    derived: list[tuple[str, str]] = []
    if derive is not None and fresh:
        texts = list(dict.fromkeys(t for c in fresh for t in derive(c)))
        keys = [text_key(t) for t in texts]
        known = store.get_text_vectors([k for k in keys if k not in scheduled])
        derived = [
            (k, t)
            for k, t in zip(keys, texts, strict=True)
            if k not in known and k not in scheduled
        ]
        scheduled.update(k for k, _ in derived)
    return WriteBatch(documents=documents, old_ids=old_ids, fresh=fresh, derived=derived)
