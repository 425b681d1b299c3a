"""``KnowledgeBase``: the hybrid index (chunk store + Chroma vectors + BM25) behind one object.

kb = KnowledgeBase.open(directory, embedder=load_embedder())
report = kb.add_documents(documents)          # idempotent: unchanged files are skipped
hits = kb.search("private fostering 28 days")  # dense + BM25, fused by reciprocal rank
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from tqdm import tqdm

from ingest.chunking import split_document
from ingest.model import Chunk, Document
from kb.chunkstore import ChunkStore, StoredDocument
from kb.embeddings import Embedder, Vectors
from kb.fusion import reciprocal_rank_fusion
from kb.hit import Hit
from kb.lexical import LexicalIndex, load_current
from kb.vectors import VectorStore, open_client
from kb.writelock import WriteLock, exclusive

logger = logging.getLogger(__name__)

# How many candidates each retriever contributes to fusion, at least: recall before precision.
MIN_CANDIDATES = 30
# Chunks embedded and written together during ingest: amortises model and database overhead.
WRITE_BATCH_CHUNKS = 512
# A process re-reads the lexical index's CURRENT pointer at most this often (seconds).
LEXICAL_RECHECK_SECONDS = 1.0

SearchMode = Literal["hybrid", "dense", "lexical"]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def index_text(title: str, section: str | None, text: str) -> str:
    """What is embedded and BM25-indexed for a chunk: its heading path (or title), then its text.

    A passage often never names its subject ("Tel: 020 3182 3515"); the heading does.
    """
    return f"{section or title}\n{text}"


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
    """Everything retrievable: one directory, plus a Chroma server when one is configured."""

    def __init__(
        self,
        store: ChunkStore,
        vectors: VectorStore,
        lexical_root: Path,
        *,
        embedder: Embedder,
        derived_texts: Callable[[Chunk], list[str]] | None = None,
        write_lock: WriteLock | None = None,
    ) -> None:
        self.store = store
        self.write_lock = write_lock or WriteLock.file(lexical_root.parent / "write.lock")
        self.vectors = vectors
        self.embedder = embedder
        self._lexical_root = lexical_root
        self._lexical = load_current(lexical_root, held=None)
        self._lexical_checked = time.monotonic()
        self._lock = threading.Lock()
        # Texts derived from each chunk (e.g. its sentences) whose vectors are worth computing at
        # ingest rather than per question; chosen by whoever wires the knowledge base.
        self.derived_texts = derived_texts

    @classmethod
    def open(
        cls,
        directory: Path,
        *,
        embedder: Embedder,
        chroma_host: str | None = None,
        chroma_port: int = 8000,
        collection: str = "safeguide",
        derived_texts: Callable[[Chunk], list[str]] | None = None,
        write_lock: WriteLock | None = None,
    ) -> KnowledgeBase:
        directory.mkdir(parents=True, exist_ok=True)
        client = open_client(path=directory / "chroma", host=chroma_host, port=chroma_port)
        return cls(
            ChunkStore(directory / "chunks.sqlite3"),
            VectorStore(client, collection=collection),
            directory / "lexical",
            embedder=embedder,
            derived_texts=derived_texts,
            write_lock=write_lock,
        )

    # -- writing -------------------------------------------------------------------------------

    @exclusive
    def add_documents(
        self,
        documents: Iterable[Document],
        *,
        progress: bool = False,
        max_tokens: int = 200,
        overlap_tokens: int = 40,
    ) -> IngestReport:
        """Index each document unless its content hash is unchanged, then refresh BM25 once.

        Documents are written in batches (one embedding call, one Chroma upsert and one
        SQLite transaction per batch), so many small files ingest as fast as a few large ones.
        The whole run holds the write lock: another writer waits, then sees these hashes.
        """
        report = IngestReport()
        documents = list(documents)
        batch: list[tuple[Document, list[Chunk]]] = []
        with tqdm(total=len(documents), desc="ingesting", unit="doc", disable=not progress) as bar:
            for document in documents:
                previous = self.store.document_hash(document.source)
                if previous == document.content_hash:
                    report.unchanged.append(document.source)
                    bar.update()
                    continue
                (report.added if previous is None else report.updated).append(document.source)
                batch.append(
                    (
                        document,
                        split_document(
                            document, max_tokens=max_tokens, overlap_tokens=overlap_tokens
                        ),
                    )
                )
                if sum(len(chunks) for _, chunks in batch) >= WRITE_BATCH_CHUNKS:
                    report.chunks_written += self._write(batch, progress=progress)
                    bar.update(len(batch))
                    batch = []
            if batch:
                report.chunks_written += self._write(batch, progress=progress)
                bar.update(len(batch))
        self.sync_lexical()
        return report

    @exclusive
    def replace_document(self, document: Document, chunks: Sequence[Chunk]) -> int:
        """Write one document's chunks (see ``_write``); returns how many were embedded."""
        return self._write([(document, list(chunks))], progress=False)

    def _write(self, batch: list[tuple[Document, list[Chunk]]], *, progress: bool) -> int:
        """Vectors first, then the atomic swap in the chunk store, then clean-up.

        A crash before the swap leaves the old documents live (new vectors are unreferenced);
        a crash after it leaves stale vectors that search ignores and the next run deletes.
        """
        old_ids = set(self.vectors.ids_for_sources([d.source for d, _ in batch]))
        fresh = [c for _, chunks in batch for c in chunks if c.id not in old_ids]
        if fresh:
            texts = [index_text(c.meta.title, c.section, c.text) for c in fresh]
            self.vectors.upsert(fresh, self._embed(texts, progress=progress))
        if self.derived_texts is not None and fresh:
            self._store_derived_vectors(fresh, progress=progress)
        self.store.replace_documents(
            [(d.source, d.content_hash, d.meta, chunks) for d, chunks in batch]
        )
        stale = old_ids - {c.id for _, chunks in batch for c in chunks}
        if stale:
            self.vectors.delete(sorted(stale))
        logger.info(
            "indexed documents=%d chunks=%d embedded=%d",
            len(batch),
            sum(len(c) for _, c in batch),
            len(fresh),
        )
        return len(fresh)

    def _store_derived_vectors(self, chunks: Sequence[Chunk], *, progress: bool) -> None:
        assert self.derived_texts is not None
        texts = list(dict.fromkeys(t for c in chunks for t in self.derived_texts(c)))
        keys = [text_key(t) for t in texts]
        known = self.store.get_text_vectors(keys)
        missing = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in known]
        if missing:
            vectors = self._embed([t for _, t in missing], progress=progress)
            self.store.put_text_vectors(zip([k for k, _ in missing], vectors, strict=True))

    def text_vectors(self, texts: Sequence[str]) -> dict[str, Vectors]:
        """Vectors computed at ingest for derived texts, by text (those not found are absent)."""
        keys = {text_key(t): t for t in texts}
        return {keys[k]: v for k, v in self.store.get_text_vectors(list(keys)).items()}

    @exclusive
    def remove_document(self, source: str) -> bool:
        removed = self.store.remove_document(source)
        ids = self.vectors.ids_for_source(source)
        if ids:
            self.vectors.delete(ids)
        if removed:
            self.sync_lexical()
        return removed

    @exclusive
    def sync_lexical(self) -> None:
        """Rebuild BM25 if it lags the chunk store (once per ingest run, never per query)."""
        generation = self.store.generation()
        on_disk = LexicalIndex.current_generation(self._lexical_root)
        if on_disk == generation:
            self._reload_lexical()
            return
        items = (
            (i, index_text(title, section, text))
            for i, title, section, text in self.store.iter_texts()
        )
        index = LexicalIndex.build(items, generation=generation)
        index.save(self._lexical_root)
        with self._lock:
            self._lexical = index

    def _embed(self, texts: list[str], *, progress: bool) -> Vectors:
        batch = 256
        parts = [
            self.embedder.embed_documents(texts[i : i + batch])
            for i in tqdm(
                range(0, len(texts), batch),
                desc="embedding",
                unit="batch",
                disable=not progress or len(texts) <= batch,
                leave=False,
            )
        ]
        if not parts:
            return np.zeros((0, self.embedder.dimension), np.float32)
        return np.concatenate(parts)

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
        index = load_current(self._lexical_root, held=self._lexical)
        with self._lock:
            self._lexical = index

    def close(self) -> None:
        self.store.close()
