"""OpenDocument text (.odt, LibreOffice) with odfpy: headings, lists and tables, as for .docx.

``text:h`` elements open sections by their outline level, ``text:list`` items become ``- ``
lines, and each ``table:table`` row becomes a "Header: value; Header: value" line.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from ingest.cleaning import clean_text
from ingest.decoding import sniff_format
from ingest.errors import UnreadableDocument, UnsupportedDocument
from ingest.meta import humanise_stem
from ingest.model import DocumentMeta, Section
from ingest.tables import flatten_rows

# The ``mimetype`` entry every OpenDocument text file starts with.
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Uncompressed size above which a file is refused: a guard against ZIP bombs.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024


def read_odt(data: bytes, *, name: str) -> tuple[DocumentMeta, list[Section]]:
    """Sections in reading order (``page`` is None)."""
    document = _open(data, name=name)
    from odf import teletype

    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    body: list[str] = []
    first_heading: str | None = None

    def close() -> None:
        text = clean_text("\n".join(body))
        if text:
            sections.append(Section(headings=tuple(title for _, title in path), text=text))
        body.clear()

    for kind, element in _iter_blocks(document.text):
        if kind == "table":
            rows = [
                [
                    " ".join(teletype.extractText(cell).split())
                    for cell in _children(row, "table:table-cell")
                ]
                for row in _rows(element)
            ]
            body.extend(["", *(line for row in flatten_rows(rows) for line in (row, ""))])
            continue
        text = " ".join(teletype.extractText(element).split())
        if not text:
            continue
        if kind == "heading":
            close()
            level = int(element.getAttribute("outlinelevel") or 1)
            first_heading = first_heading or text
            path[:] = [(lvl, title) for lvl, title in path if lvl < level]
            path.append((level, text))
        else:
            body.append(f"- {text}" if kind == "item" else text)
    close()
    title = _meta_title(document) or first_heading or humanise_stem(name.rsplit(".", 1)[0])
    return DocumentMeta(title=title[:200]), sections


def _open(data: bytes, *, name: str) -> Any:
    if not data.startswith(b"PK\x03\x04"):
        found = sniff_format(data) or "not an OpenDocument file"
        raise UnsupportedDocument(
            f"{name}: the file is {found}, not an .odt; give it the matching extension"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            mimetype = archive.read("mimetype").strip() if "mimetype" in archive.namelist() else b""
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as e:
        raise UnreadableDocument(
            f"{name}: the .odt is damaged ({type(e).__name__}); save it again"
        ) from e
    if mimetype != ODT_MIMETYPE:
        raise UnsupportedDocument(
            f"{name}: the file is a ZIP but not an OpenDocument text; "
            "give it the matching extension"
        )
    if size > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableDocument(
            f"{name}: the .odt expands to {size:,} bytes (limit {MAX_UNCOMPRESSED_BYTES:,}); "
            "remove large embedded images and save it again"
        )
    from odf.opendocument import load

    try:
        return load(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as e:
        raise UnreadableDocument(
            f"{name}: the .odt is damaged ({type(e).__name__}); save it again"
        ) from e


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
