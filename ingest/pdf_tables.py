"""Ruled tables in PDFs as rows a reader can cite, with pdfplumber.

pypdf's layout text pads table columns with spaces, so a threshold table or a contacts list comes
out as runs of words from several cells. On a page that looks like it holds a ruled table, the
text is taken from pdfplumber instead: the text above, between and below the tables as it reads,
and each table row as "Header: value; Header: value" (``ingest.tables.flatten_rows``) in its own
paragraph. pdfplumber is ~10 times slower than pypdf, so only pages that pass a cheap check (many
drawn rectangles or line segments, and column-aligned text) are opened with it.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from pypdf import PageObject

from ingest.tables import cite_rows

logger = logging.getLogger(__name__)

_NUMBER = rb"(-?\d*\.?\d+)"
# Drawn rectangles ("x y w h re") in a content stream: publishers draw cell borders and shading
# as rectangles. One followed by "W n" or "W* n" is a clipping path, not drawn: some publishers
# clip every text run to the page (140 a page in KCSIE 2024).
_RECTANGLE = re.compile(rb"%s\s+%s\s+%s\s+%s\s+re(?![A-Za-z])(?!\s*W)" % ((_NUMBER,) * 4))
# Fewest boxes (rectangles at least this many points each way) on a page worth opening with
# pdfplumber: on the UK corpus, pages with ruled tables draw 15 or more; text pages 0 to 6
# (boxes, banners). Thinner rectangles are rules, counted with the line segments: underlined
# links are drawn as rectangles one point high, a page of them is not a table.
MIN_RECTANGLES = 8
MIN_BOX_SIDE = 2.0
# A straight line segment ("x1 y1 m x2 y2 l"): other publishers draw cell borders as lines.
_SEGMENT = re.compile(rb"%s\s+%s\s+m\s+%s\s+%s\s+l(?![A-Za-z])" % ((_NUMBER,) * 4))
# Fewest horizontal and vertical segments worth opening with pdfplumber: a table of two rows is
# three rules across and two down. Underlines and rules on text pages draw no vertical lines; on
# the UK corpus this adds 2 pages to the rectangle check's 332, both line-drawn tables.
MIN_ACROSS, MIN_DOWN = 3, 2
# Segments shorter than this (points) are ticks or glyph parts, not rules.
MIN_RULE_LENGTH = 5.0
# Two runs of text three or more spaces apart: layout text of side-by-side cells.
_COLUMN_GAP = re.compile(r"\S {3,}\S")
# Fewest column-aligned lines on a page worth opening with pdfplumber.
MIN_ALIGNED_LINES = 3
# Smallest table taken as a table: a header and one row, two columns.
MIN_ROWS, MIN_COLUMNS = 2, 2


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
    return _boxes(data) >= MIN_RECTANGLES or has_grid(data)


def _boxes(content: bytes) -> int:
    sides = ((abs(float(w)), abs(float(h))) for _, _, w, h in _RECTANGLE.findall(content))
    return sum(1 for w, h in sides if w >= MIN_BOX_SIDE and h >= MIN_BOX_SIDE)


def has_grid(content: bytes) -> bool:
    """Enough horizontal and vertical rules in a content stream to rule a table: line
    segments, and rectangles thinner than a box."""
    across = down = 0
    for match in _SEGMENT.finditer(content):
        x1, y1, x2, y2 = (float(n) for n in match.groups())
        width, height = abs(x1 - x2), abs(y1 - y2)
        if height < 0.5 and width >= MIN_RULE_LENGTH:
            across += 1
        elif width < 0.5 and height >= MIN_RULE_LENGTH:
            down += 1
    for _, _, w, h in _RECTANGLE.findall(content):
        width, height = abs(float(w)), abs(float(h))
        if height < MIN_BOX_SIDE <= width:
            across += 1
        elif width < MIN_BOX_SIDE <= height:
            down += 1
    return across >= MIN_ACROSS and down >= MIN_DOWN


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
    cells = [[" ".join((cell or "").split()) for cell in row] for row in table.extract()]
    rows = _drop_empty_columns(cells)
    if len(rows) < MIN_ROWS or len(rows[0]) < MIN_COLUMNS:
        return []  # a boxed paragraph, not a table
    return cite_rows(rows)


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
