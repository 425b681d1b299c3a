"""Ruled tables in PDFs as rows a reader can cite, with pdfplumber.

pypdf's layout text pads table columns with spaces, so a threshold table or a contacts list comes
out as runs of words from several cells. On a page that looks like it holds a ruled table, the
text is taken from pdfplumber instead: the text above, between and below the tables as it reads,
and each table row as "Header: value; Header: value" (``ingest.tables.flatten_rows``) in its own
paragraph. pdfplumber is ~10 times slower than pypdf, so only pages that pass a cheap check (many
drawn rectangles, and column-aligned text) are opened with it.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from pypdf import PageObject

from ingest.tables import CELL_SEPARATOR, flatten_rows

logger = logging.getLogger(__name__)

# Rectangle operators ("x y w h re") in a content stream: publishers draw cell borders and
# shading as thin rectangles. Line operators are too common elsewhere (underlines, rules) to count.
_RECTANGLE_OPS = re.compile(rb"(?<![A-Za-z])re(?![A-Za-z])")
# Fewest rectangles on a page worth opening with pdfplumber: on the UK corpus, pages with ruled
# tables draw 15 or more; text pages 0 to 6 (boxes, banners).
MIN_RECTANGLES = 8
# Two runs of text three or more spaces apart: layout text of side-by-side cells.
_COLUMN_GAP = re.compile(r"\S {3,}\S")
# Fewest column-aligned lines on a page worth opening with pdfplumber.
MIN_ALIGNED_LINES = 3
# Smallest table taken as a table: a header and one row, two columns.
MIN_ROWS, MIN_COLUMNS = 2, 2
# Longest cell of a header row; a longer first-row cell is data, and the table has no header.
MAX_HEADER_CHARS = 60


def may_hold_table(page: PageObject, layout_text: str) -> bool:
    """Cheap check: drawn rules and column-aligned text (false positives only cost time)."""
    aligned = sum(1 for line in layout_text.split("\n") if _COLUMN_GAP.search(line))
    if aligned < MIN_ALIGNED_LINES:
        return False
    try:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
    except (KeyError, ValueError, TypeError, AttributeError) as e:
        logger.debug("content check failed error=%s", type(e).__name__)
        return False
    return len(_RECTANGLE_OPS.findall(data)) >= MIN_RECTANGLES


class TableReader:
    """pdfplumber opened once on a file's bytes; pages are parsed only when asked for."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pdf: Any = None

    def __enter__(self) -> TableReader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pdf is not None:
            self._pdf.close()

    def page_text(self, index: int) -> str | None:
        """The page's text with its ruled tables as rows, or None if it holds no table."""
        if self._pdf is None:
            import pdfplumber

            self._pdf = pdfplumber.open(io.BytesIO(self._data))
        try:
            return _page_text(self._pdf.pages[index])
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as e:
            logger.debug("table extraction failed page=%d error=%s", index + 1, type(e).__name__)
            return None


def _page_text(page: Any) -> str | None:
    tables = [t for t in page.find_tables() if len(t.rows) >= MIN_ROWS]
    # Boxed paragraphs inside a table's cells are found as tables of their own.
    tables = [t for t in tables if not any(o is not t and _inside(t.bbox, o.bbox) for o in tables)]
    extracted = [(t, _table_rows(t)) for t in sorted(tables, key=lambda t: t.bbox[1])]
    extracted = [(t, rows) for t, rows in extracted if rows]
    if not extracted:
        return None
    parts: list[str] = []
    top = page.bbox[1]
    for table, rows in extracted:
        parts.append(_region_text(page, top, table.bbox[1]))
        parts.append("\n\n".join(rows))
        top = max(top, table.bbox[3])
    parts.append(_region_text(page, top, page.bbox[3]))
    return "\n\n".join(part for part in parts if part.strip())


def _table_rows(table: Any) -> list[str]:
    """Cited rows: "Header: value; ..." under a header row of short cells, else "Label: value"
    (a first row with a long cell is data: a definitions or contacts table has no header)."""
    cells = [[" ".join((cell or "").split()) for cell in row] for row in table.extract()]
    rows = _drop_empty_columns(cells)
    if len(rows) < MIN_ROWS or len(rows[0]) < MIN_COLUMNS:
        return []  # a boxed paragraph, not a table
    if all(len(cell) <= MAX_HEADER_CHARS for cell in rows[0]):
        return flatten_rows(rows)
    return [
        f"{row[0]}: {CELL_SEPARATOR.join(c for c in row[1:] if c)}"
        if row[0]
        else CELL_SEPARATOR.join(c for c in row[1:] if c)
        for row in rows
        if any(row)
    ]


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    slack = 1.0
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _region_text(page: Any, top: float, bottom: float) -> str:
    if bottom - top < 1:
        return ""
    x0, _, x1, _ = page.bbox
    text: str = page.crop((x0, top, x1, bottom), strict=False).extract_text() or ""
    return text


def _drop_empty_columns(rows: list[list[str]]) -> list[list[str]]:
    """Merged cells leave columns that are empty in every row; a header needs its values."""
    width = max((len(row) for row in rows), default=0)
    padded = [row + [""] * (width - len(row)) for row in rows]
    keep = [i for i in range(width) if any(row[i] for row in padded)]
    return [[row[i] for i in keep] for row in padded]
