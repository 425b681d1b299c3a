"""Tables drawn without ruling lines, found in pypdf's layout text by their aligned columns.

Layout text keeps each line's horizontal positions, so the cells of a table whose columns are
set by tab stops sit at the same character offsets, line after line, with wide gaps between::

    Code      Meaning                     Who records it
    B         Educated off site           The school
    D         Dual registered             The main school

A block is read as a table only when every line of it fits one set of columns: three or more
lines with a cell in each column (the first is the header), and lines that continue a wrapped
cell, with text only under a column's start. Prose never fills two columns at fixed offsets on
three lines running, but other layouts do, and are left as text: lists with hanging indents (a
column of bullets or numbers), contents lists (a column of page numbers), text boxes side by side
(rows that all start in lower case: wrapped lines), rotated text (cells of scattered letters) and
two-column pages (cells as long as a line of text). On the 1,333 pages of the UK corpus none of
these is read as a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.tables import cite_rows

# A cell: words with at most two spaces between them (three or more separate cells; two can be
# a gap after a full stop).
_CELL = re.compile(r"\S+(?: {1,2}\S+)*")
# A contents list's last column: page numbers.
_PAGE_NUMBER = re.compile(r"\d{1,4}")
# A list item's marker: a bullet glyph (or two: "●●"), "o" (a sub-bullet in Courier), or a
# number or letter ending in "." or ")".
_LIST_MARKER = re.compile(r"[^\w\s]{1,2}|o|\(?[0-9A-Za-z]{1,4}[.)]")
# Characters a cell may start off its column's offset (layout text rounds positions to characters).
COLUMN_SLACK = 2
# Smallest text table: a header and two rows, in two columns.
MIN_ROWS, MIN_COLUMNS = 3, 2
# Blank lines allowed between two rows (layout text keeps vertical space as blank lines).
MAX_BLANK_LINES = 1
# Mean cell length, in characters: table cells are words, labels and short values; rotated text
# comes out as scattered letters, and the lines of a two-column page run to 40 characters and more.
MIN_MEAN_CELL_CHARS, MAX_MEAN_CELL_CHARS = 3, 24


@dataclass(frozen=True)
class TextTable:
    """A table found in layout text: lines ``start`` to ``stop`` (exclusive) hold ``rows``."""

    start: int
    stop: int
    rows: list[list[str]]


def rewrite_text_tables(layout_text: str) -> str:
    """``layout_text`` with each table of aligned columns replaced by its cited rows, each row a
    paragraph of its own."""
    tables = find_text_tables(layout_text)
    if not tables:
        return layout_text
    lines = layout_text.split("\n")
    out: list[str] = []
    done = 0
    for table in tables:
        out.extend(lines[done : table.start])
        out.extend(line for row in cite_rows(table.rows) for line in ("", row))
        out.append("")
        done = table.stop
    out.extend(lines[done:])
    return "\n".join(out)


def find_text_tables(layout_text: str) -> list[TextTable]:
    """Tables of aligned columns in ``layout_text``, top to bottom."""
    lines = layout_text.split("\n")
    tables: list[TextTable] = []
    index = 0
    while index < len(lines):
        table = _table_at(lines, index)
        if table is None:
            index += 1
        else:
            tables.append(table)
            index = table.stop
    return tables


def _cells(line: str) -> list[tuple[int, str]]:
    """(offset, text) of each run of text separated by wide gaps."""
    return [(match.start(), match.group(0)) for match in _CELL.finditer(line)]


def _table_at(lines: list[str], start: int) -> TextTable | None:
    header = _cells(lines[start])
    if len(header) < MIN_COLUMNS:
        return None
    offsets = [offset for offset, _ in header]
    rows = [[text for _, text in header]]
    index, blank, last = start + 1, 0, start
    while index < len(lines) and blank <= MAX_BLANK_LINES:
        if not lines[index].strip():
            blank += 1
            index += 1
            continue
        cells = _cells(lines[index])
        columns = [_column(offsets, offset) for offset, _ in cells]
        if None in columns:
            break
        if len(cells) == len(offsets):
            rows.append([text for _, text in cells])
        elif columns[0] != 0 and len(rows) > 1:  # a wrapped cell continues
            for column, (_, text) in zip(columns, cells, strict=True):
                if column is not None:
                    rows[-1][column] = f"{rows[-1][column]} {text}".strip()
        else:
            break
        blank, last, index = 0, index, index + 1
    if not _reads_as_table(rows):
        return None
    return TextTable(start=start, stop=last + 1, rows=rows)


def _reads_as_table(rows: list[list[str]]) -> bool:
    if len(rows) < MIN_ROWS or all(_PAGE_NUMBER.fullmatch(row[-1]) for row in rows[1:]):
        return False  # too short, or a contents list: titles and page numbers
    if any(all(_LIST_MARKER.fullmatch(row[i]) for row in rows) for i in range(len(rows[0]))):
        return False  # a list with hanging indents: bullets or numbers, then the items
    if any(all(cell[:1].islower() for cell in row) for row in rows[1:]):
        return False  # lines of text boxes side by side, wrapped: no row starts in lower case
    texts = [cell for row in rows for cell in row]
    mean = sum(len(text) for text in texts) / len(texts)
    # Scattered letters are rotated text; cells as long as a line of text are text columns.
    return MIN_MEAN_CELL_CHARS <= mean <= MAX_MEAN_CELL_CHARS


def _column(offsets: list[int], offset: int) -> int | None:
    for column, start in enumerate(offsets):
        if abs(start - offset) <= COLUMN_SLACK:
            return column
    return None
