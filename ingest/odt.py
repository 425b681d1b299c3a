"""OpenDocument text (.odt, LibreOffice) with odfpy: headings, lists and tables, as for .docx.

``text:h`` elements open sections by their outline level, ``text:list`` items become ``- ``
lines, and each ``table:table`` row becomes a "Header: value; Header: value" line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ingest.meta import humanise_stem
from ingest.model import DocumentMeta, Section
from ingest.office import OfficeFormat, SectionBuilder, open_office
from ingest.tables import flatten_rows

# The ``mimetype`` entry every OpenDocument text file starts with.
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


ODT = OfficeFormat(
    extension=".odt",
    label="an OpenDocument text",
    unknown="not an OpenDocument file",
    is_kind=lambda archive: (
        "mimetype" in archive.namelist() and archive.read("mimetype").strip() == ODT_MIMETYPE
    ),
)


def read_odt(data: bytes, *, name: str) -> tuple[DocumentMeta, list[Section]]:
    """Sections in reading order (``page`` is None)."""
    document = _open(data, name=name)
    from odf import teletype

    out = SectionBuilder()
    for kind, element in _iter_blocks(document.text):
        if kind == "table":
            rows = [
                [
                    " ".join(teletype.extractText(cell).split())
                    for cell in _children(row, "table:table-cell")
                ]
                for row in _rows(element)
            ]
            out.add("", *(line for row in flatten_rows(rows) for line in (row, "")))
            continue
        text = " ".join(teletype.extractText(element).split())
        if not text:
            continue
        if kind == "heading":
            out.heading(int(element.getAttribute("outlinelevel") or 1), text)
        else:
            out.add(f"- {text}" if kind == "item" else text)
    sections = out.finish()
    title = _meta_title(document) or out.first_heading or humanise_stem(name.rsplit(".", 1)[0])
    return DocumentMeta(title=title[:200]), sections


def _open(data: bytes, *, name: str) -> Any:
    from odf.opendocument import load

    return open_office(data, name=name, kind=ODT, load=load)


def _iter_blocks(element: Any) -> Iterator[tuple[str, Any]]:
    """("heading" | "paragraph" | "item" | "table", element) in document order."""
    for child in element.childNodes:
        tag = getattr(child, "tagName", "")
        if tag == "text:h":
            yield "heading", child
        elif tag == "text:p":
            yield "paragraph", child
        elif tag == "text:list":
            for item in _children(child, "text:list-item"):
                for kind, block in _iter_blocks(item):
                    yield ("item" if kind == "paragraph" else kind), block
        elif tag == "table:table":
            yield "table", child
        elif tag in ("text:section", "text:list-item"):
            yield from _iter_blocks(child)


def _rows(table: Any) -> Iterator[Any]:
    for child in table.childNodes:
        tag = getattr(child, "tagName", "")
        if tag == "table:table-row":
            yield child
        elif tag in ("table:table-header-rows", "table:table-rows"):
            yield from _rows(child)


def _children(element: Any, tag: str) -> list[Any]:
    return [c for c in element.childNodes if getattr(c, "tagName", "") == tag]


def _meta_title(document: Any) -> str | None:
    from odf import teletype

    for child in document.meta.childNodes:
        if getattr(child, "tagName", "") == "dc:title":
            return " ".join(teletype.extractText(child).split()) or None
    return None
