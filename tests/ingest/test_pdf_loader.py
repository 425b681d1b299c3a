"""load_document for PDFs: pages, metadata, outline headings, and the ways a PDF can be bad."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfWriter

from ingest.errors import EmptyDocument, EncryptedDocument, UnreadableDocument, UnsupportedDocument
from ingest.loaders import load_document

MakePdf = Callable[..., Path]  # the make_pdf fixture in conftest.py

PAGES = [
    ["Private fostering", "Are you looking after a child who is not your own?"],
    [
        "Who to tell",
        "Contact the Child Protection and Assessment Team.",
        "When to tell",
        "Tell us within 28 days.",
    ],
    ["Contacts", "Tel: 020 8708 3885"],
]


def test_load_pdf_gives_sections_with_1_based_page_numbers(make_pdf: MakePdf) -> None:
    document = load_document(make_pdf(PAGES))
    assert [s.page for s in document.sections] == [1, 2, 3]
    assert document.sections[0].text == (
        "Private fostering\nAre you looking after a child who is not your own?"
    )
    assert "Tel: 020 8708 3885" in document.sections[2].text


def test_load_pdf_takes_title_and_date_from_metadata(make_pdf: MakePdf) -> None:
    path = make_pdf(PAGES, title="Private fostering guide", created="D:20220704120000+01'00'")
    meta = load_document(path).meta
    assert (meta.title, meta.date) == ("Private fostering guide", "2022-07-04")


def test_load_pdf_title_falls_back_to_first_line_when_metadata_is_missing_or_junk(
    make_pdf: MakePdf,
) -> None:
    assert load_document(make_pdf(PAGES)).meta.title == "Private fostering"
    junk = make_pdf(PAGES, name="junk.pdf", title="Microsoft Word - pf_final.docx")
    assert load_document(junk).meta.title == "Private fostering"


def test_load_pdf_uses_outline_for_heading_paths(make_pdf: MakePdf) -> None:
    outline = [
        ("Private fostering", 0, None),
        ("Who to tell", 1, "Private fostering"),
        ("When to tell", 1, "Private fostering"),
        ("Contacts", 2, None),
    ]
    document = load_document(make_pdf(PAGES, outline=outline))
    assert [(s.page, s.path, s.text.split("\n")[0]) for s in document.sections] == [
        (1, "Private fostering", "Private fostering"),
        (2, "Private fostering > Who to tell", "Who to tell"),
        (2, "Private fostering > When to tell", "When to tell"),
        (3, "Contacts", "Contacts"),
    ]


def test_load_pdf_carries_the_heading_path_onto_following_pages(make_pdf: MakePdf) -> None:
    pages = [["Chapter 1", "Text."], ["More text of chapter one."]]
    document = load_document(make_pdf(pages, outline=[("Chapter 1", 0, None)]))
    assert [s.path for s in document.sections] == ["Chapter 1", "Chapter 1"]


def test_load_pdf_rejects_encrypted_file(make_pdf: MakePdf) -> None:
    with pytest.raises(EncryptedDocument, match=r"^guide\.pdf: the PDF is encrypted; save an"):
        load_document(make_pdf(PAGES, password="secret"))


def test_load_pdf_opens_file_encrypted_with_an_empty_password(make_pdf: MakePdf) -> None:
    document = load_document(make_pdf(PAGES, password=""))
    assert [s.page for s in document.sections] == [1, 2, 3]


def test_load_pdf_rejects_truncated_file(make_pdf: MakePdf, tmp_path: Path) -> None:
    data = make_pdf(PAGES).read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableDocument, match=r"^truncated\.pdf: .*truncated"):
        load_document(truncated)


def test_load_pdf_rejects_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage\n%%EOF\n")
    with pytest.raises(UnreadableDocument, match=r"^corrupt\.pdf: .*again"):
        load_document(path)


def test_load_pdf_rejects_html_saved_as_pdf(tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_text("<!DOCTYPE html><html><body><p>Download failed</p></body></html>")
    with pytest.raises(UnsupportedDocument, match=r"^page\.pdf: the file is HTML, not a PDF"):
        load_document(path)


def test_load_pdf_rejects_pdf_without_text(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(EmptyDocument, match=r"^scan\.pdf: no text could be extracted"):
        load_document(path)


def test_load_pdf_cleans_page_text(make_pdf: MakePdf) -> None:
    pages = [["The organis-", "ation of the multi-", "agency panel was", "agreed."]]
    document = load_document(make_pdf(pages))
    assert document.sections[0].text == "The organisation of the multi-agency panel was agreed."
