"""The Chroma vector store searches its HNSW graph widely enough to find the nearest chunks."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ingest.model import Chunk, DocumentMeta
from kb.vectors import HNSW_EF_SEARCH, VectorStore, _NoEmbedding, open_client


def test_a_new_store_searches_widely(tmp_path: Path) -> None:
    store = VectorStore(open_client(path=tmp_path), collection="chunks")
    assert store.ef_search == HNSW_EF_SEARCH


def test_a_store_made_with_chromas_default_is_widened_when_opened(tmp_path: Path) -> None:
    client = open_client(path=tmp_path)
    old = client.get_or_create_collection(
        name="chunks",
        configuration={"hnsw": {"space": "cosine"}},
        embedding_function=_NoEmbedding(),
    )
    assert old.configuration["hnsw"]["ef_search"] < HNSW_EF_SEARCH  # Chroma's default: 100
    store = VectorStore(client, collection="chunks")
    assert store.ef_search == HNSW_EF_SEARCH
    # It still answers, nearest first.
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 8)).astype(np.float32)
    chunks = [
        Chunk(f"c{i}", "doc.md", i, f"text {i}", None, None, "h", DocumentMeta(title="Doc"))
        for i in range(50)
    ]
    store.upsert(chunks, vectors.tolist())
    assert store.query(vectors[7].tolist(), k=3)[0][0] == "c7"
