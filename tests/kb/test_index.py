"""The hybrid index end to end on the bundled corpus: idempotent, replace-only-what-changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.loaders import iter_paths, load_document
from kb.embeddings import Embedder
from kb.index import KnowledgeBase
from kb.retriever import KnowledgeBaseRetriever
from service.config import BUNDLED_CORPUS


def _load(folder: Path) -> list:  # type: ignore[type-arg]
    return [load_document(p, root=folder.parent) for p in iter_paths([folder])]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(BUNDLED_CORPUS, folder)
    return folder


@pytest.fixture()
def kb(tmp_path: Path, embedder: Embedder, corpus: Path) -> KnowledgeBase:
    knowledge_base = KnowledgeBase.open(tmp_path / "index", embedder=embedder)
    knowledge_base.add_documents(_load(corpus))
    return knowledge_base


def test_ingesting_twice_gives_the_same_chunks(kb: KnowledgeBase, corpus: Path) -> None:
    before = kb.store.chunk_ids()
    report = kb.add_documents(_load(corpus))
    assert not report.changed
    assert len(report.unchanged) == len(list(corpus.glob("*.md")))
    assert kb.store.chunk_ids() == before
    assert kb.vectors.count() == len(before)


def test_editing_one_document_replaces_only_its_chunks(kb: KnowledgeBase, corpus: Path) -> None:
    edited = "corpus/lado.md"
    others = {
        s.source: kb.store.chunk_ids(s.source) for s in kb.list_documents() if s.source != edited
    }
    old_ids = set(kb.store.chunk_ids(edited))
    path = corpus / "lado.md"
    path.write_text(path.read_text() + "\n\n## Zebra crossing\nThe LADO zebra fact is new.\n")

    report = kb.add_documents(_load(corpus))

    assert report.updated == [edited]
    assert {s: kb.store.chunk_ids(s) for s in others} == others
    new_ids = set(kb.store.chunk_ids(edited))
    assert new_ids != old_ids
    assert set(kb.vectors.ids_for_source(edited)) == new_ids
    assert kb.vectors.count() == kb.count_chunks()
    assert kb.search("LADO zebra fact", k=1)[0].chunk.source == edited


def test_private_fostering_query_ranks_the_private_fostering_document_first(
    kb: KnowledgeBase,
) -> None:
    assert kb.search("private fostering 28 days", k=3)[0].chunk.source == (
        "corpus/private-fostering.md"
    )


@pytest.mark.parametrize("mode", ["dense", "lexical"])
def test_each_retriever_alone_finds_the_document(kb: KnowledgeBase, mode: str) -> None:
    hits = kb.search("how many LADO referrals were received", k=3, mode=mode)  # type: ignore[arg-type]
    assert "corpus/lado.md" in {h.chunk.source for h in hits}


def test_hits_carry_citation_metadata(kb: KnowledgeBase) -> None:
    hit = kb.search("LADO annual report referrals", k=1)[0]
    assert hit.chunk.meta.title
    assert hit.chunk.meta.date
    assert hit.chunk.section
    assert hit.dense is not None and 0 < hit.dense <= 1


def test_removing_a_document_removes_it_from_search(kb: KnowledgeBase) -> None:
    assert kb.remove_document("corpus/private-fostering.md")
    sources = {h.chunk.source for h in kb.search("private fostering 28 days", k=10)}
    assert "corpus/private-fostering.md" not in sources
    assert kb.vectors.ids_for_source("corpus/private-fostering.md") == []


def test_a_crash_before_the_swap_leaves_the_previous_document(
    kb: KnowledgeBase, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = kb.store.chunk_ids("corpus/lado.md")
    path = corpus / "lado.md"
    path.write_text(path.read_text().replace("465", "466"))

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kb.store, "replace_documents", crash)
    with pytest.raises(KeyboardInterrupt):
        kb.add_documents(_load(corpus))
    monkeypatch.undo()

    assert kb.store.chunk_ids("corpus/lado.md") == before
    texts = " ".join(h.chunk.text for h in kb.search("LADO referrals 2021-22", k=5))
    assert "465" in texts and "466" not in texts

    report = kb.add_documents(_load(corpus))  # the next run completes it
    assert report.updated == ["corpus/lado.md"]
    assert set(kb.vectors.ids_for_source("corpus/lado.md")) == set(
        kb.store.chunk_ids("corpus/lado.md")
    )


def test_another_process_sees_new_documents(
    kb: KnowledgeBase, tmp_path: Path, embedder: Embedder
) -> None:
    reader = KnowledgeBase(
        kb.store.__class__(kb.store.path),
        kb.vectors,
        tmp_path / "index" / "lexical",
        embedder=embedder,
    )
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "note.md").write_text("# Quokka policy\nThe quokka policy covers playgrounds.\n")
    kb.add_documents(_load(extra))
    reader._lexical_checked = 0.0  # skip the once-a-second recheck throttle
    assert reader.search("quokka policy", k=1, mode="lexical")[0].chunk.source == "extra/note.md"


def test_langchain_retriever_returns_documents_with_citations(kb: KnowledgeBase) -> None:
    docs = KnowledgeBaseRetriever(knowledge_base=kb, k=2).invoke("private fostering 28 days")
    assert len(docs) == 2
    assert docs[0].metadata["source"] == "corpus/private-fostering.md"
    assert {"title", "section", "page", "date", "url", "score"} <= set(docs[0].metadata)
