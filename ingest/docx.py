"""Word (.docx) files with python-docx: heading paths from heading styles, lists, tables as rows.

The body is walked in order. A paragraph styled "Title" or "Heading N" opens a section, as a
Markdown heading does; list paragraphs (a "List ..." style or Word numbering) become ``- `` items;
a table becomes one "Header: value; Header: value" line per row (see ``ingest.tables``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from ingest.meta import humanise_stem
from ingest.model import DocumentMeta, Section
from ingest.office import OfficeFormat, SectionBuilder, open_office
from ingest.tables import flatten_rows

logger = logging.getLogger(__name__)

# Style names that mark a heading, and the level they stand for ("Title" sits above "Heading 1").
_HEADING_STYLE = re.compile(r"^(?:heading\s*(\d)|title)$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


WORD = OfficeFormat(
    extension=".docx",
    label="a Word document",
    unknown="not a Word file",
    is_kind=lambda archive: "word/document.xml" in archive.namelist(),
    app=" from Word",
    hint=" (old .doc files: save as .docx in Word first)",
)


def read_docx(data: bytes, *, name: str) -> tuple[DocumentMeta, list[Section]]:
    """Sections in reading order (``page`` is None: Word files have no fixed pages)."""
    document = _open(data, name=name)
    out = SectionBuilder()
    for kind, block in _iter_blocks(document):
        if kind == "table":
            out.add("", *_table_lines(block))
            continue
        text = " ".join(block.text.split())
        level = _heading_level(block)
        if level is None:
            if text:
                out.add(f"- {text}" if _is_list_item(block) else text)
        elif text:
            out.heading(level, text)
    sections = out.finish()
    return _meta(document, out.first_heading, name=name), sections


def _open(data: bytes, *, name: str) -> Any:
    from docx import Document as open_docx

    return open_office(data, name=name, kind=WORD, load=open_docx)


def _iter_blocks(document: Any) -> Iterator[tuple[str, Any]]:
    """("paragraph" | "table", object) in body order; python-docx lists them separately."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for element in document.element.body.iterchildren():
        if element.tag == f"{_W}p":
            yield "paragraph", Paragraph(element, document)
        elif element.tag == f"{_W}tbl":
            yield "table", Table(element, document)


def _heading_level(paragraph: Any) -> int | None:
    style = paragraph.style.name if paragraph.style is not None else ""
    match = _HEADING_STYLE.match(style or "")
    if match is None:
        return None
    return int(match.group(1)) if match.group(1) else 0


def _is_list_item(paragraph: Any) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower().startswith("list"):
        return True
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _table_lines(table: Any) -> list[str]:
    """One "Header: value; ..." line per row (the first row is the header), each its own
    paragraph so line joining never runs two rows together.

    Merged cells repeat in python-docx; a repeat of the cell to its left is dropped.
    """
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        rows.append(cells)
    if len(rows) == 1:  # a one-row table is a line of text, not a table
        return [" ".join(cell for cell in rows[0] if cell)]
    return [line for row in flatten_rows(rows) for line in (row, "")]


def _meta(document: Any, first_heading: str | None, *, name: str) -> DocumentMeta:
    properties = document.core_properties
    title = " ".join((properties.title or "").split())
    if not title:
        title = first_heading or humanise_stem(name.rsplit(".", 1)[0])
    when = properties.created or properties.modified
    return DocumentMeta(title=title[:200], date=when.date().isoformat() if when else None)
