"""``KnowledgeBase``: the hybrid index (chunk store + Chroma vectors + BM25) behind one object.
The chunk store and BM25 live in a folder (SQLite, the default) or in PostgreSQL (``engine=``).

kb = KnowledgeBase.open(directory, embedder=load_embedder())
report = kb.add_documents(documents)          # idempotent: unchanged files are skipped
hits = kb.search("private fostering 28 days")  # dense + BM25, fused by reciprocal rank
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from functools import partial
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine

from ingest.chunking import split_document
from ingest.model import Chunk, Document
from kb.backends import WRITE_LOCK_FILE, open_storage
from kb.embeddings import Embedder, Vectors
from kb.fusion import reciprocal_rank_fusion
from kb.hit import Hit
from kb.lexical import FolderLexicalStore, LexicalIndex, LexicalStorage, load_current
from kb.pipeline import (
    IngestReport,
    WriteBatch,
    embed_ahead,
    embed_in_parts,
    index_text,
    prepare_batch,
    text_key,
)
from kb.progress import IngestProgress
from kb.storage import ChunkStorage, StoredDocument
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


class KnowledgeBase:
    """Everything retrievable: a chunk store, Chroma vectors and BM25 generations."""

    def __init__(
        self,
        store: ChunkStorage,
        vectors: VectorStore,
        lexical: LexicalStorage | Path,
        *,
        embedder: Embedder,
        derived_texts: Callable[[Chunk], list[str]] | None = None,
        write_lock: WriteLock | None = None,
    ) -> None:
        self.store = store
        if isinstance(lexical, Path):  # a folder: the file lock lives beside it by default
            write_lock = write_lock or WriteLock.file(lexical.parent / WRITE_LOCK_FILE)
            lexical = FolderLexicalStore(lexical)
        if write_lock is None:
            raise ValueError("pass a write_lock shared by every writer of this lexical storage")
        self.write_lock = write_lock
        self.vectors = vectors
        self.embedder = embedder
        self._lexical_store = lexical
        self._lexical = load_current(lexical, held=None)
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
        engine: Engine | None = None,
    ) -> KnowledgeBase:
        """With ``engine`` (PostgreSQL, tables made by the migrations) the chunk store and BM25
        live in that database and ``directory`` holds only an embedded Chroma, if any."""
        storage = open_storage(directory, engine=engine)
        client = open_client(path=directory / "chroma", host=chroma_host, port=chroma_port)
        return cls(
            storage.store,
            VectorStore(client, collection=collection),
            storage.lexical,
            embedder=embedder,
            derived_texts=derived_texts,
            write_lock=write_lock or storage.write_lock,
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

        Documents are written in batches (one embedding call, Chroma upsert and chunk-store
        transaction each), embedded in a worker thread while the next is chunked (``kb.pipeline``).
        The whole run holds the write lock: another writer waits, then sees these hashes.
        """
        report = IngestReport()
        documents = list(documents)
        with IngestProgress(documents, show=progress) as bar:
            batches = self._batches(
                documents, report, bar, max_tokens=max_tokens, overlap_tokens=overlap_tokens
            )
            embedded = embed_ahead(
                batches, texts_of=WriteBatch.texts, embed=partial(embed_in_parts, self.embedder)
            )
            with closing(embedded):
                for batch, vectors in embedded:
                    report.chunks_written += self._store(batch, vectors)
                    bar.advance(batch.sources, chunks=batch.chunk_count)
        self.sync_lexical()
        return report

    def _batches(
        self,
        documents: list[Document],
        report: IngestReport,
        bar: IngestProgress,
        *,
        max_tokens: int,
        overlap_tokens: int,
    ) -> Iterator[WriteBatch]:
        scheduled: set[str] = set()  # derived-text keys already queued in this run
        pending: list[tuple[Document, list[Chunk]]] = []
        for document in documents:
            previous = self.store.document_hash(document.source)
            if previous == document.content_hash:
                report.unchanged.append(document.source)
                bar.advance([document], chunks=0)
                continue
            (report.added if previous is None else report.updated).append(document.source)
            chunks = split_document(document, max_tokens=max_tokens, overlap_tokens=overlap_tokens)
            pending.append((document, chunks))
            if sum(len(c) for _, c in pending) >= WRITE_BATCH_CHUNKS:
                yield self._prepare_batch(pending, scheduled)
                pending = []
        if pending:
            yield self._prepare_batch(pending, scheduled)

    @exclusive
    def replace_document(self, document: Document, chunks: Sequence[Chunk]) -> int:
        """Write one document's chunks (see ``_store``); returns how many were embedded."""
        batch = self._prepare_batch([(document, list(chunks))], set())
        return self._store(batch, embed_in_parts(self.embedder, batch.texts()))

    def _prepare_batch(
        self, documents: list[tuple[Document, list[Chunk]]], scheduled: set[str]
    ) -> WriteBatch:
        return prepare_batch(
            documents, scheduled, vectors=self.vectors, store=self.store, derive=self.derived_texts
        )

    def _store(self, batch: WriteBatch, vectors: Vectors) -> int:
        """Vectors first, then the atomic swap in the chunk store, then clean-up.

        A crash before the swap leaves the old documents live (new vectors are unreferenced);
        a crash after it leaves stale vectors that search ignores and the next run deletes.
        """
        split = len(batch.fresh)
        if batch.fresh:
            self.vectors.upsert(batch.fresh, vectors[:split])
        if batch.derived:
            self.store.put_text_vectors(
                zip([k for k, _ in batch.derived], vectors[split:], strict=True)
            )
        self.store.replace_documents(
            [(d.source, d.content_hash, d.meta, chunks) for d, chunks in batch.documents]
        )
        stale = batch.old_ids - {c.id for _, chunks in batch.documents for c in chunks}
        if stale:
            self.vectors.delete(sorted(stale))
        logger.info(
            "indexed documents=%d chunks=%d embedded=%d derived=%d",
            len(batch.documents),
            batch.chunk_count,
            split,
            len(batch.derived),
        )
        return split

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
        if self._lexical_store.current_generation() == generation:
            self._reload_lexical()
            return
        items = (
            (i, index_text(title, section, text))
            for i, title, section, text in self.store.iter_texts()
        )
        index = LexicalIndex.build(items, generation=generation)
        self._lexical_store.save(index)
        with self._lock:
            self._lexical = index

    # -- reading -------------------------------------------------------------------------------

    def list_documents(self) -> list[StoredDocument]:
        return self.store.list_documents()

    def count_chunks(self) -> int:
        return self.store.count_chunks()

    def search(
        self, query: str, *, k: int = 8, mode: SearchMode = "hybrid", vector: Vectors | None = None
    ) -> list[Hit]:
        """The ``k`` best live chunks for ``query`` (embedded unless ``vector`` is given)."""
        candidates = max(MIN_CANDIDATES, 4 * k)
        dense: list[tuple[str, float]] = []
        lexical: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense"):
            vector = self.embedder.embed_query(query) if vector is None else vector
            dense = self.vectors.query(vector, k=candidates)
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

    def document_frequencies(self, terms: Iterable[str]) -> tuple[dict[str, int], int]:
        """(chunks containing each stemmed term, chunks in the lexical index): corpus rarity."""
        lexical = self._current_lexical()
        return lexical.document_frequencies(terms), len(lexical.ids)

    def neighbours(self, chunk: Chunk, *, span: int = 1) -> list[Chunk]:
        """``chunk`` with up to ``span`` chunks either side of it in its document, in order."""
        return self.store.get_document_chunks(
            chunk.source, first=chunk.position - span, last=chunk.position + span
        ) or [chunk]

    def _current_lexical(self) -> LexicalIndex:
        now = time.monotonic()
        if now - self._lexical_checked >= LEXICAL_RECHECK_SECONDS:
            self._lexical_checked = now
            stored = self._lexical_store.current_generation()
            loaded = self._lexical.generation if self._lexical else None
            if stored is not None and stored != loaded:
                self._reload_lexical()
        return self._lexical or LexicalIndex(None, [], -1)

    def _reload_lexical(self) -> None:
        index = load_current(self._lexical_store, held=self._lexical)
        with self._lock:
            self._lexical = index

    def close(self) -> None:
        self.store.close()
