"""The chunk store and BM25 generations behave the same in SQLite and in PostgreSQL.

The PostgreSQL cases run on a throw-away server (tests/servers.py) with the schema made by the
migrations, as the service makes it; they skip only where PostgreSQL is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, func, select

from db import create_engine_for, init_db
from ingest.model import Chunk, DocumentMeta
from kb.backends import open_storage
from kb.embeddings import Embedder
from kb.index import KnowledgeBase
from kb.lexical import LexicalIndex
from kb.pgtables import lexical_generations
from kb.storage import ChunkStorage
from kb.writelock import WriteLock

META = DocumentMeta(title="Numbat handbook", date="2026-01-01", tags=("wildlife", "care"))


def _chunks(source: str, texts: list[str], *, doc_hash: str = "h1") -> list[Chunk]:
    return [
        Chunk(
            id=f"{source}-{doc_hash}-{i}",
            source=source,
            position=i,
            text=text,
            section="Care" if i else None,
            page=i + 1,
            doc_hash=doc_hash,
            meta=META,
        )
        for i, text in enumerate(texts)
    ]


@pytest.fixture()
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    engine = create_engine_for(postgres_url)
    init_db(engine)  # the migrations make the kb_ tables, as at service start-up
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ChunkStorage:
    engine = request.getfixturevalue("pg_engine") if request.param == "postgresql" else None
    return open_storage(tmp_path / "index", engine=engine).store


def test_replacing_a_document_swaps_its_chunks_and_bumps_the_generation(
    store: ChunkStorage,
) -> None:
    assert store.generation() == 0 and store.list_documents() == []
    first = _chunks("a.md", ["Numbats eat termites.", "Feed them twice a day."])
    store.replace_documents([("a.md", "h1", META, first)])
    assert store.generation() == 1
    assert store.document_hash("a.md") == "h1"
    assert store.get_chunks([c.id for c in first] + ["missing"]) == {c.id: c for c in first}

    second = _chunks("a.md", ["Numbats sleep in hollow logs."], doc_hash="h2")
    store.replace_documents([("a.md", "h2", META, second)])
    assert store.generation() == 2
    assert store.chunk_ids() == [second[0].id]
    assert store.get_chunks([c.id for c in first]) == {}
    [listed] = store.list_documents()
    assert (listed.source, listed.doc_hash, listed.meta, listed.chunk_count) == (
        "a.md",
        "h2",
        META,
        1,
    )


def test_reads_in_document_order(store: ChunkStorage) -> None:
    texts = [f"Paragraph {i} about numbat welfare." for i in range(5)]
    store.replace_documents(
        [("b.md", "h1", META, _chunks("b.md", texts)), ("a.md", "h1", META, _chunks("a.md", ["A"]))]
    )
    assert store.count_chunks() == 6
    assert [c.text for c in store.get_document_chunks("b.md", first=1, last=3)] == texts[1:4]
    assert [row[0] for row in store.iter_texts()] == store.chunk_ids()
    assert next(store.iter_texts()) == ("a.md-h1-0", "Numbat handbook", None, "A")
    assert store.chunk_ids("b.md") == [f"b.md-h1-{i}" for i in range(5)]


def test_removing_a_document(store: ChunkStorage) -> None:
    store.replace_documents([("a.md", "h1", META, _chunks("a.md", ["x", "y"]))])
    assert store.remove_document("a.md") is True
    assert store.remove_document("a.md") is False
    assert (store.count_chunks(), store.list_documents(), store.generation()) == (0, [], 2)


def test_text_vectors_round_trip_as_float16(store: ChunkStorage) -> None:
    vector = np.linspace(-1, 1, 384, dtype=np.float32)
    store.put_text_vectors([("k1", vector), ("k2", -vector)])
    store.put_text_vectors([("k2", vector)])  # replaced, not duplicated
    found = store.get_text_vectors(["k1", "k2", "absent"])
    assert set(found) == {"k1", "k2"}
    np.testing.assert_allclose(found["k2"], vector, atol=1e-3)


def test_postgres_lexical_generations_only_move_forward(pg_engine: Engine, tmp_path: Path) -> None:
    lexical = open_storage(tmp_path, engine=pg_engine).lexical
    items = [("pf", "Private fostering lasts more than 28 days."), ("lado", "The LADO role.")]
    assert lexical.load() is None and lexical.current_generation() is None
    assert lexical.save(LexicalIndex.build(items, generation=5)) is True
    assert lexical.save(LexicalIndex.build(items[:1], generation=4)) is False
    assert lexical.save(LexicalIndex.build(items[:1], generation=5)) is False
    loaded = lexical.load()
    assert loaded is not None and loaded.generation == 5
    assert loaded.search("LADO", k=2)[0][0] == "lado"
    assert lexical.save(LexicalIndex.build([], generation=6)) is True
    emptied = lexical.load()
    assert emptied is not None and emptied.generation == 6 and emptied.search("LADO", k=2) == []
    with pg_engine.connect() as connection:  # fresh generations are kept for slow readers
        assert connection.scalar(select(func.count()).select_from(lexical_generations)) == 2


def test_two_hosts_share_the_index_through_postgresql_alone(
    pg_engine: Engine, tmp_path: Path, embedder: Embedder
) -> None:
    """Two knowledge bases with separate folders (no shared files) on one database."""
    lock = WriteLock.file(tmp_path / "shared.lock")
    writer = KnowledgeBase.open(
        tmp_path / "a", embedder=embedder, engine=pg_engine, write_lock=lock
    )
    reader = KnowledgeBase.open(
        tmp_path / "b", embedder=embedder, engine=pg_engine, write_lock=lock
    )
    note = _chunks("quokka.md", ["The quokka panel approves every quokka visit."])
    writer.store.replace_documents([("quokka.md", "h1", META, note)])
    writer.sync_lexical()
    reader._lexical_checked = 0.0  # skip the once-a-second recheck throttle
    hits = reader.search("quokka panel", k=1, mode="lexical")
    assert [h.chunk.source for h in hits] == ["quokka.md"]
    assert not (tmp_path / "b" / "chunks.sqlite3").exists()
    assert not (tmp_path / "b" / "lexical").exists()
