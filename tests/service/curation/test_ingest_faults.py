"""Bad files never change the index: each gives a clear error naming the file."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from kb.embeddings import Embedder
from kb.index import KnowledgeBase
from service.config import BUNDLED_CORPUS
from service.curation.ingestion import ingest_paths


def _pdf_bytes(pages: int, *, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _text_pdf_bytes(lines: list[str]) -> bytes:
    """A PDF written by pypdf with one line of Helvetica text on each page."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    resources = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    for line in lines:
        page = writer.add_blank_page(width=612, height=792)
        page[NameObject("/Resources")] = resources
        content = ContentStream(None, writer)
        content.set_data(f"BT /F1 11 Tf 72 720 Td ({line}) Tj ET".encode("latin-1"))
        page.replace_contents(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BAD_FILES: dict[str, bytes] = {
    "corrupt.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "truncated.pdf": _pdf_bytes(3)[:300],
    "encrypted.pdf": _pdf_bytes(1, password="secret"),
    "blank-500-pages.pdf": _pdf_bytes(500),
    "empty.md": b"",
    "latin1.txt": "caf\xe9 au lait\x00".encode("latin-1"),
    "not-really.pdf": b"<html><body>hello</body></html>",
    "report.docx": b"PK\x03\x04 not supported",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("faults")
    corpus = root / "corpus"
    shutil.copytree(BUNDLED_CORPUS, corpus)
    knowledge_base = KnowledgeBase.open(root / "index", embedder=embedder)
    report, errors = ingest_paths([corpus], kb=knowledge_base)
    assert report is not None and not errors
    return knowledge_base


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gives_one_clear_error_and_leaves_the_index_unchanged(
    kb: KnowledgeBase, tmp_path: Path, name: str
) -> None:
    before = (kb.store.chunk_ids(), kb.vectors.count(), kb.store.generation())
    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "good.md").write_text("# A good note\nThis note about quokkas is fine.\n")
    (folder / name).write_bytes(BAD_FILES[name])

    report, errors = ingest_paths([folder / "good.md", folder / name], kb=kb)

    assert report is None
    assert len(errors) == 1
    assert errors[0].startswith(name) and "\n" not in errors[0]
    assert (kb.store.chunk_ids(), kb.vectors.count(), kb.store.generation()) == before


def test_500_page_pdf_ingests_and_a_truncated_copy_changes_nothing(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    lines = [f"Page {n} of the numbat handbook: record welfare visit {n}." for n in range(499)]
    data = _text_pdf_bytes([*lines, "The kookaburra escalation route ends the handbook."])
    (tmp_path / "handbook.pdf").write_bytes(data)
    (tmp_path / "handbook-cut.pdf").write_bytes(data[: len(data) // 2])
    before = (kb.store.chunk_ids(), kb.vectors.count(), kb.store.generation())

    report, errors = ingest_paths([tmp_path / "handbook-cut.pdf"], kb=kb)
    assert report is None and len(errors) == 1
    assert errors[0].startswith("handbook-cut.pdf") and "truncated" in errors[0]
    assert (kb.store.chunk_ids(), kb.vectors.count(), kb.store.generation()) == before

    report, errors = ingest_paths([tmp_path / "handbook.pdf"], kb=kb)
    try:
        assert report is not None and not errors, errors
        assert report.added == ["handbook.pdf"]
        chunks = kb.store.get_document_chunks("handbook.pdf")
        assert {c.page for c in chunks} >= {1, 250, 500}
        assert kb.vectors.count() == len(before[0]) + len(chunks)
        hits = kb.search("kookaburra escalation route", k=3)
        assert hits[0].chunk.source == "handbook.pdf" and hits[0].chunk.page == 500
    finally:
        kb.remove_document("handbook.pdf")


def test_queries_during_reingest_never_see_half_a_document(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    import re
    import threading

    from ingest.loaders import load_document

    path = tmp_path / "versioned.md"

    def write(version: int) -> None:
        sections = "\n\n".join(
            f"## Part {i}\nThe versioned wombat policy edition v{version} part {i} says "
            f"practitioners should record edition v{version}. " * 3
            for i in range(6)
        )
        path.write_text(f"# Wombat policy\n\n{sections}\n")

    write(0)
    kb.add_documents([load_document(path, root=tmp_path)])
    stop = threading.Event()
    failures: list[str] = []

    def reingest() -> None:
        version = 1
        while not stop.is_set() and version < 30:
            write(version)
            kb.add_documents([load_document(path, root=tmp_path)])
            version += 1

    writer = threading.Thread(target=reingest)
    writer.start()
    searches = 0
    try:
        while writer.is_alive() and searches < 200:
            hits = [
                h
                for h in kb.search("wombat policy edition", k=8)
                if h.chunk.source == "versioned.md"
            ]
            editions = {m for h in hits for m in re.findall(r"edition (v\d+)", h.chunk.text)}
            if len(editions) > 1:
                failures.append(str(sorted(editions)))
            searches += 1
    finally:
        stop.set()
        writer.join()
    assert searches > 5
    assert not failures, failures
