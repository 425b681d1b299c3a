"""Word and LibreOffice files made here (python-docx, odfpy): headings, lists and table rows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from ingest.chunking import split_document
from ingest.errors import UnreadableDocument, UnsupportedDocument
from ingest.loaders import iter_paths, load_document


def make_docx(path: Path, *, title: str | None = "Threshold guidance") -> Path:
    document = docx.Document()
    if title:
        document.core_properties.title = title
    document.add_heading("Early help", level=1)
    document.add_paragraph("Most families are helped by the services around them.")
    document.add_heading("When to refer", level=2)
    document.add_paragraph("Tell the front door the same day if:")
    document.add_paragraph("a child discloses abuse", style="List Bullet")
    document.add_paragraph("an injury is unexplained", style="List Bullet")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows,
        [
            ("Level", "Contact"),
            ("Level 3 Targeted help", "Early Help Hub 01234 567890"),
            ("Level 4 Specialist", "MASH 01234 111222"),
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_heading("Out of hours", level=1)
    document.add_paragraph("Call the emergency duty team.")
    document.save(str(path))
    return path


def test_load_docx_keeps_heading_paths_like_markdown(tmp_path: Path) -> None:
    document = load_document(make_docx(tmp_path / "thresholds.docx"))

    assert document.meta.title == "Threshold guidance"
    assert [s.path for s in document.sections] == [
        "Early help",
        "Early help > When to refer",
        "Out of hours",
    ]
    assert all(s.page is None for s in document.sections)
    assert "Early help" not in document.sections[0].text


def test_load_docx_turns_list_paragraphs_into_bullets(tmp_path: Path) -> None:
    text = load_document(make_docx(tmp_path / "t.docx")).sections[1].text

    assert "- a child discloses abuse\n- an injury is unexplained" in text


def test_load_docx_turns_each_table_row_into_a_citable_line(tmp_path: Path) -> None:
    document = load_document(make_docx(tmp_path / "t.docx"))
    lines = document.sections[1].text.split("\n")

    assert "Level: Level 3 Targeted help; Contact: Early Help Hub 01234 567890" in lines
    assert "Level: Level 4 Specialist; Contact: MASH 01234 111222" in lines
    chunks = split_document(document)
    row = next(c for c in chunks if "Early Help Hub" in c.text)
    assert row.section == "Early help > When to refer"


def test_load_docx_title_falls_back_to_first_heading(tmp_path: Path) -> None:
    document = load_document(make_docx(tmp_path / "t.docx", title=None))

    assert document.meta.title == "Early help"


def test_iter_paths_finds_docx_files(tmp_path: Path) -> None:
    make_docx(tmp_path / "a.docx")
    (tmp_path / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0")

    assert iter_paths([tmp_path]) == [tmp_path / "a.docx"]


def test_load_docx_rejects_a_zip_that_is_not_a_word_file(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.txt", "hello")
    (tmp_path / "x.docx").write_bytes(buffer.getvalue())

    with pytest.raises(UnsupportedDocument, match=r"^x\.docx: .*not a Word document"):
        load_document(tmp_path / "x.docx")


def test_load_docx_rejects_pdf_bytes_and_damaged_archives(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"%PDF-1.4\n%%EOF")
    (tmp_path / "b.docx").write_bytes(b"PK\x03\x04 truncated")

    with pytest.raises(UnsupportedDocument, match=r"^a\.docx: the file is a PDF"):
        load_document(tmp_path / "a.docx")
    with pytest.raises(UnreadableDocument, match=r"^b\.docx: the \.docx is damaged"):
        load_document(tmp_path / "b.docx")


def make_odt(path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    body = document.text
    body.addElement(H(outlinelevel=1, text="Early help"))
    body.addElement(P(text="Tell the front door the same day if:"))
    items = List()
    for text in ("a child discloses abuse", "an injury is unexplained"):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    body.addElement(items)
    table = Table(name="Contacts")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for cells in [("Level", "Contact"), ("Level 3 Targeted help", "Early Help Hub 01234 567890")]:
        row = TableRow()
        for text in cells:
            cell = TableCell()
            cell.addElement(P(text=text))
            row.addElement(cell)
        table.addElement(row)
    body.addElement(table)
    body.addElement(H(outlinelevel=2, text="Out of hours"))
    body.addElement(P(text="Call the emergency duty team."))
    document.save(str(path))
    return path


def test_load_odt_keeps_headings_list_items_and_table_rows(tmp_path: Path) -> None:
    document = load_document(make_odt(tmp_path / "thresholds.odt"))

    assert document.meta.title == "Early help"
    assert [s.path for s in document.sections] == ["Early help", "Early help > Out of hours"]
    lines = document.sections[0].text.split("\n")
    assert "- a child discloses abuse" in lines and "- an injury is unexplained" in lines
    assert "Level: Level 3 Targeted help; Contact: Early Help Hub 01234 567890" in lines


def test_load_odt_rejects_a_word_file_saved_as_odt(tmp_path: Path) -> None:
    data = make_docx(tmp_path / "t.docx").read_bytes()
    (tmp_path / "t.odt").write_bytes(data)

    with pytest.raises(UnsupportedDocument, match=r"^t\.odt: .*not an OpenDocument text"):
        load_document(tmp_path / "t.odt")
