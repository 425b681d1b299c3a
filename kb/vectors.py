"""The vector store: Chroma, on disk by default or a Chroma server when an address is given.

We always pass vectors we computed ourselves; Chroma's own default embedding function downloads
a model and must never run, so collections get a stub that refuses to embed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import chromadb.errors
import numpy as np
from filelock import FileLock

from ingest.model import Chunk
from kb.embeddings import Vectors
from kb.errors import VectorStoreUnavailable

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

# Chroma's maximum batch is version dependent (~5k); stay well below it.
UPSERT_BATCH = 1000
# Opening an on-disk store takes well under a second; waiting longer means something is stuck.
OPEN_LOCK_TIMEOUT_S = 120.0
# Tries of a vector query that races a concurrent delete (see ``VectorStore.query``).
QUERY_ATTEMPTS = 3
# How widely the HNSW graph is searched. Chroma's default (100) returned the exact nearest
# chunk for 378 of the 380 UK read-set questions and 96% of the exact 96 nearest; 500 gave
# 380/380 and 99.9% for 0.4 ms more per query at 4,940 chunks (see docs/BENCHMARKS.md).
HNSW_EF_SEARCH = 500

logger = logging.getLogger(__name__)


class _NoEmbedding:
    """Stands in for Chroma's default embedding function, which would download a model."""

    def __call__(self, input: Sequence[str]) -> list[Any]:  # noqa: A002 - Chroma's name
        raise RuntimeError("safeguide passes its own vectors; Chroma must not embed text")

    @staticmethod
    def name() -> str:
        return "safeguide-precomputed"

    def is_legacy(self) -> bool:
        return False

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> _NoEmbedding:
        return _NoEmbedding()


def open_client(*, path: Path | None = None, host: str | None = None, port: int = 8000) -> Any:
    """A Chroma client: HTTP when ``host`` is given, else a PersistentClient at ``path``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if host:
        try:
            client = chromadb.HttpClient(host=host, port=port, settings=settings)
            client.heartbeat()
        except Exception as e:  # chromadb raises bare exceptions for connection failures
            raise VectorStoreUnavailable(
                f"cannot reach the Chroma server at {host}:{port}; start it with "
                f"`chroma run --path <dir> --port {port}` or unset the server address"
            ) from e
        return client
    if path is None:
        raise ValueError("give a path for the on-disk store or a host for a Chroma server")
    path.mkdir(parents=True, exist_ok=True)
    # Chroma creates its tables on first open without a cross-process lock: two processes
    # opening a new store at once can fail ("table collections already exists"). Take turns.
    with FileLock(str(path.with_name(f"{path.name}.open.lock")), timeout=OPEN_LOCK_TIMEOUT_S):
        return chromadb.PersistentClient(path=str(path), settings=settings)


class VectorStore:
    """Chunk vectors in one cosine-space Chroma collection."""

    def __init__(self, client: Any, *, collection: str) -> None:
        self._collection = client.get_or_create_collection(
            name=collection,
            configuration={"hnsw": {"space": "cosine", "ef_search": HNSW_EF_SEARCH}},
            embedding_function=_NoEmbedding(),
        )
        # A store made before the search was widened is widened when opened (before any query,
        # so the index is loaded with it).
        if self.ef_search < HNSW_EF_SEARCH:
            self._collection.modify(configuration={"hnsw": {"ef_search": HNSW_EF_SEARCH}})

    @property
    def ef_search(self) -> int:
        hnsw = (self._collection.configuration or {}).get("hnsw") or {}
        return int(hnsw.get("ef_search") or 0)

    def count(self) -> int:
        return int(self._collection.count())

    def upsert(self, chunks: Sequence[Chunk], vectors: Vectors) -> None:
        for start in range(0, len(chunks), UPSERT_BATCH):
            batch = chunks[start : start + UPSERT_BATCH]
            self._collection.upsert(
                ids=[c.id for c in batch],
                embeddings=vectors[start : start + len(batch)],
                metadatas=[{"source": c.source, "doc_hash": c.doc_hash} for c in batch],
            )

    def ids_for_source(self, source: str) -> list[str]:
        return self.ids_for_sources([source])

    def ids_for_sources(self, sources: Sequence[str]) -> list[str]:
        ids: list[str] = []
        for start in range(0, len(sources), UPSERT_BATCH):
            part = list(sources[start : start + UPSERT_BATCH])
            where = {"source": part[0]} if len(part) == 1 else {"source": {"$in": part}}
            ids.extend(self._collection.get(where=where, include=[])["ids"])
        return ids

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), UPSERT_BATCH):
            self._collection.delete(ids=list(ids[start : start + UPSERT_BATCH]))

    def query(self, vector: Vectors, *, k: int) -> list[tuple[str, float]]:
        """Nearest ``k`` (id, cosine similarity) pairs."""
        for attempt in range(QUERY_ATTEMPTS):
            n = min(k, self.count())
            if n == 0:
                return []
            try:
                result = self._collection.query(
                    query_embeddings=[np.asarray(vector, dtype=np.float32)],
                    n_results=n,
                    include=["distances"],
                )
                break
            except chromadb.errors.InternalError:
                # Embedded Chroma can fail a query that races a delete in another thread
                # ("Error finding id"); the next attempt sees the finished delete.
                if attempt == QUERY_ATTEMPTS - 1:
                    raise
                logger.debug("vector query raced a write; retrying attempt=%d", attempt + 1)
        ids = result["ids"][0]
        distances = result["distances"][0] if result["distances"] else [1.0] * len(ids)
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]
