"""``KnowledgeBase``: the hybrid index (chunk store + Chroma vectors + BM25) behind one object.

    kb = KnowledgeBase.open(directory, embedder=load_embedder())
    report = kb.add_documents(documents)          # idempotent: unchanged files are skipped
    hits = kb.search("private fostering 28 days")  # dense + BM25, fused by reciprocal rank
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from ingest.chunking import split_document
from tqdm import tqdm

from ingest.model import Chunk, Document
from kb.chunkstore import ChunkStore, StoredDocument
from kb.embeddings import Embedder, Vectors
from kb.fusion import reciprocal_rank_fusion
from kb.hit import Hit
from kb.lexical import LexicalIndex
from kb.vectors import VectorStore, open_client

logger = logging.getLogger(__name__)

# How many candidates each retriever contributes to fusion, at least: recall before precision.
MIN_CANDIDATES = 30
# A process re-reads the lexical index's CURRENT pointer at most this often (seconds).
LEXICAL_RECHECK_SECONDS = 1.0

SearchMode = Literal["hybrid", "dense", "lexical"]


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


class KnowledgeBase:
    """Everything retrievable, stored under one directory (or a Chroma server plus that directory)."""

    def __init__(self, store: ChunkStore, vectors: VectorStore, lexical_root: Path,
                 *, embedder: Embedder) -> None:
        self.store = store
        self.vectors = vectors
        self.embedder = embedder
        self._lexical_root = lexical_root
        self._lexical = LexicalIndex.load(lexical_root)
        self._lexical_checked = time.monotonic()
        self._lock = threading.Lock()

    @classmethod
    def open(cls, directory: Path, *, embedder: Embedder, chroma_host: str | None = None,
             chroma_port: int = 8000, collection: str = "safeguide") -> KnowledgeBase:
        directory.mkdir(parents=True, exist_ok=True)
        client = open_client(path=directory / "chroma", host=chroma_host, port=chroma_port)
        return cls(
            ChunkStore(directory / "chunks.sqlite3"),
            VectorStore(client, collection=collection),
            directory / "lexical",
            embedder=embedder,
        )

    # -- writing -------------------------------------------------------------------------------

    def add_documents(self, documents: Iterable[Document], *, progress: bool = False,
                      max_tokens: int = 200, overlap_tokens: int = 40) -> IngestReport:
        """Index each document unless its content hash is unchanged, then refresh BM25 once."""
        report = IngestReport()
        documents = list(documents)
        for document in tqdm(documents, desc="ingesting", unit="doc", disable=not progress):
            previous = self.store.document_hash(document.source)
            if previous == document.content_hash:
                report.unchanged.append(document.source)
                continue
            chunks = split_document(document, max_tokens=max_tokens, overlap_tokens=overlap_tokens)
            report.chunks_written += self.replace_document(document, chunks, progress=progress)
            (report.added if previous is None else report.updated).append(document.source)
        self.sync_lexical()
        return report

    def replace_document(self, document: Document, chunks: Sequence[Chunk],
                         *, progress: bool = False) -> int:
        """Write one document's chunks: vectors first, then the atomic swap, then clean-up.

        A crash before the swap leaves the old document live (new vectors are unreferenced);
        a crash after it leaves stale vectors that search ignores and the next run deletes.
        """
        old_ids = set(self.vectors.ids_for_source(document.source))
        fresh = [c for c in chunks if c.id not in old_ids]
        if fresh:
            vectors = self._embed([c.text for c in fresh], progress=progress)
            self.vectors.upsert(fresh, vectors)
        self.store.replace_document(document.source, document.content_hash, document.meta, chunks)
        stale = old_ids - {c.id for c in chunks}
        if stale:
            self.vectors.delete(sorted(stale))
        logger.info("indexed source=%s chunks=%d embedded=%d", document.source, len(chunks),
                    len(fresh))
        return len(fresh)

    def remove_document(self, source: str) -> bool:
        removed = self.store.remove_document(source)
        ids = self.vectors.ids_for_source(source)
        if ids:
            self.vectors.delete(ids)
        if removed:
            self.sync_lexical()
        return removed

    def sync_lexical(self) -> None:
        """Rebuild BM25 if it lags the chunk store (once per ingest run, never per query)."""
        generation = self.store.generation()
        on_disk = LexicalIndex.current_generation(self._lexical_root)
        if on_disk == generation:
            self._reload_lexical()
            return
        index = LexicalIndex.build(self.store.iter_texts(), generation=generation)
        index.save(self._lexical_root)
        with self._lock:
            self._lexical = index

    def _embed(self, texts: list[str], *, progress: bool) -> Vectors:
        batch = 256
        parts = [
            self.embedder.embed_documents(texts[i : i + batch])
            for i in tqdm(range(0, len(texts), batch), desc="embedding", unit="batch",
                          disable=not progress or len(texts) <= batch, leave=False)
        ]
        return np.concatenate(parts) if parts else np.zeros((0, self.embedder.dimension), np.float32)

    # -- reading -------------------------------------------------------------------------------

    def list_documents(self) -> list[StoredDocument]:
        return self.store.list_documents()

    def count_chunks(self) -> int:
        return self.store.count_chunks()

    def search(self, query: str, *, k: int = 8, mode: SearchMode = "hybrid") -> list[Hit]:
        """The ``k`` best live chunks for ``query``, best first."""
        candidates = max(MIN_CANDIDATES, 4 * k)
        dense: list[tuple[str, float]] = []
        lexical: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense"):
            dense = self.vectors.query(self.embedder.embed_query(query), k=candidates)
        if mode in ("hybrid", "lexical"):
            lexical = self._current_lexical().search(query, k=candidates)
        dense_scores, lexical_scores = dict(dense), dict(lexical)
        fused = reciprocal_rank_fusion([[i for i, _ in dense], [i for i, _ in lexical]])
        # Over-fetch: ids of replaced chunks may still be in the vector or lexical index.
        chunks = self.store.get_chunks([i for i, _ in fused[: k * 2 + 8]])
        hits = [
            Hit(chunk=chunks[i], score=s, dense=dense_scores.get(i), lexical=lexical_scores.get(i))
            for i, s in fused
            if i in chunks
        ]
        return hits[:k]

    def _current_lexical(self) -> LexicalIndex:
        now = time.monotonic()
        if now - self._lexical_checked >= LEXICAL_RECHECK_SECONDS:
            self._lexical_checked = now
            on_disk = LexicalIndex.current_generation(self._lexical_root)
            loaded = self._lexical.generation if self._lexical else None
            if on_disk is not None and on_disk != loaded:
                self._reload_lexical()
        return self._lexical or LexicalIndex(None, [], -1)

    def _reload_lexical(self) -> None:
        index = LexicalIndex.load(self._lexical_root)
        with self._lock:
            self._lexical = index

    def close(self) -> None:
        self.store.close()
